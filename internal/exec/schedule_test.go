package exec

import (
	"context"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/google/go-cmp/cmp"

	"github.com/dbplan/dbplan/internal/plan"
)

func TestDependencySkipping(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.api.addInstance("i1", "closed")
		bad := createAccount("i1", "bad")
		bad.Params.AccountType = "tencentDBSuper"
		h.api.Hook = func(action string, _ int, req any) (error, bool) {
			if action == "CreateAccount" && req.(apiclientCreate).UserName == "bad" {
				return apiError(action, "OperationDenied.KernelVersionError"), false
			}
			return nil, false
		}
		camBad := openCAM("i1", "bad", bad.ID)
		ext := openExtranet("i1", camBad.ID, "pg.i1.account.good#create_account")
		good := createAccount("i1", "good")
		camGood := openCAM("i1", "good", good.ID)
		r := h.run(context.Background(), bad, camBad, ext, good, camGood)

		want := map[string]Outcome{
			bad.ID: Failed, camBad.ID: Skipped, ext.ID: Skipped,
			good.ID: Succeeded, camGood.ID: Succeeded,
		}
		if diff := cmp.Diff(want, outcomes(r)); diff != "" {
			t.Errorf("outcomes mismatch (-want +got):\n%s", diff)
		}
		if got := result(t, r, bad.ID).Err; got == nil || got.Code != "OperationDenied.KernelVersionError" || got.Hint == "" || got.RequestID == "" {
			t.Errorf("failed action error = %+v, want code, request id and hint", got)
		}
		if d := result(t, r, ext.ID).Detail; !strings.Contains(d, camBad.ID) {
			t.Errorf("skipped detail = %q, want it to name the dependency %s", d, camBad.ID)
		}
		if got := h.api.count("OpenDBExtranetAccess"); got != 0 {
			t.Errorf("OpenDBExtranetAccess calls = %d, want 0 (skipped)", got)
		}
		if r.AllOK() || r.Count(Skipped) != 2 {
			t.Errorf("AllOK() = %v, skipped = %d; want false, 2", r.AllOK(), r.Count(Skipped))
		}
		if len(h.rec.finished) != 5 || h.rec.total != 5 || h.rec.report != r {
			t.Errorf("observer saw %d finished of %d, report %p; want 5 of 5 and the report", len(h.rec.finished), h.rec.total, h.rec.report)
		}
	})
}

func TestFailFast(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.api.addInstance("i1", "closed")
		h.opts.Parallelism = 1
		h.opts.FailFast = true
		h.api.Hook = func(action string, _ int, req any) (error, bool) {
			if action == "CreateAccount" && req.(apiclientCreate).UserName == "a" {
				return apiError(action, "InvalidParameterValue.InvalidPasswordValueError"), false
			}
			return nil, false
		}
		r := h.run(context.Background(), createAccount("i1", "a"), createAccount("i1", "b"), createAccount("i1", "c"))
		want := map[string]Outcome{
			"pg.i1.account.a#create_account": Failed,
			"pg.i1.account.b#create_account": Canceled,
			"pg.i1.account.c#create_account": Canceled,
		}
		if diff := cmp.Diff(want, outcomes(r)); diff != "" {
			t.Errorf("outcomes mismatch (-want +got):\n%s", diff)
		}
		if !r.StoppedEarly || r.Interrupted {
			t.Errorf("StoppedEarly, Interrupted = %v, %v; want true, false", r.StoppedEarly, r.Interrupted)
		}
	})
}

func TestWithoutFailFastSiblingsRun(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.api.addInstance("i1", "closed")
		h.opts.Parallelism = 1
		h.api.Hook = func(action string, _ int, req any) (error, bool) {
			if action == "CreateAccount" && req.(apiclientCreate).UserName == "a" {
				return apiError(action, "InvalidParameterValue.InvalidPasswordValueError"), false
			}
			return nil, false
		}
		r := h.run(context.Background(), createAccount("i1", "a"), createAccount("i1", "b"))
		if got := r.Count(Succeeded); got != 1 {
			t.Errorf("succeeded = %d, want 1 (a failure does not cancel siblings)", got)
		}
	})
}

func TestInvalidPlans(t *testing.T) {
	a := createAccount("i1", "a")
	b := createAccount("i1", "b", a.ID)
	tests := map[string][]plan.Action{
		"unknown dependency": {createAccount("i1", "x", "nope")},
		"duplicate id":       {a, a},
		"cycle":              {func() plan.Action { c := a; c.DependsOn = []string{b.ID}; return c }(), b},
		"unknown kind":       {func() plan.Action { c := a; c.Kind = plan.Kind(999); return c }()},
	}
	for name, actions := range tests {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				h := newHarness(t)
				if _, err := Run(context.Background(), &plan.Plan{Actions: actions}, h.opts); err == nil {
					t.Error("Run() = nil error, want the plan rejected")
				}
			})
		})
	}
	if _, err := Run(context.Background(), &plan.Plan{}, Options{}); err == nil {
		t.Error("Run() without clients = nil error")
	}
}

func TestEmptyPlan(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		r := h.run(context.Background())
		if !r.AllOK() || len(r.Actions) != 0 {
			t.Errorf("empty plan report = %+v, want all OK and no actions", r)
		}
	})
}

func TestReadyQueueServesLeastBusyBucket(t *testing.T) {
	actions := []plan.Action{createAccount("i1", "a"), createAccount("i1", "b"), openCAM("i1", "c"), openCAM("i1", "d")}
	q := newReadyQueue(actions, 50, nil)
	for i := range actions {
		q.push(i)
	}
	var got []int
	for {
		_, unit := q.pick()
		if unit == nil {
			break
		}
		got = append(got, unit...)
	}
	// a (CreateAccount), then c (OpenAccountCAM has nothing in flight),
	// then b, then d.
	if diff := cmp.Diff([]int{0, 2, 1, 3}, got); diff != "" {
		t.Errorf("pick order mismatch (-want +got):\n%s", diff)
	}
}
