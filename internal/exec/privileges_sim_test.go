package exec_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/config"
	"github.com/dbplan/dbplan/internal/exec"
	"github.com/dbplan/dbplan/internal/plan"
	"github.com/dbplan/dbplan/internal/secret"
	"github.com/dbplan/dbplan/internal/tcsim"
)

// privilegesWorld has an instance with a catalog: "app" holds DELETE and
// SELECT on orders (DELETE is not declared), "ops" is normal.
func privilegesWorld() (*tcsim.World, *config.Config) {
	w := &tcsim.World{Instances: []tcsim.Instance{{ID: "postgres-00000001", Region: region,
		Accounts: []tcsim.Account{
			{UserName: "app", Privileges: []tcsim.Privilege{{ObjectType: "table", ObjectName: "orders", DatabaseName: "shop", SchemaName: "public", Privileges: []string{"SELECT", "DELETE"}}}},
			{UserName: "ops"},
		},
		Databases: []tcsim.Database{{Name: "shop", Schemas: []tcsim.Schema{{Name: "public",
			Tables: []tcsim.Table{{Name: "orders"}, {Name: "items"}}, Sequences: []string{"orders_id_seq"}}}}},
	}}}
	grants := []*config.Grant{
		{ObjectType: config.ObjectDatabase, Database: "shop", Privileges: []string{"CONNECT"}},
		{ObjectType: config.ObjectSchema, Database: "shop", Schema: "public", Privileges: []string{"USAGE"}},
		{ObjectType: config.ObjectTable, Database: "shop", Schema: "public", Objects: []string{"items", "orders"}, Privileges: []string{"INSERT", "SELECT"}},
		{ObjectType: config.ObjectSequence, Database: "shop", Schema: "public", Objects: []string{"orders_id_seq"}, Privileges: []string{"USAGE"}},
	}
	const addr = "postgres_instance.shop"
	cfg := &config.Config{Instances: []*config.Instance{{Addr: addr, InstanceID: "postgres-00000001", Region: region, Provider: "tencentcloud",
		Accounts: []*config.Account{
			{Addr: addr + ".account.app", Name: "app", Type: "normal", Grants: grants},
			{Addr: addr + ".account.fresh", Name: "fresh", Type: "normal", Password: secret.New("Fresh-pw-123!"), PasswordSource: "literal", Grants: grants},
			{Addr: addr + ".account.ops", Name: "ops", Type: config.AccountTypeSuper, TypeDeclared: true},
		}}}}
	return w, cfg
}

// TestApplyPrivilegesAgainstSimulator plans and applies grants, revokes,
// the grants of a new account and a type change against the simulator,
// and plans again: nothing left to do.
func TestApplyPrivilegesAgainstSimulator(t *testing.T) {
	w, cfg := privilegesWorld()
	env := newSimEnv(t, w, tcsim.Options{RateScale: 100})
	p := env.plan(t, cfg)
	counts := map[plan.Kind]int{}
	for _, a := range p.Actions {
		counts[a.Kind]++
	}
	if diff := cmp.Diff(map[plan.Kind]int{plan.CreateAccount: 1, plan.ModifyPrivileges: 10, plan.ChangeAccountType: 1}, counts); diff != "" {
		t.Fatalf("planned kinds mismatch (-want +got):\n%s", diff)
	}
	before := env.srv.Counters()
	env.applyConverges(t, cfg, p)
	after := env.srv.Counters()
	// app's 5 objects in one call, fresh's 5 in another, the type change
	// in a third.
	if n := after.Calls["ModifyAccountPrivileges"] - before.Calls["ModifyAccountPrivileges"]; n != 3 {
		t.Errorf("ModifyAccountPrivileges calls = %d, want 3", n)
	}
	resp, err := env.client.Region(region).DescribeAccountPrivileges(context.Background(), apiclient.DescribeAccountPrivilegesRequest{
		DBInstanceId: "postgres-00000001", UserName: "app", DatabaseObjectSet: []apiclient.DatabaseObject{
			{ObjectType: "table", ObjectName: "orders", DatabaseName: "shop", SchemaName: "public"}}})
	if err != nil || len(resp.PrivilegeSet) != 1 || !cmp.Equal(resp.PrivilegeSet[0].PrivilegeSet, []string{"SELECT", "INSERT"}) {
		t.Errorf("app on orders after apply = %+v (%v), want SELECT, INSERT (DELETE revoked)", resp, err)
	}
}

