package exec

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/plan"
	"github.com/dbplan/dbplan/internal/quota"
)

// TestEndpointDiesMidApply: once the endpoint stops answering, the run
// stops starting actions and reports them as not started, calls stop
// retrying, and a flow wait ends at once as unconfirmed: nobody spends a
// whole retry budget or polls until -timeout.
func TestEndpointDiesMidApply(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.opts.Parallelism = 4
		// One create per second: the run lasts long enough for the flow's
		// first poll to come while creates are still queued.
		h.opts.Limits = quota.NewSet(h.clk, map[string]float64{"CreateAccount": 1})
		h.opts.Timeout = time.Hour
		h.api.FlowTime = time.Hour
		var dead atomic.Bool
		var after atomic.Int64 // calls after the endpoint died
		h.api.Hook = func(action string, n int, _ any) (error, bool) {
			if action == "DescribeDBInstances" && n == 2 {
				dead.Store(true) // the flow's first poll: the flow was started, some accounts were created
			}
			if dead.Load() {
				after.Add(1)
				return &apiclient.Error{Action: action, Code: apiclient.CodeNetwork, Message: "connection refused", Sent: false}, false
			}
			return nil, false
		}
		h.api.addInstance("i0", "closed")
		actions := []plan.Action{openExtranet("i0")}
		for i := range 40 {
			id := fmt.Sprintf("i%d", i+1)
			h.api.addInstance(id, "closed")
			actions = append(actions, createAccount(id, "u"))
		}
		start := h.clk.Now()
		r := h.run(context.Background(), actions...)

		if !strings.Contains(r.EndpointDown, "stopped answering") {
			t.Errorf("EndpointDown = %q, want the reason the run stopped", r.EndpointDown)
		}
		if got := result(t, r, actions[0].ID); got.Outcome != Unconfirmed {
			t.Errorf("flow = %s (%s), want unconfirmed", got.Outcome, got.Detail)
		}
		if el := h.clk.Now().Sub(start); el > time.Minute {
			t.Errorf("the run took %v of clock time, want it to stop at once (no wait until -timeout)", el)
		}
		notStarted := 0
		for i, a := range r.Actions[1:] {
			key := actions[i+1].Target.InstanceID + "/u"
			switch {
			case a.Outcome == Succeeded:
				if h.api.creates[key] != 1 {
					t.Errorf("%s succeeded but the account was not created", a.ID)
				}
			case a.Outcome == Canceled && strings.Contains(a.Detail, "endpoint stopped answering"):
				notStarted++
				if h.api.creates[key] != 0 {
					t.Errorf("%s reported as not applied, but the account was created", a.ID)
				}
			default:
				t.Errorf("%s = %s (%s), want succeeded, or canceled because the endpoint stopped answering", a.ID, a.Outcome, a.Detail)
			}
		}
		if notStarted < 20 {
			t.Errorf("%d actions reported as not started, want most of the 40", notStarted)
		}
		if n := after.Load(); n > int64(h.opts.Parallelism+DefaultEndpointFailures) {
			t.Errorf("%d calls after the endpoint died, want a handful, not every action's retry budget", n)
		}
	})
}
