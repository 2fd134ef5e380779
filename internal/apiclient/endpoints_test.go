package apiclient

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
)

// hostRecorder is a transport that answers every request with an empty
// success and records the URL it was sent to.
type hostRecorder struct {
	mu   sync.Mutex
	urls []string
}

func (h *hostRecorder) RoundTrip(r *http.Request) (*http.Response, error) {
	h.mu.Lock()
	h.urls = append(h.urls, r.URL.Scheme+"://"+r.URL.Host+" "+r.Header.Get("X-TC-Action"))
	h.mu.Unlock()
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
		r.Body.Close()
	}
	body := okBody(`"TotalCount":0,"Details":[],"ClusterSet":[]`)
	return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(body)), Request: r}, nil
}

func TestRoutesPerProduct(t *testing.T) {
	ctx := context.Background()
	cred := common.NewCredential("AKIDx", "key")
	tests := []struct {
		name   string
		cfg    Config
		region string
		want   []string
	}{
		{
			name: "default domain", region: "ap-guangzhou",
			want: []string{"https://postgres.tencentcloudapi.com DescribeAccounts", "https://cynosdb.tencentcloudapi.com DescribeLibraDBClusters"},
		},
		{
			name: "international site by one setting", cfg: Config{Domain: IntlDomain}, region: "ap-singapore",
			want: []string{"https://postgres.intl.tencentcloudapi.com DescribeAccounts", "https://cynosdb.intl.tencentcloudapi.com DescribeLibraDBClusters"},
		},
		{
			name: "financial region uses the regional host", cfg: Config{Domain: "example.com."}, region: "ap-shanghai-fsi",
			want: []string{"https://postgres.ap-shanghai-fsi.example.com DescribeAccounts", "https://cynosdb.ap-shanghai-fsi.example.com DescribeLibraDBClusters"},
		},
		{
			name:   "explicit endpoint per product beats the domain",
			cfg:    Config{Domain: IntlDomain, Endpoints: map[string]string{"cynosdb": "http://cynosdb.proxy.internal:8080"}},
			region: "ap-guangzhou",
			want:   []string{"https://postgres.intl.tencentcloudapi.com DescribeAccounts", "http://cynosdb.proxy.internal:8080 DescribeLibraDBClusters"},
		},
		{
			name:   "one endpoint for every product, per-product ones win",
			cfg:    Config{Endpoint: "127.0.0.1:9", Endpoints: map[string]string{"postgres": "https://pg.gw.internal"}},
			region: "ap-guangzhou",
			want:   []string{"https://pg.gw.internal DescribeAccounts", "http://127.0.0.1:9 DescribeLibraDBClusters"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &hostRecorder{}
			cfg := tt.cfg
			cfg.Region, cfg.Credential, cfg.HTTPTransport = tt.region, cred, rec
			c, err := New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.DescribeAccounts(ctx, DescribeAccountsRequest{DBInstanceId: "postgres-1"}); err != nil {
				t.Fatal(err)
			}
			if _, err := c.DescribeLibraDBClusters(ctx, DescribeLibraDBClustersRequest{}); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, rec.urls); diff != "" {
				t.Errorf("request URLs (-want +got):\n%s", diff)
			}
			if got, want := c.Endpoint(ProductPostgres), strings.Fields(tt.want[0])[0]; got != want {
				t.Errorf("Endpoint(postgres) = %q, want %q", got, want)
			}
		})
	}
}

func TestRoutesRefuseCrossProductHosts(t *testing.T) {
	cred := common.NewCredential("AKIDx", "key")
	tests := map[string]struct {
		cfg  Config
		want string
	}{
		"one endpoint that is a postgres host": {Config{Endpoint: "postgres.tencentcloudapi.com"},
			`endpoint "postgres.tencentcloudapi.com" is a postgres host`},
		"cynosdb sent to a postgres host": {Config{Endpoints: map[string]string{"cynosdb": "https://postgres.intl.tencentcloudapi.com"}},
			"endpoints.cynosdb"},
		"unknown product":    {Config{Endpoints: map[string]string{"mysql": "x:1"}}, `unknown product "mysql"`},
		"domain with a path": {Config{Domain: "tencentcloudapi.com/x"}, "must be a DNS name"},
		"bad endpoint URL":   {Config{Endpoints: map[string]string{"sts": "ftp://x"}}, "endpoints.sts"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			cfg := tt.cfg
			cfg.Credential = cred
			_, err := New(cfg)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("New error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestProductOfHost(t *testing.T) {
	for host, want := range map[string]string{
		"postgres.tencentcloudapi.com":         "postgres",
		"CYNOSDB.intl.tencentcloudapi.com:443": "cynosdb",
		"sts.internal":                         "sts",
		"postgres-proxy.internal":              "",
		"postgres":                             "",
		"127.0.0.1:8080":                       "",
		"[::1]:80":                             "",
		"postgres.ap-shanghai-fsi.tencentcloudapi.com": "postgres",
	} {
		if got := productOfHost(host); got != want {
			t.Errorf("productOfHost(%q) = %q, want %q", host, got, want)
		}
	}
}
