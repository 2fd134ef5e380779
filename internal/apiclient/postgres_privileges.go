package apiclient

import "context"

// Privileges of PostgreSQL accounts on database objects, and the account
// type (postgres 2017-03-12 DescribeAccountPrivileges,
// ModifyAccountPrivileges).

// Object types of DatabaseObject.ObjectType (the documented set).
const (
	ObjectAccount   = "account"
	ObjectDatabase  = "database"
	ObjectSchema    = "schema"
	ObjectTable     = "table"
	ObjectView      = "view"
	ObjectMatview   = "matview"
	ObjectSequence  = "sequence"
	ObjectFunction  = "function"
	ObjectProcedure = "procedure"
	ObjectType      = "type"
	ObjectColumn    = "column"
)

// ModifyType values of ModifyPrivilege.
const (
	ModifyGrant     = "grantObject"
	ModifyRevoke    = "revokeObject"
	ModifyAlterRole = "alterRole"
)

// MaxPrivilegeChanges is the documented limit of ModifyPrivilegeSet
// entries in one ModifyAccountPrivileges call.
const MaxPrivilegeChanges = 50

// DatabaseObject names one object of an instance: its type and name, and
// the database, schema and table it belongs to. DatabaseName is needed
// for every type but database (and account), SchemaName for every type
// but database and schema, TableName for columns; empty ones are omitted.
// An account type change names the account itself (ObjectType "account",
// ObjectName the user name).
type DatabaseObject struct {
	ObjectType   string
	ObjectName   string
	DatabaseName string `json:",omitempty"`
	SchemaName   string `json:",omitempty"`
	TableName    string `json:",omitempty"`
}

// DatabasePrivilege is an object and privileges on it (upper-case names,
// e.g. SELECT). For an account object the set holds the account type.
// Object may be nil in a response (documented as possibly null).
type DatabasePrivilege struct {
	Object       *DatabaseObject
	PrivilegeSet []string
}

// ModifyPrivilege is one change of a ModifyAccountPrivileges call:
// ModifyType is ModifyGrant, ModifyRevoke or ModifyAlterRole (the
// account type, PrivilegeSet ["normal"] or ["tencentDBSuper"]).
// IsCascade (revokes only) is omitted when nil.
type ModifyPrivilege struct {
	DatabasePrivilege DatabasePrivilege
	ModifyType        string
	IsCascade         *bool `json:",omitempty"`
}

// DescribeAccountPrivilegesRequest asks which privileges an account has
// on the objects named.
type DescribeAccountPrivilegesRequest struct {
	DBInstanceId      string
	UserName          string
	DatabaseObjectSet []DatabaseObject
}

// DescribeAccountPrivilegesResponse lists, per object asked about, the
// privileges the account has on it.
type DescribeAccountPrivilegesResponse struct {
	PrivilegeSet []DatabasePrivilege
	RequestId    string
}

// DescribeAccountPrivileges reads an account's privileges on the objects
// the request names (the API reads nothing else). A name that is not an
// object of the instance answers
// InvalidParameterValue.InvalidDatabaseObjectName for the whole call.
func (c *Client) DescribeAccountPrivileges(ctx context.Context, req DescribeAccountPrivilegesRequest) (*DescribeAccountPrivilegesResponse, error) {
	return send[DescribeAccountPrivilegesResponse](ctx, c, postgres, "DescribeAccountPrivileges", req)
}

// ModifyAccountPrivilegesRequest changes an account's privileges and type:
// at most MaxPrivilegeChanges entries per call.
type ModifyAccountPrivilegesRequest struct {
	DBInstanceId       string
	UserName           string
	ModifyPrivilegeSet []ModifyPrivilege
}

// ModifyAccountPrivilegesResponse is the (synchronous) response.
type ModifyAccountPrivilegesResponse = SyncResponse

// ModifyAccountPrivileges grants and revokes privileges of an account, or
// changes its type (ModifyAlterRole). Granting a privilege the account
// has, or revoking one it lacks, changes nothing.
func (c *Client) ModifyAccountPrivileges(ctx context.Context, req ModifyAccountPrivilegesRequest) (*ModifyAccountPrivilegesResponse, error) {
	return send[ModifyAccountPrivilegesResponse](ctx, c, postgres, "ModifyAccountPrivileges", req)
}
