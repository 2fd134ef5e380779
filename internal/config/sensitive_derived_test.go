package config

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

// renderDiags renders diags as dbplan prints them (text with source
// snippets) plus each diagnostic's own text.
func renderDiags(t *testing.T, cfg *Config, diags hcl.Diagnostics) string {
	t.Helper()
	var out bytes.Buffer
	w := hcl.NewDiagnosticTextWriter(&out, cfg.Files, 120, false)
	if err := w.WriteDiagnostics(diags); err != nil {
		t.Fatal(err)
	}
	for _, d := range diags {
		fmt.Fprintf(&out, "%s\n", d)
	}
	return out.String()
}

// TestSensitiveDerivedValueNotInFunctionErrors: a function error may quote
// its argument, and when that argument is a transformed secret (upper,
// lower) the final redaction pass cannot recognise it; the detail of any
// diagnostic about an expression using a sensitive value must be hidden.
func TestSensitiveDerivedValueNotInFunctionErrors(t *testing.T) {
	const pw = "Secr3tTonum!Aa"
	dir := writeDir(t, map[string]string{"main.hcl": `
provider "tencentcloud" {
  region = "ap-guangzhou"
}
variable "pw" {
  type      = string
  sensitive = true
  validation {
    condition     = tonumber(upper(var.pw)) > 0
    error_message = "bad"
  }
}
postgres_instance "one" {
  instance_id = "postgres-aa000001"
  account "app_user" {
    password = tonumber(lower(var.pw))
  }
  account "other" {
    password = regex(upper(var.pw), "x")
  }
}
`})
	cfg, diags := Load(dir, LoadOptions{Vars: map[string]string{"pw": pw}})
	if !diags.HasErrors() {
		t.Fatal("Load() gave no error; the test must provoke function errors")
	}
	out := renderDiags(t, cfg, diags)
	for _, s := range []string{pw, strings.ToUpper(pw), strings.ToLower(pw)} {
		if strings.Contains(out, s) {
			t.Errorf("a form of the secret (%q) appears in the diagnostics:\n%s", s, out)
		}
	}
	if want := "Invalid function argument"; !strings.Contains(out, want) {
		t.Errorf("diagnostics lack the summary %q:\n%s", want, out)
	}
}

// TestVarFileSyntaxErrorSnippetHidesValues: a variable file that does not
// parse (or whose values cannot be evaluated) is where secrets live, and
// no secret is known yet; its source snippets must show no value.
func TestVarFileSyntaxErrorSnippetHidesValues(t *testing.T) {
	tests := []struct {
		name, src, secret string
	}{
		{"unterminated string", "pw = \"Secr3tVarFile!Aa\n", "Secr3tVarFile!Aa"},
		{"two arguments on a line", "pw = \"Secr3tVarFile!Ab\" other = 3\n", "Secr3tVarFile!Ab"},
		{"unquoted value", "pw = Secr3tUnquoted\n", "Secr3tUnquoted"},
		{"list element on its own line", "pw = [\n  \"Secr3tElement!A\",\n  oops(\n]\n", "Secr3tElement!A"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeDir(t, map[string]string{
				"main.hcl": `
variable "pw" {
  sensitive = true
}
`,
				"secret.auto.vars.hcl": tc.src,
			})
			cfg, diags := Load(dir, LoadOptions{})
			if !diags.HasErrors() {
				t.Fatal("Load() gave no error; the test must provoke one in the variable file")
			}
			out := renderDiags(t, cfg, diags)
			if strings.Contains(out, tc.secret) {
				t.Errorf("the secret appears in the diagnostics:\n%s", out)
			}
			if !strings.Contains(out, "secret.auto.vars.hcl line ") {
				t.Errorf("diagnostics lack the position in the variable file:\n%s", out)
			}
		})
	}
}
