package exec

import (
	"context"
	"testing"
	"testing/synctest"
	"time"
)

func TestCancelMidRun(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.api.addInstance("i1", "closed")
		h.opts.Parallelism = 1
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		h.api.Hook = func(action string, n int, _ any) (error, bool) {
			if action == "CreateAccount" && n == 1 {
				cancel() // the interrupt arrives while the first call is in flight
			}
			return nil, false
		}
		a, b, c := createAccount("i1", "a"), createAccount("i1", "b"), createAccount("i1", "c")
		r := h.run(ctx, a, b, c)
		want := map[string]Outcome{a.ID: Succeeded, b.ID: Canceled, c.ID: Canceled}
		for id, o := range want {
			if got := result(t, r, id).Outcome; got != o {
				t.Errorf("%s outcome = %s, want %s", id, got, o)
			}
		}
		if !r.Interrupted {
			t.Error("Interrupted = false")
		}
		if n := h.api.count("CreateAccount"); n != 1 {
			t.Errorf("CreateAccount calls = %d, want 1", n)
		}
	})
}

func TestInterruptStopsFlowWaitAsUnconfirmed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.api.FlowTime = time.Hour
		h.api.addInstance("i1", "closed")
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		h.api.Hook = func(action string, _ int, _ any) (error, bool) {
			if action == "DescribeDBInstances" && h.api.count("OpenDBExtranetAccess") == 1 {
				cancel()
			}
			return nil, false
		}
		a := openExtranet("i1")
		got := result(t, h.run(ctx, a), a.ID)
		if got.Outcome != Unconfirmed {
			t.Errorf("outcome = %s (%s), want unconfirmed", got.Outcome, got.Detail)
		}
	})
}

func TestGraceCutsOffCallsInFlight(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.api.addInstance("i1", "closed")
		h.opts.Grace = 5 * time.Second
		h.opts.Policy.MaxElapsed = time.Hour
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		// The call keeps being throttled; after the interrupt it may retry
		// only for the grace.
		h.api.Hook = func(action string, n int, _ any) (error, bool) {
			if action == "CreateAccount" {
				if n == 2 {
					cancel()
				}
				return apiError(action, "RequestLimitExceeded"), false
			}
			return nil, false
		}
		a := createAccount("i1", "a")
		got := result(t, h.run(ctx, a), a.ID)
		if got.Outcome != Canceled {
			t.Errorf("outcome = %s (%s), want canceled", got.Outcome, got.Detail)
		}
	})
}
