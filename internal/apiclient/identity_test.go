package apiclient

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"

	"github.com/dbplan/dbplan/internal/clock"
	"github.com/dbplan/dbplan/internal/secret"
	"github.com/dbplan/dbplan/internal/tcsim"
)

const (
	idUIN      = "100000000001"
	prodUIN    = "200000000002"
	idKeyID    = "AKIDidentitytest000000000000000000001"
	idKey      = "identitytestkey000000000000000000001"
	deployARN  = "qcs::cam::uin/" + prodUIN + ":roleName/deployer"
	ciARN      = "qcs::cam::uin/" + prodUIN + ":roleName/ci"
	ghIssuer   = "https://token.actions.githubusercontent.com"
	ghAudience = "sts.tencentcloudapi.com"
)

func testIssuer(t *testing.T) *tcsim.OIDCIssuer {
	t.Helper()
	i, err := tcsim.SharedOIDCIssuer(ghIssuer)
	if err != nil {
		t.Fatal(err)
	}
	return i
}

// identityWorld: the default account holds the keys; the prod account has
// one instance, a role the default account may assume and a role for
// GitHub tokens.
func identityWorld(t *testing.T) *tcsim.World {
	return &tcsim.World{
		UIN:         idUIN,
		Credentials: []tcsim.Credential{{SecretID: idKeyID, SecretKey: idKey}},
		CloudAccounts: []tcsim.World{{
			UIN:           prodUIN,
			Credentials:   []tcsim.Credential{{SecretID: "AKIDprodonly", SecretKey: "prodonlykey"}},
			OIDCProviders: []tcsim.OIDCProvider{testIssuer(t).Provider("github", ghAudience)},
			Roles: []tcsim.Role{
				{Name: "deployer", TrustedAccounts: []string{idUIN}},
				{Name: "ci", WebIdentity: &tcsim.RoleWebIdentity{ProviderID: "github", Subject: "repo:acme/*"}},
			},
			Instances: []tcsim.Instance{{ID: "postgres-prod0001", Region: "ap-guangzhou"}},
		}},
	}
}

// identitySim is a simulator on its own fake clock, started now (the SDK
// signs with the real time, and the simulator allows 5 minutes of skew).
type identitySim struct {
	clk *clock.Fake
	run *tcsim.Running
}

func newIdentitySim(t *testing.T) *identitySim {
	t.Helper()
	clk := clock.NewFake(time.Now())
	run := tcsim.NewTestServer(t, identityWorld(t), tcsim.Options{Clock: clk})
	return &identitySim{clk: clk, run: run}
}

