package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// canaryMark is in every canary secret of TestNoOutputRevealsASecret and
// nowhere else: no output may contain it, not even part of a secret.
const canaryMark = "CNRY"

// canaryHCL declares one sensitive variable per way a password comes in
// (auto variable file, -var-file, -var, environment) and uses env() and
// file() for two more accounts.
const canaryHCL = `provider "tencentcloud" {
  region = "ap-guangzhou"
}

variable "pw_auto" {
  type      = string
  sensitive = true
}
variable "pw_varfile" {
  type      = string
  sensitive = true
}
variable "pw_flag" {
  type      = string
  sensitive = true
}
variable "pw_env" {
  type      = string
  sensitive = true
}
variable "pw_list" {
  type      = list(string)
  sensitive = true
  default   = []
}

postgres_instance "orders" {
  instance_id = "postgres-fx000001"
  account "from_auto" {
    password = var.pw_auto
  }
  account "from_varfile" {
    password = var.pw_varfile
  }
  account "from_flag" {
    password = var.pw_flag
  }
  account "from_env" {
    password = var.pw_env
  }
  account "from_env_func" {
    password = env("PG_PW")
  }
  account "from_file" {
    password = file("pw.txt")
  }
}
`

// canaryRotateHCL is canaryHCL with every account existing and due for a
// password reset (password_changed_after), plus a LibraDB account to
// reset: the passwords go through the reset calls, not the creates.
var canaryRotateHCL = strings.ReplaceAll(canaryHCL, "    password = ",
	"    password_changed_after = \"2026-06-01T00:00:00+08:00\"\n    password = ") + `
libradb_cluster "warehouse" {
  cluster_id = "libradb-fx000001"
  account "from_flag_libra" {
    password_changed_after = "2026-06-01T00:00:00+08:00"
    password               = var.pw_flag
  }
}
`

// canaryRotateWorld holds every account of canaryRotateHCL, each with a
// password last set before its password_changed_after.
const canaryRotateWorld = `{
  "instances": [
    {"id": "postgres-fx000001", "region": "ap-guangzhou", "name": "orders",
     "accounts": [{"user_name": "from_auto", "password_update_time": "2026-01-01 00:00:00"},
                  {"user_name": "from_varfile", "password_update_time": "2026-01-01 00:00:00"},
                  {"user_name": "from_flag", "password_update_time": "2026-01-01 00:00:00"},
                  {"user_name": "from_env", "password_update_time": "2026-01-01 00:00:00"},
                  {"user_name": "from_env_func", "password_update_time": "2026-01-01 00:00:00"},
                  {"user_name": "from_file", "password_update_time": "2026-01-01 00:00:00"}]}
  ],
  "ro_groups": [],
  "libradb_clusters": [
    {"id": "libradb-fx000001", "region": "ap-guangzhou",
     "accounts": [{"account_name": "from_flag_libra", "host": "%", "update_time": "2026-01-01 00:00:00"}]}
  ]
}`

// canarySetup is one way of giving the canary secrets to dbplan.
type canarySetup struct {
	files map[string]string // beside main.hcl and world.json
	env   map[string]string
	args  []string // -var and -var-file flags; VARFILE is replaced by its path
	// rotate runs canaryRotateHCL against canaryRotateWorld: the
	// passwords are sent by password resets.
	rotate bool
}

