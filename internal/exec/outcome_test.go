package exec

import (
	"context"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/google/go-cmp/cmp"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/plan"
)

// lostAnswer is an attempt whose request arrived but whose answer was lost.
func lostAnswer(action string) error {
	return &apiclient.Error{Action: action, Code: apiclient.CodeNetwork, Message: "EOF", Sent: true}
}

// TestLostAnswerUncheckableIsUnconfirmed: a create applied whose answer was
// lost, when the re-read also fails, may or may not have been made: it is
// unconfirmed (not failed, which says nothing was applied), and its
// dependents do not run against an account that may not exist.
func TestLostAnswerUncheckableIsUnconfirmed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.api.addInstance("i1", "closed")
		h.api.Hook = func(action string, n int, _ any) (error, bool) {
			switch {
			case action == "CreateAccount":
				return lostAnswer(action), true
			case action == "DescribeAccounts" && n > 1: // the precheck read works, the re-read never
				return apiError(action, "FailedOperation.DatabaseAccessError"), false
			}
			return nil, false
		}
		create := createAccount("i1", "u")
		cam := openCAM("i1", "u", create.ID)
		r := h.run(context.Background(), create, cam)
		got := result(t, r, create.ID)
		if got.Outcome != Unconfirmed || got.Err == nil || got.Err.Code != apiclient.CodeNetwork || got.Err.Hint == "" {
			t.Errorf("create = %s (%s) %+v, want unconfirmed with the lost answer's error and a hint", got.Outcome, got.Detail, got.Err)
		}
		if dep := result(t, r, cam.ID); dep.Outcome != Skipped || !strings.Contains(dep.Detail, "not confirmed") {
			t.Errorf("dependent = %s (%s), want skipped because its dependency was not confirmed", dep.Outcome, dep.Detail)
		}
		if n := h.api.count("CreateAccount"); n != 1 {
			t.Errorf("CreateAccount calls = %d, want 1: nothing is sent again while its effect is unknown", n)
		}
	})
}

// TestAnswersThatMeanAlreadyDone: codes dbplan does not know as "exists"
// (the API's answer for an existing account is not documented) end in a
// re-read that adopts the account; a code on a missing object that a
// re-read explains is reported as drift, not retried as transient.
func TestAnswersThatMeanAlreadyDone(t *testing.T) {
	tests := []struct {
		name      string
		code      string
		action    plan.Action
		want      Outcome
		wantCalls int
		wantIn    string // in the detail
	}{
		{name: "transient FailedOperation on an existing account", code: "FailedOperation.FailedOperationError",
			action: createAccount("i1", "u"), want: Adopted, wantCalls: 1},
		{name: "unknown InvalidParameterValue on an existing account", code: "InvalidParameterValue.AccountExistsError",
			action: createAccount("i1", "u"), want: Adopted, wantCalls: 1, wantIn: "InvalidParameterValue.AccountExistsError"},
		{name: "parameter check on an existing account", code: "InvalidParameter.ParameterCheckError",
			action: createAccount("i1", "u"), want: Adopted, wantCalls: 1},
		{name: "LibraDB description of a missing account", code: "FailedOperation.OperationFailedError",
			action: libraDescription("c1", "gone"), want: Drifted, wantCalls: 1, wantIn: "no longer exists"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				h := newHarness(t)
				h.api.addInstance("i1", "closed")
				h.api.libra["c1"] = map[string]*apiclient.LibraDBAccount{plan.LibraKey("gone", "%"): {AccountName: "gone", Host: "%"}}
				write := tc.action.Kind.APIAction()
				h.api.Hook = func(action string, n int, _ any) (error, bool) {
					if action != write {
						return nil, false
					}
					if tc.action.Kind == plan.ModifyLibraDescription {
						delete(h.api.libra["c1"], plan.LibraKey("gone", "%")) // deleted after the re-check
						return apiError(action, tc.code), false
					}
					return apiError(action, tc.code), true // the account exists: the call "failed"
				}
				got := result(t, h.run(context.Background(), tc.action), tc.action.ID)
				if diff := cmp.Diff([]any{tc.want, tc.wantCalls}, []any{got.Outcome, h.api.count(write)}); diff != "" {
					t.Errorf("[outcome calls] mismatch (-want +got):\n%s\ndetail: %s", diff, got.Detail)
				}
				if !strings.Contains(got.Detail, tc.wantIn) {
					t.Errorf("detail %q, want it to contain %q", got.Detail, tc.wantIn)
				}
			})
		})
	}
}

func libraDescription(cluster, user string) plan.Action {
	desc := "new"
	return plan.Action{ID: "libra." + cluster + "." + user + "#modify_libradb_description", Addr: "libra." + cluster + "." + user,
		Kind: plan.ModifyLibraDescription, Target: plan.Target{ClusterID: cluster, UserName: user, Host: "%"},
		Params: plan.Params{Description: &desc}, Precondition: plan.Precondition{Expect: ""}}
}

// TestCAMAlreadyOnAdoptedWhenNotReported: when DescribeAccounts does not
// report OpenCam, the service's "CAM already on" answer is all there is:
// the action is adopted, not failed as "differs from the plan".
func TestCAMAlreadyOnAdoptedWhenNotReported(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.api.addInstance("i1", "closed", "u")
		h.api.instances["i1"].accounts["u"].OpenCam = nil
		h.api.Hook = failFirst("OpenAccountCAM", 1, "FailedOperation.CheckAccountCAMCloseError", false)
		a := openCAM("i1", "u")
		got := result(t, h.run(context.Background(), a), a.ID)
		if got.Outcome != Adopted || !strings.Contains(got.Detail, "does not report") {
			t.Errorf("outcome = %s (%s), want adopted on the service's answer", got.Outcome, got.Detail)
		}
	})
}

// TestBusyThenDoneIsAdopted: an extranet open answered "busy" because a
// flow opening it started meanwhile is not sent again once the instance is
// free: the re-read shows it opened (the call is never repeated into an
// "already opened" error).
func TestBusyThenDoneIsAdopted(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.api.addInstance("i1", "closed")
		h.api.Hook = func(action string, n int, _ any) (error, bool) {
			if action == "OpenDBExtranetAccess" && n == 1 {
				h.api.mu.Lock()
				in := h.api.instances["i1"]
				in.public, in.target, in.status, in.until = "opening", "opened", "network changing", h.clk.Now().Add(7e9)
				h.api.mu.Unlock()
				return apiError(action, "OperationDenied.InstanceStatusLimitOpError"), false
			}
			return nil, false
		}
		a := openExtranet("i1")
		got := result(t, h.run(context.Background(), a), a.ID)
		if got.Outcome != Adopted || h.api.count("OpenDBExtranetAccess") != 1 {
			t.Errorf("outcome %s (%s) after %d calls, want adopted after 1", got.Outcome, got.Detail, h.api.count("OpenDBExtranetAccess"))
		}
	})
}