// TestSavedPlanPrivilegesDrifted: a saved plan whose object changed
// privileges since leaves that object alone (reported drifted) and does
// the rest.
func TestSavedPlanPrivilegesDrifted(t *testing.T) {
	w, cfg := privilegesWorld()
	cfg.Instances[0].Accounts = cfg.Instances[0].Accounts[:1] // app only
	env := newSimEnv(t, w, tcsim.Options{RateScale: 100})
	p := env.plan(t, cfg)
	// Someone grants TRUNCATE on orders after the plan.
	table := apiclient.DatabaseObject{ObjectType: "table", ObjectName: "orders", DatabaseName: "shop", SchemaName: "public"}
	if _, err := env.client.Region(region).ModifyAccountPrivileges(context.Background(), apiclient.ModifyAccountPrivilegesRequest{
		DBInstanceId: "postgres-00000001", UserName: "app", ModifyPrivilegeSet: []apiclient.ModifyPrivilege{{ModifyType: apiclient.ModifyGrant,
			DatabasePrivilege: apiclient.DatabasePrivilege{Object: &table, PrivilegeSet: []string{"TRUNCATE"}}}}}); err != nil {
		t.Fatal(err)
	}
	r, err := exec.Run(context.Background(), p, env.execOptions(cfg))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]exec.Outcome{}
	for _, a := range r.Actions {
		got[a.Addr] = a.Outcome
	}
	const acct = "postgres_instance.shop.account.app"
	want := map[string]exec.Outcome{
		acct + `.grant["database shop"]`:                      exec.Succeeded,
		acct + `.grant["schema shop.public"]`:                 exec.Succeeded,
		acct + `.grant["table shop.public.items"]`:            exec.Succeeded,
		acct + `.grant["table shop.public.orders"]`:           exec.Drifted,
		acct + `.grant["sequence shop.public.orders_id_seq"]`: exec.Succeeded,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("outcomes mismatch (-want +got):\n%s", diff)
	}
	// A new plan sees the drift and declares what to do about it.
	again := env.plan(t, cfg)
	if len(again.Actions) != 1 || !cmp.Equal(again.Actions[0].Params.Revoke, []string{"DELETE", "TRUNCATE"}) {
		t.Errorf("plan after the drift = %+v, want one action revoking DELETE and TRUNCATE on orders", again.Actions)
	}
}

// TestApplyLibraPrivilegesAgainstSimulator: a LibraDB account's declared
// scopes change in one call, its undeclared scope is kept; a new account
// is created, then granted.
func TestApplyLibraPrivilegesAgainstSimulator(t *testing.T) {
	w := &tcsim.World{LibraDBClusters: []tcsim.Cluster{{ID: "libradb-00000001", Region: region,
		Databases: []tcsim.LibraDatabase{{Name: "sales", Tables: []string{"orders"}}, {Name: "marketing"}},
		Accounts: []tcsim.LibraAccount{{AccountName: "root", Builtin: true}, {AccountName: "bi",
			Privileges: &tcsim.LibraPrivileges{Global: []string{"PROCESS"}, Databases: []tcsim.LibraDatabasePrivs{{DB: "marketing", Privileges: []string{"SELECT"}}},
				Tables: []tcsim.LibraTablePrivileges{{DB: "sales", Table: "orders", Privileges: []string{"DELETE"}}}}}}}}}
	grants := []*config.Grant{
		{ObjectType: config.LibraDatabase, Database: "sales", Privileges: []string{"SELECT", "SHOW VIEW"}},
		{ObjectType: config.LibraTable, Database: "sales", Objects: []string{"orders"}, Privileges: []string{}},
	}
	const addr = "libradb_cluster.wh"
	cfg := &config.Config{LibraClusters: []*config.LibraCluster{{Addr: addr, ClusterID: "libradb-00000001", Region: region, Provider: "tencentcloud",
		Accounts: []*config.LibraAccount{
			{Addr: addr + ".account.bi", Name: "bi", Host: "%", Grants: grants},
			{Addr: addr + ".account.etl", Name: "etl", Host: "%", Password: secret.New("Etl-pw-12345"), PasswordSource: "literal", Grants: grants},
		}}}}
	env := newSimEnv(t, w, tcsim.Options{RateScale: 100})
	p := env.plan(t, cfg)
	if len(p.Actions) != 3 {
		t.Fatalf("plan = %v, want a create and two privilege changes", p.Actions)
	}
	env.applyConverges(t, cfg, p)
	var bi *tcsim.LibraAccount
	for _, a := range env.srv.Snapshot().LibraDBClusters[0].Accounts {
		if a.AccountName == "bi" {
			bi = &a
		}
	}
	want := &tcsim.LibraPrivileges{Global: []string{"PROCESS"},
		Databases: []tcsim.LibraDatabasePrivs{{DB: "marketing", Privileges: []string{"SELECT"}}, {DB: "sales", Privileges: []string{"SELECT", "SHOW VIEW"}}}}
	if diff := cmp.Diff(want, bi.Privileges); diff != "" {
		t.Errorf("bi's privileges mismatch (-want +got):\n%s", diff)
	}
}
