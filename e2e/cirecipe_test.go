package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

const recipePath = "../examples/ci/github-actions.yml"

// TestCIRecipeShape checks what the recipe promises on its text: a pinned
// dbplan release; only GitHub's own actions, pinned by commit; no
// expression inside a script; write keys only in jobs of an environment
// whose applies queue instead of cancelling each other; read-only keys
// everywhere else.
func TestCIRecipeShape(t *testing.T) {
	w := readWorkflow(t, recipePath)
	if v := w.Env["DBPLAN_VERSION"]; !regexp.MustCompile(`^v\d+\.\d+\.\d+$`).MatchString(v) {
		t.Errorf("DBPLAN_VERSION = %q, want a pinned release such as v1.2.3", v)
	}
	wantIf := map[string]string{
		"roots":           "github.event_name != 'workflow_dispatch'",
		"plan":            "github.event_name == 'pull_request'",
		"apply":           "github.event_name == 'push'",
		"replan":          "github.event_name == 'workflow_dispatch' && github.ref == 'refs/heads/main'",
		"apply-replanned": "",
	}
	for name, want := range wantIf {
		if j := w.Jobs[name]; j == nil || j.If != want {
			t.Errorf("job %s: if = %v, want %q (TestCIRecipe runs the jobs on those events)", name, j, want)
		}
	}
	pinned := regexp.MustCompile(`^actions/[a-z-]+@[0-9a-f]{40}$`)
	for name, job := range w.Jobs {
		writes := false
		for _, s := range job.Steps {
			if s.Uses != "" && !pinned.MatchString(s.Uses) {
				t.Errorf("job %s uses %s: only GitHub's own actions, pinned by commit", name, s.Uses)
			}
			if strings.Contains(s.Run, "${{") {
				t.Errorf("job %s, step %q puts an expression in its script; pass it through env", name, s.Name)
			}
			for k, v := range s.Env {
				switch {
				case strings.Contains(v, "secrets.TENCENTCLOUD_SECRET_") || strings.Contains(v, "secrets.DBPLAN_VAR_"):
					writes = true
				case strings.Contains(v, "secrets.") && !strings.Contains(v, "secrets.TENCENTCLOUD_READONLY_"):
					t.Errorf("job %s, step %q: %s = %s, an unexpected secret", name, s.Name, k, v)
				}
			}
		}
		if !writes {
			continue
		}
		if job.Environment == "" {
			t.Errorf("job %s holds write keys outside an environment", name)
		}
		if c := job.Concurrency; c == nil || c["cancel-in-progress"] != false || c["queue"] != "max" {
			t.Errorf("job %s: concurrency = %v, want its applies queued (cancel-in-progress: false, queue: max)", name, c)
		}
	}
}

// recipeRun is one simulated repository using the recipe.
type recipeRun struct {
	*ghRunner
	w        *ghWorkflow
	sim      *sim
	ghState  string
	runID    int
	headSHA  string // of the run being simulated, for its uploads
	password string
}

