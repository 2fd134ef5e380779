package apiclient

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/dbplan/dbplan/internal/secret"
	"github.com/google/go-cmp/cmp"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
)

const testPassword = "Sup3r$ecretPw!"

// errView is what the tests compare of an *Error.
type errView struct {
	Action     string
	Code       string
	RequestID  string
	HTTPStatus int
	Class      Class
	Ambiguous  bool
}

func viewOf(t *testing.T, err error) errView {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not an *apiclient.Error", err, err)
	}
	return errView{e.Action, e.Code, e.RequestID, e.HTTPStatus, Classify(err), Ambiguous(err)}
}

func createAccount(ctx context.Context, c *Client) error {
	_, err := c.CreateAccount(ctx, CreateAccountRequest{DBInstanceId: "postgres-1", UserName: "u1", Type: "normal", Password: secret.New(testPassword)})
	return err
}

// TestErrorsFromAnswers covers every kind of answer that is not a success.
func TestErrorsFromAnswers(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		want   errView
	}{
		{
			name: "API error", status: 200, body: errBody("OperationDenied.InstanceStatusLimitOpError", "locked"),
			want: errView{"CreateAccount", "OperationDenied.InstanceStatusLimitOpError", "req-err", 200, Busy, false},
		},
		{
			name: "API error on a 400 status: the body wins", status: 400, body: errBody("InvalidParameterValue.InvalidPasswordValueError", "bad"),
			want: errView{"CreateAccount", "InvalidParameterValue.InvalidPasswordValueError", "req-err", 400, Terminal, false},
		},
		{
			name: "InternalError is ambiguous", status: 200, body: errBody("InternalError.SystemError", "oops"),
			want: errView{"CreateAccount", "InternalError.SystemError", "req-err", 200, Transient, true},
		},
		{
			name: "throttled", status: 200, body: errBody("RequestLimitExceeded.UinLimitExceeded", "slow down"),
			want: errView{"CreateAccount", "RequestLimitExceeded.UinLimitExceeded", "req-err", 200, Throttled, false},
		},
		{
			name: "503 with empty body", status: 503, body: "",
			want: errView{"CreateAccount", CodeParseJSON, "", 503, Transient, true},
		},
		{
			name: "502 with html body", status: 502, body: "<html>bad gateway " + testPassword + "</html>",
			want: errView{"CreateAccount", CodeParseJSON, "", 502, Transient, true},
		},
		{
			name: "500 with JSON but no API error", status: 500, body: `{"Response":{"RequestId":"r5"}}`,
			want: errView{"CreateAccount", CodeHTTPStatus, "", 500, Transient, true},
		},
		{
			name: "429 without API error", status: 429, body: "too many",
			want: errView{"CreateAccount", CodeParseJSON, "", 429, Throttled, false},
		},
		{
			name: "404 from something that is not the API", status: 404, body: "<html>not found</html>",
			want: errView{"CreateAccount", CodeParseJSON, "", 404, Terminal, false},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAPI(t, func(seen) (int, string) { return tt.status, tt.body })
			err := createAccount(context.Background(), f.client(t))
			if diff := cmp.Diff(tt.want, viewOf(t, err)); diff != "" {
				t.Errorf("error mismatch (-want +got):\n%s", diff)
			}
			if msg := err.Error(); strings.Contains(msg, testPassword) || strings.Contains(msg, "<html>") {
				t.Errorf("Error() = %q leaks the response body", msg)
			}
		})
	}
}

func TestDecodeError(t *testing.T) {
	f := newFakeAPI(t, func(seen) (int, string) { return 200, okBody(`"FlowId":"not-a-number"`) })
	_, err := f.client(t).OpenDBExtranetAccess(context.Background(), OpenDBExtranetAccessRequest{DBInstanceId: "postgres-1"})
	want := errView{"OpenDBExtranetAccess", CodeDecode, "req-ok", 200, Terminal, true}
	if diff := cmp.Diff(want, viewOf(t, err)); diff != "" {
		t.Errorf("error mismatch (-want +got):\n%s", diff)
	}

	f = newFakeAPI(t, func(seen) (int, string) { return 200, `{"Other":{}}` })
	err = createAccount(context.Background(), f.client(t))
	if got := viewOf(t, err).Code; got != CodeDecode {
		t.Errorf("body without Response: code %q, want %q", got, CodeDecode)
	}
}

