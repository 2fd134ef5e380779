package apiclient

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/dbplan/dbplan/internal/secret"
	"github.com/dbplan/dbplan/internal/tcsim"
	"github.com/google/go-cmp/cmp"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
)

// Failures as the simulator produces them: auth, throttling, injected
// faults, cancellation, and the trace on all of those.

func createRT(ctx context.Context, c *Client, user string) error {
	_, err := c.CreateAccount(ctx, CreateAccountRequest{DBInstanceId: "postgres-rt000001", UserName: user, Type: "normal", Password: secret.New("Rt_passw0rd!")})
	return err
}

func TestRoundTripAuthFailures(t *testing.T) {
	tests := []struct {
		name string
		cred common.CredentialIface
		code string
		hint string
	}{
		{"wrong secret key", common.NewTokenCredential(simID, "wrongkey0000000000000000000000000001", simToken), "AuthFailure.SignatureFailure", hintAuth},
		{"unknown secret id", common.NewTokenCredential("AKIDunknown", simKey, simToken), "AuthFailure.SecretIdNotFound", hintAuth},
		{"missing session token", common.NewCredential(simID, simKey), "AuthFailure.TokenFailure", hintAuth},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSim(t, tcsim.Options{}, func(cfg *Config) { cfg.Credential = tt.cred })
			err := createRT(s.ctx, s.c, "u1")
			wantClass(t, err, tt.code, Terminal)
			if Hint(err) != tt.hint || Ambiguous(err) {
				t.Errorf("hint %q ambiguous %v, want %q and not ambiguous", Hint(err), Ambiguous(err), tt.hint)
			}
		})
	}
}

func TestRoundTripThrottled(t *testing.T) {
	// CreateAccount allows 20/s; scaled by 0.05 that is 1 per second.
	s := newSim(t, tcsim.Options{RateScale: 0.05})
	if err := createRT(s.ctx, s.c, "u1"); err != nil {
		t.Fatal(err)
	}
	err := createRT(s.ctx, s.c, "u2")
	wantClass(t, err, "RequestLimitExceeded", Throttled)
	if Ambiguous(err) {
		t.Error("a throttled call is not ambiguous")
	}
	s.clk.Advance(time.Second)
	if err := createRT(s.ctx, s.c, "u2"); err != nil {
		t.Errorf("after a second the call should pass: %v", err)
	}
	if got := s.run.Server.Counters().Throttled["CreateAccount"]; got != 1 {
		t.Errorf("simulator throttled %d calls, want 1", got)
	}
}

// TestRoundTripFaults: each injected fault yields the class and ambiguity
// the executor needs, and "commit then fail" really committed.
func TestRoundTripFaults(t *testing.T) {
	tests := []struct {
		rule      tcsim.FaultRule
		code      string
		class     Class
		ambiguous bool
		committed bool
	}{
		{tcsim.FaultRule{Mode: tcsim.FaultCommitThen5xx}, "", Transient, true, true},
		{tcsim.FaultRule{Mode: tcsim.FaultCommitThenDrop}, CodeNetwork, Transient, true, true},
		{tcsim.FaultRule{Mode: tcsim.FaultCommitThenError, Code: "InternalError.SystemError"}, "InternalError.SystemError", Transient, true, true},
		{tcsim.FaultRule{Mode: tcsim.FaultReset}, CodeNetwork, Transient, true, false},
		{tcsim.FaultRule{Mode: tcsim.FaultError, Code: "OperationDenied.InstanceStatusLimitOpError"}, "OperationDenied.InstanceStatusLimitOpError", Busy, false, false},
		{tcsim.FaultRule{Mode: tcsim.FaultError, Code: "FailedOperation.DatabaseAccessError"}, "FailedOperation.DatabaseAccessError", Transient, false, false},
	}
	for _, tt := range tests {
		t.Run(string(tt.rule.Mode)+"/"+tt.rule.Code, func(t *testing.T) {
			rule := tt.rule
			rule.Action, rule.Rate = "CreateAccount", 1
			s := newSim(t, tcsim.Options{Faults: []tcsim.FaultRule{rule}})
			err := createRT(s.ctx, s.c, "faulty")
			e, ok := asError(err)
			if !ok {
				t.Fatalf("error %v, want *Error", err)
			}
			if tt.code == "" { // the 5xx: which client code depends on the body
				if e.HTTPStatus < 500 {
					t.Errorf("HTTPStatus %d, want 5xx", e.HTTPStatus)
				}
				tt.code = e.Code
			}
			got := []any{e.Code, Classify(err), Ambiguous(err), s.account(t, "faulty") != nil}
			if diff := cmp.Diff([]any{tt.code, tt.class, tt.ambiguous, tt.committed}, got); diff != "" {
				t.Errorf("[code class ambiguous committed] mismatch (-want +got):\n%s", diff)
			}
			if strings.Contains(err.Error(), "Rt_passw0rd!") {
				t.Errorf("Error() leaks the password: %v", err)
			}
		})
	}
}

