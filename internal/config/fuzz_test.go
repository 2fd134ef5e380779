package config

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// FuzzLoad writes arbitrary input as a configuration file and loads it:
// the loader must not panic, overflow its stack or hang, and problems
// must come back as diagnostics with a Config that has Files set. The
// seeds include the hostile shapes of hostileConfigs.
func FuzzLoad(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "*", "*", "*.hcl"))
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("locals {\n a = local.b\n b = local.a\n}\n"))
	f.Add([]byte("postgres_instance \"x\" {\n for_each = range(3)\n}\n"))
	f.Add([]byte("\x00\xff"))
	// The hostile shapes: deep expressions, an unterminated heredoc,
	// values that multiply, file() of a device.
	for _, name := range slices.Sorted(maps.Keys(hostileConfigs)) {
		f.Add([]byte(hostileProvider + hostileConfigs[name].src))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "main.hcl"), src, 0o644); err != nil {
			t.Fatal(err)
		}
		// Small evaluation limits: the hostile seeds reach them in
		// milliseconds, so the fuzzer keeps its pace.
		cfg, diags := Load(dir, LoadOptions{Getenv: func(string) string { return "Env_Passw0rd!" },
			limits: &evalLimits{bytes: 1 << 20, iterations: 10_000}})
		if cfg == nil || cfg.Files == nil {
			t.Fatal("Load returned a nil Config or nil Files")
		}
		for _, d := range diags {
			if d == nil || d.Summary == "" {
				t.Fatalf("diagnostic without summary: %#v", d)
			}
		}
	})
}
