package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dbplan/dbplan/internal/tcsim"
)

// Accounts of the identity tests: the hub holds the keys the simulator
// prints; staging is reached by a profile with its own keys; prod and ci
// by roles (prod trusts the hub, ci a GitHub-like OIDC issuer).
const (
	hubUIN     = tcsim.DefaultUIN
	stagingUIN = "200000000002"
	prodUIN    = "300000000003"
	ciUIN      = "400000000004"
	stagingID  = "AKIDe2estaging00000000000000000000001"
	stagingKey = "e2estagingkey0000000000000000000001"
	ghIssuer   = "https://token.actions.githubusercontent.com"
	ghAudience = "sts.tencentcloudapi.com"
)

// identityWorld writes a world of four accounts to dir: staging has an
// instance in ap-guangzhou, prod one in ap-shanghai, ci one in
// ap-guangzhou; the hub has none.
func identityWorld(t *testing.T, dir string) string {
	t.Helper()
	iss, err := tcsim.SharedOIDCIssuer(ghIssuer)
	if err != nil {
		t.Fatal(err)
	}
	w := tcsim.World{
		UIN:         hubUIN,
		Credentials: []tcsim.Credential{{SecretID: tcsim.DefaultSecretID, SecretKey: tcsim.DefaultSecretKey}},
		CloudAccounts: []tcsim.World{
			{UIN: stagingUIN, Credentials: []tcsim.Credential{{SecretID: stagingID, SecretKey: stagingKey}},
				Instances: []tcsim.Instance{{ID: "postgres-stg00001", Region: "ap-guangzhou"}}},
			{UIN: prodUIN, Roles: []tcsim.Role{{Name: "dbplan-deployer", TrustedAccounts: []string{hubUIN}, ExternalID: "dbplan-e2e"}},
				Instances: []tcsim.Instance{{ID: "postgres-prd00001", Region: "ap-shanghai"}}},
			{UIN: ciUIN, OIDCProviders: []tcsim.OIDCProvider{iss.Provider("github", ghAudience)},
				Roles:     []tcsim.Role{{Name: "dbplan-ci", WebIdentity: &tcsim.RoleWebIdentity{ProviderID: "github", Subject: "repo:acme/databases:*"}}},
				Instances: []tcsim.Instance{{ID: "postgres-ci000001", Region: "ap-guangzhou"}}},
		},
	}
	b, err := json.MarshalIndent(w, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return writeFile(t, dir, "world.json", string(b))
}

// camAccounts declares n CAM accounts (no password needed).
func camAccounts(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "  account \"app_%02d\" {\n    cam = true\n  }\n", i)
	}
	return b.String()
}