func newRecipeRun(t *testing.T) *recipeRun {
	t.Helper()
	w := readWorkflow(t, recipePath)
	repo := copyExample(t, "ci", filepath.Join("db", "payments"))
	world := filepath.Join(repo, "db", "payments", "world.json")
	s := startSim(t, world, filepath.Join(t.TempDir(), "state.json"))
	if err := os.Remove(world); err != nil {
		t.Fatal(err)
	}
	// A second root managing other accounts of the same instance.
	main, err := os.ReadFile(filepath.Join(repo, "db", "payments", "main.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	ledger := strings.NewReplacer(`"payments"`, `"ledger"`, "payments_", "ledger_").Replace(string(main))
	writeFile(t, mkdirAll(t, filepath.Join(repo, "db", "ledger")), "main.hcl", ledger)

	ghBin, ghState := installFakeGH(t)
	relURL, sum := releaseServer(t, w.Env["DBPLAN_VERSION"])
	rr := &recipeRun{w: w, sim: s, ghState: ghState, password: "Ci-Recipe-Passw0rd"}
	r := &ghRunner{t: t, repo: repo, artifacts: filepath.Join(ghState, "artifacts")}
	// PATH: the fake gh and the system tools; dbplan only once a step
	// installed it.
	r.base = append(append(baseEnv(t), s.env...), "GITHUB_REPOSITORY=acme/databases", "CI=true", "RUNNER_TEMP="+t.TempDir())
	r.path = []string{ghBin}
	for k, v := range w.Env {
		switch k {
		case "DBPLAN_SHA256":
			v = sum
		case "DBPLAN_RELEASES":
			v = relURL
		}
		r.base = append(r.base, k+"="+v)
	}
	r.values = map[string]string{
		"secrets.TENCENTCLOUD_READONLY_SECRET_ID":  s.env[1][len("TENCENTCLOUD_SECRET_ID="):],
		"secrets.TENCENTCLOUD_READONLY_SECRET_KEY": s.env[2][len("TENCENTCLOUD_SECRET_KEY="):],
		"secrets.TENCENTCLOUD_SECRET_ID":           s.env[1][len("TENCENTCLOUD_SECRET_ID="):],
		"secrets.TENCENTCLOUD_SECRET_KEY":          s.env[2][len("TENCENTCLOUD_SECRET_KEY="):],
		"secrets.DBPLAN_VAR_app_password":          rr.password,
		"github.token":                             "ghs_fake",
	}
	r.onUpload = func(name string) {
		st := loadFakeGH(ghState)
		st.Artifacts[name] = fakeArtifact{RunID: rr.runID, HeadSHA: rr.headSHA}
		saveFakeGH(ghState, st)
	}
	rr.ghRunner = r
	return rr
}

// job runs a job of the recipe and fails the test unless it ends as
// wanted (wantFail: the name of the step that must fail, "" for none).
func (rr *recipeRun) job(name string, vals map[string]string, wantFail string) ghJobResult {
	rr.t.Helper()
	res := rr.runJob(rr.w.Jobs[name], vals)
	if res.failed != wantFail {
		rr.t.Fatalf("job %s: failed step %q, want %q\n%s", name, res.failed, wantFail, res.output)
	}
	return res
}

// roots runs the roots job and returns its matrix entries.
func (rr *recipeRun) roots() []map[string]string {
	rr.t.Helper()
	res := rr.job("roots", nil, "")
	var m struct {
		Include []map[string]string `json:"include"`
	}
	if err := json.Unmarshal([]byte(res.outputs["roots"]["matrix"]), &m); err != nil {
		rr.t.Fatalf("the roots job's matrix output %q: %v", res.outputs["roots"]["matrix"], err)
	}
	return m.Include
}

// pullRequest runs the plan job for every root, as on a push to pull
// request pr at head.
func (rr *recipeRun) pullRequest(pr, head string) map[string]ghJobResult {
	rr.t.Helper()
	rr.runID++
	rr.headSHA = head
	out := map[string]ghJobResult{}
	for _, m := range rr.roots() {
		out[m["root"]] = rr.job("plan", map[string]string{"matrix.root": m["root"], "matrix.name": m["name"],
			"github.event.pull_request.head.sha": head, "github.event.pull_request.number": pr}, "")
	}
	return out
}

// push runs the apply job for every root, as on a push of commit sha to
// main; wantFail names, by root, the step that must fail.
func (rr *recipeRun) push(sha string, wantFail map[string]string) map[string]ghJobResult {
	rr.t.Helper()
	rr.runID++
	rr.headSHA = sha
	out := map[string]ghJobResult{}
	for _, m := range rr.roots() {
		out[m["root"]] = rr.job("apply", map[string]string{"matrix.root": m["root"], "matrix.name": m["name"],
			"github.sha": sha}, wantFail[m["root"]])
	}
	return out
}

func (rr *recipeRun) edit(path, old, new string) {
	rr.t.Helper()
	p := filepath.Join(rr.repo, path)
	data, err := os.ReadFile(p)
	if err != nil {
		rr.t.Fatal(err)
	}
	if !strings.Contains(string(data), old) {
		rr.t.Fatalf("%s has no %q", path, old)
	}
	writeFile(rr.t, filepath.Dir(p), filepath.Base(p), strings.Replace(string(data), old, new, 1))
}

// noChanges checks that the cloud holds what root declares.
func (rr *recipeRun) noChanges(root string) {
	rr.t.Helper()
	r := rr.sim.dbplan(rr.repo, nil, "plan", "-detailed-exitcode", root)
	mustCode(rr.t, "plan of "+root, r, 0)
}

// TestCIRecipe runs the recipe's own steps through a pull request's life,
// against `dbplan sim serve`, a fake gh and a loopback release server:
// two configuration roots keep two comments; the reviewed plan applies
// after a merge that changed only other things; a plan that went stale is
// refused and applied through the re-plan path.
func TestCIRecipe(t *testing.T) {
	rr := newRecipeRun(t)
	if got := rr.roots(); len(got) != 2 || got[0]["root"] != "db/ledger" || got[1]["root"] != "db/payments" || got[1]["name"] != "db-payments" {
		t.Fatalf("roots = %v, want db/ledger and db/payments", got)
	}

	// A pull request: one comment per root.
	for root, res := range rr.pullRequest("7", "head1") {
		if res.outputs["plan"]["exitcode"] != "2" {
			t.Errorf("plan of %s: exitcode output %q, want 2", root, res.outputs["plan"]["exitcode"])
		}
	}
	comments := fakeGHComments(t, rr.ghState, "7")
	if len(comments) != 2 {
		t.Fatalf("PR 7 has %d comments, want one per root:\n%v", len(comments), comments)
	}
	markers := []string{"<!-- dbplan-plan root=db/ledger -->\n", "<!-- dbplan-plan root=db/payments -->\n"}
	for i, c := range comments {
		if !strings.HasPrefix(c.Body, markers[i]) || !strings.Contains(c.Body, "2 to create") {
			t.Errorf("comment %d does not start with %q and show the plan:\n%.300s", i, markers[i], c.Body)
		}
	}
	// Another push to the pull request edits each root's own comment.
	rr.edit("db/payments/main.hcl", "  account \"payments_app\" {", "  # Reviewed with the payments team.\n  account \"payments_app\" {")
	rr.pullRequest("7", "head2")
	again := fakeGHComments(t, rr.ghState, "7")
	if len(again) != 2 || again[0].ID != comments[0].ID || again[1].ID != comments[1].ID {
		t.Errorf("after a second plan PR 7 has comments %v, want the same two edited in place", again)
	}

	// Merged, after another pull request changed only a comment of the
	// other root: each root applies the plan reviewed at head2.
	rr.edit("db/ledger/main.hcl", "provider", "# Owned by the ledger team.\nprovider")
	st := loadFakeGH(rr.ghState)
	st.Pulls["merge1"] = "head2"
	saveFakeGH(rr.ghState, st)
	for root, res := range rr.push("merge1", nil) {
		if !strings.Contains(res.output, "dbplan apply") && !strings.Contains(rr.summary.String(), "2 succeeded") {
			t.Errorf("apply of %s did not report:\n%s", root, res.output)
		}
		rr.noChanges(root)
	}
	if !strings.Contains(rr.summary.String(), "### dbplan apply") {
		t.Errorf("the step summary has no apply report:\n%s", rr.summary.String())
	}

	// A plan that went stale: PR 8 changes a remark; PR 9, merged first,
	// turns on CAM for the same account. PR 8's plan is refused, and the
	// re-plan path applies what main now says.
	rr.edit("db/payments/main.hcl", `remark   = "payments"`, `remark   = "payments-v2"`)
	rr.pullRequest("8", "head3")
	if got := fakeGHComments(t, rr.ghState, "8"); len(got) != 1 || !strings.HasPrefix(got[0].Body, markers[1]) {
		t.Errorf("PR 8 (a change to one root) has comments %v, want one, of db/payments only", got)
	}
	rr.edit("db/payments/main.hcl", `remark   = "payments-v2"`, "remark   = \"payments-v2\"\n    cam      = true")
	st = loadFakeGH(rr.ghState)
	st.Pulls["merge3"] = "head3"
	saveFakeGH(rr.ghState, st)
	res := rr.push("merge3", map[string]string{"db/payments": "Apply the reviewed plan"})["db/payments"]
	for _, want := range []string{"changed since the plan: postgres_instance.payments.account.payments_app", "re-plan path", "root=db/payments"} {
		if !strings.Contains(res.output, want) {
			t.Errorf("the refused apply does not say %q:\n%s", want, res.output)
		}
	}
	rr.runID++
	replan := rr.job("replan", map[string]string{"inputs.root": "db/payments"}, "")
	if replan.outputs["plan"]["name"] != "db-payments" {
		t.Errorf("replan's name output = %q, want db-payments (the apply queue of the root)", replan.outputs["plan"]["name"])
	}
	if !strings.Contains(rr.summary.String(), "<!-- dbplan-plan root=db/payments id=replan -->") {
		t.Errorf("the re-plan is not posted in the run summary:\n%s", rr.summary.String())
	}
	rr.job("apply-replanned", nil, "")
	rr.noChanges("db/payments")

	// A commit that came from no pull request has no reviewed plan.
	res = rr.push("direct", map[string]string{"db/payments": "Fetch the reviewed plan", "db/ledger": "Fetch the reviewed plan"})["db/payments"]
	if !strings.Contains(res.output, "did not come from a pull request") {
		t.Errorf("apply of a direct push:\n%s", res.output)
	}

	var artefacts []string
	artefacts = append(artefacts, rr.summary.String())
	for _, pr := range []string{"7", "8"} {
		for _, c := range fakeGHComments(t, rr.ghState, pr) {
			artefacts = append(artefacts, c.Body)
		}
	}
	_ = filepath.Walk(rr.artifacts, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			data, _ := os.ReadFile(p)
			artefacts = append(artefacts, string(data))
		}
		return nil
	})
	for _, a := range artefacts {
		if strings.Contains(a, rr.password) {
			t.Errorf("a CI artefact reveals the password:\n%.300s", a)
		}
	}
}

// TestCIRecipeInstallRefusesAWrongChecksum: the install step checks the
// download against the pinned checksum and installs nothing on mismatch.
func TestCIRecipeInstallRefusesAWrongChecksum(t *testing.T) {
	rr := newRecipeRun(t)
	install := rr.w.Jobs["plan"].step(t, "Install dbplan")
	job := &ghJob{Steps: []*ghStep{install, {Name: "Use it", Run: "dbplan version"}}}
	for _, sum := range []string{strings.Repeat("0", 64), "pin-me"} {
		rr.base = append(rr.base, "DBPLAN_SHA256="+sum)
		res := rr.runJob(job, nil)
		if res.failed != "Install dbplan" {
			t.Errorf("DBPLAN_SHA256=%s: failed step %q, want the install\n%s", sum, res.failed, res.output)
		}
	}
	if !slices.ContainsFunc(rr.base, func(s string) bool { return strings.HasPrefix(s, "DBPLAN_RELEASES=http://127.0.0.1") }) {
		t.Fatal("the install did not use the loopback release server")
	}
}
