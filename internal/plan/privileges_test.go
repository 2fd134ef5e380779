package plan_test

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dbplan/dbplan/internal/config"
	"github.com/dbplan/dbplan/internal/plan"
	"github.com/dbplan/dbplan/internal/secret"
)

func TestDBObjectKeyRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		o   plan.DBObject
		key string
	}{
		{plan.DBObject{Type: "database", Name: "shop"}, "database shop"},
		{plan.DBObject{Type: "schema", Database: "shop", Name: "public"}, "schema shop.public"},
		{plan.DBObject{Type: "table", Database: "shop", Schema: "public", Name: "orders"}, "table shop.public.orders"},
		{plan.DBObject{Type: "column", Database: "shop", Schema: "public", Table: "orders", Name: "email"}, "column shop.public.orders.email"},
		{plan.DBObject{Type: "function", Database: "shop", Schema: "my.schema", Name: `f("x")`}, `function shop."my.schema"."f(""x"")"`},
		{plan.DBObject{Type: "table", Database: "Shop DB", Schema: "public", Name: "Orders"}, `table "Shop DB".public.Orders`},
	} {
		if got := tc.o.Key(); got != tc.key {
			t.Errorf("%+v.Key() = %q, want %q", tc.o, got, tc.key)
		}
		back, err := plan.ParseDBObjectKey(tc.key)
		if err != nil || back != tc.o {
			t.Errorf("ParseDBObjectKey(%q) = %+v, %v; want %+v", tc.key, back, err, tc.o)
		}
	}
	for _, bad := range []string{"table", "table a.b", `table "a.b.c`, "database a.b", `schema a."b"x`, "table a..c"} {
		if o, err := plan.ParseDBObjectKey(bad); err == nil {
			t.Errorf("ParseDBObjectKey(%q) = %+v, want an error", bad, o)
		}
	}
}

// TestCheckPrivileges covers the re-check of a privilege action: the
// plan saw DELETE, SELECT and grants INSERT, revokes DELETE.
func TestCheckPrivileges(t *testing.T) {
	const key = "table shop.public.orders"
	a := plan.Action{Kind: plan.ModifyPrivileges,
		Target: plan.Target{InstanceID: "postgres-1", UserName: "app", ObjectType: "table", Database: "shop", Schema: "public", Object: "orders"},
		Params: plan.Params{Grant: []string{"INSERT"}, Revoke: []string{"DELETE"}}, Precondition: plan.Precondition{Expect: `["DELETE", "SELECT"]`}}
	obs := func(p *plan.ObservedPrivileges) *plan.Observed {
		acct := &plan.ObservedAccount{Name: "app", Privileges: map[string]plan.ObservedPrivileges{}}
		if p != nil {
			acct.Privileges[key] = *p
		}
		return observed(running("postgres-1", acct))
	}
	held := func(p ...string) *plan.ObservedPrivileges { return &plan.ObservedPrivileges{Privileges: p} }
	for _, tc := range []struct {
		name string
		obs  *plan.Observed
		want plan.Verdict
	}{
		{"as planned", obs(held("DELETE", "SELECT")), plan.Holds},
		{"granted already, revoke pending", obs(held("DELETE", "INSERT", "SELECT")), plan.Holds},
		{"revoked already, grant pending", obs(held("SELECT")), plan.Holds},
		{"done", obs(held("INSERT", "SELECT")), plan.Done},
		{"gained TRUNCATE", obs(held("DELETE", "SELECT", "TRUNCATE")), plan.Drifted},
		{"lost SELECT", obs(held("DELETE")), plan.Drifted},
		{"object dropped", obs(&plan.ObservedPrivileges{Missing: true}), plan.Drifted},
		{"not read", obs(nil), plan.Drifted},
		{"account gone", observed(running("postgres-1")), plan.Drifted},
		{"instance gone", observed(), plan.Drifted},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := plan.CheckPrecondition(a, tc.obs); got.Verdict != tc.want {
				t.Errorf("CheckPrecondition = %v (%s), want %v", got.Verdict, got.Detail, tc.want)
			}
		})
	}
}

