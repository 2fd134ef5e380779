package config

import (
	"os"
	"path/filepath"
	"testing"
)

// writeDir creates a configuration directory from file name → contents.
func writeDir(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// summaries lists "ERROR: summary" / "WARNING: summary" per diagnostic.
func summaries(t *testing.T, dir string, opts LoadOptions) (*Config, []string) {
	t.Helper()
	cfg, diags := Load(dir, opts)
	var out []string
	for _, d := range diags {
		sev := "ERROR: "
		if d.Severity != 1 {
			sev = "WARNING: "
		}
		out = append(out, sev+d.Summary)
	}
	return cfg, out
}
