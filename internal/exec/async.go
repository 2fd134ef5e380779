package exec

import (
	"context"
	"fmt"

	"github.com/dbplan/dbplan/internal/plan"
)

// flowState is what a poll says about an async action.
type flowState int

const (
	// flowOld: the object still shows the state before the call.
	flowOld flowState = iota
	// flowRunning: the change is under way (opening, closing, modifying).
	flowRunning
	// flowDone: the target state holds.
	flowDone
	// flowOther: anything else (object gone, moved the other way).
	flowOther
)

// flowStateOf classifies the observed state of a's object.
func flowStateOf(a *plan.Action, obs *plan.Observed) flowState {
	switch a.Kind {
	case plan.OpenExtranet, plan.CloseExtranet:
		oi := obs.Instances[a.Target.InstanceID]
		if oi == nil {
			return flowOther
		}
		state := oi.PublicIPv4
		if a.Params.IPv6 {
			state = oi.PublicIPv6
		}
		closed := state == plan.NetClosed || state == plan.NetIniting || state == ""
		open := a.Kind == plan.OpenExtranet
		switch {
		case open && state == plan.NetOpened, !open && closed:
			return flowDone
		case open && state == plan.NetOpening, !open && state == plan.NetClosing:
			return flowRunning
		case open && closed, !open && state == plan.NetOpened:
			return flowOld
		}
		return flowOther
	case plan.CreateRONetwork:
		og := obs.ROGroups[a.Target.ROGroupID]
		if og == nil {
			return flowOther
		}
		for _, n := range og.Networks {
			if n.VpcID != a.Params.VpcID || n.SubnetID != a.Params.SubnetID || (a.Params.VIP != "" && n.VIP != a.Params.VIP) {
				continue
			}
			switch {
			case (n.Status == plan.NetOpened || n.Status == "") && (og.Status == "ok" || og.Status == ""):
				return flowDone
			case n.Status == plan.NetOpened, n.Status == plan.NetOpening, n.Status == plan.NetIniting:
				return flowRunning
			}
			return flowOther
		}
		if og.Status == "modifying" {
			return flowRunning
		}
		return flowOld
	}
	return flowOther
}

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
		case err != nil:
			lastErr = err
			continue
		}
		switch flowStateOf(a, obs) {
		case flowDone:
			res.Outcome, res.Detail = Succeeded, fmt.Sprintf("Completed %s.", flow)
			if adopted {
				res.Outcome = Adopted
				res.Detail = fmt.Sprintf("The response was lost, but a re-read showed the change under way; it completed (%s).", flow)
			}
			return
		case flowRunning:
			continue
		case flowOld:
			if polls <= x.o.GracePolls {
				continue
			}
			res.Outcome = Failed
			res.Detail = fmt.Sprintf("The call was accepted (%s), but %d polls later nothing has changed; the flow probably failed.", flow, polls)
			return
		default:
			res.Outcome = Failed
			res.Detail = fmt.Sprintf("While waiting for %s the object changed in another way: %s.", flow, describeState(a, obs))
			return
		}
	}
}

// describeState is a short text of the observed state of a's object.
func describeState(a *plan.Action, obs *plan.Observed) string {
	switch a.Kind {
	case plan.OpenExtranet, plan.CloseExtranet:
		oi := obs.Instances[a.Target.InstanceID]
		if oi == nil {
			return "the instance no longer exists"
		}
		if a.Params.IPv6 {
			return "public IPv6 access is " + oi.PublicIPv6
		}
		return "public IPv4 access is " + oi.PublicIPv4
	case plan.CreateRONetwork:
		og := obs.ROGroups[a.Target.ROGroupID]
		if og == nil {
			return "the read-only group no longer exists"
		}
		return "the group is " + og.Status
	}
	return "unknown"
}