// TestBuildPrivilegeTargets: a target below an account selects some of
// its grants; one naming an account that does not exist plans nothing
// (its create is not in the plan) and says so.
func TestBuildPrivilegeTargets(t *testing.T) {
	grant := &config.Grant{ObjectType: config.ObjectTable, Database: "shop", Schema: "public", Objects: []string{"items", "orders"}, Privileges: []string{"SELECT"}, DeclRange: rng(4)}
	app := account("app", 3)
	app.Grants = []*config.Grant{grant}
	fresh := account("fresh", 5)
	fresh.Grants = []*config.Grant{grant}
	cfg := &config.Config{Instances: []*config.Instance{instance("shop", "postgres-1", app, fresh)}}
	obs := observed(running("postgres-1", &plan.ObservedAccount{Name: "app", Type: "normal", Privileges: map[string]plan.ObservedPrivileges{
		"table shop.public.items": {Privileges: []string{}}, "table shop.public.orders": {Privileges: []string{}}}}))
	p, diags := plan.Build(cfg, obs, plan.BuildOptions{Targets: []string{
		`postgres_instance.shop.account.app.grant["table shop.public.orders"]`,
		`postgres_instance.shop.account.fresh.grant["table shop.public.orders"]`,
	}})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if diff := cmp.Diff([]string{`postgres_instance.shop.account.app.grant["table shop.public.orders"]#modify_privileges`}, kinds(p)); diff != "" {
		t.Errorf("actions mismatch (-want +got):\n%s", diff)
	}
	if len(p.Notes) != 1 || p.Notes[0].Severity != plan.Warning {
		t.Errorf("notes = %+v, want one warning about fresh", p.Notes)
	}
}

// TestBuildPrivilegeObjectMissing: a grant naming an object the instance
// does not have is an error at the grant.
func TestBuildPrivilegeObjectMissing(t *testing.T) {
	app := account("app", 3)
	app.Grants = []*config.Grant{{ObjectType: config.ObjectTable, Database: "shop", Schema: "public", Objects: []string{"ordres"}, Privileges: []string{"SELECT"}, DeclRange: rng(4)}}
	cfg := &config.Config{Instances: []*config.Instance{instance("shop", "postgres-1", app)}}
	obs := observed(running("postgres-1", &plan.ObservedAccount{Name: "app", Type: "normal", Privileges: map[string]plan.ObservedPrivileges{
		"table shop.public.ordres": {Missing: true}}}))
	_, diags := plan.Build(cfg, obs, plan.BuildOptions{})
	if diff := cmp.Diff([]string{"Object not found @main.hcl:4,1-10"}, diagSummaries(diags)); diff != "" {
		t.Errorf("diagnostics mismatch (-want +got):\n%s", diff)
	}
}

// TestLibraPrivilegesAfterPasswordReset: a LibraDB password reset is
// re-checked by the account's UpdateTime, which a privilege change may
// move, so the privilege change waits for the reset.
func TestLibraPrivilegesAfterPasswordReset(t *testing.T) {
	bi := &config.LibraAccount{Addr: "libradb_cluster.c.account.bi", Name: "bi", Host: "%", PasswordSource: "var.bi", Password: secret.New("Bi-pass-123!"),
		DeclRange: rng(3), Rotation: &config.Rotation{ChangedAfter: ptr(rotationDate), ChangedAfterRange: rng(4)},
		Grants: []*config.Grant{{ObjectType: config.LibraGlobal, Privileges: []string{"PROCESS"}, DeclRange: rng(5)}}}
	cfg := &config.Config{LibraClusters: []*config.LibraCluster{{Addr: "libradb_cluster.c", ClusterID: "libradb-1", DeclRange: rng(1), Accounts: []*config.LibraAccount{bi}}}}
	obs := &plan.Observed{LibraClusters: map[string]*plan.ObservedLibraCluster{"libradb-1": {ID: "libradb-1", Status: "running",
		Accounts: map[string]*plan.ObservedLibraAccount{"bi@%": {Name: "bi", Host: "%", UpdateTime: "2020-01-01 00:00:00", Privileges: map[string][]string{}}}}}}
	p, diags := plan.Build(cfg, obs, plan.BuildOptions{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	var reset, privs *plan.Action
	for i := range p.Actions {
		switch p.Actions[i].Kind {
		case plan.ResetLibraPassword:
			reset = &p.Actions[i]
		case plan.ModifyLibraPrivileges:
			privs = &p.Actions[i]
		}
	}
	if reset == nil || privs == nil {
		t.Fatalf("plan = %v, want a password reset and a privilege change", kinds(p))
	}
	if !slices.Contains(privs.DependsOn, reset.ID) {
		t.Errorf("the privilege change depends on %v, want the reset %s", privs.DependsOn, reset.ID)
	}
}
