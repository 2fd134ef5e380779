package plan_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/dbplan/dbplan/internal/plan"
)

func builtPlan(t *testing.T) (*plan.Plan, []string) {
	t.Helper()
	cfg, obs := mixedFixture()
	p, diags := plan.Build(cfg, obs, plan.BuildOptions{Now: time.Date(2026, 11, 22, 20, 0, 0, 0, time.UTC), Targets: nil})
	if diags.HasErrors() {
		t.Fatalf("Build() diags: %v", diags)
	}
	return p, fixturePasswords(t, cfg)
}

func TestSaveLoadRoundTrip(t *testing.T) {
	p, passwords := builtPlan(t)
	p.Unmanaged = append(p.Unmanaged, plan.Unmanaged{Parent: "postgres_instance.a", Kind: "account", Name: "legacy"})
	p.Notes = append(p.Notes, plan.Note{Severity: plan.Warning, Addr: "postgres_instance.a", Message: "m"})
	p.Targets = []string{"postgres_instance.a"}
	p.ConfigDir = "db/prod"
	p.ConfigDirAbs = "/work/repo/db/prod"
	p.StalePasswords = []plan.StalePassword{{Addr: "postgres_instance.a.account.old", LastSet: "2025-01-01 00:00:00",
		Basis: plan.BasisPasswordUpdateTime, AgeDays: 690, MaxAge: "90d", ResetPlanned: true}}
	path := filepath.Join(t.TempDir(), "plan.json")
	if err := plan.Save(path, p); err != nil {
		t.Fatalf("Save() = %v", err)
	}
	got, err := plan.Load(path)
	if err != nil {
		t.Fatalf("Load() = %v", err)
	}
	if diff := cmp.Diff(p, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("Load(Save(p)) mismatch (-want +got):\n%s", diff)
	}

	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm != 0o600 {
		t.Errorf("plan file mode = %o, want 600", perm)
	}
	data, _ := os.ReadFile(path)
	for _, pw := range passwords {
		if bytes.Contains(data, []byte(pw)) {
			t.Errorf("plan file contains the password %q", pw)
		}
	}
	if !bytes.Contains(data, []byte(`"format_version": "`+plan.FormatVersion+`"`)) {
		t.Errorf("plan file has no format_version %s:\n%s", plan.FormatVersion, data)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries after Save, want only the plan (no temp file left)", len(entries))
	}
}

func TestSaveReplacesAtomically(t *testing.T) {
	p, _ := builtPlan(t)
	path := filepath.Join(t.TempDir(), "plan.json")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := plan.Save(path, p); err != nil {
		t.Fatalf("Save() = %v", err)
	}
	if _, err := plan.Load(path); err != nil {
		t.Errorf("Load() after overwrite = %v", err)
	}
	if err := plan.Save(filepath.Join(t.TempDir(), "missing", "plan.json"), p); err == nil {
		t.Error("Save() into a missing directory = nil, want an error")
	}
}

func TestLoadRejectsBadFiles(t *testing.T) {
	p, _ := builtPlan(t)
	good, err := plan.Encode(p)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		data    string
		wantSub string
	}{
		{"empty", "", "empty"},
		{"truncated", string(good[:len(good)/2]), "truncated or corrupt"},
		{"garbage", "\x00\x01binary", "truncated or corrupt"},
		{"not a plan", `{"hello":1}`, "no format_version"},
		{"newer version", strings.Replace(string(good), `"format_version": "`+plan.FormatVersion+`"`, `"format_version": "99"`, 1), `plan format 99`},
		{"older version", strings.Replace(string(good), `"format_version": "`+plan.FormatVersion+`"`, `"format_version": "1"`, 1), `plan format 1`},
		{"unknown field", strings.Replace(string(good), `"unchanged":`, `"surprise": 1, "unchanged":`, 1), "unknown field"},
		{"unknown kind", strings.Replace(string(good), `"kind": "create_account"`, `"kind": "drop_database"`, 1), `unknown kind "drop_database"`},
		{"dangling dependency", strings.Replace(string(good), `"depends_on": [`+"\n"+`    "`, `"depends_on": [`+"\n"+`    "nope`, 1), "depends on unknown action"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "plan.json")
			if err := os.WriteFile(path, []byte(tc.data), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := plan.Load(path)
			if err == nil {
				t.Fatal("Load() = nil error, want a refusal")
			}
			msg := err.Error()
			for _, want := range []string{path, tc.wantSub, "dbplan plan -out"} {
				if !strings.Contains(msg, want) {
					t.Errorf("Load() error %q does not mention %q", msg, want)
				}
			}
		})
	}
	if _, err := plan.Load(filepath.Join(t.TempDir(), "nope.json")); err == nil || !os.IsNotExist(unwrapAll(err)) {
		t.Errorf("Load(missing) = %v, want a not-exist error", err)
	}
}

func unwrapAll(err error) error {
	for {
		u, ok := err.(interface{ Unwrap() error })
		if !ok || u.Unwrap() == nil {
			return err
		}
		err = u.Unwrap()
	}
}

// TestSaveThroughSymlink: Save writes through a link (or device, such as
// -out /dev/stdout) instead of renaming a file over it.
func TestSaveThroughSymlink(t *testing.T) {
	p, _ := builtPlan(t)
	dir := t.TempDir()
	target := filepath.Join(dir, "real.plan")
	if err := os.WriteFile(target, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.plan")
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("cannot create a symlink here: %v", err)
	}
	if err := plan.Save(link, p); err != nil {
		t.Fatalf("Save(link) = %v", err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("Save replaced the symlink (mode %v, err %v)", fi.Mode(), err)
	}
	got, err := plan.Load(target)
	if err != nil {
		t.Fatalf("Load(target) = %v", err)
	}
	if len(got.Actions) != len(p.Actions) {
		t.Errorf("the link's target holds %d actions, want %d", len(got.Actions), len(p.Actions))
	}
}

// TestDecodeRefusesRecreate: a plan file that deletes and creates one
// object (an edited or corrupted file; Build never plans it) is refused.
func TestDecodeRefusesRecreate(t *testing.T) {
	p := &plan.Plan{Actions: []plan.Action{
		{ID: "x.account.app#create_account", Addr: "x.account.app", Kind: plan.CreateAccount, Target: plan.Target{InstanceID: "postgres-1", UserName: "app"}},
		{ID: "y.account.app#delete_account", Addr: "y.account.app", Kind: plan.DeleteAccount, Target: plan.Target{InstanceID: "postgres-1", UserName: "app"}},
	}}
	data, err := plan.Encode(p)
	if err != nil {
		t.Fatal(err)
	}
	_, err = plan.Decode(data)
	if err == nil || !strings.Contains(err.Error(), "both deletes and creates account postgres-1/app") {
		t.Errorf("Decode() = %v, want the recreate refused", err)
	}
}
