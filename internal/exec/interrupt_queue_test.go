package exec

import (
	"context"
	"fmt"
	"testing"
	"testing/synctest"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/plan"
)

// TestInterruptCancelsActionsWaitingForTheLimiter: actions that hold a
// worker but have not sent their call (waiting for a rate-limit token)
// must not send it after the first Ctrl-C; only calls already in flight
// finish. With 64 workers and a 20/s quota, a Ctrl-C otherwise still let
// up to 64 creates go out over the next three seconds.
func TestInterruptCancelsActionsWaitingForTheLimiter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.opts.Parallelism = 8
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var acts []plan.Action
		for i := range 8 {
			id := fmt.Sprintf("i%d", i)
			h.api.addInstance(id, "closed")
			acts = append(acts, createAccount(id, "a"))
		}
		h.api.Hook = func(action string, n int, _ any) (error, bool) {
			if action == "DescribeAccounts" && n == 1 {
				cancel() // the interrupt arrives during the first pre-check read
			}
			return nil, false
		}
		r := h.run(ctx, acts...)
		// No create was sent before the interrupt, so none may be sent after
		// it (one racing the interrupt inside the fake API is tolerated).
		if n, ok := h.api.count("CreateAccount"), r.Count(Succeeded); n != ok {
			t.Errorf("CreateAccount calls = %d, want one per succeeded action (%d)", n, ok)
		}
		if got := r.Count(Canceled); got < 7 || got+r.Count(Succeeded) != 8 {
			for _, a := range r.Actions {
				t.Logf("%s: %s %s", a.ID, a.Outcome, a.Detail)
			}
			t.Errorf("canceled actions = %d, want at least 7 and the rest succeeded", got)
		}
		if !r.Interrupted {
			t.Error("Interrupted = false")
		}
	})
}

// TestInterruptCancelsLibraBatchesNotSent: the same for batched LibraDB
// creates of other clusters waiting for their token.
func TestInterruptCancelsLibraBatchesNotSent(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.opts.Parallelism = 8
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var acts []plan.Action
		for i := range 6 {
			c := fmt.Sprintf("c%d", i)
			h.api.libra[c] = map[string]*apiclient.LibraDBAccount{"root@%": {AccountName: "root", Host: "%"}}
			acts = append(acts, libraCreate(c, "a"), libraCreate(c, "b"))
		}
		h.api.Hook = func(action string, n int, _ any) (error, bool) {
			if action == "DescribeLibraDBClusterAccounts" && n == 1 {
				cancel()
			}
			return nil, false
		}
		r := h.run(ctx, acts...)
		if n, ok := h.api.count("CreateLibraDBClusterAccounts"), r.Count(Succeeded)/2; n != ok {
			t.Errorf("CreateLibraDBClusterAccounts calls = %d, want one per succeeded batch (%d)", n, ok)
		}
		if got := r.Count(Canceled); got < 10 || got+r.Count(Succeeded) != 12 {
			for _, a := range r.Actions {
				t.Logf("%s: %s %s", a.ID, a.Outcome, a.Detail)
			}
			t.Errorf("canceled actions = %d, want at least 10 and the rest succeeded", got)
		}
	})
}
