package e2e

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	osexec "os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// A small stand-in for the GitHub Actions runner, enough to run the CI
// recipe's and the composite action's own steps as GitHub would: each
// `run:` script under bash with the step's env (expressions resolved from
// what the test says the event, secrets and earlier steps hold),
// GITHUB_OUTPUT, GITHUB_PATH and GITHUB_STEP_SUMMARY files, and the
// artifact actions emulated by copying files. gh is a fake (fakegh_test.go)
// and releases come from a loopback server.

// ghWorkflow is the part of a workflow file or action.yml the tests read.
type ghWorkflow struct {
	Env  map[string]string `yaml:"env"`
	Jobs map[string]*ghJob `yaml:"jobs"`
	Runs struct {
		Steps []*ghStep `yaml:"steps"`
	} `yaml:"runs"`
}

type ghJob struct {
	If          string            `yaml:"if"`
	Needs       any               `yaml:"needs"`
	Environment string            `yaml:"environment"`
	Permissions map[string]string `yaml:"permissions"`
	Concurrency map[string]any    `yaml:"concurrency"`
	Env         map[string]string `yaml:"env"`
	Steps       []*ghStep         `yaml:"steps"`
}

type ghStep struct {
	ID    string            `yaml:"id"`
	Name  string            `yaml:"name"`
	If    string            `yaml:"if"`
	Uses  string            `yaml:"uses"`
	Run   string            `yaml:"run"`
	Shell string            `yaml:"shell"`
	Env   map[string]string `yaml:"env"`
	With  map[string]string `yaml:"with"`
}

func readWorkflow(t *testing.T, path string) *ghWorkflow {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var w ghWorkflow
	if err := yaml.Unmarshal(data, &w); err != nil {
		t.Fatalf("%s is not valid YAML: %v", path, err)
	}
	return &w
}

