package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	appPassword   = "E2e-App-Passw0rd"
	otherPassword = "E2e-Other-Passw0rd"
)

// fleetWorld is a simulator world with n instances in ap-guangzhou.
func fleetWorld(n int) string {
	var insts []string
	for i := 1; i <= n; i++ {
		insts = append(insts, fmt.Sprintf(`{"id":"postgres-e2e%05d","region":"ap-guangzhou","name":"e2e-%d",
		 "tags":[{"key":"env","value":"prod"}],
		 "accounts":[{"user_name":"root","user_type":"tencentDBSuper"}]}`, i, i))
	}
	return `{"instances":[` + strings.Join(insts, ",") + `]}`
}

// fleetConfig declares accounts (per instance) and public access on the
// first instance. rate raises the client-side quota to match a simulator
// started with --rate-scale.
func fleetConfig(accounts int, rate int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `provider "tencentcloud" {
  region = "ap-guangzhou"
  rate_limits = { CreateAccount = %d, OpenAccountCAM = %d }
}

variable "app_password" {
  type      = string
  sensitive = true
}

variable "other_password" {
  type      = string
  sensitive = true
}

postgres_instance "fleet" {
  selector {
    tags = { env = "prod" }
  }
`, rate, rate)
	for i := 1; i <= accounts; i++ {
		fmt.Fprintf(&b, "  account \"app_%02d\" {\n    password = var.app_password\n    remark   = \"app-%d\"\n  }\n", i, i)
	}
	b.WriteString("  account \"auditor\" {\n    cam = true\n  }\n}\n")
	b.WriteString(`
postgres_instance "public" {
  instance_id = "postgres-e2e00001"
  extranet {
    enabled = true
  }
  account "owner" {
    type     = "tencentDBSuper"
    password = var.other_password
  }
}
`)
	return b.String()
}

var secretEnv = []string{"DBPLAN_VAR_app_password=" + appPassword, "DBPLAN_VAR_other_password=" + otherPassword}

// assertNoSecrets fails when any output or file holds a password.
func assertNoSecrets(t *testing.T, what string, texts ...string) {
	t.Helper()
	for _, s := range texts {
		for _, pw := range []string{appPassword, otherPassword} {
			if strings.Contains(s, pw) {
				t.Errorf("%s reveals a password", what)
			}
		}
	}
}

// TestWorkflow is the pull-request workflow: validate, plan (changes),
// plan -out, apply the saved plan, plan again (no changes).
func TestWorkflow(t *testing.T) {
	dir := t.TempDir()
	world := writeFile(t, dir, "world.json", fleetWorld(3))
	cfgDir := filepath.Join(dir, "db")
	if err := os.Mkdir(cfgDir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, cfgDir, "main.hcl", fleetConfig(3, 20))
	s := startSim(t, world, filepath.Join(dir, "state.json"))

	r := s.dbplan(dir, nil, "validate", "db")
	mustCode(t, "validate", r, 0)

	// A pull-request job: read-only keys, no password.
	r = s.dbplan(dir, nil, "plan", "-detailed-exitcode", "db")
	mustCode(t, "plan -detailed-exitcode", r, 2)
	if !strings.Contains(r.stdout, "Plan: 13 to create, 1 to change, 0 to destroy.") {
		t.Errorf("plan summary missing or wrong:\n%s", r.stdout)
	}

	r = s.dbplan(dir, nil, "plan", "-json", "db")
	mustCode(t, "plan -json", r, 0)
	var doc struct {
		FormatVersion string `json:"format_version"`
		Actions       []json.RawMessage
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("plan -json output is not one JSON document: %v\n%s", err, r.stdout)
	}
	if doc.FormatVersion == "" || len(doc.Actions) != 14 {
		t.Errorf("plan -json: format_version %q, %d actions; want a version and 14 actions", doc.FormatVersion, len(doc.Actions))
	}

	r = s.dbplan(dir, secretEnv, "plan", "-out", "plan.dbplan", "-markdown", "db")
	mustCode(t, "plan -out", r, 0)
	saved, err := os.ReadFile(filepath.Join(dir, "plan.dbplan"))
	if err != nil {
		t.Fatalf("plan -out wrote no file: %v", err)
	}
	assertNoSecrets(t, "plan file and markdown", string(saved), r.stdout, r.stderr)

	r = s.dbplan(dir, secretEnv, "apply", "-report", "report.json", "plan.dbplan")
	mustCode(t, "apply PLANFILE", r, 0)
	report, err := os.ReadFile(filepath.Join(dir, "report.json"))
	if err != nil {
		t.Fatalf("apply -report wrote no file: %v", err)
	}
	assertNoSecrets(t, "apply output and report", r.stdout, r.stderr, string(report))

	r = s.dbplan(dir, nil, "plan", "-detailed-exitcode", "db")
	mustCode(t, "plan after apply", r, 0)
	if !strings.Contains(r.stdout, "No changes.") {
		t.Errorf("plan after apply does not say No changes.:\n%s", r.stdout)
	}

	// Applying the same saved plan again, from another working directory
	// (the plan records where its configuration is), does nothing twice.
	r = s.dbplan(t.TempDir(), secretEnv, "apply", filepath.Join(dir, "plan.dbplan"))
	mustCode(t, "second apply of the same plan, from elsewhere", r, 0)

	c := s.createdOnce(13)
	for action, n := range c.Throttled {
		if n > 0 {
			t.Errorf("%d %s calls were throttled; dbplan must stay under the quota", n, action)
		}
	}
}
