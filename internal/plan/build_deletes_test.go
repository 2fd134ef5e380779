package plan_test

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dbplan/dbplan/internal/config"
	"github.com/dbplan/dbplan/internal/plan"
)

func absent(name string, line int) *config.Account {
	return &config.Account{Name: name, Type: "normal", Absent: true, DeclRange: rng(line)}
}

func TestBuildDeleteAccount(t *testing.T) {
	acc := func(name string) func() *config.Account { return func() *config.Account { return absent(name, 3) } }
	runAccountCases(t, []accountCase{
		{name: "absent and present: deleted", acc: acc("app"), obs: &plan.ObservedAccount{Name: "app", Type: "normal", Status: 2},
			wantIDs: []string{appAddr + "#delete_account"}},
		{name: "absent and absent: nothing", acc: acc("app"), unchanged: 1},
		{name: "being deleted already", acc: acc("app"), obs: &plan.ObservedAccount{Name: "app", Status: -1},
			wantNotes: []string{appAddr + ": Account app is being deleted already; no action is planned."}},
		{name: "system account refused", acc: acc("root"), obs: &plan.ObservedAccount{Name: "root", Type: "tencentDBSuper", Status: 2},
			wantDiags: []string{"System account cannot be deleted @main.hcl:3,1-10"}},
	}, plan.BuildOptions{})
}

// TestBuildDeleteDetails: a delete names what it removes, is planned
// against the account's creation time and carries the removes-access risk.
func TestBuildDeleteDetails(t *testing.T) {
	cfg := &config.Config{Instances: []*config.Instance{instance("orders", "postgres-1", absent("app", 3))}}
	obs := observed(running("postgres-1", &plan.ObservedAccount{Name: "app", Type: "tencentDBSuper", Remark: "r", CAM: true,
		Status: plan.AccountLocked, CreateTime: "2026-01-02 03:04:05"}))
	p, diags := plan.Build(cfg, obs, plan.BuildOptions{})
	if diags.HasErrors() || len(p.Actions) != 1 {
		t.Fatalf("Build() = %v, diags %v; want one delete", kinds(p), diags)
	}
	a := p.Actions[0]
	want := map[string]string{"user_name": `"app"`, "type": `"tencentDBSuper"`, "remark": `"r"`, "cam": "true", "locked": "true"}
	if diff := cmp.Diff(want, a.Before); diff != "" {
		t.Errorf("Before mismatch (-want +got):\n%s", diff)
	}
	if a.After != nil || a.NeedsPassword || a.Precondition.Expect != "2026-01-02 03:04:05" {
		t.Errorf("delete After %v, NeedsPassword %v, Expect %q; want no After, no password, the creation time", a.After, a.NeedsPassword, a.Precondition.Expect)
	}
	if !slices.Equal(a.Risks, []string{plan.RiskDeletes}) {
		t.Errorf("Risks = %v, want deletes", a.Risks)
	}
	if s := p.Summary(); s.Destroy != 1 || s.Create+s.Change != 0 {
		t.Errorf("Summary = %+v, want 1 to destroy", s)
	}
}

