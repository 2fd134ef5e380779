package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dbplan/dbplan/internal/tcsim"
)

const (
	idDefaultUIN = "100000000001"
	idProdUIN    = "200000000002"
	idCIUIN      = "300000000003"
	idKeyID      = "AKIDcmdidentity0000000000000000000001"
	idKey        = "Key-" + canaryMark + "-cmdidentity-000001"
	idIssuer     = "https://token.actions.githubusercontent.com"
)

func oidcIssuer(t *testing.T) *tcsim.OIDCIssuer {
	t.Helper()
	i, err := tcsim.SharedOIDCIssuer(idIssuer)
	if err != nil {
		t.Fatal(err)
	}
	return i
}

// identityWorld has three accounts: the default one (the keys), prod (a
// role the default account may assume) and ci (a role for GitHub tokens),
// each with one instance.
func identityWorld(t *testing.T) *tcsim.World {
	return &tcsim.World{
		UIN:         idDefaultUIN,
		Credentials: []tcsim.Credential{{SecretID: idKeyID, SecretKey: idKey}},
		Instances:   []tcsim.Instance{{ID: "postgres-dflt0001", Region: "ap-guangzhou"}},
		CloudAccounts: []tcsim.World{
			{UIN: idProdUIN, Roles: []tcsim.Role{{Name: "deployer", TrustedAccounts: []string{idDefaultUIN}, ExternalID: "dbplan-ext"}},
				Instances: []tcsim.Instance{{ID: "postgres-prod0001", Region: "ap-shanghai"}}},
			{UIN: idCIUIN, OIDCProviders: []tcsim.OIDCProvider{oidcIssuer(t).Provider("github", "sts.tencentcloudapi.com")},
				Roles:     []tcsim.Role{{Name: "ci", WebIdentity: &tcsim.RoleWebIdentity{ProviderID: "github", Subject: "repo:acme/*"}}},
				Instances: []tcsim.Instance{{ID: "postgres-ci000001", Region: "ap-guangzhou"}}},
		},
	}
}

// recordingSim serves a simulator and keeps every answer body, so a test
// can look for the temporary credentials sts handed out in dbplan's
// output.
type recordingSim struct {
	srv    *tcsim.Server
	url    string
	mu     sync.Mutex
	bodies []string
}

func newRecordingSim(t *testing.T, w *tcsim.World) *recordingSim {
	t.Helper()
	srv, err := tcsim.New(w, tcsim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rs := &recordingSim{srv: srv}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, r)
		rs.mu.Lock()
		rs.bodies = append(rs.bodies, rec.Body.String())
		rs.mu.Unlock()
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = io.Copy(w, rec.Body)
	}))
	t.Cleanup(ts.Close)
	rs.url = ts.URL
	return rs
}

// issuedSecrets are the temporary keys and tokens sts answered so far.
func (rs *recordingSim) issuedSecrets() []string {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	var out []string
	for _, b := range rs.bodies {
		var env struct {
			Response struct {
				Credentials *struct{ TmpSecretKey, Token string }
			}
		}
		if json.Unmarshal([]byte(b), &env) == nil && env.Response.Credentials != nil {
			out = append(out, env.Response.Credentials.TmpSecretKey, env.Response.Credentials.Token)
		}
	}
	return out
}

// identityHCL uses one instance per account: with the default keys, an
// assumed role and a web identity.
func identityHCL(tokenFile string) string {
	return `
provider "tencentcloud" {
  region              = "ap-guangzhou"
  allowed_account_ids = ["` + idDefaultUIN + `"]
}

provider "tencentcloud" {
  alias  = "prod"
  region = "ap-shanghai"
  assume_role {
    role_arn    = "qcs::cam::uin/` + idProdUIN + `:roleName/deployer"
    external_id = "dbplan-ext"
  }
  allowed_account_ids = ["` + idProdUIN + `"]
}

provider "tencentcloud" {
  alias  = "ci"
  region = "ap-guangzhou"
  assume_role_with_web_identity {
    provider_id             = "github"
    role_arn                = "qcs::cam::uin/` + idCIUIN + `:roleName/ci"
    web_identity_token_file = "` + tokenFile + `"
  }
}

postgres_instance "dflt" {
  instance_id = "postgres-dflt0001"
  account "app" {
    cam = true
  }
}

postgres_instance "prod" {
  instance_id = "postgres-prod0001"
  provider    = tencentcloud.prod
  account "app" {
    cam = true
  }
}

postgres_instance "ci" {
  instance_id = "postgres-ci000001"
  provider    = tencentcloud.ci
  account "app" {
    cam = true
  }
}
`
}

