package tcsim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// rawAnswer sends req and returns the HTTP status and the error code.
func rawAnswer(t *testing.T, req *http.Request) (int, string) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("send: %v", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var env struct {
		Response struct {
			Error     struct{ Code string }
			RequestId string
		}
	}
	if err := json.Unmarshal(b, &env); err != nil {
		t.Fatalf("answer is not JSON: %s", b)
	}
	if env.Response.RequestId == "" {
		t.Errorf("answer without RequestId: %s", b)
	}
	return resp.StatusCode, env.Response.Error.Code
}

func TestProtocolErrors(t *testing.T) {
	f := newFixture(t, Options{})
	good := func() *http.Request { return f.cl.signed("DescribeDBInstances", []byte(`{}`)) }
	tests := []struct {
		name string
		req  func() *http.Request
		want string
	}{
		{"GET", func() *http.Request {
			r, _ := http.NewRequest("GET", f.run.URL+"/?Action=DescribeDBInstances", nil)
			return r
		}, codeUnsupportedProtocol},
		{"PUT", func() *http.Request { r := good(); r.Method = "PUT"; return r }, codeUnsupportedProtocol},
		{"form content type", func() *http.Request {
			r := good()
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			return r
		}, codeInvalidRequest},
		{"no content type", func() *http.Request { r := good(); r.Header.Del("Content-Type"); return r }, codeInvalidRequest},
		{"charset is fine but changes the signature", func() *http.Request {
			r := good()
			r.Header.Set("Content-Type", "application/json; charset=utf-8")
			return r
		}, codeSignatureFailure},
		{"malformed JSON", func() *http.Request { return f.cl.signed("DescribeDBInstances", []byte(`{"Limit":`)) }, codeInvalidRequest},
		{"JSON array body", func() *http.Request { return f.cl.signed("DescribeDBInstances", []byte(`[1]`)) }, codeInvalidParameter},
		{"empty body", func() *http.Request { return f.cl.signed("DescribeDBInstances", nil) }, ""},
		{"null body", func() *http.Request { return f.cl.signed("DescribeAccounts", []byte(`null`)) }, codeInvalidParameter},
		{"null array element", func() *http.Request {
			return f.cl.signed("CreateLibraDBClusterAccounts", []byte(`{"ClusterId":"libradb-aaaa0001","Accounts":[null]}`))
		}, codeInvalidParameter},
		{"null optional field", func() *http.Request {
			return f.cl.signed("DescribeAccounts", []byte(`{"DBInstanceId":"postgres-aaaa1111","Limit":null}`))
		}, ""},
		{"unknown action", func() *http.Request { return f.cl.signed("DescribeFoo", []byte(`{}`)) }, codeInvalidAction},
		{"cynosdb action on postgres", func() *http.Request {
			r := f.cl.signed("DescribeDBInstances", []byte(`{}`))
			r.Header.Set("X-TC-Action", "DescribeLibraDBClusters")
			return r
		}, codeInvalidAction},
		{"wrong version", func() *http.Request { r := good(); r.Header.Set("X-TC-Version", "2019-01-07"); return r }, codeNoSuchVersion},
		{"missing action", func() *http.Request { r := good(); r.Header.Del("X-TC-Action"); return r }, codeMissingParameter},
		{"missing region", func() *http.Request { r := good(); r.Header.Del("X-TC-Region"); return r }, codeMissingParameter},
		{"unsupported region", func() *http.Request { r := good(); r.Header.Set("X-TC-Region", "eu-moscow"); return r }, codeUnsupportedRegion},
		{"through a proxy", func() *http.Request {
			// Absolute-form URI with the public host, as a proxy forwards it.
			r := f.cl.signedFor("DescribeDBInstances", []byte(`{}`), "postgres.tencentcloudapi.com")
			return r
		}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, code := rawAnswer(t, tc.req())
			if status != http.StatusOK || code != tc.want {
				t.Errorf("answer = HTTP %d %q, want 200 %q", status, code, tc.want)
			}
		})
	}
}

// signedFor signs for host and sends the request to the server as a proxy
// would: absolute-form URI, Host header = host.
func (c *rawClient) signedFor(action string, body []byte, host string) *http.Request {
	saved := c.url
	c.url = "http://" + host + "/"
	r := c.signed(action, body)
	c.url = saved
	// Route to the simulator while keeping the absolute URI and Host.
	r.URL.Scheme, r.URL.Host = "http", strings.TrimPrefix(saved, "http://")
	r.Host = host
	return r
}

func TestOversizedBody(t *testing.T) {
	f := newFixture(t, Options{})
	big := bytes.Repeat([]byte(" "), maxBodyBytes+1)
	r := f.cl.signed("DescribeDBInstances", big)
	if status, code := rawAnswer(t, r); status != 200 || code != codeRequestSizeLimit {
		t.Errorf("declared oversized body: %d %q", status, code)
	}
	// A chunked body without Content-Length is cut at the limit.
	r = f.cl.signed("DescribeDBInstances", nil)
	r.Body = io.NopCloser(bytes.NewReader(big))
	r.ContentLength = -1
	if status, code := rawAnswer(t, r); status != 200 || code != codeRequestSizeLimit {
		t.Errorf("chunked oversized body: %d %q", status, code)
	}
}

