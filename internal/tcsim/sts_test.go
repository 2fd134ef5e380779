package tcsim

import (
	"strings"
	"testing"
	"time"
)

const (
	uinProd    = "200000000002"
	prodID     = "AKIDsimtestProd0000000000000000000001"
	prodKey    = "simtestProdKey00000000000000000001"
	deployRole = "qcs::cam::uin/" + uinProd + ":roleName/deployer"
	ciRole     = "qcs::cam::uin/" + uinProd + ":roleName/ci"
	issuerURL  = "https://token.actions.githubusercontent.com"
)

// issuer is one OIDC issuer shared by the tests (key generation is slow).
func issuer(t testing.TB) *OIDCIssuer {
	t.Helper()
	i, err := SharedOIDCIssuer(issuerURL)
	if err != nil {
		t.Fatal(err)
	}
	return i
}

// stsWorld is the test world plus a second account (prod) with a role the
// default account may assume (with an external id) and a role for tokens
// of the GitHub issuer.
func stsWorld(t testing.TB) *World {
	w := loadTestWorld(t)
	w.CloudAccounts = []World{{
		UIN:           uinProd,
		Credentials:   []Credential{{SecretID: prodID, SecretKey: prodKey}},
		OIDCProviders: []OIDCProvider{issuer(t).Provider("github", "sts.tencentcloudapi.com")},
		Roles: []Role{
			{Name: "deployer", TrustedAccounts: []string{DefaultUIN}, ExternalID: "dbplan-ext", MaxSessionSeconds: 3600},
			{Name: "ci", WebIdentity: &RoleWebIdentity{ProviderID: "github", Subject: "repo:acme/db:*"}},
		},
		Instances: []Instance{{ID: "postgres-prod0001", Region: "ap-guangzhou"}},
	}}
	return w
}

// creds turns an AssumeRole answer into a client signing with them.
func creds(t *testing.T, base rawClient, resp map[string]any) rawClient {
	t.Helper()
	c, ok := resp["Credentials"].(map[string]any)
	if !ok {
		t.Fatalf("answer without Credentials: %v", resp)
	}
	base.id, base.key, base.token = c["TmpSecretId"].(string), c["TmpSecretKey"].(string), c["Token"].(string)
	base.unsigned = false
	return base
}

func TestGetCallerIdentityOfAccountKeys(t *testing.T) {
	f := newFixtureWorld(t, stsWorld(t), Options{})
	got := f.cl.ok("GetCallerIdentity", obj{})
	if got["AccountId"] != DefaultUIN || got["PrincipalId"] != DefaultUIN || got["Type"] != "CAMUser" {
		t.Errorf("default account key: %v", got)
	}
	prod := *f.cl
	prod.id, prod.key, prod.region = prodID, prodKey, "" // sts needs no region
	if got := prod.ok("GetCallerIdentity", obj{}); got["AccountId"] != uinProd {
		t.Errorf("prod key: AccountId %v, want %s", got["AccountId"], uinProd)
	}
	if code := prod.code("GetCallerIdentity", obj{"Extra": 1}); code != codeUnknownParameter {
		t.Errorf("unknown parameter: %s", code)
	}
}

// TestAssumeRoleCrossAccount: keys of the default account assume a role of
// the prod account; the temporary credentials see prod's resources and
// identify as the role, until they expire (AuthFailure.TokenFailure).
func TestAssumeRoleCrossAccount(t *testing.T) {
	f := newFixtureWorld(t, stsWorld(t), Options{})
	resp := f.cl.ok("AssumeRole", obj{"RoleArn": deployRole, "RoleSessionName": "dbplan", "DurationSeconds": 900, "ExternalId": "dbplan-ext"})
	exp, _ := resp["ExpiredTime"].(float64)
	if want := testStart.Add(900 * time.Second).Unix(); int64(exp) != want {
		t.Errorf("ExpiredTime = %v, want %d", resp["ExpiredTime"], want)
	}
	if resp["Expiration"] != testStart.Add(900*time.Second).Format("2006-01-02T15:04:05Z") {
		t.Errorf("Expiration = %v", resp["Expiration"])
	}
	role := creds(t, *f.cl, resp)
	id := role.ok("GetCallerIdentity", obj{})
	if id["AccountId"] != uinProd || id["PrincipalId"] != DefaultUIN || id["Type"] != "CAMRole" ||
		!strings.HasSuffix(id["Arn"].(string), "/dbplan") {
		t.Errorf("role identity: %v", id)
	}
	list := role.ok("DescribeDBInstances", obj{})
	if list["TotalCount"] != float64(1) {
		t.Errorf("the role sees %v instances, want prod's 1: %v", list["TotalCount"], list)
	}
	wrongToken := role
	wrongToken.token = "not-the-token"
	if code := wrongToken.code("DescribeDBInstances", obj{}); code != codeTokenFailure {
		t.Errorf("wrong token: %s, want %s", code, codeTokenFailure)
	}
	f.clk.Advance(899 * time.Second)
	role.ok("DescribeDBInstances", obj{})
	f.clk.Advance(time.Second)
	if r := role.do("DescribeDBInstances", obj{}); r.Code != codeTokenFailure || !strings.Contains(r.Msg, "expired") {
		t.Errorf("after expiry: %s %q, want %s saying it expired", r.Code, r.Msg, codeTokenFailure)
	}
}

