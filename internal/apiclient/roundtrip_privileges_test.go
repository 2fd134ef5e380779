package apiclient

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"

	"github.com/dbplan/dbplan/internal/clock"
	"github.com/dbplan/dbplan/internal/tcsim"
)

// privWorld has an instance with a catalog and a LibraDB cluster with
// databases, for the privilege round trips.
const privWorld = `{
  "credentials": [{"secret_id": "` + simID + `", "secret_key": "` + simKey + `"}],
  "instances": [
    {"id": "postgres-pv000001", "region": "ap-guangzhou",
     "accounts": [{"user_name": "app", "privileges": [
       {"object_type": "table", "object_name": "orders", "database_name": "shop", "schema_name": "public", "privileges": ["SELECT", "DELETE"]}]}],
     "databases": [{"name": "shop", "schemas": [{"name": "public",
       "tables": [{"name": "orders", "columns": ["id", "email"]}], "sequences": ["orders_id_seq"]}]}]}
  ],
  "libradb_clusters": [
    {"id": "libradb-pv000001", "region": "ap-guangzhou",
     "accounts": [{"account_name": "bi", "host": "%"}],
     "databases": [{"name": "sales", "tables": ["orders"]}]}
  ]
}`

func newPrivSim(t *testing.T) (*Client, context.Context) {
	t.Helper()
	w, err := tcsim.ParseWorld([]byte(privWorld))
	if err != nil {
		t.Fatal(err)
	}
	run := tcsim.NewTestServer(t, w, tcsim.Options{Clock: clock.NewFake(time.Now()), RateScale: 1000})
	c, err := New(Config{Region: "ap-guangzhou", Endpoint: run.URL, Credential: common.NewCredential(simID, simKey)})
	if err != nil {
		t.Fatal(err)
	}
	return c, context.Background()
}

