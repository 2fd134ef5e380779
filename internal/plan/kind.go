package plan

import (
	"context"
	"fmt"

	"github.com/dbplan/dbplan/internal/secret"
)

// Kind says what an action does. Everything dbplan knows about a kind is
// its Spec, one entry of one table: its stable name, the API action it
// calls (which is also its quota bucket), its effect, the object it acts
// on, whether it starts a flow or is batched, how to re-check it and how
// to call it. Adding a kind is adding a constant, its Spec and, for a new
// API action, the Writer method that sends it.
type Kind int

// The action kinds. The zero Kind is invalid. The order is the order of
// kinds in summaries; new kinds go at the end, so saved numbers never
// change meaning (plan files store the Name, not the number).
const (
	CreateAccount Kind = iota + 1
	ModifyAccountRemark
	OpenAccountCAM
	CloseAccountCAM
	OpenExtranet
	CloseExtranet
	CreateRONetwork
	CreateLibraAccount
	ModifyLibraDescription
	LockAccount
	UnlockAccount
	DeleteAccount
	DeleteRONetwork
	DeleteLibraAccount
	ResetAccountPassword
	RefreshAccountPassword
	ResetLibraPassword
	ModifyPrivileges
	ChangeAccountType
	ModifyLibraPrivileges
)

// specs is the kind table. A Kind indexes it; index 0 is the invalid kind.
var specs = [...]*Spec{
	CreateAccount:          &createAccountSpec,
	ModifyAccountRemark:    &modifyRemarkSpec,
	OpenAccountCAM:         &openCAMSpec,
	CloseAccountCAM:        &closeCAMSpec,
	OpenExtranet:           &openExtranetSpec,
	CloseExtranet:          &closeExtranetSpec,
	CreateRONetwork:        &createNetworkSpec,
	CreateLibraAccount:     &createLibraSpec,
	ModifyLibraDescription: &modifyLibraDescriptionSpec,
	LockAccount:            &lockAccountSpec,
	UnlockAccount:          &unlockAccountSpec,
	DeleteAccount:          &deleteAccountSpec,
	DeleteRONetwork:        &deleteNetworkSpec,
	DeleteLibraAccount:     &deleteLibraSpec,
	ResetAccountPassword:   &resetPasswordSpec,
	RefreshAccountPassword: &refreshPasswordSpec,
	ResetLibraPassword:     &resetLibraPasswordSpec,
	ModifyPrivileges:       &modifyPrivilegesSpec,
	ChangeAccountType:      &changeAccountTypeSpec,
	ModifyLibraPrivileges:  &modifyLibraPrivilegesSpec,
}

// Spec states everything about one action kind. Specs are fixed at build
// time and shared: never modify one.
//
// A Spec holds the shape of the kind's call (Send, SendBatch) but plan
// never calls: the executor passes its Writer and decides when and how
// often (quota, retries, re-checks). Everything else in a Spec is pure.
type Spec struct {
	// Name is the kind's stable snake_case name, used in plan files and
	// JSON output.
	Name string
	// API is the Tencent Cloud API action the kind calls. It is also the
	// rate-limit bucket (quota.Default(API)) and what views show.
	API string
	// Effect is how the kind changes the world (+, ~ or -).
	Effect Effect
	// Object is what the kind acts on, and so what the executor re-reads
	// to re-check it, confirm an ambiguous answer or poll its flow.
	Object Object
	// Async says the call starts a flow (FlowId/TaskId) whose completion
	// the executor awaits by polling Flow.
	Async bool
	// Risks are the reviewer call-outs (Risk* constants) every action of
	// the kind carries; Build adds conditional ones (a superuser create).
	Risks []string
	// BatchMax > 1 says ready actions of this kind on one parent object
	// (a LibraDB cluster, a PostgreSQL account: see Action.BatchKey) go
	// together in one SendBatch call carrying at most BatchMax entries
	// (the API's documented limit per call).
	BatchMax int
	// BatchWeight is how many of a batch's BatchMax entries an action
	// takes (nil: one).
	BatchWeight func(a *Action) int
	// Check re-evaluates a planned action against freshly observed state
	// (see CheckPrecondition, which is the way to call it).
	Check func(a *Action, obs *Observed) PreconditionResult
	// Flow classifies the observed state of an async action's object while
	// its flow runs, with a short description of that state. Nil for
	// synchronous kinds.
	Flow func(a *Action, obs *Observed) (FlowState, string)
	// Implied says whether the configuration implies a saved action of
	// this kind: given the action and what the configuration declares at
	// its address (resolved, and of this kind's Object), it returns nil,
	// or an error saying which target or parameter the configuration does
	// not give (see CheckImplied, the way to call it). It sees only the
	// configuration: whether the cloud's state calls for the action is
	// re-checked by Check right before the call.
	Implied func(a *Action, d *Declared) error
	// Send makes one attempt of the kind's call for one action. pw is the
	// password when the action NeedsPassword (revealed only on the wire).
	// It returns the flow id of async kinds.
	Send func(ctx context.Context, w Writer, a *Action, pw secret.Value) (flowID int64, err error)
	// SendBatch makes one attempt of the call for several actions of one
	// parent (BatchMax > 1 only); pws[i] is the password of as[i].
	SendBatch func(ctx context.Context, w Writer, as []*Action, pws []secret.Value) error
}