func TestAssumeRoleErrors(t *testing.T) {
	f := newFixtureWorld(t, stsWorld(t), Options{})
	prod := *f.cl
	prod.id, prod.key, prod.token = prodID, prodKey, ""
	base := obj{"RoleArn": deployRole, "RoleSessionName": "dbplan", "ExternalId": "dbplan-ext"}
	with := func(k string, v any) obj {
		o := obj{}
		for key, val := range base {
			o[key] = val
		}
		if v == nil {
			delete(o, k)
		} else {
			o[k] = v
		}
		return o
	}
	tests := []struct {
		name   string
		client *rawClient
		params obj
		want   string
	}{
		{"malformed ARN", f.cl, with("RoleArn", "arn:aws:iam::1:role/x"), codeSTSParamError},
		{"ARN without a role", f.cl, with("RoleArn", "qcs::cam::uin/200000000002:user/x"), codeSTSParamError},
		{"unknown role", f.cl, with("RoleArn", "qcs::cam::uin/200000000002:roleName/nope"), codeSTSRoleNotFound},
		{"unknown account", f.cl, with("RoleArn", "qcs::cam::uin/999999999:roleName/deployer"), codeSTSRoleNotFound},
		{"role by id", f.cl, with("RoleArn", "qcs::cam::uin/200000000002:role/4611686018427397920"), ""},
		{"untrusted account", &prod, base, codeSTSUnauthorized},
		{"external id missing", f.cl, with("ExternalId", nil), codeSTSUnauthorized},
		{"external id wrong", f.cl, with("ExternalId", "other-ext"), codeSTSUnauthorized},
		{"duration over the role's maximum", f.cl, with("DurationSeconds", 3601), codeSTSOverTime},
		{"duration zero", f.cl, with("DurationSeconds", 0), codeSTSOverTime},
		{"session name with a space", f.cl, with("RoleSessionName", "db plan"), codeSTSParamError},
		{"session name missing", f.cl, with("RoleSessionName", nil), codeMissingParameter},
		{"duration as a string of digits, as documented", f.cl, with("DurationSeconds", "900"), ""},
		{"duration not an integer", f.cl, with("DurationSeconds", "soon"), codeInvalidParameter},
		{"unknown parameter", f.cl, with("RoleSessionNam", "x"), codeUnknownParameter},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.client.code("AssumeRole", tt.params); got != tt.want {
				t.Errorf("AssumeRole = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestAssumeRoleWithWebIdentity: an unsigned request with a token of the
// trusted issuer gets the role's credentials; every broken token gets
// InvalidParameter.WebIdentityTokenError, and no other action accepts an
// unsigned request.
func TestAssumeRoleWithWebIdentity(t *testing.T) {
	f := newFixtureWorld(t, stsWorld(t), Options{})
	iss := issuer(t)
	anon := *f.cl
	anon.unsigned, anon.region = true, "ap-guangzhou"
	good := iss.Token("repo:acme/db:ref:refs/heads/main", "sts.tencentcloudapi.com", testStart, testStart.Add(10*time.Minute))
	req := func(token string) obj {
		return obj{"ProviderId": "github", "WebIdentityToken": token, "RoleArn": ciRole, "RoleSessionName": "gha-42", "DurationSeconds": 3600}
	}
	resp := anon.ok("AssumeRoleWithWebIdentity", req(good))
	role := creds(t, *f.cl, resp)
	if id := role.ok("GetCallerIdentity", obj{}); id["AccountId"] != uinProd || id["Type"] != "CAMRole" {
		t.Errorf("web identity role: %v", id)
	}

	other, err := NewOIDCIssuer(issuerURL)
	if err != nil {
		t.Fatal(err)
	}
	bad := map[string]string{
		"signed by another key": other.Token("repo:acme/db:ref:refs/heads/main", "sts.tencentcloudapi.com", testStart, testStart.Add(time.Hour)),
		"expired":               iss.Token("repo:acme/db:x", "sts.tencentcloudapi.com", testStart.Add(-2*time.Hour), testStart.Add(-time.Hour)),
		"other audience":        iss.Token("repo:acme/db:x", "someone-else", testStart, testStart.Add(time.Hour)),
		"untrusted subject":     iss.Token("repo:evil/db:x", "sts.tencentcloudapi.com", testStart, testStart.Add(time.Hour)),
		"not a JWT":             "hello",
		"tampered payload":      tamper(good),
	}
	for name, tok := range bad {
		if r := anon.do("AssumeRoleWithWebIdentity", req(tok)); r.Code != codeSTSWebIdentity || strings.Contains(r.Msg, tok) {
			t.Errorf("%s: %s %q, want %s without the token", name, r.Code, r.Msg, codeSTSWebIdentity)
		}
	}
	unknownRole := req(good)
	unknownRole["RoleArn"] = "qcs::cam::uin/" + uinProd + ":roleName/nope"
	if code := anon.code("AssumeRoleWithWebIdentity", unknownRole); code != codeSTSUnauthorized {
		t.Errorf("unknown role: %s", code)
	}
	wrongProvider := req(good)
	wrongProvider["ProviderId"] = "gitlab"
	if code := anon.code("AssumeRoleWithWebIdentity", wrongProvider); code != codeSTSUnauthorized {
		t.Errorf("untrusted provider: %s", code)
	}
	if code := anon.code("AssumeRole", obj{"RoleArn": deployRole, "RoleSessionName": "x"}); code != codeInvalidAuthorization {
		t.Errorf("unsigned AssumeRole: %s, want %s", code, codeInvalidAuthorization)
	}
	if code := anon.code("DescribeDBInstances", obj{}); code != codeInvalidAuthorization {
		t.Errorf("unsigned DescribeDBInstances: %s, want %s", code, codeInvalidAuthorization)
	}
}

// tamper changes the payload of a JWT, keeping its signature.
func tamper(tok string) string {
	parts := strings.Split(tok, ".")
	parts[1] = strings.Replace(parts[1], parts[1][:4], "eyJz", 1)
	return strings.Join(parts, ".")
}

func TestWorldAccountsValidation(t *testing.T) {
	tests := map[string]struct{ json, want string }{
		"duplicate uin": {`{"uin":"100000","cloud_accounts":[{"uin":"100000"}]}`, "duplicate uin"},
		"nested":        {`{"cloud_accounts":[{"uin":"200000","cloud_accounts":[{"uin":"300000"}]}]}`, "cannot be nested"},
		"no uin":        {`{"cloud_accounts":[{"credentials":[]}]}`, "uin is required"},
		"bad uin":       {`{"uin":"12a45"}`, "5 to 20 digits"},
		"shared key": {`{"credentials":[{"secret_id":"AKIDa","secret_key":"k"}],"cloud_accounts":[{"uin":"200000","credentials":[{"secret_id":"AKIDa","secret_key":"k2"}]}]}`,
			"duplicate secret_id"},
		"shared instance id": {`{"instances":[{"id":"postgres-a","region":"ap-guangzhou"}],"cloud_accounts":[{"uin":"200000","instances":[{"id":"postgres-a","region":"ap-guangzhou"}]}]}`,
			"duplicate id"},
		"role of an unknown provider": {`{"roles":[{"name":"ci","web_identity":{"provider_id":"gh"}}]}`, "not in this account's oidc_providers"},
		"provider without keys":       {`{"oidc_providers":[{"id":"gh","issuer":"https://x"}]}`, "jwks"},
		"provider with a bad key":     {`{"oidc_providers":[{"id":"gh","issuer":"https://x","jwks":{"keys":[{"kty":"RSA","n":"!!","e":"AQAB"}]}}]}`, "base64url"},
		"role duration":               {`{"roles":[{"name":"r","max_session_seconds":50000}]}`, "max_session_seconds"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := ParseWorld([]byte(tt.json))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseWorld error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// TestStateKeepsAccountsWithoutKeys: the state file holds every account's
// resources but no account's keys; a resumed simulator takes them from the
// world again.
func TestStateKeepsAccountsWithoutKeys(t *testing.T) {
	path := t.TempDir() + "/state.json"
	w := stsWorld(t)
	f := newFixtureWorld(t, w, Options{StatePath: path})
	prod := *f.cl
	prod.id, prod.key, prod.token = prodID, prodKey, ""
	prod.ok("CreateAccount", obj{"DBInstanceId": "postgres-prod0001", "UserName": "app", "Type": "normal", "Password": "Passw0rd!x"})
	state, err := LoadWorld(path)
	if err != nil {
		t.Fatal(err)
	}
	if acct := state.account(uinProd); acct == nil || len(acct.Credentials) != 0 || len(acct.Instances[0].Accounts) != 1 {
		t.Fatalf("state's prod account: %+v", acct)
	}
	f2 := newFixtureWorld(t, w, Options{StatePath: path})
	prod2 := *f2.cl
	prod2.id, prod2.key, prod2.token = prodID, prodKey, ""
	if got := prod2.ok("DescribeAccounts", obj{"DBInstanceId": "postgres-prod0001"}); got["TotalCount"] != float64(1) {
		t.Errorf("resumed prod account: %v", got)
	}
}