// writeToken writes a fresh GitHub-like token to a file and returns the
// path and the token.
func writeToken(t *testing.T) (string, string) {
	t.Helper()
	now := time.Now()
	tok := oidcIssuer(t).Token("repo:acme/db:ref:refs/heads/main", "sts.tencentcloudapi.com", now, now.Add(10*time.Minute))
	path := filepath.Join(t.TempDir(), "gha-token")
	if err := os.WriteFile(path, []byte(tok), 0o600); err != nil {
		t.Fatal(err)
	}
	return path, tok
}

// TestApplyAcrossAccounts: one configuration with the default keys, an
// assumed role and a web identity applies in three accounts; with
// DBPLAN_LOG=debug no key, token or temporary credential appears in any
// output, plan file or report.
func TestApplyAcrossAccounts(t *testing.T) {
	rs := newRecordingSim(t, identityWorld(t))
	tokenFile, token := writeToken(t)
	dir := writeFixture(t, identityHCL(tokenFile), "")
	env := map[string]string{"TENCENTCLOUD_SECRET_ID": idKeyID, "TENCENTCLOUD_SECRET_KEY": idKey, "DBPLAN_LOG": "debug"}
	out := t.TempDir()
	planFile, report := filepath.Join(out, "p.plan"), filepath.Join(out, "report.json")
	var outputs []string
	for _, args := range [][]string{
		{"plan", "-endpoint", rs.url, "-out", planFile, dir},
		{"apply", "-endpoint", rs.url, "-report", report, planFile},
		{"plan", "-endpoint", rs.url, "-json", dir},
	} {
		e, stdout, stderr := newTestEnv(env)
		code := run(context.Background(), args, e)
		if code != exitOK {
			t.Fatalf("%v: exit %d\n%s", args, code, stderr)
		}
		outputs = append(outputs, stdout.String()+stderr.String())
	}
	for _, f := range []string{planFile, report} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		outputs = append(outputs, string(b))
	}
	for _, uin := range []string{idDefaultUIN, idProdUIN, idCIUIN} {
		if !strings.Contains(outputs[1], "    "+uin+" (tencentcloud") {
			t.Errorf("the apply report shows no figures for account %s:\n%s", uin, outputs[1])
		}
	}
	var rep struct {
		Accounts []struct {
			Account string
			Calls   int
		}
	}
	if err := json.Unmarshal([]byte(outputs[4]), &rep); err != nil || len(rep.Accounts) != 3 || rep.Accounts[1].Account != idProdUIN || rep.Accounts[1].Calls != 1 {
		t.Errorf("report accounts %+v (%v), want three, prod with one call", rep.Accounts, err)
	}
	snap := rs.srv.Snapshot()
	for _, a := range []*tcsim.World{snap, &snap.CloudAccounts[0], &snap.CloudAccounts[1]} {
		if n := len(a.Instances[0].Accounts); n != 1 {
			t.Errorf("account %s: instance %s has %d accounts, want the created one", a.UIN, a.Instances[0].ID, n)
		}
	}
	issued := rs.issuedSecrets()
	if len(issued) < 4 {
		t.Fatalf("sts issued %d secrets, want the credentials of two roles", len(issued))
	}
	secrets := append(issued, token, strings.Split(token, ".")[2])
	for i, o := range outputs {
		assertNoCanary(t, "output", o)
		for _, s := range secrets {
			if s != "" && strings.Contains(o, s) {
				t.Errorf("output %d reveals a secret (%d characters)", i, len(s))
			}
		}
	}
	if !strings.Contains(outputs[0], "AssumeRoleWithWebIdentity") {
		t.Error("the debug trace shows no web identity call")
	}
}

