package config

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

// TestSensitiveNeverPrinted provokes every kind of diagnostic that touches
// a secret and checks that no rendering of them (summary, detail, source
// snippet, expression values) contains one.
func TestSensitiveNeverPrinted(t *testing.T) {
	secrets := map[string]string{
		"var":      "Var_Secr3t_(value",
		"env":      "Env_Secr3t_value!",
		"file":     "File_Secr3t_value!",
		"varfile":  "Varfile_Secr3t_value!",
		"default":  "Default_Secr3t_value!",
		"literal":  "Literal_Secr3t_value!",
		"badpw":    "badpassword_secret",
		"number":   "Number_Secr3t_value",
		"mapvalue": "Mapvalue_Secr3t_value",
		"typo":     "Typo_Secr3t_value!",
	}
	dir := writeDir(t, map[string]string{
		"main.hcl": `
provider "tencentcloud" {
  region = "ap-guangzhou"
}
variable "secret" {
  type      = string
  sensitive = true
  validation {
    condition     = length(var.secret) < 5
    error_message = "bad value ${var.secret}"
  }
}
variable "from_varfile" {
  type      = string
  sensitive = true
}
variable "with_default" {
  type      = string
  sensitive = true
  default   = "` + secrets["default"] + `"
}
variable "bad_pw" {
  type      = string
  sensitive = true
}
variable "num" {
  type      = number
  sensitive = true
}
variable "smap" {
  type      = map(string)
  sensitive = true
}
locals {
  derived = "x-${var.secret}"
}
postgres_instance "a" {
  instance_id = env("ID_FROM_ENV")
  account "u1" {
    remark   = var.secret
    password = var.bad_pw
  }
  account "u2" {
    remark   = regex(var.secret, "x")
    password = "` + secrets["literal"] + `"
  }
  account "u3" {
    remark = file("pw.txt")
    type   = lookup(var.smap, var.secret)
  }
  account "u4" {
    remark = jsondecode(var.from_varfile)
    cam    = tobool(var.with_default)
  }
  account "u5" {
    remark = local.derived
    type   = format("%d", var.secret)
  }
}
postgres_instance "b" {
  for_each    = var.smap
  instance_id = each.value
}
`,
		"pw.txt":          secrets["file"],
		"secret.vars.hcl": `from_varfile = "` + secrets["varfile"] + `"` + "\n" + `from_varfle = "` + secrets["typo"] + `"`,
	})
	cfg, diags := Load(dir, LoadOptions{
		Vars: map[string]string{
			"secret": secrets["var"], "bad_pw": secrets["badpw"], "num": secrets["number"],
			"smap": fmt.Sprintf("{k = %q}", secrets["mapvalue"]),
		},
		VarFiles: []string{dir + "/secret.vars.hcl"},
		Getenv:   mapEnv(map[string]string{"ID_FROM_ENV": secrets["env"]}),
	})
	if len(diags) < 10 {
		t.Fatalf("got %d diagnostics, want at least 10 (the test must provoke them): %v", len(diags), diags)
	}
	var out bytes.Buffer
	w := hcl.NewDiagnosticTextWriter(&out, cfg.Files, 120, false)
	if err := w.WriteDiagnostics(diags); err != nil {
		t.Fatal(err)
	}
	for _, d := range diags {
		fmt.Fprintf(&out, "%s\n%#v\n", d, d.Summary+d.Detail)
	}
	for _, f := range cfg.Files {
		out.Write(f.Bytes)
	}
	for name, s := range secrets {
		if strings.Contains(out.String(), s) {
			t.Errorf("the %s secret appears in the diagnostics output", name)
		}
	}
	if t.Failed() || testing.Verbose() {
		t.Log(out.String())
	}
}
