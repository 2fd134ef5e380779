package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestApplySavedPlanAfterMerge: a saved plan survives a merged change that
// does not alter what its objects should be, and is refused, naming the
// object, for one that does.
func TestApplySavedPlanAfterMerge(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		edit    func(string) string
		wantErr string // "" = applies
	}{
		{name: "comment only", edit: func(s string) string {
			return "# Reviewed in PR 41.\n" + strings.Replace(s, "  account \"orders_app\" {", "  # the service account\n  account \"orders_app\" {", 1)
		}},
		{name: "formatting", edit: func(s string) string {
			return strings.ReplaceAll(strings.ReplaceAll(s, "  ", "    "), "\n\n", "\n\n\n")
		}},
		{name: "an unrelated block", edit: func(s string) string {
			return s + "\npostgres_instance \"billing\" {\n  instance_id = \"postgres-fx000002\"\n  account \"biller\" {\n    cam = true\n  }\n}\n"
		}},
		{name: "an account added next to the planned ones", edit: func(s string) string {
			return strings.Replace(s, "  account \"orders_analyst\" {", "  account \"orders_reporting\" {\n    cam = true\n  }\n\n  account \"orders_analyst\" {", 1)
		}},
		{name: "a planned account's remark", edit: func(s string) string {
			return strings.Replace(s, `remark   = "orders-service"`, `remark   = "orders-svc"`, 1)
		}, wantErr: "changed since the plan: postgres_instance.orders.account.orders_app"},
		{name: "public access turned off", edit: func(s string) string {
			return strings.Replace(s, "enabled = true", "enabled = false", 1)
		}, wantErr: "changed since the plan: postgres_instance.orders.extranet"},
		{name: "the instance id", edit: func(s string) string {
			return strings.Replace(s, `"postgres-fx000001"`, `"postgres-fx000009"`, 1)
		}, wantErr: "changed since the plan: postgres_instance.orders"},
		{name: "a planned account removed", edit: func(s string) string {
			return strings.Replace(s, "  account \"orders_analyst\" {\n    cam    = true\n    remark = \"analysts\"\n  }\n", "", 1)
		}, wantErr: "no longer declared: postgres_instance.orders.account.orders_analyst"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir, planFile, _ := savePlan(t)
			edited := tc.edit(fixtureHCL)
			if edited == fixtureHCL {
				t.Fatal("the edit changed nothing")
			}
			if err := os.WriteFile(filepath.Join(dir, "main.hcl"), []byte(edited), 0o644); err != nil {
				t.Fatal(err)
			}
			code, out, errs := runApplyCmd(t, applyVars, "", false, "-sim", "-chdir", dir, planFile)
			if tc.wantErr == "" {
				if code != exitOK || !strings.Contains(out, "3 succeeded") {
					t.Errorf("apply after the merge exit = %d, want 0 and the plan applied; stdout:\n%s\nstderr:\n%s", code, out, errs)
				}
				return
			}
			oneLineRefusal(t, code, errs, tc.wantErr, "plan -out")
			unchanged(t, dir)
		})
	}
}

// oneLineRefusal checks that a command refused with exit 1 and one line on
// stderr holding every wanted text.
func oneLineRefusal(t *testing.T, code int, stderr string, want ...string) {
	t.Helper()
	if code != exitError {
		t.Errorf("exit = %d, want %d; stderr:\n%s", code, exitError, stderr)
	}
	if n := strings.Count(strings.TrimSpace(stderr), "\n"); n != 0 {
		t.Errorf("stderr has %d lines, want one:\n%s", n+1, stderr)
	}
	for _, w := range want {
		if !strings.Contains(stderr, w) {
			t.Errorf("stderr does not say %q:\n%s", w, stderr)
		}
	}
}

// unchanged checks that the fixture's cloud still needs every change.
func unchanged(t *testing.T, dir string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "main.hcl"), []byte(fixtureHCL), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, _ := runPlanCmd(t, applyVars, "-sim", "-detailed-exitcode", dir); code != exitChanges || !strings.Contains(out, "2 to create, 1 to change") {
		t.Errorf("plan afterwards exit = %d, want %d with every change still to make (nothing changed):\n%s", code, exitChanges, out)
	}
}

