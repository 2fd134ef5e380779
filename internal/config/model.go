package config

import (
	"path"
	"slices"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/dbplan/dbplan/internal/secret"
)

// Config is a loaded and evaluated configuration directory: the desired
// state, independent of any API type. Slices are sorted by address.
//
// A Config returned together with error diagnostics may be partial; callers
// must not plan from it.
type Config struct {
	// Dir is the directory the configuration was loaded from.
	Dir string
	// Files maps each parsed file name to its parsed form, for rendering
	// diagnostics with source snippets (hcl.NewDiagnosticTextWriter).
	Files map[string]*hcl.File
	// Digest is a hex SHA-256 over the configuration's source files and the
	// non-sensitive variable values. Sensitive values are never part of it.
	// It changes with any edit, comments included: saved plans record it
	// for information only and are checked against Meanings instead.
	Digest string

	// Providers holds every provider configuration, the default
	// ("tencentcloud") always included, sorted by Name.
	Providers []*Provider
	// Instances holds the postgres_instance blocks after for_each
	// expansion. An instance with a Selector stands for every instance the
	// selector matches at plan time.
	Instances []*Instance
	// ROGroups holds the postgres_ro_group blocks after expansion.
	ROGroups []*ROGroup
	// LibraClusters holds the libradb_cluster blocks after expansion.
	LibraClusters []*LibraCluster
}

// Provider is one provider "tencentcloud" block.
type Provider struct {
	// Name is "tencentcloud" for the default provider or
	// "tencentcloud.ALIAS" for an aliased one; resources refer to it by
	// this name.
	Name  string
	Alias string
	// Region is the default region of the resources using this provider
	// (the region argument, else TENCENTCLOUD_REGION).
	Region string
	// Domain is the root domain of the public endpoints (the domain
	// argument, else TENCENTCLOUD_DOMAIN); empty means tencentcloudapi.com.
	// "intl.tencentcloudapi.com" is the international site.
	Domain string
	// Endpoints sets the endpoint of single products, keyed by product
	// (see EndpointProducts): "host:port", "http://host:port" or
	// "https://host".
	Endpoints map[string]string
	// Endpoint sends every product without an Endpoints entry to one host
	// ("host:port", "http://host:port", "https://host"), such as a
	// simulator; empty means the public Tencent Cloud endpoints.
	Endpoint string
	// RateLimits overrides the documented per-action quotas, in calls per
	// second, keyed by API action name (e.g. "CreateAccount").
	RateLimits map[string]float64
	// Profile names the profile the provider's keys come from (profile,
	// else TENCENTCLOUD_PROFILE); empty means the default credentials.
	Profile string
	// AssumeRole, when set, makes the provider sign with temporary
	// credentials of a role (assume_role, else the TENCENTCLOUD_ASSUME_ROLE_*
	// environment). It excludes WebIdentity.
	AssumeRole *AssumeRole
	// WebIdentity, when set, makes the provider sign with temporary
	// credentials obtained with an OIDC token
	// (assume_role_with_web_identity, else the environment).
	WebIdentity *WebIdentity
	// AllowedAccountIDs and ForbiddenAccountIDs (at most one is set) list
	// account uins the provider's credentials must, or must not, belong
	// to; checked before any other call.
	AllowedAccountIDs, ForbiddenAccountIDs []string
	DeclRange                              hcl.Range
}

// Instance is one PostgreSQL instance (or, with a Selector, a set of
// instances) and what must hold on it.
type Instance struct {
	// Addr is the instance's address: "postgres_instance.LABEL" or, under
	// for_each, `postgres_instance.LABEL["KEY"]`. Instances matched by a
	// selector are addressed `postgres_instance.LABEL["INSTANCE_ID"]` once
	// resolved.
	Addr string
	// InstanceID is the "postgres-…" id; empty when Selector is set.
	InstanceID string
	// Selector, when non-nil, targets every instance it matches.
	Selector *Selector
	// Region is the effective region (block, else provider).
	Region string
	// Provider is the provider Name used (see Provider.Name).
	Provider string
	// Extranet is nil when public access is not managed.
	Extranet *Extranet
	// Accounts are sorted by name.
	Accounts []*Account
	// Prune is nil unless undeclared accounts must be deleted.
	Prune     *Prune
	DeclRange hcl.Range
}

// Selector targets instances by properties resolved at plan time from
// DescribeDBInstances. Every set field must match (AND); within a field any
// value may match (OR).
type Selector struct {
	InstanceIDs []string
	// Tags must all be present with these values on the instance.
	Tags map[string]string
	// NamePattern is a shell glob (path.Match syntax) on DBInstanceName.
	NamePattern string
	DeclRange   hcl.Range
}

// Matches reports whether an instance with this id, name and tags
// satisfies every field of the selector: one of its instance ids, every
// tag with exactly that value, the name matching the glob. Refresh uses
// it to resolve the selector, and apply to confirm that a saved plan's
// selected instance is one the selector selects. (Only primary
// instances are ever selected; that is the caller's check.)
func (s *Selector) Matches(id, name string, tags map[string]string) bool {
	if len(s.InstanceIDs) > 0 && !slices.Contains(s.InstanceIDs, id) {
		return false
	}
	for k, v := range s.Tags {
		if got, ok := tags[k]; !ok || got != v {
			return false
		}
	}
	if s.NamePattern != "" {
		if ok, _ := path.Match(s.NamePattern, name); !ok {
			return false
		}
	}
	return true
}

// Extranet is the desired public access of an instance.
type Extranet struct {
	Enabled bool
	// IPv6 selects IPv6 public access (OpenDBExtranetAccess IsIpv6=1).
	IPv6      bool
	DeclRange hcl.Range
}