func TestBuildPrune(t *testing.T) {
	inst := instance("orders", "postgres-1", account("app_new", 3))
	inst.Prune = &config.Prune{NamePattern: "app_*", Except: []string{"app_legacy"}, DeclRange: rng(2)}
	oi := running("postgres-1",
		&plan.ObservedAccount{Name: "app_new", Type: "normal"},
		&plan.ObservedAccount{Name: "app_old", Type: "normal", CreateTime: "2026-01-01 00:00:00"},
		&plan.ObservedAccount{Name: "app_gone", Type: "normal", Status: -1},
		&plan.ObservedAccount{Name: "app_legacy", Type: "normal"},
		&plan.ObservedAccount{Name: "root", Type: "tencentDBSuper"},
		&plan.ObservedAccount{Name: "other", Type: "normal"},
	)
	cfg := &config.Config{Instances: []*config.Instance{inst}}
	p, diags := plan.Build(cfg, observed(oi), plan.BuildOptions{})
	if diags.HasErrors() {
		t.Fatalf("Build() diags: %v", diags)
	}
	if diff := cmp.Diff([]string{"postgres_instance.orders.account.app_old#delete_account"}, kinds(p)); diff != "" {
		t.Errorf("actions mismatch (-want +got):\n%s", diff)
	}
	var unmanaged []string
	for _, u := range p.Unmanaged {
		unmanaged = append(unmanaged, u.Name)
	}
	if diff := cmp.Diff([]string{"app_legacy", "other", "root"}, unmanaged); diff != "" {
		t.Errorf("unmanaged mismatch (-want +got):\n%s", diff)
	}
	if a := p.Actions[0]; a.Range.Line != 2 || a.Precondition.Expect != "2026-01-01 00:00:00" || a.Reason == "" {
		t.Errorf("prune delete: range %v, expect %q, reason %q; want the prune block's line, the creation time, a reason", a.Range, a.Precondition.Expect, a.Reason)
	}

	// -target limits pruning like everything else.
	p, _ = plan.Build(cfg, observed(oi), plan.BuildOptions{Targets: []string{"postgres_instance.orders.account.app_new"}})
	if len(p.Actions) != 0 {
		t.Errorf("with -target on another account: %v, want no delete", kinds(p))
	}
	p, _ = plan.Build(cfg, observed(oi), plan.BuildOptions{Targets: []string{"postgres_instance.orders.account.app_old"}})
	if diff := cmp.Diff([]string{"postgres_instance.orders.account.app_old#delete_account"}, kinds(p)); diff != "" {
		t.Errorf("with -target on the pruned account (-want +got):\n%s", diff)
	}
}

// TestBuildPruneSeesOtherBlocks: an account another block declares on the
// same instance (here through a selector) is declared, so never pruned.
func TestBuildPruneSeesOtherBlocks(t *testing.T) {
	pruning := instance("orders", "postgres-1")
	pruning.Prune = &config.Prune{NamePattern: "*_svc", DeclRange: rng(2)}
	sel := instance("fleet", "")
	sel.Selector = &config.Selector{NamePattern: "*"}
	sel.Accounts = []*config.Account{account("billing_svc", 9)}
	sel.Accounts[0].Addr = "postgres_instance.fleet.account.billing_svc"
	obs := observed(running("postgres-1", &plan.ObservedAccount{Name: "billing_svc", Type: "normal"}, &plan.ObservedAccount{Name: "old_svc", Type: "normal"}))
	obs.Selections = map[string][]string{"postgres_instance.fleet": {"postgres-1"}}
	p, diags := plan.Build(&config.Config{Instances: []*config.Instance{sel, pruning}}, obs, plan.BuildOptions{})
	if diags.HasErrors() {
		t.Fatalf("Build() diags: %v", diags)
	}
	if diff := cmp.Diff([]string{"postgres_instance.orders.account.old_svc#delete_account"}, kinds(p)); diff != "" {
		t.Errorf("actions mismatch (-want +got):\n%s", diff)
	}
}

