package plan_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dbplan/dbplan/internal/config"
	"github.com/dbplan/dbplan/internal/plan"
	"github.com/dbplan/dbplan/internal/secret"
)

func TestBuildAccountCreate(t *testing.T) {
	acc := account("app", 3)
	acc.Remark = ptr("orders app")
	cfg := &config.Config{Digest: "d1", Instances: []*config.Instance{instance("orders", "postgres-1", acc)}}
	p, diags := plan.Build(cfg, observed(running("postgres-1")), plan.BuildOptions{})
	if diags.HasErrors() {
		t.Fatalf("Build() diags: %v", diags)
	}
	want := []plan.Action{{
		ID:     "postgres_instance.orders.account.app#create_account",
		Addr:   "postgres_instance.orders.account.app",
		Kind:   plan.CreateAccount,
		Target: plan.Target{Provider: "tencentcloud", Region: "ap-guangzhou", InstanceID: "postgres-1", UserName: "app"},
		Params: plan.Params{AccountType: "normal", Remark: ptr("orders app")},
		After:  map[string]string{"type": `"normal"`, "remark": `"orders app"`, "password": "(sensitive)"},
		Reason: "Account app does not exist on instance postgres-1.",
		Range:  plan.Range{Filename: "main.hcl", Line: 3, Column: 1},
		Precondition: plan.Precondition{
			Description: "account app absent on postgres-1", Expect: "absent",
		},
		NeedsPassword: true,
		SecretAddr:    "postgres_instance.orders.account.app",
	}}
	if diff := cmp.Diff(want, p.Actions); diff != "" {
		t.Errorf("Build() actions mismatch (-want +got):\n%s", diff)
	}
	if p.ConfigDigest != "d1" {
		t.Errorf("ConfigDigest = %q, want d1", p.ConfigDigest)
	}
}

func TestBuildAccountRows(t *testing.T) {
	tests := []accountCase{
		{
			name:      "present and equal",
			acc:       func() *config.Account { a := account("app", 3); a.Remark = ptr("r"); a.CAM = ptr(false); return a },
			obs:       &plan.ObservedAccount{Name: "app", Type: "normal", Remark: "r", Status: 2},
			unchanged: 1,
		},
		{
			name:    "remark differs",
			acc:     func() *config.Account { a := account("app", 3); a.Remark = ptr("new"); return a },
			obs:     &plan.ObservedAccount{Name: "app", Type: "normal", Remark: "old"},
			wantIDs: []string{"postgres_instance.orders.account.app#modify_account_remark"},
		},
		{
			name:      "remark unmanaged",
			acc:       func() *config.Account { return account("app", 3) },
			obs:       &plan.ObservedAccount{Name: "app", Type: "normal", Remark: "old"},
			unchanged: 1,
		},
		{
			name:    "cam on wanted",
			acc:     func() *config.Account { a := account("app", 3); a.CAM = ptr(true); return a },
			obs:     &plan.ObservedAccount{Name: "app", Type: "normal"},
			wantIDs: []string{"postgres_instance.orders.account.app#open_account_cam"},
		},
		{
			name:      "cam on wanted, CAM state not reported",
			acc:       func() *config.Account { a := account("app", 3); a.CAM = ptr(true); return a },
			obs:       &plan.ObservedAccount{Name: "app", Type: "normal", CAMUnknown: true},
			unchanged: 1,
			wantNotes: []string{"postgres_instance.orders.account.app: CAM verification of account app on postgres-1 is unknown: DescribeAccounts does not report OpenCam for it, so cam = true can be neither checked nor changed; nothing is planned for it."},
		},
		{
			name:    "cam off wanted",
			acc:     func() *config.Account { a := account("app", 3); a.CAM = ptr(false); return a },
			obs:     &plan.ObservedAccount{Name: "app", Type: "normal", CAM: true},
			wantIDs: []string{"postgres_instance.orders.account.app#close_account_cam"},
		},
		{
			name: "cam off wanted, password unset at plan time",
			acc: func() *config.Account {
				a := account("app", 3)
				a.CAM, a.Password = ptr(false), secret.Value{}
				return a
			},
			obs:       &plan.ObservedAccount{Name: "app", Type: "normal", CAM: true},
			wantIDs:   []string{"postgres_instance.orders.account.app#close_account_cam"},
			wantNotes: []string{"postgres_instance.orders.account.app: The password (from var.pw) has no value now; it will be required at apply."},
		},
		{
			name: "cam off wanted, no password source",
			acc: func() *config.Account {
				a := account("app", 3)
				a.CAM, a.Password, a.PasswordSource = ptr(false), secret.Value{}, ""
				return a
			},
			obs:       &plan.ObservedAccount{Name: "app", Type: "normal", CAM: true},
			wantDiags: []string{"Password required @main.hcl:3,1-10"},
		},
		{
			name: "type declared and different",
			acc: func() *config.Account {
				a := account("app", 3)
				a.Type, a.TypeDeclared = "tencentDBSuper", true
				return a
			},
			obs:     &plan.ObservedAccount{Name: "app", Type: "normal"},
			wantIDs: []string{"postgres_instance.orders.account.app#change_account_type"},
		},
		{
			// type left out is not managed: a superuser stays one.
			name:      "type not declared",
			acc:       func() *config.Account { return account("app", 3) },
			obs:       &plan.ObservedAccount{Name: "app", Type: "tencentDBSuper"},
			unchanged: 1,
		},
		{
			name: "create with cam folds OpenCam and needs no password",
			acc: func() *config.Account {
				a := account("app", 3)
				a.CAM, a.Password, a.PasswordSource = ptr(true), secret.Value{}, ""
				return a
			},
			wantIDs: []string{"postgres_instance.orders.account.app#create_account"},
		},
		{
			name: "create without password source",
			acc: func() *config.Account {
				a := account("app", 3)
				a.Password, a.PasswordSource = secret.Value{}, ""
				return a
			},
			wantDiags: []string{"Password required @main.hcl:3,1-10"},
		},
	}
	runAccountCases(t, tests, plan.BuildOptions{})
}

func TestBuildCreateCAMParams(t *testing.T) {
	acc := account("ops", 3)
	acc.Type, acc.CAM = "tencentDBSuper", ptr(true)
	cfg := &config.Config{Instances: []*config.Instance{instance("orders", "postgres-1", acc)}}
	p, diags := plan.Build(cfg, observed(running("postgres-1")), plan.BuildOptions{})
	if diags.HasErrors() || len(p.Actions) != 1 {
		t.Fatalf("Build() = %v actions, diags %v; want 1 action", kinds(p), diags)
	}
	a := p.Actions[0]
	if !a.Params.OpenCAM || a.NeedsPassword || a.SecretAddr != "" {
		t.Errorf("create with cam: OpenCAM=%v NeedsPassword=%v SecretAddr=%q; want true, false, empty", a.Params.OpenCAM, a.NeedsPassword, a.SecretAddr)
	}
	if diff := cmp.Diff([]string{"superuser", "cam"}, a.Risks); diff != "" {
		t.Errorf("Risks mismatch (-want +got):\n%s", diff)
	}
	if _, ok := a.After["password"]; ok {
		t.Errorf("After = %v, want no password marker for a CAM create", a.After)
	}
}
