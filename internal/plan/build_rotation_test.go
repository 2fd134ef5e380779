package plan_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/dbplan/dbplan/internal/config"
	"github.com/dbplan/dbplan/internal/plan"
	"github.com/dbplan/dbplan/internal/secret"
)

func rotating(mod func(*config.Account)) func() *config.Account {
	return func() *config.Account {
		a := account("app", 3)
		a.Rotation = &config.Rotation{ChangedAfter: ptr(rotationDate), ChangedAfterRange: rng(4)}
		if mod != nil {
			mod(a)
		}
		return a
	}
}

func TestBuildRotation(t *testing.T) {
	before, after := "2026-05-01 00:00:00", "2026-06-01 08:00:01" // rotationDate is 2026-06-01 08:00:00 UTC+8
	runAccountCases(t, []accountCase{
		{name: "set before the date: reset", acc: rotating(nil), obs: &plan.ObservedAccount{Name: "app", Type: "normal", PasswordUpdateTime: before},
			wantIDs: []string{appAddr + "#reset_account_password"}},
		{name: "unknown: reset", acc: rotating(nil), obs: &plan.ObservedAccount{Name: "app", Type: "normal", PasswordUpdateTime: "0000-00-00 00:00:00"},
			wantIDs: []string{appAddr + "#reset_account_password"}},
		{name: "set after the date: nothing", acc: rotating(nil), obs: &plan.ObservedAccount{Name: "app", Type: "normal", PasswordUpdateTime: after},
			unchanged: 1},
		{name: "set at the date: nothing", acc: rotating(nil), obs: &plan.ObservedAccount{Name: "app", Type: "normal", PasswordUpdateTime: "2026-06-01 08:00:00"},
			unchanged: 1},
		{name: "CAM on: refresh, no password needed", acc: rotating(func(a *config.Account) { a.Password, a.PasswordSource = secret.Value{}, "" }),
			obs:     &plan.ObservedAccount{Name: "app", Type: "normal", CAM: true, PasswordUpdateTime: before},
			wantIDs: []string{appAddr + "#refresh_account_password"}},
		{name: "closing CAM sets the password", acc: rotating(func(a *config.Account) { a.CAM = ptr(false) }),
			obs:     &plan.ObservedAccount{Name: "app", Type: "normal", CAM: true, PasswordUpdateTime: before},
			wantIDs: []string{appAddr + "#close_account_cam"}},
		{name: "opening CAM: refreshed next time", acc: rotating(func(a *config.Account) { a.CAM = ptr(true) }),
			obs:       &plan.ObservedAccount{Name: "app", Type: "normal", PasswordUpdateTime: before},
			wantIDs:   []string{appAddr + "#open_account_cam"},
			wantNotes: []string{appAddr + ": CAM verification of app is being opened; plan again afterwards to refresh its password, last set at 2026-05-01 00:00:00."}},
		{name: "no password at all", acc: rotating(func(a *config.Account) { a.Password, a.PasswordSource = secret.Value{}, "" }),
			obs:       &plan.ObservedAccount{Name: "app", Type: "normal", PasswordUpdateTime: before},
			wantDiags: []string{"Password required @main.hcl:4,1-10"}},
		{name: "password unset at plan time", acc: rotating(func(a *config.Account) { a.Password = secret.Value{} }),
			obs:       &plan.ObservedAccount{Name: "app", Type: "normal", PasswordUpdateTime: before},
			wantIDs:   []string{appAddr + "#reset_account_password"},
			wantNotes: []string{appAddr + ": The password (from var.pw) has no value now; it will be required at apply."}},
		{name: "CAM not reported, password given: reset", acc: rotating(nil),
			obs:     &plan.ObservedAccount{Name: "app", Type: "normal", CAMUnknown: true, PasswordUpdateTime: before},
			wantIDs: []string{appAddr + "#reset_account_password"}},
		{name: "CAM not reported, no password: refresh", acc: rotating(func(a *config.Account) { a.Password, a.PasswordSource = secret.Value{}, "" }),
			obs:     &plan.ObservedAccount{Name: "app", Type: "normal", CAMUnknown: true, PasswordUpdateTime: before},
			wantIDs: []string{appAddr + "#refresh_account_password"}},
		{name: "CAM not reported, cam = true declared: refresh", acc: rotating(func(a *config.Account) { a.CAM = ptr(true) }),
			obs:       &plan.ObservedAccount{Name: "app", Type: "normal", CAMUnknown: true, PasswordUpdateTime: before},
			wantIDs:   []string{appAddr + "#refresh_account_password"},
			wantNotes: []string{appAddr + ": CAM verification of account app on postgres-1 is unknown: DescribeAccounts does not report OpenCam for it, so cam = true can be neither checked nor changed; nothing is planned for it."}},
		{name: "new account: created with the password", acc: rotating(nil),
			wantIDs: []string{appAddr + "#create_account"}},
	}, plan.BuildOptions{})
}

