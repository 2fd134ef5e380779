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

func TestSensitiveMissingByMode(t *testing.T) {
	dir := filepath.Join("testdata", "invalid", "apply_missing_secret")
	tests := map[Mode][]string{
		ModePlan:     nil,
		ModeValidate: nil,
		ModeApply:    {"ERROR: No value for required variable", "ERROR: Error in function call"},
	}
	for mode, want := range tests {
		t.Run(mode.String(), func(t *testing.T) {
			cfg, got := summaries(t, dir, LoadOptions{Mode: mode})
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Load(mode %s) diagnostics mismatch (-want +got):\n%s", mode, diff)
			}
			if mode == ModeApply {
				return
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

func TestSensitiveGivenAtApply(t *testing.T) {
	dir := filepath.Join("testdata", "invalid", "apply_missing_secret")
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
