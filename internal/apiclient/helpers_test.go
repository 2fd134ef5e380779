package apiclient

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
)

const (
	testSecretID  = "AKIDtestid0000000000"
	testSecretKey = "tEsTsEcReTkEy-9f8e7d"
	testToken     = "tEsTtOkEn-5a4b3c2d1e"
)

// seen is one request as the fake API received it.
type seen struct {
	Service string
	Action  string
	Version string
	Region  string
	Host    string
	Header  http.Header
	Raw     string
	Body    map[string]any // decoded with UseNumber
}

// fakeAPI is an httptest server answering with a per-test handler and
// recording every request under a mutex.
type fakeAPI struct {
	srv    *httptest.Server
	mu     sync.Mutex
	reqs   []seen
	handle func(s seen) (status int, body string)
}

func newFakeAPI(t *testing.T, handle func(s seen) (int, string)) *fakeAPI {
	t.Helper()
	f := &fakeAPI{handle: handle}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeAPI) serve(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(r.Body)
	s := seen{
		Action:  r.Header.Get("X-TC-Action"),
		Version: r.Header.Get("X-TC-Version"),
		Region:  r.Header.Get("X-TC-Region"),
		Host:    r.Host,
		Header:  r.Header.Clone(),
		Raw:     string(raw),
	}
	// Credential=<id>/<date>/<service>/tc3_request
	if _, cred, ok := strings.Cut(r.Header.Get("Authorization"), "Credential="); ok {
		parts := strings.Split(strings.SplitN(cred, ",", 2)[0], "/")
		if len(parts) == 4 {
			s.Service = parts[2]
		}
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	_ = dec.Decode(&s.Body)
	f.mu.Lock()
	f.reqs = append(f.reqs, s)
	f.mu.Unlock()
	status, body := f.handle(s)
	if status == -1 { // drop the connection without an answer
		hj, _ := w.(http.Hijacker)
		conn, _, err := hj.Hijack()
		if err == nil {
			conn.Close()
		}
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

func (f *fakeAPI) requests() []seen {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]seen(nil), f.reqs...)
}

// client returns a client for the fake API with the test credential.
func (f *fakeAPI) client(t *testing.T, mod ...func(*Config)) *Client {
	t.Helper()
	cfg := Config{
		Region:     "ap-guangzhou",
		Endpoint:   f.srv.URL,
		Credential: common.NewTokenCredential(testSecretID, testSecretKey, testToken),
	}
	for _, m := range mod {
		m(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// okBody wraps fields (a JSON object body without braces, may be empty) in a
// success envelope.
func okBody(fields string) string {
	if fields != "" {
		fields += ","
	}
	return fmt.Sprintf(`{"Response":{%s"RequestId":"req-ok"}}`, fields)
}

// errBody is an API error envelope.
func errBody(code, msg string) string {
	return fmt.Sprintf(`{"Response":{"Error":{"Code":%q,"Message":%q},"RequestId":"req-err"}}`, code, msg)
}

func ptr[T any](v T) *T { return &v }