// TestApplyBadPlanFile: a plan file from another dbplan, truncated, or for
// another configuration: one clear line each, exit 1, nothing changed.
func TestApplyBadPlanFile(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		edit func(t *testing.T, data []byte) []byte
		// chdirOther applies with -chdir to another configuration.
		chdirOther bool
		want       []string
	}{
		{name: "another dbplan version", edit: func(t *testing.T, d []byte) []byte {
			return replaceOnce(t, d, `"dbplan_version": "`+currentVersion()+`"`, `"dbplan_version": "v0.9.0"`)
		}, want: []string{"made by dbplan v0.9.0", "this is dbplan " + currentVersion(), "plan -out"}},
		{name: "an older plan format", edit: func(t *testing.T, d []byte) []byte {
			d = replaceOnce(t, d, `"format_version": "2"`, `"format_version": "1"`)
			return replaceOnce(t, d, `"dbplan_version": "`+currentVersion()+`"`, `"dbplan_version": "v0.8.0"`)
		}, want: []string{"written by dbplan v0.8.0 (plan format 1", "plan -out"}},
		{name: "truncated", edit: func(t *testing.T, d []byte) []byte { return d[:len(d)*2/3] },
			want: []string{"truncated or corrupt", "plan -out"}},
		{name: "another configuration root", chdirOther: true,
			want: []string{"was made for another configuration", "declares none of the 3 objects", "-chdir"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir, planFile, _ := savePlan(t)
			if tc.edit != nil {
				data, err := os.ReadFile(planFile)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(planFile, tc.edit(t, data), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			chdir := dir
			if tc.chdirOther {
				chdir = writeFixture(t, strings.ReplaceAll(fixtureHCL, `"orders"`, `"billing"`), fixtureWorld)
			}
			code, _, errs := runApplyCmd(t, applyVars, "", false, "-sim", "-chdir", chdir, planFile)
			oneLineRefusal(t, code, errs, tc.want...)
			unchanged(t, dir)
		})
	}
}

func replaceOnce(t *testing.T, data []byte, old, new string) []byte {
	t.Helper()
	s := string(data)
	if !strings.Contains(s, old) {
		t.Fatalf("the plan file holds no %s:\n%s", old, s)
	}
	return []byte(strings.Replace(s, old, new, 1))
}

// TestApplyEditedPlan: a saved plan edited after review (as with sed on
// the CI artifact) is refused with one line naming the action, and
// nothing changes; each field an attacker could change is covered.
func TestApplyEditedPlan(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, old, new string
		want           []string
	}{
		{"a remark changed with sed", `"remark": "orders-service"`, `"remark": "pwned"`,
			[]string{"postgres_instance.orders.account.orders_app#create_account", "parameter Remark"}},
		{"the target account", `"user_name": "orders_analyst"`, `"user_name": "root"`,
			[]string{"postgres_instance.orders.account.orders_analyst#create_account", `user name is "root"`}},
		{"the kind", `"kind": "open_extranet"`, `"kind": "close_extranet"`,
			[]string{"id ", "does not match"}},
		{"the type of a create", `"account_type": "normal",
    "remark": "orders-service"`, `"account_type": "tencentDBSuper",
    "remark": "orders-service"`,
			[]string{"parameter AccountType"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir, planFile, _ := savePlan(t)
			data, err := os.ReadFile(planFile)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(planFile, replaceOnce(t, data, tc.old, tc.new), 0o600); err != nil {
				t.Fatal(err)
			}
			code, _, errs := runApplyCmd(t, applyVars, "", false, "-sim", "-chdir", dir, planFile)
			oneLineRefusal(t, code, errs, tc.want...)
			unchanged(t, dir)
		})
	}
}

// TestApplyEditedPlanSelector: an action moved to an instance its
// selector does not select is refused once the instance is read.
func TestApplyEditedPlanSelector(t *testing.T) {
	t.Parallel()
	const hcl = `
provider "tencentcloud" {
  region = "ap-guangzhou"
}
postgres_instance "prod" {
  selector {
    tags = { env = "prod" }
  }
  account "reader" {
    cam = true
  }
}
`
	const world = `{"instances": [
  {"id": "postgres-fx000001", "region": "ap-guangzhou", "name": "shop", "tags": [{"key": "env", "value": "prod"}]},
  {"id": "postgres-fx000002", "region": "ap-guangzhou", "name": "hr", "tags": [{"key": "env", "value": "hr"}]}
]}`
	dir := writeFixture(t, hcl, world)
	planFile := filepath.Join(t.TempDir(), "sel.plan")
	if code, _, errs := runPlanCmd(t, nil, "-sim", "-out", planFile, dir); code != exitOK {
		t.Fatalf("plan -out exit = %d:\n%s", code, errs)
	}
	data, err := os.ReadFile(planFile)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.ReplaceAll(string(data), "postgres-fx000001", "postgres-fx000002")
	if err := os.WriteFile(planFile, []byte(edited), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errs := runApplyCmd(t, nil, "", false, "-sim", "-chdir", dir, planFile)
	oneLineRefusal(t, code, errs, `postgres_instance.prod["postgres-fx000002"]`, "selector does not select instance postgres-fx000002")
	if code, out, _ := runPlanCmd(t, nil, "-sim", "-detailed-exitcode", dir); code != exitChanges || !strings.Contains(out, "1 to create") {
		t.Errorf("plan afterwards exit = %d, want the create still to do (nothing changed):\n%s", code, out)
	}
}