// step returns the step named name (or with uses starting with name).
func (j *ghJob) step(t *testing.T, name string) *ghStep {
	t.Helper()
	for _, s := range j.Steps {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no step %q", name)
	return nil
}

// ghRunner holds the state of one simulated workflow run.
type ghRunner struct {
	t    *testing.T
	repo string // the checkout: every step's working directory
	// base is the environment of every step: HOME, the simulator,
	// GITHUB_REPOSITORY and the workflow's env; PATH is set per step from
	// GITHUB_PATH, path and the test's own PATH.
	base []string
	path []string
	// values answer ${{ … }} expressions: "secrets.X", "github.sha", …
	values map[string]string
	// artifacts is where upload-artifact puts files, by artifact name;
	// onUpload, when set, is told each name uploaded.
	artifacts string
	onUpload  func(name string)
	// summary collects GITHUB_STEP_SUMMARY.
	summary strings.Builder
}

// ghJobResult is how a job ended.
type ghJobResult struct {
	failed string // the first failing step ("" when all passed)
	output string // every step's output
	// outputs are the steps' GITHUB_OUTPUT values by step id.
	outputs map[string]map[string]string
}

var ghExpr = regexp.MustCompile(`\$\{\{\s*([^}]*?)\s*\}\}`)

// resolve replaces every ${{ expr }} in s with r.values[expr] (or the
// value in vals, tried first); an unknown expression fails the test, so
// a change to the workflow is noticed here.
func (r *ghRunner) resolve(s string, vals map[string]string) string {
	return ghExpr.ReplaceAllStringFunc(s, func(m string) string {
		expr := ghExpr.FindStringSubmatch(m)[1]
		if v, ok := vals[expr]; ok {
			return v
		}
		if v, ok := r.values[expr]; ok {
			return v
		}
		r.t.Fatalf("the test knows no value for ${{ %s }}", expr)
		return ""
	})
}

// runJob runs the job's steps in order, as GitHub would: a failing step
// skips the rest except `if: always()` ones. vals adds job-specific
// expression values (matrix.*, steps.*.outputs.* are filled as it goes).
func (r *ghRunner) runJob(job *ghJob, vals map[string]string) ghJobResult {
	r.t.Helper()
	res := ghJobResult{outputs: map[string]map[string]string{}}
	vals = copyMap(vals)
	var jobEnv []string
	if sha, ok := vals["github.sha"]; ok {
		jobEnv = append(jobEnv, "GITHUB_SHA="+sha)
	}
	for k, v := range job.Env {
		jobEnv = append(jobEnv, k+"="+r.resolve(v, vals))
	}
	var paths []string
	var out strings.Builder
	for _, s := range job.Steps {
		if res.failed != "" && s.If != "always()" {
			continue
		}
		name := s.Name
		if name == "" {
			name = s.Uses
		}
		if s.Uses != "" {
			r.uses(s, vals)
			continue
		}
		env := append(append([]string{}, r.base...), jobEnv...)
		for k, v := range s.Env {
			env = append(env, k+"="+r.resolve(v, vals))
		}
		tmp := r.t.TempDir()
		files := map[string]string{"GITHUB_OUTPUT": "output", "GITHUB_PATH": "path", "GITHUB_STEP_SUMMARY": "summary"}
		for k, f := range files {
			files[k] = filepath.Join(tmp, f)
			env = append(env, k+"="+files[k])
		}
		path := append(append(append([]string{}, paths...), r.path...), os.Getenv("PATH"))
		env = append(env, "PATH="+strings.Join(path, string(os.PathListSeparator)))
		args := []string{"-e", "-c", s.Run}
		if s.Shell == "bash" {
			args = []string{"--noprofile", "--norc", "-eo", "pipefail", "-c", s.Run}
		}
		cmd := osexec.Command("bash", args...)
		cmd.Dir, cmd.Env = r.repo, env
		var b bytes.Buffer
		cmd.Stdout, cmd.Stderr = &b, &b
		err := run(r.t, cmd)
		out.WriteString("## " + name + "\n" + b.String())
		outputs := readKV(files["GITHUB_OUTPUT"])
		if s.ID != "" {
			res.outputs[s.ID] = outputs
			for k, v := range outputs {
				vals["steps."+s.ID+".outputs."+k] = v
			}
		}
		for _, p := range readLines(files["GITHUB_PATH"]) {
			paths = append([]string{p}, paths...)
		}
		if data, _ := os.ReadFile(files["GITHUB_STEP_SUMMARY"]); len(data) > 0 {
			r.summary.Write(data)
		}
		if err != nil && res.failed == "" {
			res.failed = name
		}
	}
	res.output = out.String()
	return res
}

// uses emulates the actions the recipe uses.
func (r *ghRunner) uses(s *ghStep, vals map[string]string) {
	r.t.Helper()
	action, _, _ := strings.Cut(s.Uses, "@")
	switch action {
	case "actions/checkout":
		// The test prepared the checkout.
	case "actions/upload-artifact":
		dir := filepath.Join(r.artifacts, r.resolve(s.With["name"], vals))
		for _, p := range strings.Fields(s.With["path"]) {
			data, err := os.ReadFile(filepath.Join(r.repo, p))
			if err != nil {
				if s.With["if-no-files-found"] == "ignore" {
					continue
				}
				r.t.Fatalf("upload-artifact: %v", err)
			}
			writeFile(r.t, mkdirAll(r.t, dir), filepath.Base(p), string(data))
		}
		if r.onUpload != nil {
			r.onUpload(filepath.Base(dir))
		}
	case "actions/download-artifact":
		src := filepath.Join(r.artifacts, r.resolve(s.With["name"], vals))
		dst := mkdirAll(r.t, filepath.Join(r.repo, s.With["path"]))
		entries, err := os.ReadDir(src)
		if err != nil {
			r.t.Fatalf("download-artifact: %v", err)
		}
		for _, e := range entries {
			data, _ := os.ReadFile(filepath.Join(src, e.Name()))
			writeFile(r.t, dst, e.Name(), string(data))
		}
	default:
		r.t.Fatalf("the test cannot run action %s", s.Uses)
	}
}

func mkdirAll(t *testing.T, dir string) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func copyMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// readKV reads a GITHUB_OUTPUT file of name=value lines.
func readKV(path string) map[string]string {
	out := map[string]string{}
	for _, l := range readLines(path) {
		if k, v, ok := strings.Cut(l, "="); ok {
			out[k] = v
		}
	}
	return out
}

func readLines(path string) []string {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if l := sc.Text(); l != "" {
			lines = append(lines, l)
		}
	}
	return lines
}

// releaseServer serves the binary under test as the release version of
// every platform's asset name, and returns its URL and the binary's
// SHA-256.
func releaseServer(t *testing.T, version string) (url, sum string) {
	t.Helper()
	bin, err := os.ReadFile(dbplanBin)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.Sum256(bin)
	prefix := "/" + version + "/dbplan_" + version + "_"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if !strings.HasPrefix(req.URL.Path, prefix) {
			http.NotFound(w, req)
			return
		}
		_, _ = w.Write(bin)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, hex.EncodeToString(h[:])
}
