package e2e

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	osexec "os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/dbplan/dbplan/internal/tcsim"
)

// readmeOIDCJob returns the README's GitHub Actions OIDC example (the
// ```yaml block with the token step) as a job.
func readmeOIDCJob(t *testing.T) *ghJob {
	t.Helper()
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for rest := string(data); ; {
		var block string
		var ok bool
		if _, rest, ok = strings.Cut(rest, "```yaml\n"); !ok {
			t.Fatal("README.md has no ```yaml block with the OIDC token step")
		}
		block, rest, _ = strings.Cut(rest, "```")
		if !strings.Contains(block, "ACTIONS_ID_TOKEN_REQUEST_URL") {
			continue
		}
		var job ghJob
		if err := yaml.Unmarshal([]byte(block), &job); err != nil {
			t.Fatalf("the README's OIDC example is not valid YAML: %v", err)
		}
		return &job
	}
}

// TestReadmeOIDCExample runs the README's GitHub Actions OIDC steps as
// GitHub would, with no key anywhere: a stand-in for GitHub's token
// endpoint hands out a token of a test issuer, and `dbplan sim serve`,
// whose account trusts that issuer for a role, stands in for the cloud.
// The job asks for id-token: write, never puts an expression in a script,
// and its plan acts as the role.
func TestReadmeOIDCExample(t *testing.T) {
	for _, tool := range []string{"bash", "curl", "jq"} {
		if _, err := osexec.LookPath(tool); err != nil {
			t.Skipf("no %s to run the example's steps", tool)
		}
	}
	job := readmeOIDCJob(t)
	if job.Permissions["id-token"] != "write" {
		t.Errorf("the example's permissions %v lack id-token: write", job.Permissions)
	}
	for _, s := range job.Steps {
		if strings.Contains(s.Run, "${{") {
			t.Errorf("step %q puts an expression in its script; pass it through env", s.Name)
		}
	}
	iss, err := tcsim.SharedOIDCIssuer(ghIssuer)
	if err != nil {
		t.Fatal(err)
	}
	root := copyExample(t, "quickstart", "db")
	w, err := tcsim.LoadWorld(filepath.Join(root, "db", "world.json"))
	if err != nil {
		t.Fatal(err)
	}
	w.Credentials = nil // the printed default key is never given to dbplan
	w.OIDCProviders = []tcsim.OIDCProvider{iss.Provider("github", ghAudience)}
	w.Roles = []tcsim.Role{{Name: "dbplan-plan", WebIdentity: &tcsim.RoleWebIdentity{ProviderID: "github", Subject: "repo:acme/databases:*"}}}
	b, err := json.Marshal(w)
	if err != nil {
		t.Fatal(err)
	}
	s := startSim(t, writeFile(t, t.TempDir(), "world.json", string(b)), filepath.Join(t.TempDir(), "state.json"))

	const requestToken = "gh-request-token"
	issued := ""
	github := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "bearer "+requestToken || r.URL.Query().Get("audience") != ghAudience {
			http.Error(rw, "bad token request", http.StatusUnauthorized)
			return
		}
		now := time.Now()
		issued = iss.Token("repo:acme/databases:pull_request", ghAudience, now, now.Add(5*time.Minute))
		_ = json.NewEncoder(rw).Encode(map[string]string{"value": issued})
	}))
	t.Cleanup(github.Close)

	runner := &ghRunner{t: t, repo: root, path: []string{filepath.Dir(dbplanBin)},
		base: append(baseEnv(t), "DBPLAN_ENDPOINT="+s.endpoint, "RUNNER_TEMP="+root,
			"ACTIONS_ID_TOKEN_REQUEST_URL="+github.URL+"/token?api-version=2.0", "ACTIONS_ID_TOKEN_REQUEST_TOKEN="+requestToken),
		values: map[string]string{
			"vars.TENCENTCLOUD_PLAN_ROLE_ARN": "qcs::cam::uin/" + tcsim.DefaultUIN + ":roleName/dbplan-plan",
			"runner.temp":                     root,
		}}
	res := runner.runJob(job, nil)
	if res.failed != "" {
		t.Fatalf("step %q failed:\n%s", res.failed, res.output)
	}
	if _, err := os.Stat(filepath.Join(root, "plan.dbplan")); err != nil {
		t.Errorf("the plan step saved no plan: %v", err)
	}
	if n := s.counters().Calls["AssumeRoleWithWebIdentity"]; n != 1 {
		t.Errorf("AssumeRoleWithWebIdentity calls = %d, want 1", n)
	}
	if issued == "" || strings.Contains(res.output, strings.Split(issued, ".")[2]) {
		t.Error("no token was issued, or a step's output contains it")
	}
}
