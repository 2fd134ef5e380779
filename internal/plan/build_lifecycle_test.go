package plan_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dbplan/dbplan/internal/config"
	"github.com/dbplan/dbplan/internal/plan"
)

// accountCase is one declared account against one observed account (nil:
// absent), and what Build must make of it: action IDs, diagnostics
// ("Summary @range"), notes ("address: message") and the unchanged count.
type accountCase struct {
	name      string
	acc       func() *config.Account
	obs       *plan.ObservedAccount
	wantIDs   []string
	wantDiags []string
	wantNotes []string
	unchanged int
}

func runAccountCases(t *testing.T, tests []accountCase, opts plan.BuildOptions) {
	t.Helper()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			oi := running("postgres-1")
			if tc.obs != nil {
				oi.Accounts[tc.obs.Name] = tc.obs
			}
			cfg := &config.Config{Instances: []*config.Instance{instance("orders", "postgres-1", tc.acc())}}
			p, diags := plan.Build(cfg, observed(oi), opts)
			if diff := cmp.Diff(tc.wantDiags, diagSummaries(diags)); diff != "" {
				t.Errorf("Build() diags mismatch (-want +got):\n%s", diff)
			}
			if diags.HasErrors() {
				return
			}
			if diff := cmp.Diff(tc.wantIDs, kinds(p)); diff != "" {
				t.Errorf("Build() actions mismatch (-want +got):\n%s", diff)
			}
			var notes []string
			for _, n := range p.Notes {
				notes = append(notes, n.Addr+": "+n.Message)
			}
			if diff := cmp.Diff(tc.wantNotes, notes); diff != "" {
				t.Errorf("Build() notes mismatch (-want +got):\n%s", diff)
			}
			if p.Unchanged != tc.unchanged {
				t.Errorf("Unchanged = %d, want %d", p.Unchanged, tc.unchanged)
			}
		})
	}
}

const appAddr = "postgres_instance.orders.account.app"

func TestBuildLock(t *testing.T) {
	locked := func(v *bool) func() *config.Account {
		return func() *config.Account { a := account("app", 3); a.Locked = v; return a }
	}
	runAccountCases(t, []accountCase{
		{name: "lock an unlocked account", acc: locked(ptr(true)), obs: &plan.ObservedAccount{Name: "app", Type: "normal", Status: 2},
			wantIDs: []string{appAddr + "#lock_account"}},
		{name: "already locked", acc: locked(ptr(true)), obs: &plan.ObservedAccount{Name: "app", Type: "normal", Status: 5},
			unchanged: 1},
		{name: "unlock a locked account", acc: locked(ptr(false)), obs: &plan.ObservedAccount{Name: "app", Type: "normal", Status: 5},
			wantIDs: []string{appAddr + "#unlock_account"}},
		{name: "already unlocked", acc: locked(ptr(false)), obs: &plan.ObservedAccount{Name: "app", Type: "normal", Status: 2},
			unchanged: 1},
		{name: "unset leaves a locked account locked", acc: locked(nil), obs: &plan.ObservedAccount{Name: "app", Type: "normal", Status: 5},
			unchanged: 1, wantNotes: []string{appAddr + ": Account app is locked; locked is not set here, so it stays as it is."}},
		{name: "unset never locks", acc: locked(nil), obs: &plan.ObservedAccount{Name: "app", Type: "normal", Status: 2},
			unchanged: 1},
		{name: "create locked", acc: locked(ptr(true)),
			wantIDs: []string{appAddr + "#create_account", appAddr + "#lock_account"}},
		{name: "create unlocked needs no unlock", acc: locked(ptr(false)),
			wantIDs: []string{appAddr + "#create_account"}},
	}, plan.BuildOptions{})
}

// TestBuildLockDetails: a lock names what it removes, carries the
// removes-access risk and runs after the account's create.
func TestBuildLockDetails(t *testing.T) {
	acc := account("app", 3)
	acc.Locked = ptr(true)
	cfg := &config.Config{Instances: []*config.Instance{instance("orders", "postgres-1", acc)}}
	p, diags := plan.Build(cfg, observed(running("postgres-1")), plan.BuildOptions{})
	if diags.HasErrors() || len(p.Actions) != 2 {
		t.Fatalf("Build() = %v, diags %v; want create and lock", kinds(p), diags)
	}
	lock := p.Actions[1]
	if diff := cmp.Diff([]string{plan.RiskRemovesAccess}, lock.Risks); diff != "" {
		t.Errorf("lock Risks mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{appAddr + "#create_account"}, lock.DependsOn); diff != "" {
		t.Errorf("lock DependsOn mismatch (-want +got):\n%s", diff)
	}
	if lock.After["locked"] != "true" || lock.NeedsPassword {
		t.Errorf("lock After = %v, NeedsPassword %v; want locked = true and no password", lock.After, lock.NeedsPassword)
	}
	if s := p.Summary(); s.Create != 1 || s.Change != 1 || s.Destroy != 0 {
		t.Errorf("Summary = %+v, want 1 create and 1 change", s)
	}
}
