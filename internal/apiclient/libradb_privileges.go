package apiclient

import "context"

// Privileges of LibraDB accounts (cynosdb 2019-01-07
// ModifyLibraDBClusterAccountPrivilege,
// DescribeLibraDBClusterAccountPrivileges,
// DescribeLibraDBClusterAccountAllPrivileges): global, per database and
// per table, with MySQL privilege names (e.g. SELECT, CREATE VIEW).

// LibraDatabasePrivileges is the privileges on one database (wire type
// DatabasePrivileges).
type LibraDatabasePrivileges struct {
	Db         string
	Privileges []string
}

// LibraTablePrivileges is the privileges on one table (wire type
// TablePrivileges).
type LibraTablePrivileges struct {
	Db         string
	TableName  string
	Privileges []string
}

// ModifyLibraDBClusterAccountPrivilegeRequest sets privileges of one
// account. The documentation does not say whether a call replaces the
// account's whole privilege set or only the scopes it names, so dbplan
// always sends the account's complete set, every scope explicitly (see
// plan's LibraDB privilege kind). A nil GlobalPrivileges is omitted, an
// empty one sent as [] (no global privilege); nil database and table
// lists are omitted; an empty Privileges list of a database or table
// removes every privilege there.
type ModifyLibraDBClusterAccountPrivilegeRequest struct {
	ClusterId          string
	Account            InputAccount
	GlobalPrivileges   []string
	DatabasePrivileges []LibraDatabasePrivileges
	TablePrivileges    []LibraTablePrivileges
}

func (r ModifyLibraDBClusterAccountPrivilegeRequest) wire() any {
	body := struct {
		ClusterId          string
		Account            InputAccount
		GlobalPrivileges   *[]string                 `json:",omitempty"`
		DatabasePrivileges []LibraDatabasePrivileges `json:",omitempty"`
		TablePrivileges    []LibraTablePrivileges    `json:",omitempty"`
	}{ClusterId: r.ClusterId, Account: r.Account, DatabasePrivileges: r.DatabasePrivileges, TablePrivileges: r.TablePrivileges}
	if r.GlobalPrivileges != nil {
		g := r.GlobalPrivileges
		body.GlobalPrivileges = &g
	}
	return body
}

func (r ModifyLibraDBClusterAccountPrivilegeRequest) secrets() []string { return nil }

// ModifyLibraDBClusterAccountPrivilegeResponse is the (synchronous)
// response.
type ModifyLibraDBClusterAccountPrivilegeResponse = SyncResponse

// ModifyLibraDBClusterAccountPrivilege sets a LibraDB account's privileges.
func (c *Client) ModifyLibraDBClusterAccountPrivilege(ctx context.Context, req ModifyLibraDBClusterAccountPrivilegeRequest) (*ModifyLibraDBClusterAccountPrivilegeResponse, error) {
	return send[ModifyLibraDBClusterAccountPrivilegeResponse](ctx, c, cynosdb, "ModifyLibraDBClusterAccountPrivilege", req)
}

// DescribeLibraDBClusterAccountPrivilegesRequest asks for an account's
// privileges at one level: Db "*" for the global ones, Type "table" with
// TableName for a table's, otherwise the database Db's. TableName is
// omitted when empty.
type DescribeLibraDBClusterAccountPrivilegesRequest struct {
	ClusterId   string
	AccountName string
	Host        string
	Db          string
	Type        string
	TableName   string `json:",omitempty"`
}

// DescribeLibraDBClusterAccountPrivilegesResponse lists the privileges
// (nil when the service reports null).
type DescribeLibraDBClusterAccountPrivilegesResponse struct {
	Privileges []string
	RequestId  string
}

// DescribeLibraDBClusterAccountPrivileges reads an account's privileges at
// one level.
func (c *Client) DescribeLibraDBClusterAccountPrivileges(ctx context.Context, req DescribeLibraDBClusterAccountPrivilegesRequest) (*DescribeLibraDBClusterAccountPrivilegesResponse, error) {
	return send[DescribeLibraDBClusterAccountPrivilegesResponse](ctx, c, cynosdb, "DescribeLibraDBClusterAccountPrivileges", req)
}

// DescribeLibraDBClusterAccountAllPrivilegesRequest asks for every
// privilege of one account.
type DescribeLibraDBClusterAccountAllPrivilegesRequest struct {
	ClusterId string
	Account   InputAccount
}

// DescribeLibraDBClusterAccountAllPrivilegesResponse is every privilege of
// the account; each list is nil when the service reports null (the
// documented example does for empty ones). PrivilegeStatements are the
// equivalent GRANT statements, for display only.
type DescribeLibraDBClusterAccountAllPrivilegesResponse struct {
	PrivilegeStatements []string
	GlobalPrivileges    []string
	DatabasePrivileges  []LibraDatabasePrivileges
	TablePrivileges     []LibraTablePrivileges
	RequestId           string
}

// DescribeLibraDBClusterAccountAllPrivileges reads every privilege of a
// LibraDB account in one call.
func (c *Client) DescribeLibraDBClusterAccountAllPrivileges(ctx context.Context, req DescribeLibraDBClusterAccountAllPrivilegesRequest) (*DescribeLibraDBClusterAccountAllPrivilegesResponse, error) {
	return send[DescribeLibraDBClusterAccountAllPrivilegesResponse](ctx, c, cynosdb, "DescribeLibraDBClusterAccountAllPrivileges", req)
}
