package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOutputNeverReplacesAnInput: plan -out and apply -report refuse a file
// that is an input of the run (a configuration file, a variable file, a
// *.hcl file the next run would read, the saved plan being applied), also
// through a link, before anything is read or changed.
func TestOutputNeverReplacesAnInput(t *testing.T) {
	t.Parallel()
	dir := writeFixture(t, fixtureHCL, fixtureWorld)
	varFile := filepath.Join(t.TempDir(), "prod.vars.hcl")
	if err := os.WriteFile(varFile, []byte("app_password = \""+fixturePassword+"\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "plan.out")
	if err := os.Symlink(filepath.Join(dir, "main.hcl"), link); err != nil {
		t.Skipf("no symlinks: %v", err)
	}
	tests := map[string][]string{
		"plan -out a configuration file": {"plan", "-sim", "-out", filepath.Join(dir, "main.hcl"), dir},
		"plan -out a new *.hcl file":     {"plan", "-sim", "-out", filepath.Join(dir, "plan.hcl"), dir},
		"plan -out a -var-file":          {"plan", "-sim", "-var-file", varFile, "-out", varFile, dir},
		"plan -out a link to config":     {"plan", "-sim", "-out", link, dir},
		"apply -report a config file":    {"apply", "-sim", "-auto-approve", "-report", filepath.Join(dir, "main.hcl"), dir},
	}
	before := readFile(t, filepath.Join(dir, "main.hcl"))
	for name, args := range tests {
		e, stdout, stderr := newTestEnv(applyVars)
		code := run(t.Context(), args, e)
		if code != exitError {
			t.Errorf("%s: exit %d, want %d; stderr:\n%s", name, code, exitError, stderr)
		}
		if !strings.Contains(stderr.String(), "configuration") && !strings.Contains(stderr.String(), "an input of this run") {
			t.Errorf("%s: stderr does not say why:\n%s", name, stderr)
		}
		if strings.Contains(stdout.String(), "Plan:") {
			t.Errorf("%s: the cloud was read before refusing:\n%s", name, stdout)
		}
	}
	if got := readFile(t, filepath.Join(dir, "main.hcl")); got != before {
		t.Errorf("main.hcl was changed:\n%s", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "plan.hcl")); err == nil {
		t.Error("plan.hcl was written into the configuration directory")
	}

	_, planFile, _ := savePlan(t)
	saved := readFile(t, planFile)
	code, out, errs := runApplyCmd(t, applyVars, "", false, "-report", planFile, planFile)
	if code != exitError || !strings.Contains(errs, "would replace") {
		t.Errorf("apply -report PLAN PLAN: exit %d, want %d with a reason; stderr:\n%s", code, exitError, errs)
	}
	if strings.Contains(out, "Apply complete") {
		t.Errorf("apply -report PLAN PLAN made changes:\n%s", out)
	}
	if got := readFile(t, planFile); got != saved {
		t.Error("the saved plan was replaced")
	}
}
