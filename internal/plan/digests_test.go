package plan_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dbplan/dbplan/internal/config"
	"github.com/dbplan/dbplan/internal/plan"
)

// TestObjectDigestsRecorded: a plan records the objects its actions act on
// and the declared objects above them, nothing else.
func TestObjectDigestsRecorded(t *testing.T) {
	cfg, obs := mixedFixture()
	cfg.Instances = append(cfg.Instances, instance("idle", "postgres-9", account("someone", 30)))
	obs.Instances["postgres-9"] = running("postgres-9", &plan.ObservedAccount{Name: "someone", Type: "normal"})
	p := build(t, cfg, obs)
	want := []string{
		"libradb_cluster.c", "libradb_cluster.c.account.analyst", "libradb_cluster.c.account.bi", "libradb_cluster.c.account.etl", "libradb_cluster.c.account.old",
		"postgres_instance.a", "postgres_instance.a.account.camoff", "postgres_instance.a.account.camon",
		"postgres_instance.a.account.fresh", "postgres_instance.a.account.gone", "postgres_instance.a.account.locker",
		"postgres_instance.a.account.promoted", "postgres_instance.a.account.reader",
		"postgres_instance.a.account.refresh", "postgres_instance.a.account.rem", "postgres_instance.a.account.rotate",
		"postgres_instance.a.account.unlocker", "postgres_instance.a.extranet",
		"postgres_instance.b", "postgres_instance.b.extranet",
		"postgres_ro_group.g", "postgres_ro_group.g.network[vpc-0/subnet-0]", "postgres_ro_group.g.network[vpc-1/subnet-1]",
	}
	if diff := cmp.Diff(want, slices.Sorted(mapKeys(p.ObjectDigests))); diff != "" {
		t.Errorf("recorded objects (-want +got):\n%s", diff)
	}
	meanings := cfg.Meanings()
	for addr, d := range p.ObjectDigests {
		if d != meanings[addr] {
			t.Errorf("digest of %s = %q, want the configuration's %q", addr, d, meanings[addr])
		}
	}
	if err := plan.CheckDigests(p, cfg); err != nil {
		t.Errorf("CheckDigests(plan, same configuration) = %v", err)
	}
}

func build(t *testing.T, cfg *config.Config, obs *plan.Observed) *plan.Plan {
	t.Helper()
	p, diags := plan.Build(cfg, obs, plan.BuildOptions{})
	if diags.HasErrors() {
		t.Fatalf("Build() diags: %v", diagSummaries(diags))
	}
	return p
}

