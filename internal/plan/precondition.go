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
	// Unknown, with Holds, says the state the action changes is not
	// reported (CAM when DescribeAccounts leaves OpenCam out): only the
	// service's answer tells, so an "already done" answer is to be taken
	// as done.
	Unknown bool
}

func holds() PreconditionResult { return PreconditionResult{Verdict: Holds} }

func done(format string, args ...any) PreconditionResult {
	return PreconditionResult{Verdict: Done, Detail: fmt.Sprintf(format, args...)}
}

func drifted(format string, args ...any) PreconditionResult {
	return PreconditionResult{Verdict: Drifted, Detail: fmt.Sprintf(format, args...)}
}

// checkValue re-checks the update of a text attribute: Done when it has
// the planned value already, Holds when it still has the value the plan
// saw (expect), Drifted otherwise.
func checkValue(what, observed, want, expect string) PreconditionResult {
	switch observed {
	case want:
		return done("The %s is already %q.", what, want)
	case expect:
		return holds()
	}
	return drifted("The %s changed to %q since the plan (expected %q).", what, observed, expect)
}

// CheckPrecondition re-evaluates a planned action against freshly observed
// state, right before the executor runs it. It is pure. obs must hold what
// the kind's Spec.Object says is re-read (the instance with its accounts,
// the instance, the group with its networks, the cluster with its
// accounts) as read now; an object missing from obs counts as deleted
// (Drifted).
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
	s := a.Kind.Spec()
	if s == nil {
		return drifted("The action kind %s is unknown to this dbplan.", a.Kind)
	}
	return s.Check(&a, obs)
}

// FlowOf classifies the observed state of an async action's object while
// its flow runs, with a short description of that state (FlowOther for a
// synchronous or unknown kind).
func FlowOf(a *Action, obs *Observed) (FlowState, string) {
	s := a.Kind.Spec()
	if s == nil || s.Flow == nil || obs == nil {
		return FlowOther, "unknown"
	}
	return s.Flow(a, obs)
}