// TestThrottlingPerAccount: quotas are per account (uin): the two keys of
// one account share a bucket, another account has its own.
func TestThrottlingPerAccount(t *testing.T) {
	w := loadTestWorld(t)
	w.CloudAccounts = []World{{UIN: "200000000002", Credentials: []Credential{{SecretID: "AKIDsimtestOther", SecretKey: "simtestOtherKey"}}}}
	f := newFixtureWorld(t, w, Options{})
	sameAccount := *f.cl
	sameAccount.id, sameAccount.key, sameAccount.token = testID2, testKey2, "sts-token-2"
	other := *f.cl
	other.id, other.key = "AKIDsimtestOther", "simtestOtherKey"
	// DescribeTasks: 20/s. A burst of 20 passes, the 21st is throttled.
	for i := 0; i < 20; i++ {
		f.cl.ok("DescribeTasks", obj{})
	}
	r := f.cl.do("DescribeTasks", obj{})
	if r.Code != codeRequestLimit {
		t.Fatalf("21st call = %q, want %s", r.Code, codeRequestLimit)
	}
	if !strings.Contains(r.Msg, "20") {
		t.Errorf("message %q does not name the limit", r.Msg)
	}
	// Another key of the account shares the bucket; another account has
	// its own, and so has another action.
	if got := sameAccount.code("DescribeTasks", obj{}); got != codeRequestLimit {
		t.Errorf("the account's second key = %q, want %s", got, codeRequestLimit)
	}
	other.ok("DescribeTasks", obj{})
	f.cl.ok("DescribeAccounts", obj{"DBInstanceId": inst})
	// 50 ms refills one token (20/s).
	f.clk.Advance(50 * time.Millisecond)
	f.cl.ok("DescribeTasks", obj{})
	if got := f.cl.code("DescribeTasks", obj{}); got != codeRequestLimit {
		t.Errorf("after one refill: %q", got)
	}
	c := f.run.Server.Counters()
	if c.Throttled["DescribeTasks"] != 3 || c.Calls["DescribeTasks"] != 25 {
		t.Errorf("counters: throttled %d calls %d, want 3 and 25 (all keys)", c.Throttled["DescribeTasks"], c.Calls["DescribeTasks"])
	}
	// Per account, as the quota: 24 calls of the default account's keys
	// (the other account's one call is in a window of its own).
	if c.MaxPerSecond["DescribeTasks"] != 24 {
		t.Errorf("MaxPerSecond = %d, want 24", c.MaxPerSecond["DescribeTasks"])
	}
	if c.CallsByAccount[DefaultUIN] != 25 || c.CallsByAccount["200000000002"] != 1 {
		t.Errorf("CallsByAccount = %v, want 25 for %s and 1 for 200000000002", c.CallsByAccount, DefaultUIN)
	}
	// A second later the window has moved on.
	f.clk.Advance(2 * time.Second)
	f.cl.ok("DescribeTasks", obj{})
	if got := f.run.Server.Counters().MaxPerSecond["DescribeTasks"]; got != 24 {
		t.Errorf("MaxPerSecond after idle = %d", got)
	}
}

func TestRateScale(t *testing.T) {
	f := newFixture(t, Options{RateScale: 0.1})
	// CreateAccount is 20/s; scaled to 2/s.
	for i, want := range []string{"", "", codeRequestLimit} {
		if got := f.cl.code("DeleteAccount", obj{"DBInstanceId": inst, "UserName": "nobody"}); got != want {
			t.Errorf("call %d = %q, want %q", i, got, want)
		}
	}
	f.clk.Advance(500 * time.Millisecond)
	if got := f.cl.code("DeleteAccount", obj{"DBInstanceId": inst, "UserName": "nobody"}); got != "" {
		t.Errorf("after 0.5 s at 2/s: %q", got)
	}
}

func TestLogHasNoSecrets(t *testing.T) {
	var buf bytes.Buffer
	var mu = make(chan struct{}, 1)
	f := newFixture(t, Options{Logf: func(format string, args ...any) {
		mu <- struct{}{}
		buf.WriteString(strings.TrimSpace(fmt.Sprintf(format, args...)) + "\n")
		<-mu
	}})
	f.cl.ok("CreateAccount", obj{"DBInstanceId": inst, "UserName": "logged", "Password": "Secr3t!pass", "Type": "normal"})
	f.cl.token = "sts-token-2"
	mu <- struct{}{}
	out := buf.String()
	<-mu
	for _, s := range []string{"Secr3t!pass", testKey1, "sts-token-2"} {
		if strings.Contains(out, s) {
			t.Errorf("log contains a secret %q:\n%s", s, out)
		}
	}
	if !strings.Contains(out, "CreateAccount") {
		t.Errorf("log lacks the action:\n%s", out)
	}
}
