package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestGitHubAction runs the composite action (action.yml at the root) as
// GitHub would: install a pinned release (from a loopback server, checksum
// checked), plan with a comment id, then apply the saved plan.
func TestGitHubAction(t *testing.T) {
	w := readWorkflow(t, "../action.yml")
	steps := w.Runs.Steps
	if len(steps) == 0 {
		t.Fatal("action.yml has no runs.steps")
	}
	for _, s := range steps {
		if strings.Contains(s.Run, "${{") {
			t.Errorf("step %q puts an expression in its script; pass it through env", s.Name)
		}
		if s.Shell != "bash" {
			t.Errorf("step %q: shell %q, want bash (composite steps must name one)", s.Name, s.Shell)
		}
	}
	repo := copyExample(t, "ci", "db")
	world := filepath.Join(repo, "db", "world.json")
	s := startSim(t, world, filepath.Join(t.TempDir(), "state.json"))
	if err := os.Remove(world); err != nil {
		t.Fatal(err)
	}
	const version = "v1.4.2"
	relURL, sum := releaseServer(t, version)
	r := &ghRunner{t: t, repo: repo}
	r.base = append(append(baseEnv(t), s.env...), "RUNNER_OS=Linux", "RUNNER_ARCH=X64", "RUNNER_TEMP="+t.TempDir(),
		"DBPLAN_VAR_app_password=Action-Passw0rd-1")
	inputs := func(command string, extra map[string]string) map[string]string {
		in := map[string]string{"inputs.version": version, "inputs.sha256": sum, "inputs.releases-url": relURL,
			"inputs.command": command, "inputs.dir": "db", "inputs.plan-file": "dbplan.plan", "inputs.comment-id": "", "inputs.args": ""}
		for k, v := range extra {
			in[k] = v
		}
		return in
	}
	job := &ghJob{Steps: steps}

	res := r.runJob(job, inputs("plan", map[string]string{"inputs.comment-id": "staging", "inputs.args": "-parallelism 4"}))
	if res.failed != "" {
		t.Fatalf("plan: step %q failed:\n%s", res.failed, res.output)
	}
	out := res.outputs["run"]
	if out["exitcode"] != "2" {
		t.Errorf("plan exitcode output = %q, want 2 (changes)", out["exitcode"])
	}
	md, err := os.ReadFile(out["markdown"])
	if err != nil || !strings.HasPrefix(string(md), "<!-- dbplan-plan root=db id=staging -->\n") {
		t.Errorf("the markdown output %q does not hold the comment (%v):\n%.200s", out["markdown"], err, md)
	}
	if js, err := os.ReadFile(out["json"]); err != nil || !strings.Contains(string(js), `"format_version"`) {
		t.Errorf("the json output %q does not hold the JSON plan (%v)", out["json"], err)
	}
	if !regexp.MustCompile(`(?m)^## Install dbplan\ndbplan `).MatchString(res.output) {
		t.Errorf("the install did not run the installed binary:\n%s", res.output)
	}

	res = r.runJob(job, inputs("apply", nil))
	if res.failed != "" || res.outputs["run"]["exitcode"] != "0" {
		t.Fatalf("apply: step %q failed, exitcode %q:\n%s", res.failed, res.outputs["run"]["exitcode"], res.output)
	}
	if !strings.Contains(r.summary.String(), "### dbplan apply") || strings.Contains(r.summary.String(), "Action-Passw0rd-1") {
		t.Errorf("the step summary does not hold the report, or holds the password:\n%s", r.summary.String())
	}
	rr := s.dbplan(repo, nil, "plan", "-detailed-exitcode", "db")
	mustCode(t, "plan after the action's apply", rr, 0)

	for name, in := range map[string]map[string]string{
		"wrong checksum":  inputs("install", map[string]string{"inputs.sha256": strings.Repeat("a", 64)}),
		"unknown command": inputs("destroy", nil),
		"missing version": inputs("install", map[string]string{"inputs.version": "v9.9.9"}),
	} {
		if res := r.runJob(job, in); res.failed == "" {
			t.Errorf("%s: the action succeeded:\n%s", name, res.output)
		}
	}
}