// TestAccountListsStopBeforeAnyCall: credentials of an account that
// allowed_account_ids does not list (or forbidden_account_ids lists) stop
// the run with one line naming the provider block, after only sts
// GetCallerIdentity.
func TestAccountListsStopBeforeAnyCall(t *testing.T) {
	tests := map[string]struct{ attr, want string }{
		"allowed":   {`allowed_account_ids = ["` + idProdUIN + `"]`, "belong to account " + idDefaultUIN + ", which is not in allowed_account_ids (" + idProdUIN + ")"},
		"forbidden": {`forbidden_account_ids = ["` + idDefaultUIN + `"]`, "belong to account " + idDefaultUIN + ", which forbidden_account_ids lists"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			rs := newRecordingSim(t, identityWorld(t))
			dir := writeFixture(t, "provider \"tencentcloud\" {\n  region = \"ap-guangzhou\"\n  "+tt.attr+"\n}\n\n"+
				"postgres_instance \"dflt\" {\n  instance_id = \"postgres-dflt0001\"\n  account \"app\" {\n    cam = true\n  }\n}\n", "")
			env := map[string]string{"TENCENTCLOUD_SECRET_ID": idKeyID, "TENCENTCLOUD_SECRET_KEY": idKey}
			code, _, errs := runApplyCmd(t, env, "", false, "-endpoint", rs.url, "-auto-approve", dir)
			if code != exitError {
				t.Errorf("apply exit %d, want %d", code, exitError)
			}
			want := "dbplan: provider tencentcloud (main.hcl:1): the credentials " + tt.want
			if lines := strings.Split(strings.TrimSpace(errs), "\n"); len(lines) != 1 || !strings.HasPrefix(lines[0], want) {
				t.Errorf("stderr:\n%s\nwant one line starting %q", errs, want)
			}
			if calls := rs.srv.Counters().Calls; len(calls) != 1 || calls["GetCallerIdentity"] != 1 {
				t.Errorf("calls %v, want GetCallerIdentity only", calls)
			}
		})
	}
}

