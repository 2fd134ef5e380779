package tcsim

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dbplan/dbplan/internal/apischema"
)

func dbObj(typ, name, db, schema, table string) obj {
	o := obj{"ObjectType": typ, "ObjectName": name}
	if db != "" {
		o["DatabaseName"] = db
	}
	if schema != "" {
		o["SchemaName"] = schema
	}
	if table != "" {
		o["TableName"] = table
	}
	return o
}

func change(modify string, o obj, privs ...string) obj {
	return obj{"ModifyType": modify, "DatabasePrivilege": obj{"Object": o, "PrivilegeSet": privs}}
}

// privilegeSets decodes a DescribeAccountPrivileges answer into
// "type db.schema.table.name" → privileges.
func privilegeSets(t *testing.T, body map[string]any) map[string][]string {
	t.Helper()
	b, _ := json.Marshal(body["PrivilegeSet"])
	var set []struct {
		Object       objectView
		PrivilegeSet []string
	}
	if err := json.Unmarshal(b, &set); err != nil {
		t.Fatalf("PrivilegeSet %s: %v", b, err)
	}
	out := map[string][]string{}
	for _, p := range set {
		out[p.Object.ObjectType+" "+objectText(p.Object)] = p.PrivilegeSet
	}
	return out
}

func TestDescribeAccountPrivileges(t *testing.T) {
	f := newFixture(t, Options{RateScale: 100})
	body := f.cl.ok("DescribeAccountPrivileges", obj{"DBInstanceId": inst, "UserName": "app_rw", "DatabaseObjectSet": []obj{
		dbObj("database", "orders", "", "", ""),
		dbObj("schema", "public", "orders", "", ""),
		dbObj("table", "orders", "orders", "public", ""),
		dbObj("table", "customers", "orders", "public", ""),
		dbObj("column", "email", "orders", "public", "orders"),
		dbObj("account", "app_rw", "", "", ""),
	}})
	want := map[string][]string{
		"database orders":                   {"CONNECT"},
		"schema orders.public":              {"USAGE"},
		"table orders.public.orders":        {"SELECT", "INSERT"}, // upper-cased from the world file, type order
		"table orders.public.customers":     {},
		"column orders.public.orders.email": {},
		"account app_rw":                    {"normal"},
	}
	if diff := cmp.Diff(want, privilegeSets(t, body)); diff != "" {
		t.Errorf("privileges mismatch (-want +got):\n%s", diff)
	}

	tests := []struct {
		name string
		req  obj
		code string
	}{
		{"unknown account", obj{"DBInstanceId": inst, "UserName": "nobody", "DatabaseObjectSet": []obj{dbObj("database", "orders", "", "", "")}}, codePrivAccountAbsent},
		{"unknown table", obj{"DBInstanceId": inst, "UserName": "app_rw", "DatabaseObjectSet": []obj{dbObj("table", "ordres", "orders", "public", "")}}, codeUnknownObject},
		{"view named as table", obj{"DBInstanceId": inst, "UserName": "app_rw", "DatabaseObjectSet": []obj{dbObj("table", "order_totals", "orders", "public", "")}}, codeUnknownObject},
		{"unknown type", obj{"DBInstanceId": inst, "UserName": "app_rw", "DatabaseObjectSet": []obj{dbObj("index", "i", "orders", "public", "")}}, codeUnknownObject},
		{"table without schema", obj{"DBInstanceId": inst, "UserName": "app_rw", "DatabaseObjectSet": []obj{dbObj("table", "orders", "orders", "", "")}}, codeMissingParameter},
		{"column without table", obj{"DBInstanceId": inst, "UserName": "app_rw", "DatabaseObjectSet": []obj{dbObj("column", "id", "orders", "public", "")}}, codeMissingParameter},
		{"no object set", obj{"DBInstanceId": inst, "UserName": "app_rw"}, codeMissingParameter},
		{"unknown instance", obj{"DBInstanceId": "postgres-nope", "UserName": "app_rw", "DatabaseObjectSet": []obj{}}, codeInstanceNotFound},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := f.cl.code("DescribeAccountPrivileges", tc.req); got != tc.code {
				t.Errorf("code = %q, want %q", got, tc.code)
			}
		})
	}
}