// TestBuildResetDetails: a reset sends the configured password, carries
// the password-reset risk and records the time it must beat.
func TestBuildResetDetails(t *testing.T) {
	cfg := &config.Config{Instances: []*config.Instance{instance("orders", "postgres-1", rotating(nil)())}}
	obs := observed(running("postgres-1", &plan.ObservedAccount{Name: "app", Type: "normal", PasswordUpdateTime: "2026-05-01 00:00:00"}))
	p, diags := plan.Build(cfg, obs, plan.BuildOptions{})
	if diags.HasErrors() || len(p.Actions) != 1 {
		t.Fatalf("Build() = %v, %v; want one reset", kinds(p), diags)
	}
	a := p.Actions[0]
	if !a.NeedsPassword || a.SecretAddr != appAddr || a.After["password"] != secret.Redacted ||
		a.Params.PasswordChangedAfter != "2026-06-01T00:00:00Z" || a.Precondition.Expect != "2026-05-01 00:00:00" {
		t.Errorf("reset = %+v; want the password sent, the date and the time seen", a)
	}
	if diff := cmp.Diff([]string{plan.RiskPasswordReset}, a.Risks); diff != "" {
		t.Errorf("Risks mismatch (-want +got):\n%s", diff)
	}
}

func TestBuildLibraRotation(t *testing.T) {
	c := &config.LibraCluster{Addr: "libradb_cluster.w", ClusterID: "libradb-1", DeclRange: rng(1), Accounts: []*config.LibraAccount{
		{Addr: "libradb_cluster.w.account.etl", Name: "etl", Host: "%", Password: secret.New("Etl-pass-1"), PasswordSource: "var.etl",
			Description: ptr("new"), Rotation: &config.Rotation{ChangedAfter: ptr(rotationDate)}, DeclRange: rng(2)},
		{Addr: "libradb_cluster.w.account.fresh", Name: "fresh", Host: "%", Password: secret.New("Fresh-pass-1"), PasswordSource: "var.f",
			Rotation: &config.Rotation{ChangedAfter: ptr(rotationDate)}, DeclRange: rng(3)},
	}}
	obs := &plan.Observed{LibraClusters: map[string]*plan.ObservedLibraCluster{"libradb-1": {ID: "libradb-1", Status: "running",
		Accounts: map[string]*plan.ObservedLibraAccount{
			"etl@%":   {Name: "etl", Host: "%", Description: "old", UpdateTime: "2026-01-01 00:00:00"},
			"fresh@%": {Name: "fresh", Host: "%", UpdateTime: "2026-07-01 00:00:00"},
		}}}}
	p, diags := plan.Build(&config.Config{LibraClusters: []*config.LibraCluster{c}}, obs, plan.BuildOptions{})
	if diags.HasErrors() {
		t.Fatalf("Build() diags: %v", diags)
	}
	reset := "libradb_cluster.w.account.etl#reset_libradb_account_password"
	want := map[string][]string{reset: nil, "libradb_cluster.w.account.etl#modify_libradb_account_description": {reset}}
	if diff := cmp.Diff(want, deps(p)); diff != "" {
		t.Errorf("actions and dependencies mismatch (-want +got):\n%s", diff)
	}
	if p.Unchanged != 1 {
		t.Errorf("Unchanged = %d, want 1 (fresh)", p.Unchanged)
	}
}

func TestBuildPasswordAge(t *testing.T) {
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	aged := func(name, maxAge string, d time.Duration, line int) *config.Account {
		a := account(name, line)
		a.Rotation = &config.Rotation{MaxAge: d, MaxAgeText: maxAge}
		return a
	}
	day := 24 * time.Hour
	rot := rotating(nil)()
	rot.Rotation.MaxAge, rot.Rotation.MaxAgeText = 90*day, "90d"
	cfg := &config.Config{Instances: []*config.Instance{instance("orders", "postgres-1",
		aged("old", "90d", 90*day, 2), aged("young", "90d", 90*day, 3), aged("unknown", "90d", 90*day, 4),
		aged("plain", "", 0, 5), rot)}}
	obs := observed(running("postgres-1",
		&plan.ObservedAccount{Name: "old", Type: "normal", PasswordUpdateTime: "2026-08-01 12:00:00"},     // 113 days
		&plan.ObservedAccount{Name: "young", Type: "normal", PasswordUpdateTime: "2026-09-01 12:00:00"},   // 82 days
		&plan.ObservedAccount{Name: "unknown", Type: "normal", PasswordUpdateTime: "0000-00-00 00:00:00"}, // unknown
		&plan.ObservedAccount{Name: "plain", Type: "normal", PasswordUpdateTime: "2020-01-01 00:00:00"},   // no limit
		&plan.ObservedAccount{Name: "app", Type: "normal", PasswordUpdateTime: "2026-01-01 00:00:00"},     // reset planned
	))
	p, diags := plan.Build(cfg, obs, plan.BuildOptions{Now: now})
	if diags.HasErrors() {
		t.Fatalf("Build() diags: %v", diags)
	}
	want := []plan.StalePassword{
		{Addr: appAddr, LastSet: "2026-01-01 00:00:00", Basis: plan.BasisPasswordUpdateTime, AgeDays: 325, MaxAge: "90d", ResetPlanned: true},
		{Addr: "postgres_instance.orders.account.old", LastSet: "2026-08-01 12:00:00", Basis: plan.BasisPasswordUpdateTime, AgeDays: 113, MaxAge: "90d"},
		{Addr: "postgres_instance.orders.account.unknown", Basis: plan.BasisPasswordUpdateTime, MaxAge: "90d"},
	}
	if diff := cmp.Diff(want, p.StalePasswords); diff != "" {
		t.Errorf("StalePasswords mismatch (-want +got):\n%s", diff)
	}
	if p, _ := plan.Build(cfg, obs, plan.BuildOptions{}); len(p.StalePasswords) != 0 {
		t.Errorf("without Now: %v, want no age judged", p.StalePasswords)
	}
}