// TestRoundTripCancelWhileServerWaits: the caller's context ending while
// the simulator holds the request gives an ambiguous Canceled error.
func TestRoundTripCancelWhileServerWaits(t *testing.T) {
	s := newSim(t, tcsim.Options{Faults: []tcsim.FaultRule{{Action: "CreateAccount", Rate: 1, Mode: tcsim.FaultLatency, Latency: time.Hour}}})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- createRT(ctx, s.c, "slow") }()
	if !s.clk.BlockUntil(context.Background(), 1) {
		t.Fatal("the simulator never started waiting")
	}
	cancel()
	err := <-done
	if e, ok := asError(err); !ok || e.Code != CodeCanceled || !Ambiguous(err) || !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want an ambiguous %s wrapping context.Canceled", err, CodeCanceled)
	}
}

// TestRoundTripTraceHidesSecrets runs real signed traffic, failures
// included, with the trace on.
func TestRoundTripTraceHidesSecrets(t *testing.T) {
	var buf syncBuffer
	s := newSim(t, tcsim.Options{Faults: []tcsim.FaultRule{{Action: "CloseAccountCAM", Rate: 1, Mode: tcsim.FaultCommitThenDrop}}},
		func(cfg *Config) {
			cfg.Trace = slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
		})
	const pw1, pw2, pw3 = "Rt_passw0rd!", "Cl0se_passw0rd!", "Libra_pw12345"
	c, ctx := s.c, s.ctx
	must(c.CreateAccount(ctx, CreateAccountRequest{DBInstanceId: "postgres-rt000001", UserName: "u1", Type: "normal", Password: secret.New(pw1)}))(t)
	_, _ = c.CreateAccount(ctx, CreateAccountRequest{DBInstanceId: "postgres-rt000001", UserName: "u1", Type: "normal", Password: secret.New(pw1)})
	must(c.OpenAccountCAM(ctx, OpenAccountCAMRequest{"postgres-rt000001", "u1"}))(t)
	_, err := c.CloseAccountCAM(ctx, CloseAccountCAMRequest{DBInstanceId: "postgres-rt000001", UserName: "u1", Password: secret.New(pw2)})
	if err == nil {
		t.Error("CloseAccountCAM: want the injected dropped connection")
	}
	must(c.CreateLibraDBClusterAccounts(ctx, CreateLibraDBClusterAccountsRequest{ClusterId: "libradb-rt000001",
		Accounts: []NewAccount{{AccountName: "a1", Host: "%", AccountPassword: secret.New(pw3)}}}))(t)
	out := buf.String()
	for _, sec := range []string{pw1, pw2, pw3, simKey, simToken} {
		if strings.Contains(out, sec) {
			t.Errorf("trace contains secret %q", sec)
		}
	}
	for _, want := range []string{"action=CloseAccountCAM", "error=", "InvalidParameterValue.AccountExist", "action=CreateLibraDBClusterAccounts"} {
		if !strings.Contains(out, want) {
			t.Errorf("trace lacks %q:\n%s", want, out)
		}
	}
}

// TestRoundTripUnreachable: only failures that never reached the service
// count as unreachable (the executor's breaker counts them); a dropped
// connection after the request arrived does not.
func TestRoundTripUnreachable(t *testing.T) {
	t.Run("connection refused", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close() // nothing listens there any more
		s := newSim(t, tcsim.Options{}, func(cfg *Config) { cfg.Endpoint = "http://" + addr })
		err = createRT(s.ctx, s.c, "u1")
		if !Unreachable(err) || Ambiguous(err) {
			t.Errorf("error %v: unreachable %v ambiguous %v, want unreachable and not ambiguous", err, Unreachable(err), Ambiguous(err))
		}
	})
	t.Run("no answer before the attempt's timeout", func(t *testing.T) {
		s := newSim(t, tcsim.Options{Faults: []tcsim.FaultRule{{Action: "CreateAccount", Rate: 1, Mode: tcsim.FaultLatency, Latency: time.Hour}}},
			func(cfg *Config) { cfg.Timeout = time.Millisecond })
		// (Whether the request was written before the timeout, which
		// decides Ambiguous, depends on timing; either way nothing came
		// back.)
		if err := createRT(s.ctx, s.c, "u1"); !Unreachable(err) {
			t.Errorf("error %v: want unreachable", err)
		}
	})
	for _, mode := range []tcsim.FaultMode{tcsim.FaultReset, tcsim.FaultCommitThenDrop, tcsim.FaultCommitThen5xx} {
		t.Run(string(mode), func(t *testing.T) {
			s := newSim(t, tcsim.Options{Faults: []tcsim.FaultRule{{Action: "CreateAccount", Rate: 1, Mode: mode}}})
			if err := createRT(s.ctx, s.c, "u1"); err == nil || Unreachable(err) {
				t.Errorf("error %v: want a failure that is not unreachable", err)
			}
		})
	}
	if Unreachable(nil) || Unreachable(errors.New("plain")) {
		t.Error("nil and non-API errors are not unreachable")
	}
}