func TestModifyAccountPrivileges(t *testing.T) {
	f := newFixture(t, Options{RateScale: 100})
	table := dbObj("table", "orders", "orders", "public", "")
	seq := dbObj("sequence", "orders_id_seq", "orders", "public", "")
	f.cl.ok("ModifyAccountPrivileges", obj{"DBInstanceId": inst, "UserName": "app_rw", "ModifyPrivilegeSet": []obj{
		change("revokeObject", table, "INSERT"),
		change("grantObject", table, "update", "DELETE"),
		change("grantObject", seq, "USAGE"),
		change("revokeObject", dbObj("database", "orders", "", "", ""), "CONNECT"),
		change("alterRole", dbObj("account", "app_rw", "", "", ""), "tencentDBSuper"),
	}})
	a := account(t, f.run.Server, inst, "app_rw")
	if a.UserType != "tencentDBSuper" {
		t.Errorf("UserType = %q, want tencentDBSuper after alterRole", a.UserType)
	}
	body := f.cl.ok("DescribeAccountPrivileges", obj{"DBInstanceId": inst, "UserName": "app_rw", "DatabaseObjectSet": []obj{
		dbObj("database", "orders", "", "", ""), table, seq}})
	want := map[string][]string{
		"database orders":                      {},
		"table orders.public.orders":           {"SELECT", "UPDATE", "DELETE"},
		"sequence orders.public.orders_id_seq": {"USAGE"},
	}
	if diff := cmp.Diff(want, privilegeSets(t, body)); diff != "" {
		t.Errorf("privileges after modify mismatch (-want +got):\n%s", diff)
	}

	many := make([]obj, 51)
	for i := range many {
		many[i] = change("grantObject", table, "SELECT")
	}
	tests := []struct {
		name string
		set  []obj
		code string
	}{
		{"51 changes", many, codeOutOfRange},
		{"no change", []obj{}, codeOutOfRange},
		{"privilege of another type", []obj{change("grantObject", dbObj("schema", "public", "orders", "", ""), "SELECT")}, codeParameterCheck},
		{"unknown object", []obj{change("grantObject", dbObj("function", "nope", "orders", "public", ""), "EXECUTE")}, codeUnknownObject},
		{"bad modify type", []obj{change("grant", table, "SELECT")}, codeParameterCheck},
		{"empty privileges", []obj{change("grantObject", table)}, codeParameterCheck},
		{"alterRole of another account", []obj{change("alterRole", dbObj("account", "root", "", "", ""), "normal")}, codeParameterCheck},
		{"alterRole to a bad type", []obj{change("alterRole", dbObj("account", "app_rw", "", "", ""), "root")}, codeParameterCheck},
		{"grant on an account", []obj{change("grantObject", dbObj("account", "app_rw", "", "", ""), "SELECT")}, codeParameterCheck},
		// Atomic: the valid first change is not applied either.
		{"one bad change", []obj{change("grantObject", table, "TRUNCATE"), change("grantObject", table, "EXECUTE")}, codeParameterCheck},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := f.cl.code("ModifyAccountPrivileges", obj{"DBInstanceId": inst, "UserName": "app_rw", "ModifyPrivilegeSet": tc.set}); got != tc.code {
				t.Errorf("code = %q, want %q", got, tc.code)
			}
		})
	}
	body = f.cl.ok("DescribeAccountPrivileges", obj{"DBInstanceId": inst, "UserName": "app_rw", "DatabaseObjectSet": []obj{table}})
	if got := privilegeSets(t, body)["table orders.public.orders"]; !cmp.Equal(got, []string{"SELECT", "UPDATE", "DELETE"}) {
		t.Errorf("after failed calls the table privileges are %v; a failed call must change nothing", got)
	}
	if got := f.cl.code("ModifyAccountPrivileges", obj{"DBInstanceId": inst, "UserName": "ghost", "ModifyPrivilegeSet": []obj{change("grantObject", table, "SELECT")}}); got != codePrivAccountAbsent {
		t.Errorf("unknown account: code %q, want %q", got, codePrivAccountAbsent)
	}
}

// TestModifyAccountPrivilegesNeedsRunningInstance: like every account
// change, privileges wait for a flow that locks the instance.
func TestModifyAccountPrivilegesNeedsRunningInstance(t *testing.T) {
	f := newFixture(t, Options{RateScale: 100})
	f.cl.ok("OpenDBExtranetAccess", obj{"DBInstanceId": inst})
	got := f.cl.code("ModifyAccountPrivileges", obj{"DBInstanceId": inst, "UserName": "app_rw", "ModifyPrivilegeSet": []obj{
		change("grantObject", dbObj("database", "orders", "", "", ""), "TEMPORARY")}})
	if got != codeInstanceStatusOp {
		t.Errorf("code = %q during an extranet flow, want %q", got, codeInstanceStatusOp)
	}
}

