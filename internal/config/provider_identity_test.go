package config

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/hashicorp/hcl/v2"
)

const identitySrc = `
provider "tencentcloud" {
  region              = "ap-guangzhou"
  allowed_account_ids = ["100000000001"]
}

provider "tencentcloud" {
  alias   = "prod"
  region  = "ap-shanghai"
  profile = "prod"
  assume_role {
    role_arn    = "qcs::cam::uin/200000000002:roleName/dbplan-deployer"
    external_id = "dbplan-ext"
  }
  forbidden_account_ids = ["100000000001"]
}

provider "tencentcloud" {
  alias  = "ci"
  region = "ap-singapore"
  assume_role_with_web_identity {
    provider_id             = "github"
    role_arn                = "qcs::cam::uin/300000000003:role/4611686018427397920"
    session_name            = "gha-run"
    session_duration        = 900
    web_identity_token_file = "/var/run/token"
  }
}

postgres_instance "a" {
  instance_id = "postgres-abcd1234"
}
`

// TestProviderIdentity checks the identity of provider blocks and the
// TENCENTCLOUD_* defaults they take from the environment.
func TestProviderIdentity(t *testing.T) {
	ignore := cmpopts.IgnoreTypes(hcl.Range{})
	tests := []struct {
		name string
		env  map[string]string
		want map[string]*Provider
	}{
		{"blocks only", nil, map[string]*Provider{
			"tencentcloud": {AllowedAccountIDs: []string{"100000000001"}},
			"tencentcloud.prod": {Profile: "prod", ForbiddenAccountIDs: []string{"100000000001"},
				AssumeRole: &AssumeRole{RoleARN: "qcs::cam::uin/200000000002:roleName/dbplan-deployer", ExternalID: "dbplan-ext", SessionDuration: 7200}},
			"tencentcloud.ci": {WebIdentity: &WebIdentity{ProviderID: "github", RoleARN: "qcs::cam::uin/300000000003:role/4611686018427397920",
				SessionName: "gha-run", SessionDuration: 900, TokenFile: "/var/run/token"}},
		}},
		{"environment fills what the blocks leave out", map[string]string{
			EnvProfile: "ops", EnvAssumeRoleARN: "qcs::cam::uin/100000000001:roleName/ops", EnvAssumeRoleSessionName: "nightly",
			EnvAssumeRoleDuration: "1800", EnvAssumeRoleProviderID: "gitlab",
		}, map[string]*Provider{
			"tencentcloud": {Profile: "ops", AllowedAccountIDs: []string{"100000000001"},
				AssumeRole: &AssumeRole{RoleARN: "qcs::cam::uin/100000000001:roleName/ops", SessionName: "nightly", SessionDuration: 1800}},
			"tencentcloud.prod": {Profile: "prod", ForbiddenAccountIDs: []string{"100000000001"},
				AssumeRole: &AssumeRole{RoleARN: "qcs::cam::uin/200000000002:roleName/dbplan-deployer", SessionName: "nightly",
					ExternalID: "dbplan-ext", SessionDuration: 1800}},
			"tencentcloud.ci": {Profile: "ops", WebIdentity: &WebIdentity{ProviderID: "github", RoleARN: "qcs::cam::uin/300000000003:role/4611686018427397920",
				SessionName: "gha-run", SessionDuration: 900, TokenFile: "/var/run/token"}},
		}},
		{"a token file in the environment means a web identity", map[string]string{
			EnvAssumeRoleARN: "qcs::cam::uin/100000000001:roleName/ci", EnvWebIdentityTokenFile: "/tmp/gha-token",
		}, map[string]*Provider{
			"tencentcloud": {AllowedAccountIDs: []string{"100000000001"},
				WebIdentity: &WebIdentity{RoleARN: "qcs::cam::uin/100000000001:roleName/ci", SessionDuration: 7200, TokenFile: "/tmp/gha-token"}},
			"tencentcloud.prod": {Profile: "prod", ForbiddenAccountIDs: []string{"100000000001"},
				AssumeRole: &AssumeRole{RoleARN: "qcs::cam::uin/200000000002:roleName/dbplan-deployer", ExternalID: "dbplan-ext", SessionDuration: 7200}},
			"tencentcloud.ci": {WebIdentity: &WebIdentity{ProviderID: "github", RoleARN: "qcs::cam::uin/300000000003:role/4611686018427397920",
				SessionName: "gha-run", SessionDuration: 900, TokenFile: "/var/run/token"}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeDir(t, map[string]string{"main.hcl": identitySrc})
			cfg, diags := Load(dir, LoadOptions{Getenv: mapEnv(tt.env)})
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			got := map[string]*Provider{}
			for _, p := range cfg.Providers {
				got[p.Name] = &Provider{Profile: p.Profile, AssumeRole: p.AssumeRole, WebIdentity: p.WebIdentity,
					AllowedAccountIDs: p.AllowedAccountIDs, ForbiddenAccountIDs: p.ForbiddenAccountIDs}
			}
			if diff := cmp.Diff(tt.want, got, ignore); diff != "" {
				t.Errorf("identities (-want +got):\n%s", diff)
			}
		})
	}
}

// TestProviderIdentityFromBadEnvironment: a bad value in the environment
// is an error that names the variable, also for the implicit provider.
func TestProviderIdentityFromBadEnvironment(t *testing.T) {
	dir := writeDir(t, map[string]string{"main.hcl": `postgres_instance "a" {
  instance_id = "postgres-abcd1234"
  region      = "ap-guangzhou"
}
`})
	for env, want := range map[string]map[string]string{
		"Invalid role ARN":         {EnvAssumeRoleARN: "arn:aws:iam::1:role/x"},
		"Invalid session duration": {EnvAssumeRoleARN: "qcs::cam::uin/100000000001:roleName/ops", EnvAssumeRoleDuration: "2h"},
		"Invalid session name":     {EnvAssumeRoleARN: "qcs::cam::uin/100000000001:roleName/ops", EnvAssumeRoleSessionName: "a b"},
	} {
		_, diags := Load(dir, LoadOptions{Getenv: mapEnv(want)})
		if len(diags) != 1 || diags[0].Summary != env || diags[0].Subject != nil {
			t.Errorf("%v: diagnostics %v, want one %q without a position", want, diags, env)
		}
	}
}