func mapKeys(m map[string]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// pgAccount returns the account declared at addr.
func pgAccount(t *testing.T, cfg *config.Config, addr string) *config.Account {
	t.Helper()
	for _, in := range cfg.Instances {
		for _, a := range in.Accounts {
			if a.Addr == addr {
				return a
			}
		}
	}
	t.Fatalf("no account %s in the fixture", addr)
	return nil
}

func TestCheckDigests(t *testing.T) {
	tests := []struct {
		name        string
		edit        func(t *testing.T, cfg *config.Config)
		wantChanged []string
		wantMissing []string
	}{
		{name: "an account added to a planned instance", edit: func(t *testing.T, cfg *config.Config) {
			b := cfg.Instances[1]
			b.Accounts = append(b.Accounts, account("newcomer", 40))
			b.Accounts[0].Addr = b.Addr + ".account.newcomer"
		}},
		{name: "new block elsewhere", edit: func(t *testing.T, cfg *config.Config) {
			cfg.Instances = append(cfg.Instances, instance("later", "postgres-7", account("x", 50)))
		}},
		{name: "remark of a planned account", edit: func(t *testing.T, cfg *config.Config) {
			pgAccount(t, cfg, "postgres_instance.a.account.rem").Remark = ptr("edited after review")
		}, wantChanged: []string{"postgres_instance.a.account.rem"}},
		{name: "instance id under planned accounts", edit: func(t *testing.T, cfg *config.Config) {
			cfg.Instances[0].InstanceID = "postgres-8"
		}, wantChanged: []string{"postgres_instance.a"}},
		{name: "network removed", edit: func(t *testing.T, cfg *config.Config) {
			cfg.ROGroups[0].Networks = nil
		}, wantMissing: []string{"postgres_ro_group.g.network[vpc-0/subnet-0]", "postgres_ro_group.g.network[vpc-1/subnet-1]"}},
		{name: "password source", edit: func(t *testing.T, cfg *config.Config) {
			for _, a := range cfg.LibraClusters[0].Accounts {
				if a.Name == "etl" {
					a.PasswordSource = `env("ETL")`
				}
			}
		}, wantChanged: []string{"libradb_cluster.c.account.etl"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg, obs := mixedFixture()
			p := build(t, cfg, obs)
			later, _ := mixedFixture()
			tc.edit(t, later)
			err := plan.CheckDigests(p, later)
			if tc.wantChanged == nil && tc.wantMissing == nil {
				if err != nil {
					t.Fatalf("CheckDigests() = %v, want nil", err)
				}
				return
			}
			var se *plan.StaleError
			if !errors.As(err, &se) {
				t.Fatalf("CheckDigests() = %v, want a *StaleError", err)
			}
			if diff := cmp.Diff(tc.wantChanged, se.Changed); diff != "" {
				t.Errorf("Changed (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.wantMissing, se.Missing); diff != "" {
				t.Errorf("Missing (-want +got):\n%s", diff)
			}
			for _, addr := range append(se.Changed, se.Missing...) {
				if !strings.Contains(err.Error(), addr) {
					t.Errorf("error %q does not name %s", err, addr)
				}
			}
			if se.ElsewhereRoot() {
				t.Error("ElsewhereRoot() = true for an edit of the same configuration")
			}
		})
	}
}

// TestCheckDigestsRefusesForgedRecords: the objects checked come from the
// actions, so a plan whose digests were deleted or altered is refused.
func TestCheckDigestsRefusesForgedRecords(t *testing.T) {
	cfg, obs := mixedFixture()
	p := build(t, cfg, obs)
	p.ObjectDigests = nil
	if err := plan.CheckDigests(p, cfg); err == nil {
		t.Error("CheckDigests() of a plan without digests = nil, want a refusal")
	}
	p = build(t, cfg, obs)
	p.ObjectDigests["postgres_instance.a.account.rem"] = strings.Repeat("0", 64)
	if err := plan.CheckDigests(p, cfg); err == nil || !strings.Contains(err.Error(), "postgres_instance.a.account.rem") {
		t.Errorf("CheckDigests() with a forged digest = %v, want a refusal naming the account", err)
	}
}

func TestCheckDigestsOtherRoot(t *testing.T) {
	cfg, obs := mixedFixture()
	p := build(t, cfg, obs)
	other := &config.Config{Instances: []*config.Instance{instance("billing", "postgres-5", account("fresh", 2))}}
	var se *plan.StaleError
	if err := plan.CheckDigests(p, other); !errors.As(err, &se) || !se.ElsewhereRoot() {
		t.Errorf("CheckDigests(plan, another root) = %v, want a StaleError with ElsewhereRoot", err)
	}
}

// TestDigestsOfSelectedInstances: objects of instances a selector matched
// are recorded under the selector block's addresses.
func TestDigestsOfSelectedInstances(t *testing.T) {
	acc := account("reader", 3)
	acc.CAM = ptr(true)
	fleet := instance("fleet", "", acc)
	fleet.Selector = &config.Selector{Tags: map[string]string{"env": "prod"}}
	cfg := &config.Config{Instances: []*config.Instance{fleet}}
	obs := observed(running("postgres-1"), running("postgres-2"))
	obs.Selections = map[string][]string{"postgres_instance.fleet": {"postgres-1", "postgres-2"}}
	p := build(t, cfg, obs)
	if len(p.Actions) != 2 || !strings.HasPrefix(p.Actions[0].Addr, `postgres_instance.fleet["postgres-1"]`) {
		t.Fatalf("actions = %v, want one create per selected instance", kinds(p))
	}
	want := []string{"postgres_instance.fleet", "postgres_instance.fleet.account.reader"}
	if diff := cmp.Diff(want, slices.Sorted(mapKeys(p.ObjectDigests))); diff != "" {
		t.Errorf("recorded objects (-want +got):\n%s", diff)
	}
	fleet.Selector.Tags["env"] = "staging"
	if err := plan.CheckDigests(p, cfg); err == nil || !strings.Contains(err.Error(), "postgres_instance.fleet") {
		t.Errorf("CheckDigests() after the selector changed = %v, want a refusal naming the block", err)
	}
}
