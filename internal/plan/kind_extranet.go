package plan

import (
	"context"
	"fmt"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/secret"
)

// The public access kinds: asynchronous flows that lock the instance.

var openExtranetSpec = Spec{
	Name: "open_extranet", API: "OpenDBExtranetAccess", Effect: EffectUpdate, Object: ObjectPublicAccess,
	Risks: []string{RiskPublicExposure}, Async: true, Check: checkExtranet, Flow: extranetFlow, Implied: impliedExtranet(true),
	Send: func(ctx context.Context, w Writer, a *Action, _ secret.Value) (int64, error) {
		return flowSend(w.OpenDBExtranetAccess(ctx, apiclient.OpenDBExtranetAccessRequest{
			DBInstanceId: a.Target.InstanceID, IsIpv6: ipv6(a.Params.IPv6)}))
	},
}

var closeExtranetSpec = Spec{
	Name: "close_extranet", API: "CloseDBExtranetAccess", Effect: EffectUpdate, Object: ObjectPublicAccess,
	Async: true, Check: checkExtranet, Flow: extranetFlow, Implied: impliedExtranet(false),
	Send: func(ctx context.Context, w Writer, a *Action, _ secret.Value) (int64, error) {
		return flowSend(w.CloseDBExtranetAccess(ctx, apiclient.CloseDBExtranetAccessRequest{
			DBInstanceId: a.Target.InstanceID, IsIpv6: ipv6(a.Params.IPv6)}))
	},
}

// impliedExtranet: the configuration enables (open) or disables (close)
// public access of the declared family on the declared instance.
func impliedExtranet(open bool) func(a *Action, d *Declared) error {
	return func(a *Action, d *Declared) error {
		if err := impliedInstance(a, d); err != nil {
			return err
		}
		if d.Extranet.Enabled != open {
			return fmt.Errorf("the configuration sets enabled = %v", d.Extranet.Enabled)
		}
		if err := sameParams(a.Params, Params{IPv6: d.Extranet.IPv6}); err != nil {
			return err
		}
		return impliedPassword(a, false, "")
	}
}

func ipv6(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// checkExtranet re-checks an open or close of public access.
func checkExtranet(a *Action, obs *Observed) PreconditionResult {
	oi := obs.Instances[a.Target.InstanceID]
	if oi == nil {
		return drifted("Instance %s no longer exists.", a.Target.InstanceID)
	}
	_, family, state := publicState(oi, a.Params.IPv6)
	open := a.Kind == OpenExtranet
	switch {
	case open && state == NetOpened, !open && publicClosed(state):
		return done("Public %s access is already %s.", family, expectState(state))
	case open && publicClosed(state), !open && state == NetOpened:
		return holds()
	}
	return drifted("Public %s access is %s now (planned from %s); plan again once it settles.", family, expectState(state), a.Precondition.Expect)
}

// extranetFlow classifies the public network state while an open or close
// flow runs.
func extranetFlow(a *Action, obs *Observed) (FlowState, string) {
	oi := obs.Instances[a.Target.InstanceID]
	if oi == nil {
		return FlowOther, "the instance no longer exists"
	}
	_, family, state := publicState(oi, a.Params.IPv6)
	desc := "public " + family + " access is " + state
	open := a.Kind == OpenExtranet
	switch {
	case open && state == NetOpened, !open && publicClosed(state):
		return FlowDone, desc
	case open && state == NetOpening, !open && state == NetClosing:
		return FlowRunning, desc
	case open && publicClosed(state), !open && state == NetOpened:
		return FlowOld, desc
	}
	return FlowOther, desc
}
