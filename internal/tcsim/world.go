package tcsim

import (
	"encoding/json"
	"time"
)

// World is the whole simulated cloud: the credentials the simulator
// accepts and every resource it serves. Its JSON form is the world file
// (and the state file) documented in WORLD.md. A World is plain data; the
// Server keeps its own copy and never shares it. A World built in Go code
// may leave optional fields zero: New validates it and fills the same
// defaults as ParseWorld.
//
// The top level is one cloud account (UIN); CloudAccounts holds further
// accounts, each a World of its own (without CloudAccounts) with its own
// credentials, resources, roles, flows and rate limits.
type World struct {
	// UIN is the account id; empty means DefaultUIN at the top level (and
	// is an error in CloudAccounts).
	UIN string `json:"uin,omitempty"`
	// Credentials are the account's API keys. When the top level has
	// none, ParseWorld adds the default pair DefaultSecretID /
	// DefaultSecretKey.
	Credentials []Credential `json:"credentials,omitempty"`
	// Roles are the account's CAM roles, whose temporary credentials sts
	// AssumeRole and AssumeRoleWithWebIdentity hand out.
	Roles []Role `json:"roles,omitempty"`
	// OIDCProviders are the identity providers the account trusts for
	// AssumeRoleWithWebIdentity.
	OIDCProviders []OIDCProvider `json:"oidc_providers,omitempty"`
	// Instances are postgres instances, each with its accounts and net infos.
	Instances []Instance `json:"instances"`
	// ROGroups are postgres read-only groups.
	ROGroups []ROGroup `json:"ro_groups"`
	// LibraDBClusters are cynosdb LibraDB clusters with their accounts.
	LibraDBClusters []Cluster `json:"libradb_clusters"`
	// Tasks are the asynchronous flows started so far (extranet and RO
	// group network changes). A world file normally leaves this empty.
	Tasks []Task `json:"tasks,omitempty"`
	// NextTaskID is the FlowId/TaskId the next flow gets; 0 means 1000.
	NextTaskID int64 `json:"next_task_id,omitempty"`
	// CloudAccounts are further accounts (top level only).
	CloudAccounts []World `json:"cloud_accounts,omitempty"`
}

// Credential is one API key pair. Token, when set, must arrive as
// X-TC-Token (temporary credentials).
type Credential struct {
	SecretID  string `json:"secret_id"`
	SecretKey string `json:"secret_key"`
	Token     string `json:"token,omitempty"`
}

// String prints the SecretId only; the key and token are never printed.
func (c Credential) String() string { return "Credential{" + c.SecretID + ", key (sensitive)}" }

// GoString keeps %#v from printing the key.
func (c Credential) GoString() string { return c.String() }

// DefaultSecretID and DefaultSecretKey are the credentials a world without
// a "credentials" list accepts. They are public test values, not secrets.
const (
	DefaultSecretID  = "AKIDdbplanSimulatorDefault000000000"
	DefaultSecretKey = "dbplanSimulatorDefaultKey0000000"
)

// Instance is a postgres instance (DescribeDBInstances' DBInstance).
type Instance struct {
	ID     string `json:"id"`
	Region string `json:"region"`
	Zone   string `json:"zone,omitempty"`
	Name   string `json:"name,omitempty"`
	// Status is DBInstanceStatus; default "running". The simulator sets
	// "network changing" while an extranet flow runs.
	Status string `json:"status,omitempty"`
	Tags   []Tag  `json:"tags,omitempty"`
	// SupportIpv6 says whether IsIpv6=1 extranet calls are allowed.
	SupportIpv6 bool   `json:"support_ipv6,omitempty"`
	VpcID       string `json:"vpc_id,omitempty"`
	SubnetID    string `json:"subnet_id,omitempty"`
	ProjectID   int64  `json:"project_id,omitempty"`
	// Type is DBInstanceType: primary (default) or readonly.
	Type             string `json:"type,omitempty"`
	MasterInstanceID string `json:"master_instance_id,omitempty"`
	// ROGroupID places a readonly instance in a read-only group.
	ROGroupID  string `json:"ro_group_id,omitempty"`
	PayType    string `json:"pay_type,omitempty"`
	DBVersion  string `json:"db_version,omitempty"`
	CreateTime string `json:"create_time,omitempty"`
	// NetInfos are DBInstanceNetInfo entries. ParseWorld adds a public
	// "initing" entry when none is given.
	NetInfos []NetInfo `json:"net_infos,omitempty"`
	Accounts []Account `json:"accounts,omitempty"`
	// Databases is the catalog privileges may name (see Database). When
	// empty the instance has the database "postgres" with the schema
	// "public" and nothing in it.
	Databases []Database `json:"databases,omitempty"`
}

