package exec

import (
	"context"
	"errors"
	"fmt"

	"github.com/dbplan/dbplan/internal/plan"
	"github.com/dbplan/dbplan/internal/retry"
)

// awaitFlow polls until a's flow completes, fails, or Options.Timeout
// passes (→ unconfirmed). adopted says the call itself was reconciled.
func (x *executor) awaitFlow(ctx context.Context, api API, a *plan.Action, adopted bool, res *ActionResult) {
	deadline := x.o.Clock.Now().Add(x.o.Timeout)
	flow := fmt.Sprintf("flow %d", res.FlowID)
	if res.FlowID == 0 {
		flow = "the flow"
	}
	var lastErr error
	unconfirmed := func(why error) {
		res.Outcome, res.Err = Unconfirmed, ErrorInfoOf(lastErr)
		res.Detail = fmt.Sprintf("Started %s, but its completion was not seen (%v); plan again to check.", flow, why)
	}
	for polls := 1; ; polls++ {
		at, err := x.nextTick(deadline)
		if err != nil {
			unconfirmed(err)
			return
		}
		wctx, cancel := x.waitCtx(ctx)
		obs, err := x.reads.observe(wctx, api, a, at)
		cancel()
		switch {
		case x.stop.Err() != nil:
			unconfirmed(errInterrupted)
			return
		case ctx.Err() != nil:
			unconfirmed(ctx.Err())
			return
		case errors.Is(err, retry.ErrEndpointDown):
			lastErr = err
			unconfirmed(err)
			return
		case err != nil:
			lastErr = err
			continue
		}
		state, desc := plan.FlowOf(a, obs)
		switch state {
		case plan.FlowDone:
			res.Outcome, res.Detail = Succeeded, fmt.Sprintf("Completed %s.", flow)
			if adopted {
				res.Outcome = Adopted
				res.Detail = fmt.Sprintf("The response was lost, but a re-read showed the change under way; it completed (%s).", flow)
			}
			return
		case plan.FlowRunning:
			continue
		case plan.FlowOld:
			if polls <= x.o.GracePolls {
				continue
			}
			res.Outcome = Failed
			res.Detail = fmt.Sprintf("The call was accepted (%s), but %d polls later nothing has changed; the flow probably failed.", flow, polls)
			return
		default:
			res.Outcome = Failed
			res.Detail = fmt.Sprintf("While waiting for %s the object changed in another way: %s.", flow, desc)
			return
		}
	}
}
