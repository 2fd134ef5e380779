package config

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const precedenceConfig = `
provider "tencentcloud" {
  region = "ap-guangzhou"
}
variable "remark" {
  type    = string
  default = "fromdefault"
}
variable "ids" {
  type    = list(string)
  default = ["postgres-default1"]
}
postgres_instance "x" {
  for_each    = toset(var.ids)
  instance_id = each.value
  account "u" {
    remark = var.remark
  }
}
`

func TestVariablePrecedence(t *testing.T) {
	tests := map[string]struct {
		auto     bool
		varFile  bool
		env      map[string]string
		vars     map[string]string
		wantRem  string
		wantAddr string
	}{
		"default": {wantRem: "fromdefault", wantAddr: `postgres_instance.x["postgres-default1"]`},
		"env": {
			env:     map[string]string{"DBPLAN_VAR_remark": "fromenv", "DBPLAN_VAR_ids": `["postgres-env1"]`},
			wantRem: "fromenv", wantAddr: `postgres_instance.x["postgres-env1"]`,
		},
		"auto beats env": {
			auto: true, env: map[string]string{"DBPLAN_VAR_remark": "fromenv"},
			wantRem: "fromauto", wantAddr: `postgres_instance.x["postgres-default1"]`,
		},
		"var-file beats auto": {
			auto: true, varFile: true,
			wantRem: "fromfile", wantAddr: `postgres_instance.x["postgres-file1"]`,
		},
		"-var beats everything": {
			auto: true, varFile: true, env: map[string]string{"DBPLAN_VAR_remark": "fromenv"},
			vars:    map[string]string{"remark": "fromflag", "ids": `["postgres-flag1"]`},
			wantRem: "fromflag", wantAddr: `postgres_instance.x["postgres-flag1"]`,
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			files := map[string]string{"main.hcl": precedenceConfig, "my.vars.hcl": "remark = \"fromfile\"\nids = [\"postgres-file1\"]\n"}
			if tt.auto {
				files["a.auto.vars.hcl"] = `remark = "fromauto"`
			}
			dir := writeDir(t, files)
			opts := LoadOptions{Vars: tt.vars, Getenv: mapEnv(tt.env)}
			if tt.varFile {
				opts.VarFiles = []string{filepath.Join(dir, "my.vars.hcl")}
			}
			cfg, diags := Load(dir, opts)
			for _, d := range diags {
				t.Errorf("unexpected diagnostic: %s", d)
			}
			if len(cfg.Instances) != 1 {
				t.Fatalf("got %d instances, want 1", len(cfg.Instances))
			}
			got := [2]string{cfg.Instances[0].Addr, *cfg.Instances[0].Accounts[0].Remark}
			if diff := cmp.Diff([2]string{tt.wantAddr, tt.wantRem}, got); diff != "" {
				t.Errorf("Load() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRawVarParsing(t *testing.T) {
	dir := writeDir(t, map[string]string{"main.hcl": `
provider "tencentcloud" {
  region = "ap-guangzhou"
}
variable "n" {
  type = number
}
variable "m" {
  type = map(string)
}
variable "s" {
  type = string
}
`})
	tests := map[string]struct {
		vars map[string]string
		want []string
	}{
		"good":          {vars: map[string]string{"n": "3", "m": `{a = "b"}`, "s": `["not", "parsed"]`}},
		"bad number":    {vars: map[string]string{"n": "three", "m": "{}", "s": "x"}, want: []string{"ERROR: Invalid value for variable"}},
		"bad map":       {vars: map[string]string{"n": "1", "m": `{a = `, "s": "x"}, want: []string{"ERROR: Invalid value for variable"}},
		"missing":       {vars: map[string]string{"n": "1", "m": "{}"}, want: []string{"ERROR: No value for required variable"}},
		"undeclared":    {vars: map[string]string{"n": "1", "m": "{}", "s": "x", "zz": "1"}, want: []string{"ERROR: Value for undeclared variable"}},
		"deep nesting":  {vars: map[string]string{"n": "1", "m": deep(MaxNesting + 1), "s": "x"}, want: []string{"ERROR: Nesting too deep"}},
		"string as map": {vars: map[string]string{"n": "1", "m": `"x"`, "s": "x"}, want: []string{"ERROR: Invalid value for variable"}},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			_, got := summaries(t, dir, LoadOptions{Vars: tt.vars})
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Load() diagnostics mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func deep(n int) string {
	b := make([]byte, 0, 2*n)
	for range n {
		b = append(b, '[')
	}
	for range n {
		b = append(b, ']')
	}
	return string(b)
}

// TestSensitiveMissingByMode: a secret without a value leaves its
// password absent in every mode, apply included (apply fails exactly the
// actions that send it).
func TestSensitiveMissingByMode(t *testing.T) {
	dir := filepath.Join("testdata", "valid", "missing_secrets")
	for _, mode := range []Mode{ModePlan, ModeValidate, ModeApply} {
		t.Run(mode.String(), func(t *testing.T) {
			cfg, got := summaries(t, dir, LoadOptions{Mode: mode})
			if len(got) > 0 {
				t.Errorf("Load(mode %s) diagnostics: %v, want none", mode, got)
			}
			var gotAccts [][3]any
			for _, a := range cfg.Instances[0].Accounts {
				gotAccts = append(gotAccts, [3]any{a.Name, a.Password.IsSet(), a.PasswordSource})
			}
			wantAccts := [][3]any{{"app", false, "var.app_password"}, {"ops", false, `env("OPS_PASSWORD")`}}
			if diff := cmp.Diff(wantAccts, gotAccts); diff != "" {
				t.Errorf("accounts mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestValidateNeedsNoValues: validate checks a configuration whose
// variables have no values; plan and apply need the non-sensitive ones.
func TestValidateNeedsNoValues(t *testing.T) {
	dir := writeDir(t, map[string]string{"main.hcl": `
provider "tencentcloud" {
  region = "ap-guangzhou"
}
variable "instance_id" {
  type = string
}
variable "instances" {
  type = map(string)
}
postgres_instance "one" {
  instance_id = var.instance_id
  account "app_user" {
    remark = "x"
  }
}
postgres_instance "many" {
  for_each    = var.instances
  instance_id = each.value
}
`})
	want := map[Mode][]string{
		ModeValidate: nil,
		ModePlan:     {"ERROR: No value for required variable", "ERROR: No value for required variable"},
		ModeApply:    {"ERROR: No value for required variable", "ERROR: No value for required variable"},
	}
	for mode, want := range want {
		_, got := summaries(t, dir, LoadOptions{Mode: mode})
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Load(mode %s) diagnostics mismatch (-want +got):\n%s", mode, diff)
		}
	}
}

func TestSensitiveGivenAtApply(t *testing.T) {
	dir := filepath.Join("testdata", "valid", "missing_secrets")
	cfg, diags := Load(dir, LoadOptions{
		Mode:   ModeApply,
		Vars:   map[string]string{"app_password": "App_Passw0rd!"},
		Getenv: mapEnv(map[string]string{"OPS_PASSWORD": "Ops_Passw0rd!"}),
	})
	for _, d := range diags {
		t.Errorf("unexpected diagnostic: %s", d)
	}
	got := []string{cfg.Instances[0].Accounts[0].Password.Reveal(), cfg.Instances[0].Accounts[1].Password.Reveal()}
	if diff := cmp.Diff([]string{"App_Passw0rd!", "Ops_Passw0rd!"}, got); diff != "" {
		t.Errorf("passwords mismatch (-want +got):\n%s", diff)
	}
}
