package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const validConfig = `provider "tencentcloud" {
  region = "ap-guangzhou"
}

variable "pw" {
  type      = string
  sensitive = true
}

postgres_instance "a" {
  instance_id = "postgres-abcd1234"
  account "app" {
    password = var.pw
  }
}
`

const invalidConfig = `provider "tencentcloud" {
  region = "ap-guangzhou"
}

postgres_instance "a" {
  instance_id = "postgres-abcd1234"
  account "pg_app" {
    password = "Literal_Passw0rd!"
  }
}
`

func writeConfig(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestValidateExitCodes(t *testing.T) {
	valid := writeConfig(t, map[string]string{"main.hcl": validConfig})
	invalid := writeConfig(t, map[string]string{"main.hcl": invalidConfig})
	warnOnly := writeConfig(t, map[string]string{"main.hcl": strings.Replace(validConfig, "var.pw", `"Literal_Passw0rd!"`, 1)})
	tests := map[string]struct {
		args       []string
		env        map[string]string
		wantCode   int
		wantStdout string
		wantStderr []string // substrings
	}{
		"valid":             {args: []string{valid}, wantCode: 0, wantStdout: "Success! The configuration is valid.\n"},
		"valid with secret": {args: []string{"-var", "pw=Good_Passw0rd!", valid}, wantCode: 0, wantStdout: "Success! The configuration is valid.\n"},
		"bad secret":        {args: []string{"-var", "pw=short", valid}, wantCode: 1, wantStderr: []string{"Invalid password", "main.hcl line 13"}},
		"secret from env":   {args: []string{valid}, env: map[string]string{"DBPLAN_VAR_pw": "short"}, wantCode: 1, wantStderr: []string{"Invalid password"}},
		"warnings only": {args: []string{warnOnly}, wantCode: 0, wantStderr: []string{"Password not sensitive"},
			wantStdout: "Success! The configuration is valid, but there were some validation warnings as shown above.\n"},
		"invalid":        {args: []string{invalid}, wantCode: 1, wantStderr: []string{"Error: Invalid account name", `account "pg_app"`, "Warning: Password not sensitive"}},
		"missing dir":    {args: []string{filepath.Join(valid, "nope")}, wantCode: 1, wantStderr: []string{"dbplan validate: the directory " + filepath.Join(valid, "nope") + " does not exist\n"}},
		"bad -var":       {args: []string{"-var", "novalue", valid}, wantCode: 1, wantStderr: []string{"the 1st -var option has no NAME= before its value", "write -var NAME=VALUE"}},
		"undeclared var": {args: []string{"-var", "zz=1", valid}, wantCode: 1, wantStderr: []string{"Value for undeclared variable"}},
		"two dirs":       {args: []string{valid, valid}, wantCode: 1, wantStderr: []string{"too many arguments"}},
		"help":           {args: []string{"-h"}, wantCode: 0},
		"no-color":       {args: []string{"-no-color", invalid}, wantCode: 1, wantStderr: []string{"Error: Invalid account name"}},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			e, stdout, stderr := newTestEnv(tt.env)
			code := run(context.Background(), append([]string{"validate"}, tt.args...), e)
			if code != tt.wantCode {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, tt.wantCode, stderr)
			}
			if tt.wantStdout != "" {
				if diff := cmp.Diff(tt.wantStdout, stdout.String()); diff != "" {
					t.Errorf("stdout mismatch (-want +got):\n%s", diff)
				}
			}
			for _, s := range tt.wantStderr {
				if !strings.Contains(stderr.String(), s) {
					t.Errorf("stderr lacks %q:\n%s", s, stderr)
				}
			}
			if strings.Contains(stdout.String()+stderr.String(), "Literal_Passw0rd!") {
				t.Error("a password appears in the output")
			}
		})
	}
}