// Tag is one instance tag.
type Tag struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// NetInfo is a DBInstanceNetInfo entry of an instance or RO group.
type NetInfo struct {
	NetType      string `json:"net_type"` // inner, private, public
	Status       string `json:"status"`   // initing, opened, closed, opening, closing
	Address      string `json:"address,omitempty"`
	IP           string `json:"ip,omitempty"`
	Port         int64  `json:"port,omitempty"`
	VpcID        string `json:"vpc_id,omitempty"`
	SubnetID     string `json:"subnet_id,omitempty"`
	ProtocolType string `json:"protocol_type,omitempty"`
	// IPv6 marks the IPv6 public entry (not sent on the wire; the entry's
	// Ip contains ':' once opened).
	IPv6 bool `json:"ipv6,omitempty"`
}

// Account is a postgres account (DescribeAccounts' AccountInfo). No
// password is kept.
type Account struct {
	UserName string `json:"user_name"`
	// UserType is normal (default) or tencentDBSuper.
	UserType string `json:"user_type,omitempty"`
	Remark   string `json:"remark,omitempty"`
	OpenCam  bool   `json:"open_cam,omitempty"`
	// Status is 2 (normal) by default.
	Status             int64  `json:"status,omitempty"`
	CreateTime         string `json:"create_time,omitempty"`
	UpdateTime         string `json:"update_time,omitempty"`
	PasswordUpdateTime string `json:"password_update_time,omitempty"`
	// Privileges are the account's grants on catalog objects.
	Privileges []Privilege `json:"privileges,omitempty"`
}

// ROGroup is a postgres read-only group.
type ROGroup struct {
	ID               string `json:"id"`
	Name             string `json:"name,omitempty"`
	MasterInstanceID string `json:"master_instance_id"`
	Region           string `json:"region"`
	Zone             string `json:"zone,omitempty"`
	// Status is creating, ok (default), modifying, deleting or deleted.
	Status     string `json:"status,omitempty"`
	VpcID      string `json:"vpc_id,omitempty"`
	SubnetID   string `json:"subnet_id,omitempty"`
	ProjectID  int64  `json:"project_id,omitempty"`
	CreateTime string `json:"create_time,omitempty"`
	// Networks are the group's DBInstanceNetInfo entries (at most 2).
	Networks []NetInfo `json:"networks,omitempty"`
}

// Cluster is a cynosdb LibraDB cluster.
type Cluster struct {
	ID     string `json:"id"`
	Name   string `json:"name,omitempty"`
	Region string `json:"region"`
	Zone   string `json:"zone,omitempty"`
	// Status is running by default; account changes need running.
	Status     string         `json:"status,omitempty"`
	DBVersion  string         `json:"db_version,omitempty"`
	VpcID      string         `json:"vpc_id,omitempty"`
	SubnetID   string         `json:"subnet_id,omitempty"`
	CreateTime string         `json:"create_time,omitempty"`
	Accounts   []LibraAccount `json:"accounts,omitempty"`
	// Databases is the catalog LibraDB privileges may name.
	Databases []LibraDatabase `json:"databases,omitempty"`
}

// LibraAccount is a LibraDB account, identified by (AccountName, Host).
type LibraAccount struct {
	AccountName        string `json:"account_name"`
	Host               string `json:"host,omitempty"` // default "%"
	Description        string `json:"description,omitempty"`
	CreateTime         string `json:"create_time,omitempty"`
	UpdateTime         string `json:"update_time,omitempty"`
	MaxUserConnections int64  `json:"max_user_connections,omitempty"`
	PasswordRotation   int64  `json:"password_rotation,omitempty"`
	// Builtin accounts (such as root) cannot be created, deleted or
	// modified through the API (InvalidParameterValue.InternalAccount).
	Builtin bool `json:"builtin,omitempty"`
	// Privileges are the account's global, database and table privileges
	// (nil: none).
	Privileges *LibraPrivileges `json:"privileges,omitempty"`
}

// Task is an asynchronous flow (FlowId == TaskId). It runs from Start to
// End on the simulator clock; its effect is applied when the clock passes
// End (evaluated lazily on the next request).
type Task struct {
	ID   int64  `json:"id"`
	Type string `json:"type"` // the action that started it
	// InstanceID is the instance (for RO group tasks, the master instance).
	InstanceID string    `json:"instance_id"`
	ROGroupID  string    `json:"ro_group_id,omitempty"`
	Region     string    `json:"region"`
	Start      time.Time `json:"start"`
	End        time.Time `json:"end"`
	// Done is set once the effect was applied.
	Done bool `json:"done,omitempty"`
	// IPv6 says which public entry an extranet task targets.
	IPv6 bool `json:"ipv6,omitempty"`
	// Network identifies the RO group network of a network task.
	Network *NetInfo `json:"network,omitempty"`
	// Input is the request parameters (JSON) shown in TaskDetail.Input.
	Input string `json:"input,omitempty"`
}

// clone returns a deep copy of w.
func (w *World) clone() *World {
	b, err := json.Marshal(w)
	if err != nil {
		panic("tcsim: marshal world: " + err.Error()) // plain data always marshals
	}
	var c World
	if err := json.Unmarshal(b, &c); err != nil {
		panic("tcsim: unmarshal world: " + err.Error())
	}
	return &c
}