func (s *identitySim) client(t *testing.T, mod func(*Config)) *Client {
	t.Helper()
	cfg := Config{Region: "ap-guangzhou", Endpoint: s.run.URL, Credential: common.NewCredential(idKeyID, idKey), Clock: s.clk,
		HTTPTransport: &schemaCheckingTransport{t: t, base: newTransport(0)}}
	mod(&cfg)
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

func (s *identitySim) calls(action string) int { return s.run.Server.Counters().Calls[action] }

// TestAssumeRoleAcrossAccounts: a client that assumes a role of another
// account acts in that account from its first call, keys its rate limits
// by that account's uin, and renews the credentials before they expire.
func TestAssumeRoleAcrossAccounts(t *testing.T) {
	s := newIdentitySim(t)
	ctx := context.Background()
	c := s.client(t, func(cfg *Config) { cfg.AssumeRole = &AssumeRole{RoleARN: deployARN, Duration: time.Minute} })
	if c.Account() != prodUIN {
		t.Errorf("Account() = %q before any call, want the role's account %s", c.Account(), prodUIN)
	}
	id, err := c.GetCallerIdentity(ctx, GetCallerIdentityRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if id.AccountId != prodUIN || id.PrincipalId != idUIN || id.Type != "CAMRole" || !strings.HasSuffix(id.UserId, ":"+DefaultSessionName) {
		t.Errorf("caller identity: %+v", id)
	}
	insts, err := c.DescribeAllDBInstances(ctx, nil)
	if err != nil || len(insts) != 1 || insts[0].DBInstanceId != "postgres-prod0001" {
		t.Fatalf("the role sees %v (%v), want prod's instance", insts, err)
	}
	if n := s.calls("AssumeRole"); n != 1 {
		t.Errorf("AssumeRole calls = %d, want 1 (credentials reused)", n)
	}
	// A minute's credentials are renewed 15 s before they expire, on the
	// client's clock, before the call that would otherwise fail.
	for range 3 {
		s.clk.Advance(46 * time.Second)
		if _, err := c.DescribeAllDBInstances(ctx, nil); err != nil {
			t.Fatalf("after a renewal: %v", err)
		}
	}
	if n := s.calls("AssumeRole"); n != 4 {
		t.Errorf("AssumeRole calls = %d, want 4 (one renewal per 46 s)", n)
	}
	if got := s.run.Server.Counters().Calls; got["DescribeDBInstances"] != 4 {
		t.Errorf("DescribeDBInstances calls = %d, want 4 (none refused and resent)", got["DescribeDBInstances"])
	}
}

// TestRefusedCredentialsAreRenewedOnce: when the service refuses the
// credentials before the client expected (its clock runs ahead), the
// client renews them and sends the call once more.
func TestRefusedCredentialsAreRenewedOnce(t *testing.T) {
	s := newIdentitySim(t)
	ctx := context.Background()
	c := s.client(t, func(cfg *Config) {
		cfg.AssumeRole = &AssumeRole{RoleARN: deployARN, Duration: time.Minute}
		cfg.Clock = clock.NewFake(s.clk.Now()) // never advanced
	})
	if _, err := c.DescribeAllDBInstances(ctx, nil); err != nil {
		t.Fatal(err)
	}
	s.clk.Advance(61 * time.Second) // expired for the service only
	if _, err := c.DescribeAllDBInstances(ctx, nil); err != nil {
		t.Fatalf("after the service expired the credentials: %v", err)
	}
	if n := s.calls("AssumeRole"); n != 2 {
		t.Errorf("AssumeRole calls = %d, want 2", n)
	}
	// The refused attempt never passed authentication, so the simulator
	// counts two calls, both served.
	if n := s.calls("DescribeDBInstances"); n != 2 {
		t.Errorf("DescribeDBInstances calls = %d, want 2", n)
	}
}

// TestWebIdentityFromTokenFile: a client with a web identity needs no
// keys; it reads the token file at every renewal, so a rotated token is
// used, and the token never appears in the debug trace.
func TestWebIdentityFromTokenFile(t *testing.T) {
	s := newIdentitySim(t)
	ctx := context.Background()
	iss := testIssuer(t)
	now := s.clk.Now()
	first := iss.Token("repo:acme/db:ref:refs/heads/main", ghAudience, now, now.Add(10*time.Minute))
	path := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(path, []byte(first+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var trace bytes.Buffer
	c := s.client(t, func(cfg *Config) {
		cfg.Credential = nil
		cfg.Getenv = func(string) string { return "" } // no keys anywhere
		cfg.WebIdentity = &WebIdentity{ProviderID: "github", RoleARN: ciARN, TokenFile: path, Duration: time.Minute}
		cfg.Trace = slog.New(slog.NewTextHandler(&trace, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	if c.Account() != prodUIN {
		t.Errorf("Account() = %q, want %s", c.Account(), prodUIN)
	}
	id, err := c.GetCallerIdentity(ctx, GetCallerIdentityRequest{})
	if err != nil || id.AccountId != prodUIN {
		t.Fatalf("caller identity %+v, %v", id, err)
	}
	// Rotate to a token of a subject the role does not trust: the next
	// renewal reads it and is refused, proving the file is re-read.
	if err := os.WriteFile(path, []byte(iss.Token("repo:evil/x", ghAudience, now, now.Add(time.Hour))), 0o600); err != nil {
		t.Fatal(err)
	}
	s.clk.Advance(61 * time.Second)
	_, err = c.GetCallerIdentity(ctx, GetCallerIdentityRequest{})
	wantClass(t, err, "InvalidParameter.WebIdentityTokenError", Terminal)
	if err != nil && !strings.Contains(err.Error(), "could not be renewed") {
		t.Errorf("error %q does not say the renewal failed", err)
	}
	for _, secretText := range []string{first, strings.Split(first, ".")[2]} {
		if strings.Contains(trace.String(), secretText) {
			t.Fatal("the debug trace contains the web identity token")
		}
	}
	if !strings.Contains(trace.String(), "AssumeRoleWithWebIdentity") {
		t.Error("the trace shows no AssumeRoleWithWebIdentity call")
	}
}

// TestAssumeRoleTraceHidesTemporaryKeys: neither the issued key and token
// nor the base key appear in the debug trace.
func TestAssumeRoleTraceHidesTemporaryKeys(t *testing.T) {
	s := newIdentitySim(t)
	var trace bytes.Buffer
	c := s.client(t, func(cfg *Config) {
		cfg.AssumeRole = &AssumeRole{RoleARN: deployARN}
		cfg.Trace = slog.New(slog.NewTextHandler(&trace, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	if _, err := c.DescribeAllDBInstances(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	_, key, token := c.sh.cred.GetCredential()
	for name, v := range map[string]string{"temporary key": key, "token": token, "base key": idKey} {
		if v == "" || strings.Contains(trace.String(), v) {
			t.Errorf("the trace contains the %s (or it is empty)", name)
		}
	}
}

func TestIdentityConfigErrors(t *testing.T) {
	dir := t.TempDir()
	cred := common.NewCredential("AKIDx", "key")
	tests := map[string]struct {
		cfg  Config
		want string
	}{
		"missing token file": {Config{WebIdentity: &WebIdentity{RoleARN: ciARN, TokenFile: filepath.Join(dir, "nope")}},
			"no such file"},
		"unreadable token file": {Config{WebIdentity: &WebIdentity{RoleARN: ciARN, TokenFile: dir}}, "is a directory"},
		"no token":              {Config{WebIdentity: &WebIdentity{RoleARN: ciARN}}, "no token"},
		"both":                  {Config{Credential: cred, AssumeRole: &AssumeRole{RoleARN: deployARN}, WebIdentity: &WebIdentity{RoleARN: ciARN, Token: secretOf("t")}}, "not both"},
		"bad session name":      {Config{Credential: cred, AssumeRole: &AssumeRole{RoleARN: deployARN, SessionName: "a b"}}, "session name"},
		"duration too long":     {Config{Credential: cred, AssumeRole: &AssumeRole{RoleARN: deployARN, Duration: 13 * time.Hour}}, "session duration"},
		"unknown profile": {Config{Profile: "nope", Getenv: func(k string) string {
			return map[string]string{"HOME": dir}[k]
		}}, `profile "nope" not found`},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := New(tt.cfg)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("New error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// TestRenewalFailureNamesTheRole: a role that does not trust the caller
// fails the first call with sts's code and a message naming the role.
func TestRenewalFailureNamesTheRole(t *testing.T) {
	s := newIdentitySim(t)
	c := s.client(t, func(cfg *Config) {
		cfg.AssumeRole = &AssumeRole{RoleARN: ciARN} // trusts GitHub tokens only
	})
	_, err := c.DescribeDBInstances(context.Background(), DescribeDBInstancesRequest{})
	wantClass(t, err, "UnauthorizedOperation", Terminal)
	if err == nil || !strings.Contains(err.Error(), ciARN) || !strings.HasPrefix(err.Error(), "DescribeDBInstances: ") {
		t.Errorf("error %v does not name the call and the role", err)
	}
}

func TestProfileCredential(t *testing.T) {
	home := t.TempDir()
	write := func(rel, text string) {
		p := filepath.Join(home, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(".tencentcloud/credentials", "[default]\nsecret_id = AKIDdef\nsecret_key = kdef\n\n# comment\n[prod]\nsecret_id=AKIDprod\nsecret_key=kprod\ntoken=tprod\n[half]\nsecret_id=AKIDhalf\n")
	write(".tccli/staging.credential", `{"secretId": "AKIDstaging", "secretKey": "kstaging"}`)
	env := map[string]string{"HOME": home}
	getenv := func(k string) string { return env[k] }
	for name, want := range map[string][3]string{
		"default": {"AKIDdef", "kdef", ""},
		"prod":    {"AKIDprod", "kprod", "tprod"},
		"staging": {"AKIDstaging", "kstaging", ""},
	} {
		c, err := ProfileCredential(getenv, name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		id, key, token := c.GetCredential()
		if [3]string{id, key, token} != want {
			t.Errorf("%s: got %s/%s/%s", name, id, key, token)
		}
	}
	_, err := ProfileCredential(getenv, "half")
	if err == nil || !strings.Contains(err.Error(), "secret_id and secret_key") {
		t.Errorf("half profile: %v", err)
	}
	_, err = ProfileCredential(getenv, "qa")
	if err == nil || !strings.Contains(err.Error(), "its sections: default, prod, half") || !strings.Contains(err.Error(), "qa.credential") {
		t.Errorf("unknown profile: %v", err)
	}
	env[EnvCredentialsFile] = filepath.Join(home, "other")
	env[EnvSharedCredentialsDir] = filepath.Join(home, "tccli2")
	write("other", "[qa]\nsecret_id=AKIDqa\nsecret_key=kqa\n")
	if c, err := ProfileCredential(getenv, "qa"); err != nil || c.GetSecretId() != "AKIDqa" {
		t.Errorf("TENCENTCLOUD_CREDENTIALS_FILE: %v, %v", c, err)
	}
	if _, err := ProfileCredential(getenv, "staging"); err == nil || !strings.Contains(err.Error(), "tccli2") {
		t.Errorf("TENCENTCLOUD_SHARED_CREDENTIALS_DIR not used: %v", err)
	}
}

func TestReadWebIdentityToken(t *testing.T) {
	dir := t.TempDir()
	for name, tt := range map[string]struct{ text, want, err string }{
		"raw":        {"eyJ.x.y\n", "eyJ.x.y", ""},
		"terraform":  {`{"web_identity_token": "eyJ.a.b"}`, "eyJ.a.b", ""},
		"empty":      {"  \n", "", "is empty"},
		"json other": {`{"token": "x"}`, "", "web_identity_token"},
	} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(tt.text), 0o600); err != nil {
			t.Fatal(err)
		}
		got, err := readWebIdentityToken(p)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: error %v, want %q", name, err, tt.err)
			}
			continue
		}
		if err != nil || got.Reveal() != tt.want {
			t.Errorf("%s: %q, %v", name, got.Reveal(), err)
		}
	}
}

func secretOf(s string) secret.Value { return secret.New(s) }
