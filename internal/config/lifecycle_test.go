package config

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

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
		if strings.HasPrefix(addr, "postgres_instance.orders.") {
			locked[addr] = a.Locked
		}
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
			if a.Rotation == nil {
				absent[a.Addr] = a.Absent
			}
		}
	}
	for _, c := range cfg.LibraClusters {
		for _, a := range c.Accounts {
			if a.Rotation == nil {
				absent[a.Addr] = a.Absent
			}
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
	pg, libra := cfg.Instances[0].Prune, cfg.LibraClusters[1].Prune
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

// TestLoadRotation checks password_changed_after and max_password_age
// (own or inherited from the instance or cluster) land in the model.
func TestLoadRotation(t *testing.T) {
	cfg, diags := Load(filepath.Join("testdata", "valid", "lifecycle"), LoadOptions{})
	if diags.HasErrors() {
		t.Fatalf("Load() = %v", diags)
	}
	type rot struct {
		After  string
		MaxAge time.Duration
		Text   string
	}
	got := map[string]rot{}
	add := func(addr string, r *Rotation) {
		if r == nil {
			return
		}
		var after string
		if r.ChangedAfter != nil {
			after = r.ChangedAfter.UTC().Format(time.RFC3339)
		}
		got[addr] = rot{after, r.MaxAge, r.MaxAgeText}
	}
	for _, inst := range cfg.Instances {
		for _, a := range inst.Accounts {
			add(a.Addr, a.Rotation)
		}
	}
	for _, c := range cfg.LibraClusters {
		for _, a := range c.Accounts {
			add(a.Addr, a.Rotation)
		}
	}
	want := map[string]rot{
		"postgres_instance.rotating.account.app":      {"2026-05-31T16:00:00Z", 90 * 24 * time.Hour, "90d"},
		"postgres_instance.rotating.account.cam_user": {"2026-06-01T00:00:00Z", 14 * 24 * time.Hour, "2w"},
		"libradb_cluster.rotating.account.etl":        {"2026-05-31T16:00:00Z", 36 * time.Hour, "36h"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Rotation mismatch (-want +got):\n%s", diff)
	}
}

// TestPasswordChangedAfterFuture: "in the future" is judged against
// LoadOptions.Now.
func TestPasswordChangedAfterFuture(t *testing.T) {
	dir := writeDir(t, map[string]string{"main.hcl": `
provider "tencentcloud" {
  region = "ap-guangzhou"
}
postgres_instance "a" {
  instance_id = "postgres-abcd1234"
  account "app" {
    password               = "Lit3ral-pass!"
    password_changed_after = "2026-06-01T00:00:00Z"
  }
}
`})
	before := func() time.Time { return time.Date(2026, 5, 31, 0, 0, 0, 0, time.UTC) }
	_, got := summaries(t, dir, LoadOptions{Now: before})
	if !slices.Contains(got, "ERROR: password_changed_after in the future") {
		t.Errorf("Load(Now before the date) = %v, want the future error", got)
	}
	after := func() time.Time { return time.Date(2026, 6, 2, 0, 0, 0, 0, time.UTC) }
	_, got = summaries(t, dir, LoadOptions{Now: after})
	if slices.Contains(got, "ERROR: password_changed_after in the future") {
		t.Errorf("Load(Now after the date) = %v, want no future error", got)
	}
}

func TestParseMaxAge(t *testing.T) {
	for s, want := range map[string]time.Duration{"90d": 90 * 24 * time.Hour, "1w": 7 * 24 * time.Hour, "36h": 36 * time.Hour} {
		if got, err := ParseMaxAge(s); err != nil || got != want {
			t.Errorf("ParseMaxAge(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for _, s := range []string{"", "90", "0d", "1.5d", "-1d", "3m", "90 d", "999999d"} {
		if _, err := ParseMaxAge(s); err == nil {
			t.Errorf("ParseMaxAge(%q) succeeded", s)
		}
	}
}
