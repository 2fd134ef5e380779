package e2e

import (
	"bytes"
	"os"
	osexec "os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// workflowSteps returns the run: scripts of examples/ci/github-actions.yml
// keyed by step name. It understands the two forms the recipe uses:
// `run: COMMAND` and `run: |` followed by an indented block.
func workflowSteps(t *testing.T) map[string]string {
	t.Helper()
	data, err := os.ReadFile("../examples/ci/github-actions.yml")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	steps := map[string]string{}
	name := ""
	indent := func(s string) int { return len(s) - len(strings.TrimLeft(s, " ")) }
	for i := 0; i < len(lines); i++ {
		trimmed := strings.TrimSpace(lines[i])
		if n, ok := strings.CutPrefix(trimmed, "- name: "); ok {
			name = n
			continue
		}
		run, ok := strings.CutPrefix(trimmed, "run: ")
		if !ok {
			continue
		}
		if run != "|" {
			steps[name] = run
			continue
		}
		base := indent(lines[i])
		var block []string
		for i+1 < len(lines) && (strings.TrimSpace(lines[i+1]) == "" || indent(lines[i+1]) > base) {
			i++
			block = append(block, strings.TrimSpace(lines[i]))
		}
		steps[name] = strings.Join(block, "\n")
	}
	return steps
}

// TestCIRecipe runs the CI recipe's own steps, as GitHub Actions would
// (bash -e), against a `dbplan sim serve` process standing in for the
// cloud: the pull-request job (validate, plan with read-only keys and no
// password) and then the merge job applying the saved plan.
func TestCIRecipe(t *testing.T) {
	steps := workflowSteps(t)
	for _, name := range []string{"Validate", "Plan", "Apply the reviewed plan"} {
		if _, ok := steps[name]; !ok {
			t.Fatalf("the recipe has no step %q (steps: %v)", name, steps)
		}
	}
	root := copyExample(t, "ci", "db")
	s := startSim(t, filepath.Join(root, "db", "world.json"), filepath.Join(root, "state.json"))
	output := filepath.Join(root, "github_output")
	summary := filepath.Join(root, "step_summary")
	env := append(baseEnv(t), s.env...)
	env = append(env, "DBPLAN_DIR=db", "GITHUB_OUTPUT="+output, "GITHUB_STEP_SUMMARY="+summary,
		"PATH="+filepath.Dir(dbplanBin)+":"+os.Getenv("PATH"))

	step := func(name string, extra ...string) string {
		t.Helper()
		cmd := osexec.Command("bash", "-e", "-c", steps[name])
		cmd.Dir = root
		cmd.Env = append(append([]string{}, env...), extra...)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil {
			t.Fatalf("step %q failed: %v\n%s", name, err, out.String())
		}
		return out.String()
	}

	step("Validate")
	step("Plan")
	if got, _ := os.ReadFile(output); !strings.Contains(string(got), "exitcode=2") {
		t.Errorf("the Plan step recorded %q in GITHUB_OUTPUT, want exitcode=2 (changes)", got)
	}
	comment, err := os.ReadFile(filepath.Join(root, "plan.md"))
	if err != nil || !strings.HasPrefix(string(comment), "<!-- dbplan-plan -->") {
		t.Errorf("plan.md does not start with the marker the comment step looks for (%v):\n%.300s", err, comment)
	}
	for _, f := range []string{"plan.dbplan", "plan.json"} {
		if _, err := os.Stat(filepath.Join(root, f)); err != nil {
			t.Errorf("the Plan step did not produce %s for the artifact: %v", f, err)
		}
	}

	const password = "Ci-Recipe-Passw0rd"
	step("Apply the reviewed plan", "DBPLAN_VAR_app_password="+password)
	got, _ := os.ReadFile(summary)
	if !strings.Contains(string(got), "succeeded") {
		t.Errorf("the step summary has no apply report:\n%s", got)
	}
	report, err := os.ReadFile(filepath.Join(root, "report.json"))
	if err != nil {
		t.Errorf("the Apply step wrote no report.json: %v", err)
	}
	for _, artefact := range []string{string(got), string(report), string(comment)} {
		if strings.Contains(artefact, password) {
			t.Error("a CI artefact reveals the password")
		}
	}
	r := s.dbplan(root, nil, "plan", "-detailed-exitcode", "db")
	mustCode(t, "plan after the merge job", r, 0)
}
