package plan

import "fmt"

// Kind says what an action does. Each kind maps to exactly one API call
// (LibraDB creates are batched per cluster by the executor).
type Kind int

// The action kinds. The zero Kind is invalid.
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
)

var kindNames = [...]string{
	CreateAccount:          "create_account",
	ModifyAccountRemark:    "modify_account_remark",
	OpenAccountCAM:         "open_account_cam",
	CloseAccountCAM:        "close_account_cam",
	OpenExtranet:           "open_extranet",
	CloseExtranet:          "close_extranet",
	CreateRONetwork:        "create_ro_network",
	CreateLibraAccount:     "create_libradb_account",
	ModifyLibraDescription: "modify_libradb_account_description",
}

// String returns the kind's stable snake_case name, used in plan files and
// JSON output.
func (k Kind) String() string {
	if k > 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", int(k))
}

// ParseKind is the inverse of Kind.String.
func ParseKind(s string) (Kind, bool) {
	for k, n := range kindNames {
		if n == s && k > 0 {
			return Kind(k), true
		}
	}
	return 0, false
}

// Effect is how a kind changes the world, for the +/~/- symbols and the
// summary counts.
type Effect int

// Effects.
const (
	EffectCreate Effect = iota + 1
	EffectUpdate
	EffectDelete
)

// Effect returns the kind's effect: creates add an object, everything else
// changes an existing one. dbplan never deletes.
func (k Kind) Effect() Effect {
	switch k {
	case CreateAccount, CreateRONetwork, CreateLibraAccount:
		return EffectCreate
	default:
		return EffectUpdate
	}
}

// APIAction returns the Tencent API action the kind calls.
func (k Kind) APIAction() string {
	switch k {
	case CreateAccount:
		return "CreateAccount"
	case ModifyAccountRemark:
		return "ModifyAccountRemark"
	case OpenAccountCAM:
		return "OpenAccountCAM"
	case CloseAccountCAM:
		return "CloseAccountCAM"
	case OpenExtranet:
		return "OpenDBExtranetAccess"
	case CloseExtranet:
		return "CloseDBExtranetAccess"
	case CreateRONetwork:
		return "CreateReadOnlyGroupNetworkAccess"
	case CreateLibraAccount:
		return "CreateLibraDBClusterAccounts"
	case ModifyLibraDescription:
		return "ModifyLibraDBClusterAccountDescription"
	}
	return ""
}

// Async reports whether the kind starts a flow (FlowId/TaskId) whose
// completion must be awaited.
func (k Kind) Async() bool {
	return k == OpenExtranet || k == CloseExtranet || k == CreateRONetwork
}

// Target is the API coordinates of the object an action touches. Only the
// fields relevant to the kind are set.
type Target struct {
	Provider   string // config provider name
	Region     string
	InstanceID string // postgres instance (account and extranet kinds)
	ROGroupID  string
	// MasterInstanceID of the RO group (needed to read the group back).
	MasterInstanceID string
	ClusterID        string
	UserName         string // postgres account or LibraDB account name
	Host             string // LibraDB account host
}

// Params are the desired values an action sends. Secrets are never here:
// the executor takes passwords from the configuration at apply time
// (Action.NeedsPassword, Action.SecretAddr).
type Params struct {
	AccountType        string // CreateAccount Type
	Remark             *string
	OpenCAM            bool // CreateAccount OpenCam
	IPv6               bool // extranet IsIpv6
	VpcID              string
	SubnetID           string
	VIP                string // "" = auto-assign
	Description        *string
	MaxUserConnections *int64
}

// Action is one planned change. Actions are plain values; Reason and Risks
// are for the UI only and never drive apply behaviour.
type Action struct {
	// ID is unique within a plan: Addr + "#" + Kind.String().
	ID string
	// Addr is the address of the object acted on, e.g.
	// "postgres_instance.orders.account.app_user".
	Addr   string
	Kind   Kind
	Target Target
	Params Params
	// Before and After are the observed and desired values that differ,
	// keyed by attribute name and rendered as HCL literals (`"text"`,
	// `true`); a password that will be sent appears in After as the bare
	// marker secret.Redacted. Before is empty for creates. They never hold
	// secrets.
	Before map[string]string
	After  map[string]string
	// Reason explains the action in one sentence (UI only).
	Reason string
	// Risks are call-outs for reviewers, e.g. "public_exposure",
	// "superuser", "cam" (UI only).
	Risks []string
	// Range is where the declaring block is.
	Range Range
	// Precondition is the observed state the action relies on; the
	// executor re-checks it (CheckPrecondition) right before running.
	Precondition Precondition
	// DependsOn lists the IDs of actions that must succeed first.
	DependsOn []string
	// NeedsPassword says the call sends the password of the account at
	// SecretAddr; apply fails the action if it is unavailable then.
	NeedsPassword bool
	// SecretAddr is the config address whose password is needed.
	SecretAddr string
}

// Range is a source location that survives a plan file round trip.
type Range struct {
	Filename string `json:"filename"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
}

// String returns "file:line".
func (r Range) String() string {
	if r.Filename == "" {
		return ""
	}
	return fmt.Sprintf("%s:%d", r.Filename, r.Line)
}

// Precondition is the observed fact an action relies on, checked again at
// apply time by CheckPrecondition.
type Precondition struct {
	// Description is human text, e.g. "account app_user absent".
	Description string
	// Expect is the state value the fact was observed in (for extranet:
	// the public net status; for remark/description: the old value;
	// for CAM: "on"/"off"; for creates: "absent").
	Expect string
}