// Account is one PostgreSQL account on an instance.
type Account struct {
	// Addr is "<instance addr>.account.NAME".
	Addr string
	Name string
	// Type is "normal" (the default) or "tencentDBSuper".
	Type string
	// Password is absent when the configuration gives none or when its
	// variable has no value yet (allowed while planning; see
	// PasswordSource).
	Password secret.Value
	// PasswordSource says where the password comes from, for messages
	// ("var.app_password", "env(\"PG_PW\")", "literal"); never the value.
	PasswordSource string
	// Remark is nil when not managed.
	Remark *string
	// CAM is nil when not managed; true means CAM verification must be on.
	CAM *bool
	// Locked is nil when not managed; true means the account must be
	// locked (LockAccount: no one can sign in), false unlocked.
	Locked *bool
	// TypeDeclared says the configuration sets type: only then is the
	// type of an existing account managed (a change is planned). Type
	// is "normal" for a new account without it.
	TypeDeclared bool
	// Grants are the account's grant blocks and grants elements, in
	// source order. Together they say, for every object they name, the
	// exact privileges the account has there; objects they do not name
	// are not managed.
	Grants []*Grant
	// Absent (absent = true) means the account must not exist: apply
	// deletes it. No other attribute or block may be set then.
	Absent bool
	// Rotation is nil unless password_changed_after or max_password_age
	// is set on the account or its instance.
	Rotation  *Rotation
	DeclRange hcl.Range
}

// Rotation is what an account's password must satisfy over time.
type Rotation struct {
	// ChangedAfter (password_changed_after) is nil when not set; else the
	// password must have been set after it, or apply resets it to the
	// configured one. It is never in the future.
	ChangedAfter *time.Time
	// ChangedAfterRange is where password_changed_after is.
	ChangedAfterRange hcl.Range
	// MaxAge (max_password_age, on the account or inherited from its
	// instance or cluster) is 0 when not set; else plan warns about a
	// password older than it.
	MaxAge time.Duration
	// MaxAgeText is MaxAge as written, e.g. "90d".
	MaxAgeText string
}

// Prune is a prune_accounts block: accounts of the instance (or cluster)
// that no block declares and whose name matches NamePattern, except those
// in Except, are deleted. Without it undeclared accounts are only listed.
type Prune struct {
	// NamePattern is a shell glob (path.Match syntax) on the account
	// name; it can match no system account.
	NamePattern string
	// Except lists names never pruned even when they match.
	Except    []string
	DeclRange hcl.Range
}

// Grant is one grant block (or one element of the grants attribute): the
// privileges an account must have, exactly, on each object it names.
//
// For PostgreSQL, ObjectType is one of the Object* constants: a database
// grant names Database; a schema grant Database and Schema; a column
// grant Database, Schema, Table and the columns in Objects; every other
// type Database, Schema and the objects in Objects. For LibraDB it is
// LibraGlobal (nothing else), LibraDatabase (Database) or LibraTable
// (Database and the tables in Objects).
type Grant struct {
	ObjectType string
	Database   string
	Schema     string
	Table      string
	// Objects are sorted and distinct.
	Objects []string
	// Privileges are canonical (upper case, aliases resolved, ALL
	// expanded), sorted and distinct, and valid for the type. Empty
	// means none: the account must hold no privilege on the objects.
	Privileges []string
	DeclRange  hcl.Range
}

// ROGroup is one PostgreSQL read-only group and the networks it must have.
type ROGroup struct {
	// Addr is "postgres_ro_group.LABEL" (or with a for_each key).
	Addr      string
	ROGroupID string
	// MasterInstanceID is the group's primary instance; the API lists
	// groups only by master instance.
	MasterInstanceID string
	Region           string
	Provider         string
	// Networks has at most 2 entries.
	Networks  []*Network
	DeclRange hcl.Range
}

// Network is one VPC network on a read-only group.
type Network struct {
	// Addr is "<group addr>.network[VPC_ID/SUBNET_ID]".
	Addr     string
	VpcID    string
	SubnetID string
	// VIP is empty for an automatically assigned address (or, with
	// Absent, for whichever address the network has).
	VIP string
	// Absent (absent = true) means the group must not have the network:
	// apply removes it (DeleteReadOnlyGroupNetworkAccess).
	Absent    bool
	DeclRange hcl.Range
}

// LibraCluster is one LibraDB analysis cluster and its accounts.
type LibraCluster struct {
	// Addr is "libradb_cluster.LABEL" (or with a for_each key).
	Addr      string
	ClusterID string
	Region    string
	Provider  string
	// Accounts are sorted by (name, host).
	Accounts []*LibraAccount
	// Prune is nil unless undeclared accounts must be deleted.
	Prune     *Prune
	DeclRange hcl.Range
}

// LibraAccount is one LibraDB account, identified by (Name, Host).
type LibraAccount struct {
	// Addr is "<cluster addr>.account.NAME" or, when Host is not "%",
	// `<cluster addr>.account.NAME["HOST"]`.
	Addr string
	Name string
	// Host is "%" (the default) or an IPv4 address.
	Host           string
	Password       secret.Value
	PasswordSource string
	// Description is nil when not managed.
	Description *string
	// MaxUserConnections is nil when not set (only used at creation).
	MaxUserConnections *int64
	// Grants are the account's grant blocks and grants elements (see
	// Account.Grants).
	Grants []*Grant
	// Absent (absent = true) means the account must not exist: apply
	// deletes it. Only host may be set with it.
	Absent bool
	// Rotation is nil unless password_changed_after or max_password_age
	// is set on the account or its cluster.
	Rotation  *Rotation
	DeclRange hcl.Range
}