// TestRemovingABlockNeverDeletes: removing any declaration from a
// configuration (an account, a network, a whole instance, group or
// cluster) adds no delete to its plan: the object becomes unmanaged.
// Only absent = true and prune_accounts delete.
func TestRemovingABlockNeverDeletes(t *testing.T) {
	deletes := func(cfg *config.Config, obs *plan.Observed) []string {
		p, diags := plan.Build(cfg, obs, plan.BuildOptions{})
		if diags.HasErrors() {
			return nil // an unusable plan is never applied
		}
		var ids []string
		for _, a := range p.Actions {
			if a.Kind.Effect() == plan.EffectDelete {
				ids = append(ids, a.ID)
			}
		}
		return ids
	}
	cfg, obs := mixedFixture()
	base := deletes(cfg, obs)
	if _, diags := plan.Build(cfg, obs, plan.BuildOptions{}); diags.HasErrors() || len(base) == 0 {
		t.Fatal("the fixture plans no delete; the test would prove nothing")
	}
	// Every way of removing one declared element.
	var variants []func(*config.Config)
	for i := range cfg.Instances {
		variants = append(variants, func(c *config.Config) { c.Instances = slices.Delete(c.Instances, i, i+1) })
		for j := range cfg.Instances[i].Accounts {
			variants = append(variants, func(c *config.Config) {
				c.Instances[i].Accounts = slices.Delete(c.Instances[i].Accounts, j, j+1)
			})
		}
	}
	for i := range cfg.ROGroups {
		variants = append(variants, func(c *config.Config) { c.ROGroups = slices.Delete(c.ROGroups, i, i+1) })
		for j := range cfg.ROGroups[i].Networks {
			variants = append(variants, func(c *config.Config) {
				c.ROGroups[i].Networks = slices.Delete(c.ROGroups[i].Networks, j, j+1)
			})
		}
	}
	for i := range cfg.LibraClusters {
		variants = append(variants, func(c *config.Config) { c.LibraClusters = slices.Delete(c.LibraClusters, i, i+1) })
		for j := range cfg.LibraClusters[i].Accounts {
			variants = append(variants, func(c *config.Config) {
				c.LibraClusters[i].Accounts = slices.Delete(c.LibraClusters[i].Accounts, j, j+1)
			})
		}
	}
	for n, remove := range variants {
		c, o := mixedFixture()
		remove(c)
		for _, id := range deletes(c, o) {
			if !slices.Contains(base, id) {
				t.Errorf("variant %d: removing a declaration planned the new delete %s", n, id)
			}
		}
	}
}

func TestBuildDeleteLibraAccount(t *testing.T) {
	c := &config.LibraCluster{Addr: "libradb_cluster.w", ClusterID: "libradb-1", DeclRange: rng(1),
		Prune: &config.Prune{NamePattern: "tmp_*", DeclRange: rng(2)},
		Accounts: []*config.LibraAccount{
			{Addr: `libradb_cluster.w.account.etl["10.0.0.1"]`, Name: "etl", Host: "10.0.0.1", Absent: true, DeclRange: rng(3)},
			{Addr: "libradb_cluster.w.account.gone", Name: "gone", Host: "%", Absent: true, DeclRange: rng(4)},
		}}
	obs := &plan.Observed{LibraClusters: map[string]*plan.ObservedLibraCluster{"libradb-1": {ID: "libradb-1", Status: "running",
		Accounts: map[string]*plan.ObservedLibraAccount{
			"etl@10.0.0.1":  {Name: "etl", Host: "10.0.0.1", CreateTime: "2026-01-01 00:00:00"},
			"tmp_x@%":       {Name: "tmp_x", Host: "%"},
			"tmp_y@1.2.3.4": {Name: "tmp_y", Host: "1.2.3.4"},
			"root@%":        {Name: "root", Host: "%"},
		}}}}
	p, diags := plan.Build(&config.Config{LibraClusters: []*config.LibraCluster{c}}, obs, plan.BuildOptions{})
	if diags.HasErrors() {
		t.Fatalf("Build() diags: %v", diags)
	}
	want := []string{
		`libradb_cluster.w.account.etl["10.0.0.1"]#delete_libradb_account`,
		`libradb_cluster.w.account.tmp_x#delete_libradb_account`,
		`libradb_cluster.w.account.tmp_y["1.2.3.4"]#delete_libradb_account`,
	}
	if diff := cmp.Diff(want, kinds(p)); diff != "" {
		t.Errorf("actions mismatch (-want +got):\n%s", diff)
	}
	if p.Unchanged != 1 || len(p.Unmanaged) != 1 || p.Unmanaged[0].Name != "root@%" {
		t.Errorf("unchanged %d, unmanaged %v; want 1 (gone) and root@%%", p.Unchanged, p.Unmanaged)
	}
	c.Accounts = append(c.Accounts, &config.LibraAccount{Addr: "libradb_cluster.w.account.root", Name: "root", Host: "%", Absent: true, DeclRange: rng(5)})
	_, diags = plan.Build(&config.Config{LibraClusters: []*config.LibraCluster{c}}, obs, plan.BuildOptions{})
	if diff := cmp.Diff([]string{"System account cannot be deleted @main.hcl:5,1-10"}, diagSummaries(diags)); diff != "" {
		t.Errorf("absent root: diags mismatch (-want +got):\n%s", diff)
	}
}