func TestDroppedConnectionIsAmbiguous(t *testing.T) {
	f := newFakeAPI(t, func(seen) (int, string) { return -1, "" })
	err := createAccount(context.Background(), f.client(t))
	want := errView{"CreateAccount", CodeNetwork, "", 0, Transient, true}
	if diff := cmp.Diff(want, viewOf(t, err)); diff != "" {
		t.Errorf("error mismatch (-want +got):\n%s", diff)
	}
	if got := len(f.requests()); got != 1 {
		t.Errorf("server saw %d requests, want 1 (no hidden retry)", got)
	}
}

func TestRefusedConnectionIsNotAmbiguous(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	c, err := New(Config{Region: "ap-guangzhou", Endpoint: url, Credential: common.NewCredential(testSecretID, testSecretKey)})
	if err != nil {
		t.Fatal(err)
	}
	err = createAccount(context.Background(), c)
	want := errView{"CreateAccount", CodeNetwork, "", 0, Transient, false}
	if diff := cmp.Diff(want, viewOf(t, err)); diff != "" {
		t.Errorf("error mismatch (-want +got):\n%s", diff)
	}
}

func TestAttemptTimeoutBeforeSending(t *testing.T) {
	f := newFakeAPI(t, func(seen) (int, string) { return 200, okBody("") })
	c := f.client(t, func(cfg *Config) { cfg.Timeout = time.Nanosecond })
	err := createAccount(context.Background(), c)
	want := errView{"CreateAccount", CodeNetwork, "", 0, Transient, false}
	if diff := cmp.Diff(want, viewOf(t, err)); diff != "" {
		t.Errorf("error mismatch (-want +got):\n%s", diff)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("errors.Is(err, context.DeadlineExceeded) = false for %v", err)
	}
}

func TestCancelAfterSendingIsAmbiguous(t *testing.T) {
	got, release := make(chan struct{}), make(chan struct{})
	f := newFakeAPI(t, func(seen) (int, string) {
		close(got)
		<-release
		return 200, okBody("")
	})
	defer close(release)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- createAccount(ctx, f.client(t)) }()
	<-got
	cancel()
	err := <-done
	want := errView{"CreateAccount", CodeCanceled, "", 0, Terminal, true}
	if diff := cmp.Diff(want, viewOf(t, err)); diff != "" {
		t.Errorf("error mismatch (-want +got):\n%s", diff)
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("errors.Is(err, context.Canceled) = false for %v", err)
	}
}

func TestCancelBeforeSendingIsNotAmbiguous(t *testing.T) {
	f := newFakeAPI(t, func(seen) (int, string) { return 200, okBody("") })
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := createAccount(ctx, f.client(t))
	want := errView{"CreateAccount", CodeCanceled, "", 0, Terminal, false}
	if diff := cmp.Diff(want, viewOf(t, err)); diff != "" {
		t.Errorf("error mismatch (-want +got):\n%s", diff)
	}
	if n := len(f.requests()); n != 0 {
		t.Errorf("server saw %d requests, want 0", n)
	}
}

// TestErrorNeverShowsSecrets: a service message echoing the password, the
// secret key or the token is scrubbed in Error().
func TestErrorNeverShowsSecrets(t *testing.T) {
	msg := "password " + testPassword + " key " + testSecretKey + " token " + testToken
	f := newFakeAPI(t, func(seen) (int, string) { return 200, errBody("InvalidParameterValue.InvalidPasswordValueError", msg) })
	err := createAccount(context.Background(), f.client(t))
	text := err.Error()
	for _, s := range []string{testPassword, testSecretKey, testToken} {
		if strings.Contains(text, s) {
			t.Errorf("Error() = %q contains a secret", text)
		}
	}
	want := "CreateAccount: InvalidParameterValue.InvalidPasswordValueError: password (sensitive) key (sensitive) token (sensitive) (RequestId req-err)"
	if text != want {
		t.Errorf("Error() = %q, want %q", text, want)
	}
}

// TestErrorTextHasNoEmptyParts: an error without a code or message never
// renders a dangling ": ".
func TestErrorTextHasNoEmptyParts(t *testing.T) {
	for _, tt := range []struct {
		err  Error
		want string
	}{
		{Error{Action: "CreateAccount", Code: "InternalError", Message: "boom", RequestID: "r1"}, "CreateAccount: InternalError: boom (RequestId r1)"},
		{Error{Action: "CreateAccount", Code: "InternalError"}, "CreateAccount: InternalError"},
		{Error{Action: "CreateAccount", Message: "boom"}, "CreateAccount: boom"},
		{Error{Action: "CreateAccount"}, "CreateAccount"},
		{Error{}, "API error"},
	} {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}
