package exec

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/google/go-cmp/cmp"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/plan"
	"github.com/dbplan/dbplan/internal/secret"
)

// failFirst returns a hook failing the first n calls of action with code
// (applying the change first when commit is set).
func failFirst(action string, n int, code string, commit bool) func(string, int, any) (error, bool) {
	return func(a string, call int, _ any) (error, bool) {
		if a == action && call <= n {
			return apiError(a, code), commit
		}
		return nil, false
	}
}

func TestRetryClasses(t *testing.T) {
	tests := []struct {
		name         string
		hook         func(string, int, any) (error, bool)
		want         Outcome
		wantAttempts int
		wantThrottle int
		wantCode     string
	}{
		{name: "throttled twice", hook: failFirst("CreateAccount", 2, "RequestLimitExceeded", false), want: Succeeded, wantAttempts: 3, wantThrottle: 2},
		{name: "transient twice", hook: failFirst("CreateAccount", 2, "ServiceUnavailable", false), want: Succeeded, wantAttempts: 3},
		{name: "terminal", hook: failFirst("CreateAccount", 1, "OperationDenied.UserNotInWhiteListError", false), want: Failed, wantAttempts: 1, wantCode: "OperationDenied.UserNotInWhiteListError"},
		{name: "exhausted", hook: failFirst("CreateAccount", 100, "RequestLimitExceeded.UinLimitExceeded", false), want: Failed, wantAttempts: 8, wantThrottle: 8, wantCode: "RequestLimitExceeded.UinLimitExceeded"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				h := newHarness(t)
				h.api.addInstance("i1", "closed")
				h.api.Hook = tc.hook
				a := createAccount("i1", "u")
				r := h.run(context.Background(), a)
				got := result(t, r, a.ID)
				code := ""
				if got.Err != nil {
					code = got.Err.Code
				}
				if diff := cmp.Diff([]any{tc.want, tc.wantAttempts, tc.wantThrottle, tc.wantCode},
					[]any{got.Outcome, got.Attempts, got.Throttles, code}); diff != "" {
					t.Errorf("[outcome attempts throttles code] mismatch (-want +got):\n%s", diff)
				}
				if tc.want == Failed && tc.wantAttempts == 8 && !strings.Contains(got.Detail, "8 attempts") {
					t.Errorf("Detail = %q, want it to say it gave up after 8 attempts", got.Detail)
				}
				if ks := r.Kinds[0]; ks.Calls != tc.wantAttempts || ks.Throttles != tc.wantThrottle {
					t.Errorf("kind summary calls/throttles = %d/%d, want %d/%d", ks.Calls, ks.Throttles, tc.wantAttempts, tc.wantThrottle)
				}
				// Every backoff the observer saw is within the full-jitter bounds.
				for _, ev := range h.rec.retries {
					if c := h.opts.Policy.Ceiling(ev.Attempt); ev.Delay < 0 || ev.Delay > c {
						t.Errorf("retry after attempt %d waited %v, want within [0, %v]", ev.Attempt, ev.Delay, c)
					}
				}
			})
		})
	}
}

func TestBusyWaitsForStatusToClear(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.api.addInstance("i1", "opened")
		in := h.api.instances["i1"]
		in.status, in.target, in.until = "network changing", "opened", epoch.Add(7e9)
		a := createAccount("i1", "u")
		r := h.run(context.Background(), a)
		got := result(t, r, a.ID)
		if got.Outcome != Succeeded || got.Attempts != 2 {
			t.Errorf("outcome, attempts = %s, %d; want succeeded after 2 attempts (busy, then ok)", got.Outcome, got.Attempts)
		}
		if n := h.api.count("DescribeDBInstances"); n < 1 {
			t.Errorf("DescribeDBInstances polls = %d, want >= 1 (status polled while busy)", n)
		}
		if h.clk.Now().Before(in.until) {
			t.Errorf("finished at %v, before the lock cleared at %v", h.clk.Now(), in.until)
		}
	})
}

func TestBusyTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.opts.Timeout = 20e9
		h.api.addInstance("i1", "opened")
		in := h.api.instances["i1"]
		in.status, in.target, in.until = "network changing", "opened", epoch.Add(3600e9)
		a := createAccount("i1", "u")
		got := result(t, h.run(context.Background(), a), a.ID)
		if got.Outcome != Failed || got.Err == nil || got.Err.Class != "busy" {
			t.Errorf("result = %+v, want failed with the busy error", got)
		}
	})
}

func TestAdoptionAfterLostResponse(t *testing.T) {
	tests := []struct {
		name        string
		commit      bool
		want        Outcome
		wantCreates int // CreateAccount calls
	}{
		{name: "create committed, response lost", commit: true, want: Adopted, wantCreates: 1},
		{name: "create not committed", commit: false, want: Succeeded, wantCreates: 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				h := newHarness(t)
				h.api.addInstance("i1", "closed")
				h.api.Hook = failFirst("CreateAccount", 1, "InternalError", tc.commit)
				a := createAccount("i1", "u")
				got := result(t, h.run(context.Background(), a), a.ID)
				if got.Outcome != tc.want {
					t.Errorf("outcome = %s (%s), want %s", got.Outcome, got.Detail, tc.want)
				}
				if n := h.api.count("CreateAccount"); n != tc.wantCreates {
					t.Errorf("CreateAccount calls = %d, want %d", n, tc.wantCreates)
				}
				if n := h.api.creates["i1/u"]; n != 1 {
					t.Errorf("account created %d times, want exactly 1", n)
				}
			})
		})
	}
}