func TestRoundTripPostgresPrivileges(t *testing.T) {
	c, ctx := newPrivSim(t)
	const inst = "postgres-pv000001"
	table := DatabaseObject{ObjectType: ObjectTable, ObjectName: "orders", DatabaseName: "shop", SchemaName: "public"}
	column := DatabaseObject{ObjectType: ObjectColumn, ObjectName: "email", DatabaseName: "shop", SchemaName: "public", TableName: "orders"}
	read := func(objs ...DatabaseObject) map[DatabaseObject][]string {
		t.Helper()
		resp := must(c.DescribeAccountPrivileges(ctx, DescribeAccountPrivilegesRequest{DBInstanceId: inst, UserName: "app", DatabaseObjectSet: objs}))(t)
		out := map[DatabaseObject][]string{}
		for _, p := range resp.PrivilegeSet {
			if p.Object == nil {
				t.Fatalf("a privilege entry without its object: %+v", resp)
			}
			out[*p.Object] = slices.Sorted(slices.Values(p.PrivilegeSet))
		}
		return out
	}
	if diff := cmp.Diff(map[DatabaseObject][]string{table: {"DELETE", "SELECT"}, column: nil}, read(table, column), cmp.Comparer(func(a, b []string) bool { return len(a) == 0 && len(b) == 0 || slices.Equal(a, b) })); diff != "" {
		t.Errorf("privileges mismatch (-want +got):\n%s", diff)
	}

	no := false
	must(c.ModifyAccountPrivileges(ctx, ModifyAccountPrivilegesRequest{DBInstanceId: inst, UserName: "app", ModifyPrivilegeSet: []ModifyPrivilege{
		{DatabasePrivilege: DatabasePrivilege{Object: &table, PrivilegeSet: []string{"DELETE"}}, ModifyType: ModifyRevoke, IsCascade: &no},
		{DatabasePrivilege: DatabasePrivilege{Object: &column, PrivilegeSet: []string{"UPDATE"}}, ModifyType: ModifyGrant},
		{DatabasePrivilege: DatabasePrivilege{Object: &DatabaseObject{ObjectType: ObjectAccount, ObjectName: "app"}, PrivilegeSet: []string{"tencentDBSuper"}}, ModifyType: ModifyAlterRole},
	}}))(t)
	got := read(table, column, DatabaseObject{ObjectType: ObjectAccount, ObjectName: "app"})
	want := map[DatabaseObject][]string{table: {"SELECT"}, column: {"UPDATE"}, {ObjectType: ObjectAccount, ObjectName: "app"}: {"tencentDBSuper"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("privileges after modify mismatch (-want +got):\n%s", diff)
	}

	_, err := c.DescribeAccountPrivileges(ctx, DescribeAccountPrivilegesRequest{DBInstanceId: inst, UserName: "app",
		DatabaseObjectSet: []DatabaseObject{{ObjectType: ObjectTable, ObjectName: "nope", DatabaseName: "shop", SchemaName: "public"}}})
	wantClass(t, err, CodeUnknownDatabaseObject, Terminal)
	if !IsUnknownDatabaseObject(err) || IsNotFound(err) || Hint(err) != hintObject {
		t.Errorf("unknown object: IsUnknownDatabaseObject %v IsNotFound %v hint %q", IsUnknownDatabaseObject(err), IsNotFound(err), Hint(err))
	}
	_, err = c.DescribeAccountPrivileges(ctx, DescribeAccountPrivilegesRequest{DBInstanceId: inst, UserName: "ghost", DatabaseObjectSet: []DatabaseObject{table}})
	if !IsNotFound(err) || Classify(err) != Terminal {
		t.Errorf("privileges of a missing account: %v, want a terminal not-found error", err)
	}
	many := make([]ModifyPrivilege, MaxPrivilegeChanges+1)
	for i := range many {
		many[i] = ModifyPrivilege{DatabasePrivilege: DatabasePrivilege{Object: &table, PrivilegeSet: []string{"SELECT"}}, ModifyType: ModifyGrant}
	}
	_, err = c.ModifyAccountPrivileges(ctx, ModifyAccountPrivilegesRequest{DBInstanceId: inst, UserName: "app", ModifyPrivilegeSet: many})
	wantClass(t, err, "InvalidParameterValue.ParameterOutOfRange", Terminal)
}

func TestRoundTripLibraDBPrivileges(t *testing.T) {
	c, ctx := newPrivSim(t)
	const cl = "libradb-pv000001"
	acct := InputAccount{AccountName: "bi", Host: "%"}
	all := must(c.DescribeLibraDBClusterAccountAllPrivileges(ctx, DescribeLibraDBClusterAccountAllPrivilegesRequest{ClusterId: cl, Account: acct}))(t)
	if all.GlobalPrivileges != nil || all.DatabasePrivileges != nil || all.TablePrivileges != nil {
		t.Errorf("a new account's privileges = %+v, want none", all)
	}
	must(c.ModifyLibraDBClusterAccountPrivilege(ctx, ModifyLibraDBClusterAccountPrivilegeRequest{ClusterId: cl, Account: acct,
		GlobalPrivileges:   []string{"PROCESS"},
		DatabasePrivileges: []LibraDatabasePrivileges{{Db: "sales", Privileges: []string{"SELECT"}}},
		TablePrivileges:    []LibraTablePrivileges{{Db: "sales", TableName: "orders", Privileges: []string{"SELECT", "SHOW VIEW"}}},
	}))(t)
	all = must(c.DescribeLibraDBClusterAccountAllPrivileges(ctx, DescribeLibraDBClusterAccountAllPrivilegesRequest{ClusterId: cl, Account: acct}))(t)
	want := &DescribeLibraDBClusterAccountAllPrivilegesResponse{
		PrivilegeStatements: []string{"GRANT PROCESS ON *.* TO 'bi'@'%'", "GRANT SELECT ON `sales`.* TO 'bi'@'%'", "GRANT SELECT, SHOW VIEW ON `sales`.`orders` TO 'bi'@'%'"},
		GlobalPrivileges:    []string{"PROCESS"},
		DatabasePrivileges:  []LibraDatabasePrivileges{{Db: "sales", Privileges: []string{"SELECT"}}},
		TablePrivileges:     []LibraTablePrivileges{{Db: "sales", TableName: "orders", Privileges: []string{"SELECT", "SHOW VIEW"}}},
		RequestId:           all.RequestId,
	}
	slices.Sort(all.PrivilegeStatements)
	if diff := cmp.Diff(want, all); diff != "" {
		t.Errorf("all privileges mismatch (-want +got):\n%s", diff)
	}
	one := must(c.DescribeLibraDBClusterAccountPrivileges(ctx, DescribeLibraDBClusterAccountPrivilegesRequest{ClusterId: cl,
		AccountName: "bi", Host: "%", Db: "sales", Type: "table", TableName: "orders"}))(t)
	if !slices.Equal(one.Privileges, []string{"SELECT", "SHOW VIEW"}) {
		t.Errorf("table privileges = %v", one.Privileges)
	}
	_, err := c.DescribeLibraDBClusterAccountAllPrivileges(ctx, DescribeLibraDBClusterAccountAllPrivilegesRequest{ClusterId: cl, Account: InputAccount{AccountName: "ghost"}})
	if !IsNotFound(err) {
		t.Errorf("privileges of a missing account: %v, want not found", err)
	}
}