// TestIdentityBadInput: an unknown profile, a missing or unreadable token
// file and a web identity without a token each stop the run with one line
// naming the provider block, before any call.
func TestIdentityBadInput(t *testing.T) {
	home := t.TempDir()
	if err := os.MkdirAll(filepath.Join(home, ".tencentcloud"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(home, ".tencentcloud", "credentials"), []byte("[default]\nsecret_id=AKIDx\nsecret_key=k\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	web := func(extra string) string {
		return "  assume_role_with_web_identity {\n    role_arn = \"qcs::cam::uin/" + idCIUIN + ":roleName/ci\"\n" + extra + "  }\n"
	}
	tests := map[string]struct{ block, want string }{
		"unknown profile": {`  profile = "staging"` + "\n",
			`profile "staging" not found: no [staging] section in ` + filepath.Join(home, ".tencentcloud", "credentials") + " (its sections: default)"},
		"missing token file":    {web(`    web_identity_token_file = "` + filepath.Join(home, "nope") + `"` + "\n"), "no such file or directory"},
		"unreadable token file": {web(`    web_identity_token_file = "` + home + `"` + "\n"), "is a directory"},
		"no token":              {web(""), "assume_role_with_web_identity has no token"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			rs := newRecordingSim(t, identityWorld(t))
			dir := writeFixture(t, "provider \"tencentcloud\" {\n  alias  = \"x\"\n  region = \"ap-guangzhou\"\n"+tt.block+"}\n\n"+
				"postgres_instance \"dflt\" {\n  instance_id = \"postgres-dflt0001\"\n  provider    = tencentcloud.x\n}\n", "")
			code, _, errs := runPlanCmd(t, map[string]string{"HOME": home}, "-endpoint", rs.url, dir)
			if code != exitError {
				t.Errorf("plan exit %d, want %d", code, exitError)
			}
			lines := strings.Split(strings.TrimSpace(errs), "\n")
			if len(lines) != 1 || !strings.HasPrefix(lines[0], "dbplan: provider tencentcloud.x (main.hcl:1): ") || !strings.Contains(lines[0], tt.want) {
				t.Errorf("stderr:\n%s\nwant one line naming the provider and containing %q", errs, tt.want)
			}
			if calls := rs.srv.Counters().Calls; len(calls) != 0 {
				t.Errorf("calls %v, want none", calls)
			}
		})
	}
}

// TestUnknownAccountIsAWarning: an endpoint that serves no sts (a proxy,
// an older simulator) leaves plain keys usable, with a warning; a provider
// that needs its account (account lists, roles) cannot go on.
func TestUnknownAccountIsAWarning(t *testing.T) {
	srv, err := tcsim.New(identityWorld(t), tcsim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	noSTS := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-TC-Action") == "GetCallerIdentity" {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"Response":{"Error":{"Code":"NoSuchProduct","Message":"no sts here"},"RequestId":"r1"}}`)
			return
		}
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(noSTS.Close)
	env := map[string]string{"TENCENTCLOUD_SECRET_ID": idKeyID, "TENCENTCLOUD_SECRET_KEY": idKey}
	plain := writeFixture(t, "provider \"tencentcloud\" {\n  region = \"ap-guangzhou\"\n}\n\npostgres_instance \"dflt\" {\n  instance_id = \"postgres-dflt0001\"\n}\n", "")
	code, _, errs := runPlanCmd(t, env, "-endpoint", noSTS.URL, plain)
	if code != exitOK || !strings.Contains(errs, "Warning: provider tencentcloud (main.hcl:1): the account of its credentials is unknown") {
		t.Errorf("plain keys: exit %d, stderr:\n%s", code, errs)
	}
	listed := writeFixture(t, "provider \"tencentcloud\" {\n  region = \"ap-guangzhou\"\n  allowed_account_ids = [\""+idDefaultUIN+"\"]\n}\n\n"+
		"postgres_instance \"dflt\" {\n  instance_id = \"postgres-dflt0001\"\n}\n", "")
	code, _, errs = runPlanCmd(t, env, "-endpoint", noSTS.URL, listed)
	if code != exitError || !strings.Contains(errs, "cannot confirm the account its credentials belong to (sts GetCallerIdentity: NoSuchProduct") {
		t.Errorf("with allowed_account_ids: exit %d, stderr:\n%s", code, errs)
	}
}

// TestOneClientPerIdentity: providers that differ only in region share a
// client, so one identity check and one set of credentials serve them.
func TestOneClientPerIdentity(t *testing.T) {
	w := identityWorld(t)
	w.Instances = append(w.Instances, tcsim.Instance{ID: "postgres-dflt0002", Region: "ap-shanghai"})
	rs := newRecordingSim(t, w)
	src := "provider \"tencentcloud\" {\n  region = \"ap-guangzhou\"\n}\n\n" +
		"provider \"tencentcloud\" {\n  alias  = \"sh\"\n  region = \"ap-shanghai\"\n}\n\n" +
		"postgres_instance \"a\" {\n  instance_id = \"postgres-dflt0001\"\n}\n\n" +
		"postgres_instance \"b\" {\n  instance_id = \"postgres-dflt0002\"\n  provider    = tencentcloud.sh\n}\n"
	dir := writeFixture(t, src, "")
	env := map[string]string{"TENCENTCLOUD_SECRET_ID": idKeyID, "TENCENTCLOUD_SECRET_KEY": idKey}
	if code, _, errs := runPlanCmd(t, env, "-endpoint", rs.url, dir); code != exitOK {
		t.Fatalf("plan exit %d:\n%s", code, errs)
	}
	if n := rs.srv.Counters().Calls["GetCallerIdentity"]; n != 1 {
		t.Errorf("GetCallerIdentity calls = %d, want 1 for two providers with one identity", n)
	}
}

// TestUnusedProviderNeedsNoCredentials: a provider no resource uses may
// name a profile that does not exist here (another team's block, say).
func TestUnusedProviderNeedsNoCredentials(t *testing.T) {
	rs := newRecordingSim(t, identityWorld(t))
	dir := writeFixture(t, "provider \"tencentcloud\" {\n  region = \"ap-guangzhou\"\n}\n\n"+
		"provider \"tencentcloud\" {\n  alias   = \"other\"\n  region  = \"ap-guangzhou\"\n  profile = \"nowhere\"\n}\n\n"+
		"postgres_instance \"dflt\" {\n  instance_id = \"postgres-dflt0001\"\n}\n", "")
	env := map[string]string{"TENCENTCLOUD_SECRET_ID": idKeyID, "TENCENTCLOUD_SECRET_KEY": idKey, "HOME": t.TempDir()}
	if code, _, errs := runPlanCmd(t, env, "-endpoint", rs.url, dir); code != exitOK {
		t.Errorf("plan exit %d:\n%s", code, errs)
	}
}