func TestPrivilegesQuotaAndPersistence(t *testing.T) {
	dir := t.TempDir()
	statePath := filepath.Join(dir, "state.json")
	f := newFixture(t, Options{RateScale: 1, StatePath: statePath})
	table := dbObj("table", "customers", "orders", "public", "")
	req := obj{"DBInstanceId": inst, "UserName": "app_rw", "ModifyPrivilegeSet": []obj{change("grantObject", table, "SELECT")}}
	for i := range 20 {
		if code := f.cl.code("ModifyAccountPrivileges", req); code != "" {
			t.Fatalf("call %d of 20 in one second: %s", i+1, code)
		}
	}
	if code := f.cl.code("ModifyAccountPrivileges", req); code != codeRequestLimit {
		t.Errorf("21st call in one second: code %q, want %s (20/s)", code, codeRequestLimit)
	}
	w, err := LoadWorld(statePath)
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range w.Instances {
		for _, a := range in.Accounts {
			if in.ID == inst && a.UserName == "app_rw" {
				found := false
				for _, p := range a.Privileges {
					found = found || (p.ObjectName == "customers" && cmp.Equal(p.Privileges, []string{"SELECT"}))
				}
				if !found {
					t.Errorf("state file privileges of app_rw = %+v, want SELECT on customers", a.Privileges)
				}
			}
		}
	}
}

