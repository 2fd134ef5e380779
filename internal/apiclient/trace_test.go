package apiclient

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/dbplan/dbplan/internal/secret"
	"github.com/google/go-cmp/cmp"
)

// syncBuffer is a bytes.Buffer safe for the concurrent writes of a handler.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestTraceNeverShowsSecrets drives successes and every failure path with a
// trace on, and checks that no password, secret key or token reaches it.
func TestTraceNeverShowsSecrets(t *testing.T) {
	const libraPw = "L1braPassw0rd#"
	// Each answer may echo the request's own password (the worst a buggy
	// service could do) plus the credential's key and token.
	answers := []struct {
		status int
		body   string
	}{
		{200, okBody("")},
		{200, errBody("InvalidParameterValue.InvalidPasswordValueError", "echo PW "+testSecretKey+" "+testToken)},
		{200, `{"Response":{"Password":"PW","Nested":[{"AccountPassword":"PW"}],"RequestId":"x"}}`},
		{502, "<html>echo PW " + testSecretKey + "</html>"},
		{500, `{"Response":{"Msg":"echo PW ` + testSecretKey + " " + testToken + `"}}`},
		{-1, ""},
	}
	var buf syncBuffer
	var mu sync.Mutex
	n := 0
	f := newFakeAPI(t, func(s seen) (int, string) {
		mu.Lock()
		defer mu.Unlock()
		a := answers[(n/3)%len(answers)]
		n++
		pw, _ := s.Body["Password"].(string)
		if accts, ok := s.Body["Accounts"].([]any); ok {
			pw, _ = accts[0].(map[string]any)["AccountPassword"].(string)
		}
		return a.status, strings.ReplaceAll(a.body, "PW", pw)
	})
	c := f.client(t, func(cfg *Config) {
		cfg.Trace = slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	ctx := context.Background()
	for range answers {
		_ = createAccount(ctx, c)
		_, _ = c.CloseAccountCAM(ctx, CloseAccountCAMRequest{DBInstanceId: "postgres-1", UserName: "u1", Password: secret.New(testPassword)})
		_, _ = c.CreateLibraDBClusterAccounts(ctx, CreateLibraDBClusterAccountsRequest{ClusterId: "libradb-1",
			Accounts: []NewAccount{{AccountName: "a", Host: "%", AccountPassword: secret.New(libraPw)}}})
	}
	out := buf.String()
	for _, s := range []string{testPassword, libraPw, testSecretKey, testToken} {
		if strings.Contains(out, s) {
			t.Errorf("trace contains secret %q:\n%s", s, out)
		}
	}
	// The trace is useful: it shows actions, regions, hosts, statuses and
	// non-secret fields, and marks what it hid.
	for _, s := range []string{"action=CreateAccount", "action=CloseAccountCAM", "action=CreateLibraDBClusterAccounts",
		"region=ap-guangzhou", "host=127.0.0.1", "status=502", "u1", "Authorization: (sensitive)", "X-Tc-Token: (sensitive)",
		`\"Password\":\"(sensitive)\"`, `\"AccountPassword\":\"(sensitive)\"`, "not JSON, not logged", "error="} {
		if !strings.Contains(out, s) {
			t.Errorf("trace lacks %q:\n%s", s, out)
		}
	}
}

func TestTraceOffWritesNothing(t *testing.T) {
	f := newFakeAPI(t, func(seen) (int, string) { return 200, okBody("") })
	var buf syncBuffer
	c := f.client(t, func(cfg *Config) { cfg.Trace = TraceFromEnv(func(string) string { return "" }, &buf) })
	if err := createAccount(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	if buf.String() != "" {
		t.Errorf("trace off but got output: %s", buf.String())
	}
}

func TestTraceFromEnv(t *testing.T) {
	for val, want := range map[string]bool{"debug": true, "DEBUG": true, " debug ": true, "": false, "info": false} {
		var buf bytes.Buffer
		l := TraceFromEnv(func(k string) string {
			if k == EnvLog {
				return val
			}
			return ""
		}, &buf)
		if (l != nil) != want {
			t.Errorf("TraceFromEnv(%s=%q) enabled = %v, want %v", EnvLog, val, l != nil, want)
		}
		if l != nil && !l.Enabled(context.Background(), slog.LevelDebug) {
			t.Errorf("TraceFromEnv(%q) logger does not enable Debug", val)
		}
	}
}

func TestRedactBody(t *testing.T) {
	tests := map[string]struct{ in, want string }{
		"nested fields": {
			in:   `{"ClusterId":"c","Accounts":[{"AccountName":"a","AccountPassword":"p1"}],"Password":"p2","SecretKey":"k","Token":"t","Limit":100}`,
			want: `{"Accounts":[{"AccountName":"a","AccountPassword":"(sensitive)"}],"ClusterId":"c","Limit":100,"Password":"(sensitive)","SecretKey":"(sensitive)","Token":"(sensitive)"}`,
		},
		"big integers stay exact": {in: `{"FlowId":9007199254740993}`, want: `{"FlowId":9007199254740993}`},
		"not JSON":                {in: `Password=p1`, want: `(11 bytes, not JSON, not logged)`},
		"empty":                   {in: ``, want: ``},
	}
	for name, tt := range tests {
		if diff := cmp.Diff(tt.want, redactBody([]byte(tt.in))); diff != "" {
			t.Errorf("%s: redactBody mismatch (-want +got):\n%s", name, diff)
		}
	}
}
