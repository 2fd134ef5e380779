package plan

import "fmt"

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
	// ObjectType, Database, Schema, Table and Object name the PostgreSQL
	// object of a privilege action (see DBObject and Target.ObjectOf).
	ObjectType string
	Database   string
	Schema     string
	Table      string
	Object     string
}

// Params are the desired values an action sends. Secrets are never here:
// the executor takes passwords from the configuration at apply time
// (Action.NeedsPassword, Action.SecretAddr).
type Params struct {
	AccountType string // CreateAccount Type
	Remark      *string
	OpenCAM     bool // CreateAccount OpenCam
	IPv6        bool // extranet IsIpv6
	// PasswordChangedAfter is the password_changed_after (RFC 3339) a
	// password reset satisfies: the reset is done once the password was
	// set after it.
	PasswordChangedAfter string
	VpcID                string
	SubnetID             string
	VIP                  string // "" = auto-assign
	Description          *string
	MaxUserConnections   *int64
	// Grant and Revoke are the privileges a privilege action grants and
	// revokes on its object (sorted).
	Grant  []string
	Revoke []string
	// LibraPrivileges is every privilege a LibraDB account must hold
	// after a modify_libradb_privileges call, by LibraScope key.
	LibraPrivileges map[string][]string
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
