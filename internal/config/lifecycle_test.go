package config

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestLoadLifecycle checks the lifecycle attributes of the valid
// lifecycle fixture land in the model.
func TestLoadLifecycle(t *testing.T) {
	cfg, diags := Load(filepath.Join("testdata", "valid", "lifecycle"), LoadOptions{})
	if diags.HasErrors() {
		t.Fatalf("Load() = %v", diags)
	}
	got := map[string]*Account{}
	for _, inst := range cfg.Instances {
		for _, a := range inst.Accounts {
			got[a.Addr] = a
		}
	}
	locked := map[string]*bool{}
	for addr, a := range got {
		locked[addr] = a.Locked
	}
	want := map[string]*bool{
		"postgres_instance.orders.account.leaver":   ptr(true),
		"postgres_instance.orders.account.returner": ptr(false),
		"postgres_instance.orders.account.old_app":  nil,
		"postgres_instance.orders.account.kept":     nil,
	}
	if diff := cmp.Diff(want, locked); diff != "" {
		t.Errorf("Locked mismatch (-want +got):\n%s", diff)
	}
}

// TestLoadLifecycleDeletes checks absent and prune_accounts land in the
// model.
func TestLoadLifecycleDeletes(t *testing.T) {
	cfg, diags := Load(filepath.Join("testdata", "valid", "lifecycle"), LoadOptions{})
	if diags.HasErrors() {
		t.Fatalf("Load() = %v", diags)
	}
	absent := map[string]bool{}
	for _, inst := range cfg.Instances {
		for _, a := range inst.Accounts {
			absent[a.Addr] = a.Absent
		}
	}
	for _, c := range cfg.LibraClusters {
		for _, a := range c.Accounts {
			absent[a.Addr] = a.Absent
		}
	}
	for _, g := range cfg.ROGroups {
		for _, n := range g.Networks {
			absent[n.Addr] = n.Absent
		}
	}
	want := map[string]bool{
		"postgres_instance.orders.account.leaver":                           false,
		"postgres_instance.orders.account.returner":                         false,
		"postgres_instance.orders.account.old_app":                          true,
		"postgres_instance.orders.account.kept":                             false,
		"postgres_ro_group.reporting.network[vpc-old00001/subnet-old00001]": true,
		"postgres_ro_group.reporting.network[vpc-new00001/subnet-new00001]": false,
		"postgres_ro_group.reporting.network[vpc-new00002/subnet-new00002]": false,
		`libradb_cluster.warehouse.account.etl_old["10.0.0.1"]`:             true,
	}
	if diff := cmp.Diff(want, absent); diff != "" {
		t.Errorf("Absent mismatch (-want +got):\n%s", diff)
	}
	pg, libra := cfg.Instances[0].Prune, cfg.LibraClusters[0].Prune
	if pg == nil || pg.NamePattern != "app_*" || !cmp.Equal(pg.Except, []string{"app_legacy"}) {
		t.Errorf("postgres Prune = %+v, want app_* except app_legacy", pg)
	}
	if libra == nil || libra.NamePattern != "etl_*" || libra.Except != nil {
		t.Errorf("LibraDB Prune = %+v, want etl_*", libra)
	}
	for name, want := range map[string]bool{"app_x": true, "app_legacy": false, "other": false, "APP_x": false} {
		if got := pg.Matches(name, IsPostgresSystemAccount); got != want {
			t.Errorf("Prune.Matches(%q) = %v, want %v", name, got, want)
		}
	}
	if (*Prune)(nil).Matches("app_x", IsPostgresSystemAccount) {
		t.Error("a nil Prune matches")
	}
}