// Spec returns the kind's Spec, or nil for an invalid kind.
func (k Kind) Spec() *Spec {
	if k > 0 && int(k) < len(specs) {
		return specs[k]
	}
	return nil
}

// Kinds returns every valid kind, in table order.
func Kinds() []Kind {
	ks := make([]Kind, 0, len(specs)-1)
	for k := Kind(1); int(k) < len(specs); k++ {
		ks = append(ks, k)
	}
	return ks
}

// String returns the kind's stable snake_case name (Spec.Name).
func (k Kind) String() string {
	if s := k.Spec(); s != nil {
		return s.Name
	}
	return fmt.Sprintf("kind(%d)", int(k))
}

// ParseKind is the inverse of Kind.String.
func ParseKind(s string) (Kind, bool) {
	for _, k := range Kinds() {
		if k.Spec().Name == s {
			return k, true
		}
	}
	return 0, false
}

// BatchKey identifies the parent object whose actions of one batched kind
// may share a call: the LibraDB cluster, or the PostgreSQL account of
// privilege actions ("" for other objects).
func (a *Action) BatchKey() string {
	t := a.Target
	switch a.Kind.Spec().Object {
	case ObjectLibraAccount:
		return t.Provider + "\x00" + t.Region + "\x00" + t.ClusterID
	case ObjectPrivileges:
		return t.Provider + "\x00" + t.Region + "\x00" + t.InstanceID + "\x00" + t.UserName
	}
	return ""
}

// BatchWeight returns how many entries of a batched call a takes
// (Spec.BatchWeight, default 1).
func (a *Action) BatchWeight() int {
	if s := a.Kind.Spec(); s != nil && s.BatchWeight != nil {
		return s.BatchWeight(a)
	}
	return 1
}

// Effect returns the kind's Spec.Effect (0 for an invalid kind).
func (k Kind) Effect() Effect {
	if s := k.Spec(); s != nil {
		return s.Effect
	}
	return 0
}

// APIAction returns the Tencent API action the kind calls (Spec.API; ""
// for an invalid kind).
func (k Kind) APIAction() string {
	if s := k.Spec(); s != nil {
		return s.API
	}
	return ""
}

// Async reports whether the kind starts a flow whose completion must be
// awaited (Spec.Async).
func (k Kind) Async() bool {
	s := k.Spec()
	return s != nil && s.Async
}

// Risk call-outs for reviewers (Action.Risks, Spec.Risks). The views
// present each one (a label, and a call-out in Markdown).
const (
	RiskPublicExposure = "public_exposure"
	RiskSuperuser      = "superuser"
	RiskCAM            = "cam"
	// RiskDeletes marks a delete: an account or a network is removed.
	RiskDeletes = "deletes"
	// RiskRemovesAccess marks an action after which an account can no
	// longer connect although it still exists: a lock.
	RiskRemovesAccess = "removes_access"
	// RiskPasswordReset marks a password reset or refresh: clients still
	// using the old password can no longer sign in.
	RiskPasswordReset = "password_reset"
)

// Effect is how a kind changes the world, for the +/~/- symbols and the
// summary counts.
type Effect int

// Effects.
const (
	EffectCreate Effect = iota + 1
	EffectUpdate
	EffectDelete
)

// String returns "create", "update" or "delete", the effect's name in
// JSON output.
func (e Effect) String() string {
	switch e {
	case EffectCreate:
		return "create"
	case EffectUpdate:
		return "update"
	case EffectDelete:
		return "delete"
	}
	return fmt.Sprintf("effect(%d)", int(e))
}

// Object is the kind of cloud object an action acts on. It says what the
// executor reads to re-check an action, what a busy answer waits on, and
// how actions order (see addDependencies).
type Object int

// Objects.
const (
	// ObjectAccount is a PostgreSQL account: re-read with the instance's
	// DescribeAccounts. Account calls are quick, synchronous, and refused
	// while a flow locks the instance.
	ObjectAccount Object = iota + 1
	// ObjectPublicAccess is an instance's public access: re-read with
	// DescribeDBInstances. Its flows lock the instance.
	ObjectPublicAccess
	// ObjectRONetwork is a network of a read-only group: re-read with
	// DescribeReadOnlyGroups of the master. Its flows lock the group, so
	// the group's network actions run one after the other.
	ObjectRONetwork
	// ObjectLibraAccount is a LibraDB account: re-read with the cluster's
	// DescribeLibraDBClusterAccounts.
	ObjectLibraAccount
	// ObjectPrivileges is what a PostgreSQL account holds on one object:
	// re-read with DescribeAccountPrivileges, one call for the objects of
	// every action on the same account read at the same time. Its calls
	// are account calls, refused while a flow locks the instance.
	ObjectPrivileges
	// ObjectLibraPrivileges is every privilege of a LibraDB account:
	// re-read with DescribeLibraDBClusterAccountAllPrivileges.
	ObjectLibraPrivileges
)

// FlowState is what one poll says about an async action's object.
type FlowState int

// Flow states.
const (
	// FlowOld: the object still shows the state before the call.
	FlowOld FlowState = iota
	// FlowRunning: the change is under way (opening, closing, modifying).
	FlowRunning
	// FlowDone: the target state holds.
	FlowDone
	// FlowOther: anything else (object gone, moved the other way).
	FlowOther
)
