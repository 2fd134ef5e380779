package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"

	"github.com/dbplan/dbplan/internal/config"
)

// TestWindowedDiagnosticsMatchHCL: rendering through windowed gives
// exactly hcl's output (snippets, line numbers, highlights, block
// context) for every invalid fixture of internal/config.
func TestWindowedDiagnosticsMatchHCL(t *testing.T) {
	dirs, err := filepath.Glob("../../internal/config/testdata/invalid/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			cfg, diags := config.Load(dir, config.LoadOptions{})
			if len(diags) == 0 {
				t.Skip("no diagnostics")
			}
			for _, color := range []bool{false, true} {
				var want bytes.Buffer
				_ = hcl.NewDiagnosticTextWriter(&want, cfg.Files, 100, color).WriteDiagnostics(diags)
				var got bytes.Buffer
				e := &env{stderr: &got, stderrTTY: true, getenv: func(string) string {
					if color {
						return ""
					}
					return "1" // NO_COLOR
				}}
				writeDiags(e, cfg.Files, diags)
				if diff := cmp.Diff(want.String(), got.String()); diff != "" {
					t.Errorf("writeDiags() mismatch with hcl's writer (color %v) (-want +got):\n%s", color, diff)
				}
			}
		})
	}
}

// bigConfig writes a configuration of 3000 instances, each with a
// literal password (a warning), and loads it.
func bigConfig(tb testing.TB) (*config.Config, hcl.Diagnostics, int) {
	var src strings.Builder
	src.WriteString("provider \"tencentcloud\" {\n  region = \"ap-guangzhou\"\n}\n")
	for i := range 3000 {
		src.WriteString("postgres_instance \"i" + itoa(i) + "\" {\n  instance_id = \"postgres-big" + itoa(i) + "\"\n" +
			"  account \"app\" {\n    password = \"Literal-Pw-" + itoa(i) + "x\"\n  }\n}\n")
	}
	dir := tb.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.hcl"), []byte(src.String()), 0o644); err != nil {
		tb.Fatal(err)
	}
	cfg, diags := config.Load(dir, config.LoadOptions{})
	if len(diags) < maxDiags {
		tb.Fatalf("got %d diagnostics, want at least %d", len(diags), maxDiags)
	}
	return cfg, diags[len(diags)-maxDiags:], src.Len()
}

// TestWindowedGivesTheWriterOnlyTheSnippet: hcl's writer scans the whole
// file it is given for every snippet (100 diagnostics near the end of a
// 360 KB file took 2 s, of 4 MB over 15 s); windowed must hand it only the
// snippet's lines, with the line numbers restored.
func TestWindowedGivesTheWriterOnlyTheSnippet(t *testing.T) {
	cfg, diags, size := bigConfig(t)
	d := diags[len(diags)-1]
	_, files, skipped := windowed(d, cfg.Files)
	f := files[d.Subject.Filename]
	if f == nil || len(f.Bytes) > 200 {
		t.Fatalf("windowed() gave the writer %d bytes of a %d-byte file, want only the snippet's line", len(f.Bytes), size)
	}
	if skipped != d.Subject.Start.Line-1 {
		t.Errorf("skipped = %d, want %d", skipped, d.Subject.Start.Line-1)
	}
	var out bytes.Buffer
	writeDiags(&env{stderr: &out}, cfg.Files, hcl.Diagnostics{d})
	want := fmt.Sprintf("%4d:     password = ", d.Subject.Start.Line)
	if !strings.Contains(out.String(), want) {
		t.Errorf("the snippet lacks %q:\n%s", want, out.String())
	}
}

// BenchmarkWriteDiagsLargeFile reports the time to print the last 100
// diagnostics of a 360 KB configuration.
func BenchmarkWriteDiagsLargeFile(b *testing.B) {
	cfg, diags, _ := bigConfig(b)
	b.ResetTimer()
	for b.Loop() {
		writeDiags(&env{stderr: io.Discard}, cfg.Files, diags)
	}
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}

// TestSnippetsHaveNoControlCharacters: a hostile configuration must not
// reach the terminal or CI log with escape sequences through a snippet.
func TestSnippetsHaveNoControlCharacters(t *testing.T) {
	dir := t.TempDir()
	src := "locals {\n  a = \"x\x1b]0;pwned\x07\x1b[2J\" +\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "main.hcl"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, diags := config.Load(dir, config.LoadOptions{})
	if !diags.HasErrors() {
		t.Fatal("Load() gave no error; the test must provoke one on the line")
	}
	var out bytes.Buffer
	writeDiags(&env{stderr: &out}, cfg.Files, diags)
	if strings.ContainsAny(out.String(), "\x1b\x07") {
		t.Errorf("diagnostics hold control characters: %q", out.String())
	}
	if !strings.Contains(out.String(), "?]0;pwned?") {
		t.Errorf("the snippet does not show the line with the control characters replaced: %q", out.String())
	}
}
