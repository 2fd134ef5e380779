package apiclient

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptrace"
	"sort"
	"strings"
	"sync"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
)

// EnvLog is the variable TraceFromEnv reads; "debug" turns the trace on.
const EnvLog = "DBPLAN_LOG"

// redacted replaces secrets in traces and error messages.
const redacted = "(sensitive)"

// TraceFromEnv returns a Debug-level text logger writing to w when
// getenv("DBPLAN_LOG") is "debug" (any case), and nil (tracing off)
// otherwise. Pass the result as Config.Trace.
func TraceFromEnv(getenv func(string) string, w io.Writer) *slog.Logger {
	if !strings.EqualFold(strings.TrimSpace(getenv(EnvLog)), "debug") {
		return nil
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// attempt records what the transport saw of one call; it travels in the
// request context.
type attempt struct {
	service, action, region string
	scrub                   []string

	mu     sync.Mutex
	wrote  bool // the request was fully written to a connection
	failed bool // the round trip returned an error
	status int
}

type attemptKey struct{}

// bind attaches a to ctx, with an httptrace hook that notes when the
// request has been written (after which a failure is ambiguous).
func (a *attempt) bind(ctx context.Context) context.Context {
	ctx = context.WithValue(ctx, attemptKey{}, a)
	return httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		WroteRequest: func(info httptrace.WroteRequestInfo) {
			if info.Err == nil {
				a.mu.Lock()
				a.wrote = true
				a.mu.Unlock()
			}
		},
	})
}

func attemptFrom(ctx context.Context) *attempt {
	a, _ := ctx.Value(attemptKey{}).(*attempt)
	return a
}

func (a *attempt) statusCode() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.status
}

// maybeSent is false only when the transport certainly did not write the
// request (for example the dial failed).
func (a *attempt) maybeSent() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.wrote || a.status != 0 || !a.failed
}

// recordingTransport wraps the HTTP transport: it records the status of each
// attempt and, when trace is set, logs the redacted request and response.
type recordingTransport struct {
	next  http.RoundTripper
	trace *slog.Logger
	cred  common.CredentialIface
}

// RoundTrip implements http.RoundTripper.
func (t *recordingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	at := attemptFrom(r.Context())
	if at == nil {
		at = &attempt{}
	}
	_, key, token := t.cred.GetCredential()
	scrub := append([]string{key, token}, at.scrub...)
	if t.trace != nil {
		t.logRequest(r, at, scrub)
	}
	resp, err := t.next.RoundTrip(r)
	at.mu.Lock()
	if err != nil {
		at.failed = true
	} else {
		at.status = resp.StatusCode
	}
	at.mu.Unlock()
	if t.trace == nil {
		return resp, err
	}
	if err != nil {
		t.trace.LogAttrs(r.Context(), slog.LevelDebug, "tencentcloud response",
			slog.String("action", at.action), slog.String("error", scrubText(err.Error(), scrub)))
		return resp, err
	}
	body, rerr := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), errReader{rerr}))
	attrs := []slog.Attr{
		slog.String("action", at.action),
		slog.Int("status", resp.StatusCode),
		slog.String("body", scrubText(redactBody(body), scrub)),
	}
	if rerr != nil {
		attrs = append(attrs, slog.String("read_error", scrubText(rerr.Error(), scrub)))
	}
	t.trace.LogAttrs(r.Context(), slog.LevelDebug, "tencentcloud response", attrs...)
	return resp, nil
}

func (t *recordingTransport) logRequest(r *http.Request, at *attempt, scrub []string) {
	var body []byte
	if r.GetBody != nil {
		if rc, err := r.GetBody(); err == nil {
			body, _ = io.ReadAll(rc)
			rc.Close()
		}
	}
	host := r.Host
	if host == "" {
		host = r.URL.Host
	}
	t.trace.LogAttrs(r.Context(), slog.LevelDebug, "tencentcloud request",
		slog.String("action", at.action),
		slog.String("service", at.service),
		slog.String("region", at.region),
		slog.String("host", host),
		slog.String("headers", scrubText(redactHeaders(r.Header), scrub)),
		slog.String("body", scrubText(redactBody(body), scrub)),
	)
}

// errReader replays a body read error after the buffered bytes (nil = EOF).
type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	return 0, io.EOF
}

// sensitiveName reports whether a JSON field or header name may hold a
// secret: anything mentioning a password, a secret, a token or
// authorization.
func sensitiveName(name string) bool {
	n := strings.ToLower(name)
	for _, s := range []string{"password", "secret", "token", "authorization", "signature"} {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}

// redactHeaders renders headers sorted, with sensitive values replaced.
func redactHeaders(h http.Header) string {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteString("; ")
		}
		v := strings.Join(h[k], ",")
		if sensitiveName(k) {
			v = redacted
		}
		fmt.Fprintf(&b, "%s: %s", k, v)
	}
	return b.String()
}

// redactBody returns the JSON body with sensitive fields (at any depth)
// replaced; a body that is not JSON is not logged at all.
func redactBody(body []byte) string {
	if len(bytes.TrimSpace(body)) == 0 {
		return ""
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return fmt.Sprintf("(%d bytes, not JSON, not logged)", len(body))
	}
	out, err := json.Marshal(redactValue(v))
	if err != nil {
		return fmt.Sprintf("(%d bytes, not logged)", len(body))
	}
	return string(out)
}

func redactValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if sensitiveName(k) {
				x[k] = redacted
			} else {
				x[k] = redactValue(e)
			}
		}
	case []any:
		for i, e := range x {
			x[i] = redactValue(e)
		}
	}
	return v
}