func TestWorldCatalogErrors(t *testing.T) {
	inst := func(extra string) string {
		return `{"instances":[{"id":"postgres-x1","region":"ap-guangzhou"` + extra + `}]}`
	}
	cluster := func(extra string) string {
		return `{"libradb_clusters":[{"id":"libradb-1","region":"ap-beijing","databases":[{"name":"sales","tables":["t"]}]` + extra + `}]}`
	}
	tests := []struct {
		name, in, want string
	}{
		{"duplicate database", inst(`,"databases":[{"name":"a"},{"name":"a"}]`), `databases[1]: duplicate name "a"`},
		{"unnamed schema", inst(`,"databases":[{"name":"a","schemas":[{}]}]`), "schemas[0]: name is required"},
		{"privilege on a missing table", inst(`,"accounts":[{"user_name":"u","privileges":[{"object_type":"table","object_name":"t","database_name":"postgres","schema_name":"public","privileges":["SELECT"]}]}]`), "table postgres.public.t is not in the instance's databases"},
		{"privilege of another type", inst(`,"accounts":[{"user_name":"u","privileges":[{"object_type":"database","object_name":"postgres","privileges":["USAGE"]}]}]`), `"USAGE" is not a privilege of a database`},
		{"account object", inst(`,"accounts":[{"user_name":"u","privileges":[{"object_type":"account","object_name":"u","privileges":["normal"]}]}]`), "object_type \"account\""},
		{"LibraDB table missing", cluster(`,"accounts":[{"account_name":"a","privileges":{"tables":[{"db":"sales","table":"x","privileges":["SELECT"]}]}}]`), "sales.x does not exist"},
		{"LibraDB bad global privilege", cluster(`,"accounts":[{"account_name":"a","privileges":{"global":["FLY"]}}]`), `"FLY" is not a global privilege`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseWorld([]byte(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("ParseWorld error = %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestLibraDBPrivileges(t *testing.T) {
	f := newFixture(t, Options{RateScale: 100})
	const cl = "libradb-aaaa0001"
	f.cl.ok("CreateLibraDBClusterAccounts", obj{"ClusterId": cl, "Accounts": []obj{{"AccountName": "bi", "AccountPassword": "Bi-passw0rd", "Host": "%"}}})
	all := func() map[string]any {
		return f.cl.ok("DescribeLibraDBClusterAccountAllPrivileges", obj{"ClusterId": cl, "Account": obj{"AccountName": "bi"}})
	}
	// A new account has nothing: the documented example answers null.
	if got := all(); got["GlobalPrivileges"] != nil || got["DatabasePrivileges"] != nil || got["TablePrivileges"] != nil {
		t.Errorf("new account privileges = %v, want nulls", got)
	}
	f.cl.ok("ModifyLibraDBClusterAccountPrivilege", obj{"ClusterId": cl, "Account": obj{"AccountName": "bi", "Host": "%"},
		"GlobalPrivileges":   []string{"process"},
		"DatabasePrivileges": []obj{{"Db": "sales", "Privileges": []string{"SELECT", "show  view"}}},
		"TablePrivileges":    []obj{{"Db": "sales", "TableName": "orders", "Privileges": []string{"INSERT"}}},
	})
	got := all()
	want := map[string]any{
		"GlobalPrivileges":   []any{"PROCESS"},
		"DatabasePrivileges": []any{map[string]any{"Db": "sales", "Privileges": []any{"SELECT", "SHOW VIEW"}}},
		"TablePrivileges":    []any{map[string]any{"Db": "sales", "TableName": "orders", "Privileges": []any{"INSERT"}}},
		"PrivilegeStatements": []any{"GRANT INSERT ON `sales`.`orders` TO 'bi'@'%'", "GRANT PROCESS ON *.* TO 'bi'@'%'",
			"GRANT SELECT, SHOW VIEW ON `sales`.* TO 'bi'@'%'"},
	}
	delete(got, "RequestId")
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("all privileges mismatch (-want +got):\n%s", diff)
	}
	// Only the scopes named change: an empty table list removes that
	// table's privileges; global and database ones stay.
	f.cl.ok("ModifyLibraDBClusterAccountPrivilege", obj{"ClusterId": cl, "Account": obj{"AccountName": "bi"},
		"TablePrivileges": []obj{{"Db": "sales", "TableName": "orders", "Privileges": []string{}}}})
	got = all()
	if got["TablePrivileges"] != nil || got["GlobalPrivileges"] == nil || got["DatabasePrivileges"] == nil {
		t.Errorf("after clearing the table: %v", got)
	}
	one := func(db, typ, table string) any {
		req := obj{"ClusterId": cl, "AccountName": "bi", "Host": "%", "Db": db, "Type": typ}
		if table != "" {
			req["TableName"] = table
		}
		return f.cl.ok("DescribeLibraDBClusterAccountPrivileges", req)["Privileges"]
	}
	if g := one("*", "*", ""); !cmp.Equal(g, []any{"PROCESS"}) {
		t.Errorf("global via DescribeLibraDBClusterAccountPrivileges = %v", g)
	}
	if g := one("sales", "*", ""); !cmp.Equal(g, []any{"SELECT", "SHOW VIEW"}) {
		t.Errorf("database via DescribeLibraDBClusterAccountPrivileges = %v", g)
	}

	tests := []struct {
		name, action string
		req          obj
		code         string
	}{
		{"table privilege at table level", "ModifyLibraDBClusterAccountPrivilege", obj{"ClusterId": cl, "Account": obj{"AccountName": "bi"},
			"TablePrivileges": []obj{{"Db": "sales", "TableName": "orders", "Privileges": []string{"EXECUTE"}}}}, codeInvalidValue},
		{"unknown database", "ModifyLibraDBClusterAccountPrivilege", obj{"ClusterId": cl, "Account": obj{"AccountName": "bi"},
			"DatabasePrivileges": []obj{{"Db": "nope", "Privileges": []string{"SELECT"}}}}, codeLibraParam},
		{"builtin account", "ModifyLibraDBClusterAccountPrivilege", obj{"ClusterId": cl, "Account": obj{"AccountName": "root"},
			"GlobalPrivileges": []string{"SELECT"}}, codeInternalAccount},
		{"unknown account", "ModifyLibraDBClusterAccountPrivilege", obj{"ClusterId": cl, "Account": obj{"AccountName": "ghost"},
			"GlobalPrivileges": []string{"SELECT"}}, codeLibraAccountMissing},
		{"unknown account read", "DescribeLibraDBClusterAccountAllPrivileges", obj{"ClusterId": cl, "Account": obj{"AccountName": "ghost"}}, codeLibraAccountMissing},
		{"unknown cluster", "DescribeLibraDBClusterAccountAllPrivileges", obj{"ClusterId": "libradb-none", "Account": obj{"AccountName": "bi"}}, codeClusterNotFound},
		{"table read without table", "DescribeLibraDBClusterAccountPrivileges", obj{"ClusterId": cl, "AccountName": "bi", "Host": "%", "Db": "sales", "Type": "table"}, codeMissingParameter},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := f.cl.code(tc.action, tc.req); got != tc.code {
				t.Errorf("code = %q, want %q", got, tc.code)
			}
		})
	}
}

// TestPrivilegeCodesAreDocumented: every action-specific code the
// privilege handlers answer is in that action's published error list.
func TestPrivilegeCodesAreDocumented(t *testing.T) {
	schema, err := apischema.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		product, action string
		codes           []string
	}{
		{apischema.Postgres, "DescribeAccountPrivileges", []string{codeUnknownObject, codePrivAccountAbsent, codeInstanceNotFound}},
		{apischema.Postgres, "ModifyAccountPrivileges", []string{codeUnknownObject, codePrivAccountAbsent, codeOutOfRange, codeParameterCheck, codeInstanceNotFound, codeInstanceStatusOp}},
		{apischema.Cynosdb, "ModifyLibraDBClusterAccountPrivilege", []string{codeLibraParam, codeInvalidValue, codeInternalAccount, codeLibraAccountMissing, codeClusterNotFound, codeClusterStatus}},
		{apischema.Cynosdb, "DescribeLibraDBClusterAccountAllPrivileges", []string{codeLibraAccountMissing, codeClusterNotFound}},
		{apischema.Cynosdb, "DescribeLibraDBClusterAccountPrivileges", []string{codeLibraAccountMissing, codeClusterNotFound}},
	} {
		listed := schema.Errors(tc.product, tc.action)
		for _, code := range tc.codes {
			if !slices.Contains(listed, code) {
				t.Errorf("%s answers %s, which its published error list does not have", tc.action, code)
			}
		}
	}
}
