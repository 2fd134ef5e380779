package tcsim

import (
	"strings"
	"testing"
)

func TestHostProduct(t *testing.T) {
	for host, want := range map[string]string{
		"postgres.tencentcloudapi.com":                 "postgres",
		"cynosdb.intl.tencentcloudapi.com:443":         "cynosdb",
		"postgres.ap-shanghai-fsi.tencentcloudapi.com": "postgres",
		"sts.sim.test":              "sts",
		"mysql.tencentcloudapi.com": "mysql",
		"tcsim.internal:8765":       "",
		"127.0.0.1:8765":            "",
		"[::1]:8765":                "",
		"localhost:8765":            "",
	} {
		if got := hostProduct(host); got != want {
			t.Errorf("hostProduct(%q) = %q, want %q", host, got, want)
		}
	}
}

// TestRoutingByHost checks that the Host decides the product like the real
// endpoints: a LibraDB call signed for cynosdb but sent to a postgres host
// is refused (directly and through the simulator as an HTTP proxy), while
// matching hosts and hosts that name no product are served.
func TestRoutingByHost(t *testing.T) {
	f := newFixture(t, Options{})
	list := obj{"Limit": 1}
	for _, proxy := range []bool{false, true} {
		c := *f.cl
		c.proxy = proxy

		c.host = "postgres.tencentcloudapi.com"
		if r := c.do("DescribeLibraDBClusters", list); r.Code != codeSignatureFailure || !strings.Contains(r.Msg, "postgres endpoint") {
			t.Errorf("proxy=%v: cynosdb call to a postgres host = %s %q, want %s naming the endpoint", proxy, r.Code, r.Msg, codeSignatureFailure)
		}
		c.ok("DescribeDBInstances", list)

		c.host = "cynosdb.intl.tencentcloudapi.com"
		c.ok("DescribeLibraDBClusters", list)
		if code := c.code("DescribeDBInstances", list); code != codeSignatureFailure {
			t.Errorf("proxy=%v: postgres call to a cynosdb host = %s, want %s", proxy, code, codeSignatureFailure)
		}

		c.host = "mysql.tencentcloudapi.com"
		if code := c.code("DescribeDBInstances", list); code != codeSignatureFailure {
			t.Errorf("proxy=%v: postgres call to a mysql host = %s, want %s", proxy, code, codeSignatureFailure)
		}
	}
	// A name that is no product: the credential scope decides.
	c := *f.cl
	c.host = "tcsim.internal:8765"
	c.ok("DescribeLibraDBClusters", list)
	c.ok("DescribeDBInstances", list)
}