// TestTwoAccountsTwoRegions: one configuration uses a profile (staging,
// ap-guangzhou) and an assumed role (prod, ap-shanghai); plan and apply
// act in both accounts, the report shows each, and a second plan finds
// nothing to do.
func TestTwoAccountsTwoRegions(t *testing.T) {
	dir := t.TempDir()
	s := startSim(t, identityWorld(t, dir), filepath.Join(dir, "state.json"))
	creds := writeFile(t, dir, "credentials", "[default]\nsecret_id = AKIDnotused\nsecret_key = notused\n\n[staging]\nsecret_id = "+
		stagingID+"\nsecret_key = "+stagingKey+"\n")
	writeFile(t, dir, "main.hcl", `provider "tencentcloud" {
  alias               = "staging"
  region              = "ap-guangzhou"
  profile             = "staging"
  allowed_account_ids = ["`+stagingUIN+`"]
}

provider "tencentcloud" {
  alias  = "prod"
  region = "ap-shanghai"
  assume_role {
    role_arn    = "qcs::cam::uin/`+prodUIN+`:roleName/dbplan-deployer"
    external_id = "dbplan-e2e"
  }
  allowed_account_ids = ["`+prodUIN+`"]
}

postgres_instance "staging" {
  instance_id = "postgres-stg00001"
  provider    = tencentcloud.staging
`+camAccounts(3)+`}

postgres_instance "prod" {
  instance_id = "postgres-prd00001"
  provider    = tencentcloud.prod
`+camAccounts(3)+`}
`)
	env := []string{"TENCENTCLOUD_CREDENTIALS_FILE=" + creds}
	mustCode(t, "plan", s.dbplan(dir, env, "plan", "-detailed-exitcode", "."), 2)
	r := s.dbplan(dir, env, "apply", "-auto-approve", "-report", "report.json", ".")
	mustCode(t, "apply", r, 0)
	for _, want := range []string{"By account:", stagingUIN + " (tencentcloud.staging)", prodUIN + " (tencentcloud.prod)"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("apply output lacks %q:\n%s", want, r.stdout)
		}
	}
	c := s.createdOnce(6)
	for _, key := range []string{"postgres-stg00001/app_00", "postgres-prd00001/app_02"} {
		if c.AccountCreates[key] != 1 {
			t.Errorf("%s was not created", key)
		}
	}
	report, err := os.ReadFile(filepath.Join(dir, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rep struct{ Accounts []struct{ Account string } }
	if err := json.Unmarshal(report, &rep); err != nil || len(rep.Accounts) != 2 || rep.Accounts[0].Account != stagingUIN || rep.Accounts[1].Account != prodUIN {
		t.Errorf("report accounts %+v (%v)", rep.Accounts, err)
	}
	mustCode(t, "plan after apply", s.dbplan(dir, env, "plan", "-detailed-exitcode", "."), 0)
}

// TestWebIdentityFromTokenFile: a provider with
// assume_role_with_web_identity applies with only a token file, as a
// GitHub Actions job does: no keys in the environment.
func TestWebIdentityFromTokenFile(t *testing.T) {
	dir := t.TempDir()
	s := startSim(t, identityWorld(t, dir), filepath.Join(dir, "state.json"))
	iss, err := tcsim.SharedOIDCIssuer(ghIssuer)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	token := iss.Token("repo:acme/databases:ref:refs/heads/main", ghAudience, now, now.Add(5*time.Minute))
	tokenFile := writeFile(t, dir, "gha-token", token)
	writeFile(t, dir, "main.hcl", `provider "tencentcloud" {
  region = "ap-guangzhou"
  assume_role_with_web_identity {
    provider_id             = "github"
    role_arn                = "qcs::cam::uin/`+ciUIN+`:roleName/dbplan-ci"
    web_identity_token_file = "`+tokenFile+`"
  }
}

postgres_instance "ci" {
  instance_id = "postgres-ci000001"
`+camAccounts(2)+`}
`)
	// Only the endpoint: no key at all.
	env := []string{"DBPLAN_ENDPOINT=" + s.endpoint, "DBPLAN_LOG=debug"}
	r := runDbplan(t, dir, env, "apply", "-auto-approve", ".")
	mustCode(t, "apply with a web identity", r, 0)
	s.createdOnce(2)
	if out := r.stdout + r.stderr; strings.Contains(out, token) || strings.Contains(out, strings.Split(token, ".")[2]) {
		t.Error("the output (with the debug trace) contains the web identity token")
	}
	if n := s.counters().Calls["AssumeRoleWithWebIdentity"]; n != 1 {
		t.Errorf("AssumeRoleWithWebIdentity calls = %d, want 1", n)
	}
}

// TestAllowedAccountMismatchStopsBeforeAnyCall: staging keys under a
// provider that allows only prod stop the apply with one line naming the
// provider block; the simulator saw nothing but GetCallerIdentity.
func TestAllowedAccountMismatchStopsBeforeAnyCall(t *testing.T) {
	dir := t.TempDir()
	s := startSim(t, identityWorld(t, dir), filepath.Join(dir, "state.json"))
	writeFile(t, dir, "main.hcl", `provider "tencentcloud" {
  region              = "ap-guangzhou"
  allowed_account_ids = ["`+prodUIN+`"]
}

postgres_instance "staging" {
  instance_id = "postgres-stg00001"
`+camAccounts(1)+`}
`)
	env := []string{"TENCENTCLOUD_SECRET_ID=" + stagingID, "TENCENTCLOUD_SECRET_KEY=" + stagingKey}
	r := s.dbplan(dir, env, "apply", "-auto-approve", ".")
	mustCode(t, "apply with keys of another account", r, 1)
	want := "dbplan: provider tencentcloud (main.hcl:1): the credentials belong to account " + stagingUIN +
		", which is not in allowed_account_ids (" + prodUIN + "); nothing was changed."
	if lines := strings.Split(strings.TrimSpace(r.stderr), "\n"); len(lines) != 1 || !strings.HasPrefix(lines[0], want) {
		t.Errorf("stderr:\n%s\nwant one line starting %q", r.stderr, want)
	}
	if c := s.counters(); len(c.Calls) != 1 || c.Calls["GetCallerIdentity"] != 1 {
		t.Errorf("the simulator saw %v, want GetCallerIdentity only", c.Calls)
	}
}

// TestExpiredCredentialsAreRenewedMidApply: the assumed role's
// credentials expire in the middle of an apply (the simulator's clock
// jumps past their end); the next call is refused, dbplan renews them and
// goes on, and every action succeeds. The plan also opens public access,
// whose flow ends only with the same jump: the apply is still running
// when the credentials expire, however slowly the test runs.
func TestExpiredCredentialsAreRenewedMidApply(t *testing.T) {
	dir := t.TempDir()
	s := startSim(t, identityWorld(t, dir), filepath.Join(dir, "state.json"), "--time-control", "--flow-duration", "61s", "--log")
	const accounts = 60 // 3 s of creates at the documented 20/s, across the expiry
	writeFile(t, dir, "main.hcl", `provider "tencentcloud" {
  region = "ap-shanghai"
  assume_role {
    role_arn         = "qcs::cam::uin/`+prodUIN+`:roleName/dbplan-deployer"
    external_id      = "dbplan-e2e"
    session_duration = 60
  }
}

postgres_instance "prod" {
  instance_id = "postgres-prd00001"
  extranet {
    enabled = true
  }
`+camAccounts(accounts)+`}
`)
	cmd, lines, stderr := s.startApply(dir)
	// The flow is running (the accounts wait for the instance or are
	// under way): the apply cannot end before the jump.
	s.waitLog(`OpenDBExtranetAccess region=\S+ -> OK`)
	s.advance(61 * time.Second)
	var rest []string
	for l := range lines {
		rest = append(rest, l)
	}
	if code := exitCode(cmd.Wait()); code != 0 {
		t.Fatalf("apply exited %d after the credentials expired\nstderr:\n%s\n%s", code, stderr, strings.Join(rest, "\n"))
	}
	if out := strings.Join(rest, "\n"); strings.Contains(out, `"action_error"`) {
		t.Errorf("actions failed after the credentials expired:\n%s", out)
	}
	c := s.createdOnce(accounts)
	if c.Calls["AssumeRole"] < 2 {
		t.Errorf("AssumeRole calls = %d, want a renewal after the expiry", c.Calls["AssumeRole"])
	}
}