func TestValidateJSON(t *testing.T) {
	invalid := writeConfig(t, map[string]string{"main.hcl": invalidConfig})
	e, stdout, _ := newTestEnv(nil)
	code := run(context.Background(), []string{"validate", "-json", invalid}, e)
	if code != 1 {
		t.Errorf("exit code %d, want 1", code)
	}
	var got validateJSON
	if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, stdout)
	}
	ctxString := `postgres_instance "a"`
	file := filepath.Join(invalid, "main.hcl")
	want := validateJSON{
		FormatVersion: "1", Valid: false, ErrorCount: 1, WarningCount: 1,
		Diagnostics: []jsonDiagnostic{
			{
				Severity: "error", Summary: "Invalid account name",
				Detail: `Names starting with "pg_" are reserved for the system. Rename the account.`,
				Range:  &jsonRange{Filename: file, Start: jsonPos{7, 11, 125}, End: jsonPos{7, 19, 133}},
				Snippet: &jsonSnippet{Context: &ctxString, Code: `  account "pg_app" {`, StartLine: 7,
					HighlightStartOffset: 10, HighlightEndOffset: 18},
			},
			{
				Severity: "warning", Summary: "Password not sensitive",
				Detail: "This password is written in the configuration or comes from a variable that is not sensitive, so it can end up in version control and in logs. Pass it through a variable with sensitive = true, env() or file().",
				Range:  &jsonRange{Filename: file, Start: jsonPos{8, 16, 151}, End: jsonPos{8, 35, 170}},
				Snippet: &jsonSnippet{Context: &ctxString, Code: `    password = *******************`, StartLine: 8,
					HighlightStartOffset: 15, HighlightEndOffset: 34},
			},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("validate -json mismatch (-want +got):\n%s", diff)
	}

	valid := writeConfig(t, map[string]string{"main.hcl": validConfig})
	e, stdout, _ = newTestEnv(nil)
	if code := run(context.Background(), []string{"validate", "-json", valid}, e); code != 0 {
		t.Errorf("valid: exit code %d, want 0", code)
	}
	var ok validateJSON
	if err := json.Unmarshal(stdout.Bytes(), &ok); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(validateJSON{FormatVersion: "1", Valid: true, Diagnostics: []jsonDiagnostic{}}, ok); diff != "" {
		t.Errorf("validate -json (valid) mismatch (-want +got):\n%s", diff)
	}

	e, stdout, _ = newTestEnv(nil)
	if code := run(context.Background(), []string{"validate", "-json", "-bogus"}, e); code != 1 {
		t.Errorf("bad flag: exit code %d, want 1", code)
	}
	if err := json.Unmarshal(stdout.Bytes(), &ok); err != nil || ok.Valid || ok.ErrorCount != 1 {
		t.Errorf("bad flag with -json: want a JSON error document, got %v %s", err, stdout)
	}
}

// TestValidateGarbageIsQuickAndBounded: binary garbage yields one
// diagnostic per bad token; printing tens of thousands of them (each
// snippet scanning the file) took minutes for a few hundred KiB. Only the
// first maxDiags are printed, with a count of the rest.
func TestValidateGarbageIsQuickAndBounded(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	garbage := make([]byte, 200<<10)
	seed := uint32(1)
	for i := range garbage {
		seed = seed*1664525 + 1013904223
		garbage[i] = byte(seed >> 24)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.hcl"), garbage, 0o644); err != nil {
		t.Fatal(err)
	}
	e, out, errb := newTestEnv(nil)
	if code := run(context.Background(), []string{"validate", dir}, e); code != exitError {
		t.Fatalf("validate exit = %d, want %d", code, exitError)
	}
	if n := strings.Count(errb.String(), "Error: "); n > maxDiags {
		t.Errorf("validate printed %d errors, want at most %d", n, maxDiags)
	}
	if !strings.Contains(errb.String(), "more problems not shown") {
		t.Errorf("validate does not say that problems were left out; stderr ends:\n%s", tail(errb.String()))
	}
	_ = out
	e, out, _ = newTestEnv(nil)
	if code := run(context.Background(), []string{"validate", "-json", dir}, e); code != exitError {
		t.Fatalf("validate -json exit = %d, want %d", code, exitError)
	}
	var doc validateJSON
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("validate -json output is not JSON: %v", err)
	}
	if len(doc.Diagnostics) != maxDiags || doc.Omitted != doc.ErrorCount+doc.WarningCount-maxDiags || doc.Omitted <= 0 {
		t.Errorf("validate -json: %d diagnostics, %d omitted, %d errors, %d warnings; want %d listed and the rest counted as omitted",
			len(doc.Diagnostics), doc.Omitted, doc.ErrorCount, doc.WarningCount, maxDiags)
	}
}

func tail(s string) string {
	if len(s) > 500 {
		return s[len(s)-500:]
	}
	return s
}
