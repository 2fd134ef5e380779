package plan

import "fmt"

// Verdict is the result of re-checking an action against fresh state.
type Verdict int

// Verdicts. The zero Verdict is invalid.
const (
	// Holds: the state the plan relied on is still there; run the action.
	Holds Verdict = iota + 1
	// Done: the object is already in the action's target state (for
	// example created by an earlier, partly failed apply); skip the
	// action and count it as done.
	Done
	// Drifted: the state changed in another way since the plan; do not
	// run the action, report it and plan again.
	Drifted
)

// String returns "holds", "done" or "drifted".
func (v Verdict) String() string {
	switch v {
	case Holds:
		return "holds"
	case Done:
		return "done"
	case Drifted:
		return "drifted"
	}
	return fmt.Sprintf("verdict(%d)", int(v))
}

// PreconditionResult is what CheckPrecondition found.
type PreconditionResult struct {
	Verdict Verdict
	// Detail is one sentence for Done and Drifted ("" for Holds).
	Detail string
}

func holds() PreconditionResult { return PreconditionResult{Verdict: Holds} }

func done(format string, args ...any) PreconditionResult {
	return PreconditionResult{Verdict: Done, Detail: fmt.Sprintf(format, args...)}
}

func drifted(format string, args ...any) PreconditionResult {
	return PreconditionResult{Verdict: Drifted, Detail: fmt.Sprintf(format, args...)}
}

// CheckPrecondition re-evaluates a planned action against freshly observed
// state, right before the executor runs it. It is pure. obs must hold the
// action's instance, group or cluster (with its accounts or networks) as
// read now; an object missing from obs counts as deleted (Drifted).
//
// A create is Done when the object exists as the action would make it:
// an account with the planned type, CAM state (when declared: OpenCAM or
// After["cam"]) and remark; a network with the planned VPC, subnet and
// VIP; a LibraDB account with the planned description. An update is Done
// when the attribute already has the planned value, Holds when it still
// has the value the plan saw (Precondition.Expect), and Drifted otherwise.
func CheckPrecondition(a Action, obs *Observed) PreconditionResult {
	if obs == nil {
		obs = &Observed{}
	}
	switch a.Kind {
	case CreateAccount, ModifyAccountRemark, OpenAccountCAM, CloseAccountCAM:
		return checkAccount(a, obs)
	case OpenExtranet, CloseExtranet:
		return checkExtranet(a, obs)
	case CreateRONetwork:
		return checkNetwork(a, obs)
	case CreateLibraAccount, ModifyLibraDescription:
		return checkLibraAccount(a, obs)
	}
	return drifted("The action kind %s is unknown to this dbplan.", a.Kind)
}

func checkAccount(a Action, obs *Observed) PreconditionResult {
	oi := obs.Instances[a.Target.InstanceID]
	if oi == nil {
		return drifted("Instance %s no longer exists.", a.Target.InstanceID)
	}
	oa := oi.Accounts[a.Target.UserName]
	if a.Kind == CreateAccount {
		if oa == nil {
			return holds()
		}
		switch {
		case oa.Type != "" && oa.Type != a.Params.AccountType:
			return drifted("Account %s now exists with type %s, not %s.", oa.Name, oa.Type, a.Params.AccountType)
		case (a.Params.OpenCAM || a.After["cam"] == "true") && !oa.CAM:
			return drifted("Account %s now exists without CAM verification; plan again to open it.", oa.Name)
		case a.After["cam"] == "false" && oa.CAM:
			// cam = false was declared explicitly (After records it).
			return drifted("Account %s now exists with CAM verification on; plan again to close it.", oa.Name)
		case a.Params.Remark != nil && *a.Params.Remark != oa.Remark:
			return drifted("Account %s now exists with remark %q; plan again to update it.", oa.Name, oa.Remark)
		}
		return done("Account %s already exists as planned.", oa.Name)
	}
	if oa == nil {
		return drifted("Account %s no longer exists on %s.", a.Target.UserName, a.Target.InstanceID)
	}
	switch a.Kind {
	case ModifyAccountRemark:
		want := ""
		if a.Params.Remark != nil {
			want = *a.Params.Remark
		}
		switch oa.Remark {
		case want:
			return done("The remark is already %q.", want)
		case a.Precondition.Expect:
			return holds()
		}
		return drifted("The remark changed to %q since the plan (expected %q).", oa.Remark, a.Precondition.Expect)
	case OpenAccountCAM:
		if oa.CAM {
			return done("CAM verification is already on.")
		}
	case CloseAccountCAM:
		if !oa.CAM {
			return done("CAM verification is already off.")
		}
	}
	return holds()
}

func checkExtranet(a Action, obs *Observed) PreconditionResult {
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

func checkNetwork(a Action, obs *Observed) PreconditionResult {
	og := obs.ROGroups[a.Target.ROGroupID]
	if og == nil {
		return drifted("Read-only group %s no longer exists.", a.Target.ROGroupID)
	}
	for _, o := range og.Networks {
		if !networkMatches(o, a.Params.VpcID, a.Params.SubnetID, a.Params.VIP) {
			continue
		}
		if o.Status == NetOpened || o.Status == "" {
			return done("The group already has network %s.", NetworkName(o))
		}
		return drifted("Network %s is %s now; plan again once it settles.", NetworkName(o), o.Status)
	}
	if n := liveNetworks(og); n >= MaxGroupNetworks {
		return drifted("The group has %d networks now, the most allowed.", n)
	}
	return holds()
}

func checkLibraAccount(a Action, obs *Observed) PreconditionResult {
	oc := obs.LibraClusters[a.Target.ClusterID]
	if oc == nil {
		return drifted("LibraDB cluster %s no longer exists.", a.Target.ClusterID)
	}
	key := LibraKey(a.Target.UserName, a.Target.Host)
	oa := oc.Accounts[key]
	if a.Kind == CreateLibraAccount {
		switch {
		case oa == nil:
			return holds()
		case a.Params.Description != nil && *a.Params.Description != oa.Description:
			return drifted("Account %s now exists with description %q; plan again to update it.", key, oa.Description)
		}
		return done("Account %s already exists as planned.", key)
	}
	if oa == nil {
		return drifted("Account %s no longer exists on %s.", key, a.Target.ClusterID)
	}
	want := ""
	if a.Params.Description != nil {
		want = *a.Params.Description
	}
	switch oa.Description {
	case want:
		return done("The description is already %q.", want)
	case a.Precondition.Expect:
		return holds()
	}
	return drifted("The description changed to %q since the plan (expected %q).", oa.Description, a.Precondition.Expect)
}
