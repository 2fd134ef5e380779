package plan

// Observed is the current cloud state that refresh read for the objects a
// configuration targets. It is a plain value with no API types, so Build
// stays pure. Maps are keyed by cloud id.
type Observed struct {
	// Instances by DBInstanceId. An id the configuration names but the
	// cloud does not have is absent from the map.
	Instances map[string]*ObservedInstance
	// Selections maps a selector instance address (config.Instance.Addr)
	// to the ids of the instances it matched, sorted.
	Selections map[string][]string
	// ROGroups by ReadOnlyGroupId.
	ROGroups map[string]*ObservedROGroup
	// LibraClusters by ClusterId.
	LibraClusters map[string]*ObservedLibraCluster
}

// Public network states as the API reports them (DBInstanceNetInfo.Status).
const (
	NetIniting = "initing"
	NetOpened  = "opened"
	NetClosed  = "closed"
	NetOpening = "opening"
	NetClosing = "closing"
)

// ObservedInstance is one PostgreSQL instance as read.
type ObservedInstance struct {
	ID     string
	Name   string
	Region string
	// Status is DBInstanceStatus, e.g. "running", "network changing".
	Status string
	// Type is DBInstanceType: "primary", "readonly", …; "" when not
	// reported.
	Type        string
	SupportIPv6 bool
	Tags        map[string]string
	// PublicIPv4 and PublicIPv6 are the public net info states
	// (Net* constants); "" when the API lists no such entry.
	PublicIPv4 string
	PublicIPv6 string
	// Accounts by UserName, including built-in and undeclared ones.
	Accounts map[string]*ObservedAccount
}

// Primary reports whether the instance is a primary instance (or does not
// report its type): the only kind a selector selects.
func (o *ObservedInstance) Primary() bool { return o.Type == "" || o.Type == "primary" }

// ObservedAccount is one PostgreSQL account as read by DescribeAccounts.
type ObservedAccount struct {
	Name   string
	Type   string // UserType: "normal", "tencentDBSuper" or "" if not reported
	Remark string
	// CAM is AccountInfo.OpenCam.
	CAM bool
	// CAMUnknown is set when DescribeAccounts did not report OpenCam (its
	// output is not guaranteed): CAM is then neither on nor off as far as
	// dbplan can tell, and CAM is false.
	CAMUnknown bool
	// Status is AccountInfo.Status (2 = normal, AccountLocked = locked).
	Status int
	// CreateTime is AccountInfo.CreateTime as reported
	// ("YYYY-MM-DD hh:mm:ss"; "" when not reported). A delete is planned
	// against it, so an account recreated since the plan is not deleted.
	CreateTime string
	// PasswordUpdateTime is AccountInfo.PasswordUpdateTime as reported:
	// when the password was last set through the API or console
	// ("0000-00-00 00:00:00" or "" when unknown; see CloudTime).
	PasswordUpdateTime string
	// Privileges are what the account holds on the objects the
	// configuration names for it, keyed by DBObject.Key (objects not
	// read are absent: DescribeAccountPrivileges reads only the objects
	// it is asked about).
	Privileges map[string]ObservedPrivileges
}

// ObservedPrivileges is what an account holds on one object.
type ObservedPrivileges struct {
	// Missing says the instance has no such object
	// (InvalidDatabaseObjectName); Privileges is then empty.
	Missing bool
	// Privileges are upper-case and sorted.
	Privileges []string
}

// AccountLocked is the AccountInfo.Status of a locked account. The
// reference lists 5 as "locking"; LockAccount leaves the account in it
// until UnlockAccount, so dbplan reads it as "locked" (as Terraform's
// lock_status does).
const AccountLocked = 5

// Locked reports whether the account is locked (Status AccountLocked).
func (a *ObservedAccount) Locked() bool { return a.Status == AccountLocked }

// ObservedROGroup is one read-only group as read by DescribeReadOnlyGroups.
type ObservedROGroup struct {
	ID               string
	MasterInstanceID string
	// Status is "ok", "modifying", "creating", ….
	Status   string
	Networks []ObservedNetwork
}

// ObservedNetwork is one entry of a group's DBInstanceNetInfo.
type ObservedNetwork struct {
	VpcID    string
	SubnetID string
	// VIP is the entry's Ip.
	VIP    string
	Status string
}

// ObservedLibraCluster is one LibraDB cluster and its accounts.
type ObservedLibraCluster struct {
	ID     string
	Region string
	Status string
	// Accounts keyed by LibraKey(name, host).
	Accounts map[string]*ObservedLibraAccount
}

// ObservedLibraAccount is one LibraDB account as read.
type ObservedLibraAccount struct {
	Name        string
	Host        string
	Description string
	// CreateTime is as reported ("" when not reported); see
	// ObservedAccount.CreateTime.
	CreateTime string
	// UpdateTime is when the account last changed, as reported. LibraDB
	// reports no password time; a password reset moves UpdateTime, so it
	// bounds the password's age (see CloudTime).
	UpdateTime string
	// Privileges are every privilege the account holds, by LibraScope
	// key, when the configuration declares grants for it (nil when not
	// read).
	Privileges map[string][]string
}

// LibraKey is the map key of a LibraDB account: accounts are identified by
// name and host together.
func LibraKey(name, host string) string { return name + "@" + host }