func TestAlreadyDone(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.api.addInstance("i1", "closed", "exists", "camon")
		on := true
		h.api.instances["i1"].accounts["camon"].OpenCam = &on
		pre := createAccount("i1", "exists")
		cam := openCAM("i1", "camon")
		r := h.run(context.Background(), pre, cam)
		if diff := cmp.Diff(map[string]Outcome{pre.ID: AlreadyDone, cam.ID: AlreadyDone}, outcomes(r)); diff != "" {
			t.Errorf("outcomes mismatch (-want +got):\n%s", diff)
		}
		if n := h.api.count("CreateAccount") + h.api.count("OpenAccountCAM"); n != 0 {
			t.Errorf("write calls = %d, want 0", n)
		}
	})
}

func TestAlreadyDoneAnswerIsAdoptedOnlyWhenMatching(t *testing.T) {
	tests := []struct {
		name string
		hook func(h *harness) func(string, int, any) (error, bool)
		want Outcome
	}{
		{name: "account created by someone else as planned", want: Adopted,
			hook: func(h *harness) func(string, int, any) (error, bool) {
				return failFirst("CreateAccount", 1, "InvalidParameterValue.AccountExist", true)
			}},
		{name: "account created by someone else with another type", want: Failed,
			hook: func(h *harness) func(string, int, any) (error, bool) {
				return func(a string, n int, _ any) (error, bool) {
					if a == "CreateAccount" && n == 1 {
						h.api.mu.Lock()
						off := false
						h.api.instances["i1"].accounts["u"] = &apiclient.AccountInfo{UserName: "u", UserType: "tencentDBSuper", OpenCam: &off, Status: 2}
						h.api.mu.Unlock()
						return apiError(a, "InvalidParameterValue.AccountExist"), false
					}
					return nil, false
				}
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				h := newHarness(t)
				h.api.addInstance("i1", "closed")
				h.api.Hook = tc.hook(h)
				a := createAccount("i1", "u")
				got := result(t, h.run(context.Background(), a), a.ID)
				if got.Outcome != tc.want {
					t.Errorf("outcome = %s (%s), want %s", got.Outcome, got.Detail, tc.want)
				}
				if n := h.api.count("CreateAccount"); n != 1 {
					t.Errorf("CreateAccount calls = %d, want 1", n)
				}
			})
		})
	}
}

func TestCAMAlreadyOnAnswerAdopted(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.api.addInstance("i1", "closed", "u")
		h.api.Hook = failFirst("OpenAccountCAM", 1, "FailedOperation.CheckAccountCAMCloseError", true)
		a := openCAM("i1", "u")
		if got := result(t, h.run(context.Background(), a), a.ID); got.Outcome != Adopted {
			t.Errorf("outcome = %s (%s), want adopted", got.Outcome, got.Detail)
		}
	})
}

func TestDrift(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.api.addInstance("i1", "closed", "u")
		h.api.instances["i1"].accounts["u"].Remark = "changed by hand"
		newRemark := "new"
		a := openCAM("i1", "u")
		a.ID, a.Kind = "pg.i1.account.u#modify_account_remark", plan.ModifyAccountRemark
		a.Params.Remark, a.Precondition.Expect = &newRemark, "old"
		gone := createAccount("i9", "u") // instance deleted since the plan
		r := h.run(context.Background(), a, gone)
		if diff := cmp.Diff(map[string]Outcome{a.ID: Drifted, gone.ID: Drifted}, outcomes(r)); diff != "" {
			t.Errorf("outcomes mismatch (-want +got):\n%s", diff)
		}
		if n := h.api.count("ModifyAccountRemark") + h.api.count("CreateAccount"); n != 0 {
			t.Errorf("write calls = %d, want 0 for drifted actions", n)
		}
	})
}

func TestMissingPassword(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.api.addInstance("i1", "closed")
		h.opts.Secrets = func(addr string) (secret.Value, bool) {
			if strings.HasSuffix(addr, ".ok") {
				return secret.New("S3cret-Value-1!"), true
			}
			return secret.Value{}, false
		}
		missing, ok := createAccount("i1", "missing"), createAccount("i1", "ok")
		r := h.run(context.Background(), missing, ok)
		got := result(t, r, missing.ID)
		if got.Outcome != Failed || got.Err == nil || !strings.Contains(got.Err.Message, missing.SecretAddr) {
			t.Errorf("missing password result = %+v, want failed naming %s", got, missing.SecretAddr)
		}
		if n := h.api.count("CreateAccount"); n != 1 {
			t.Errorf("CreateAccount calls = %d, want 1 (only the account with a password)", n)
		}
		if h.api.passwords["i1/ok"] != "S3cret-Value-1!" {
			t.Error("the password did not reach the wire")
		}
		if dump := fmt.Sprintf("%+v %+v", r, h.rec.finished); strings.Contains(dump, "S3cret-Value-1!") {
			t.Error("the report or an event contains the password")
		}
	})
}

func TestUnreadableAnswerIsCheckedBeforeFailing(t *testing.T) {
	for _, commit := range []bool{true, false} {
		synctest.Test(t, func(t *testing.T) {
			h := newHarness(t)
			h.api.addInstance("i1", "closed")
			h.api.Hook = func(action string, n int, _ any) (error, bool) {
				if action == "CreateAccount" && n == 1 {
					return errors.New("unreadable answer"), commit // not an *apiclient.Error: terminal and ambiguous
				}
				return nil, false
			}
			a := createAccount("i1", "u")
			got := result(t, h.run(context.Background(), a), a.ID)
			want := Failed
			if commit {
				want = Adopted
			}
			if got.Outcome != want || h.api.count("CreateAccount") != 1 {
				t.Errorf("commit=%v: outcome %s after %d calls, want %s after 1", commit, got.Outcome, h.api.count("CreateAccount"), want)
			}
		})
	}
}