// TestNoOutputRevealsASecret gives passwords through every channel (an
// auto variable file, -var-file, -var, DBPLAN_VAR_*, env(), file()), to
// accounts being created and to accounts whose password is reset, in
// valid and broken shapes (misspelt names, bare -var values, syntax and
// type errors, values failing the password rules, unformatted files), and
// runs every command that reads them (validate, validate -json, plan,
// plan -out, apply with -report, fmt -diff): no output or written file
// may contain any part of a secret.
func TestNoOutputRevealsASecret(t *testing.T) {
	good := func(src string) string { return "Good-" + canaryMark + "-" + src + "-9" } // satisfies the password rules
	bad := func(src string) string { return "bad" + canaryMark + src }                 // lacks digits and specials
	valid := func(pw func(string) string) canarySetup {
		return canarySetup{
			files: map[string]string{
				"a.auto.vars.hcl": `pw_auto = "` + pw("auto") + `"` + "\n",
				"extra.vars.hcl":  `pw_varfile = "` + pw("varfile") + `"` + "\n",
				"pw.txt":          pw("file"),
			},
			env:  map[string]string{"DBPLAN_VAR_pw_env": pw("env"), "PG_PW": pw("envfunc")},
			args: []string{"-var-file", "VARFILE", "-var", "pw_flag=" + pw("flag")},
		}
	}
	with := func(s canarySetup, change func(*canarySetup)) canarySetup {
		c := canarySetup{files: map[string]string{}, env: map[string]string{}, args: append([]string(nil), s.args...), rotate: s.rotate}
		for k, v := range s.files {
			c.files[k] = v
		}
		for k, v := range s.env {
			c.env[k] = v
		}
		change(&c)
		return c
	}
	tests := map[string]canarySetup{
		"valid passwords":             valid(good),
		"passwords failing the rules": valid(bad),
		"misspelt names": with(valid(good), func(c *canarySetup) {
			c.files["a.auto.vars.hcl"] += `pw_atuo = "` + good("typo-auto") + `"` + "\n" + `app_pasword = "` + good("typo-auto2") + `"` + "\n"
			c.files["extra.vars.hcl"] += `notdeclared = "` + good("typo-varfile") + `"` + "\n"
			c.args = append(c.args, "-var", "pw_flga="+good("typo-flag"))
			c.env["DBPLAN_VAR_pw_evn"] = good("typo-env")
		}),
		"bare -var value": with(valid(good), func(c *canarySetup) {
			c.args = append(c.args, "-var", good("bare"))
		}),
		"-var value with = but no name": with(valid(good), func(c *canarySetup) {
			c.args = append(c.args, "-var", "Pa$$"+canaryMark+"=rest", "-var", "="+good("noname"))
		}),
		"syntax error in a variable file": with(valid(good), func(c *canarySetup) {
			c.files["a.auto.vars.hcl"] = `pw_auto = "` + good("unterminated") + "\n"
		}),
		"syntax error on a password line": with(valid(good), func(c *canarySetup) {
			c.files["z.hcl"] = "locals {\n  db_password = \"" + good("broken-literal") + "\n}\n"
		}),
		"wrong types": with(valid(good), func(c *canarySetup) {
			c.files["extra.vars.hcl"] = `pw_varfile = ["` + good("list") + `"]` + "\n" + `pw_list = "` + good("notalist") + `"` + "\n"
			c.args = append(c.args, "-var", `pw_list=["`+good("unclosed"))
		}),
		"valid passwords, reset":             with(valid(good), func(c *canarySetup) { c.rotate = true }),
		"passwords failing the rules, reset": with(valid(bad), func(c *canarySetup) { c.rotate = true }),
		"unterminated heredoc in a variable file": with(valid(good), func(c *canarySetup) {
			c.files["a.auto.vars.hcl"] = "pw_auto = <<EOT\n" + good("heredoc") + "\n"
		}),
		"-var value beyond the limits": with(valid(good), func(c *canarySetup) {
			c.args = append(c.args, "-var", "pw_list=["+strings.Repeat("!", 2000)+`"`+good("deep")+`"]`)
		}),
		"unformatted literal passwords": with(valid(good), func(c *canarySetup) {
			c.files["a.auto.vars.hcl"] = `pw_auto="` + good("auto") + `"` + "\n"
			c.files["z.hcl"] = "locals {\nlegacy_password=\"" + good("literal") + "\"\n  creds = { token=\"" + good("token") + "\" }\n}\n"
		}),
	}
	for name, s := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			hcl, world := canaryHCL, fixtureWorld
			if s.rotate {
				hcl, world = canaryRotateHCL, canaryRotateWorld
			}
			dir := writeFixture(t, hcl, world)
			for f, src := range s.files {
				if err := os.WriteFile(filepath.Join(dir, f), []byte(src), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			var varArgs []string
			for _, a := range s.args {
				varArgs = append(varArgs, strings.ReplaceAll(a, "VARFILE", filepath.Join(dir, "extra.vars.hcl")))
			}
			out := t.TempDir()
			planFile, report := filepath.Join(out, "p.plan"), filepath.Join(out, "report.json")
			commands := [][]string{
				append([]string{"validate"}, varArgs...),
				append([]string{"validate", "-json"}, varArgs...),
				append([]string{"plan", "-sim", "-out", planFile}, varArgs...),
				append([]string{"plan", "-sim", "-json"}, varArgs...),
				append([]string{"apply", "-sim", "-auto-approve", "-report", report}, varArgs...),
				append([]string{"apply", "-sim", "-json", "-auto-approve"}, varArgs...),
				{"fmt", "-check", "-diff"},
				{"fmt", "-check", "-diff", filepath.Join(dir, "extra.vars.hcl")},
			}
			for _, args := range commands {
				if args[0] != "fmt" || len(args) == 3 {
					args = append(args, dir)
				}
				e, stdout, stderr := newTestEnv(s.env)
				run(context.Background(), args, e)
				assertNoCanary(t, strings.Join(args, " "), stdout.String()+stderr.String())
				assertNoEmptyColon(t, args[0], stdout.String()+stderr.String())
			}
			for _, f := range []string{planFile, report} {
				if b, err := os.ReadFile(f); err == nil {
					assertNoCanary(t, f, string(b))
				}
			}
			if name == "valid passwords, reset" {
				// The resets did run, with the passwords.
				b, _ := os.ReadFile(report)
				for _, kind := range []string{`"kind": "reset_account_password"`, `"kind": "reset_libradb_account_password"`} {
					if !strings.Contains(string(b), kind) || strings.Contains(string(b), `"outcome": "failed"`) {
						t.Errorf("the report does not show %s succeeding:\n%s", kind, b)
					}
				}
			}
		})
	}
}

// canaryText matches a canary secret with what may surround it in output.
var canaryText = regexp.MustCompile(`.{0,40}` + canaryMark + `.{0,40}`)

// assertNoCanary fails when output holds any part of a canary secret.
func assertNoCanary(t *testing.T, what, output string) {
	t.Helper()
	if m := canaryText.FindAllString(output, 3); len(m) > 0 {
		t.Errorf("%s reveals a secret: %q", what, m)
	}
}

// emptyColon matches a line that ends in ": " (a message whose last part
// is empty).
var emptyColon = regexp.MustCompile(`(?m)^.*: [ \t]*$`)

// assertNoEmptyColon fails when a line of output ends in an empty ": ".
func assertNoEmptyColon(t *testing.T, what, output string) {
	t.Helper()
	if m := emptyColon.FindAllString(output, 3); len(m) > 0 {
		t.Errorf("%s prints a message ending in an empty \": \": %q", what, m)
	}
}
