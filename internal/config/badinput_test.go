package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLoadBadInput(t *testing.T) {
	tests := map[string]struct {
		files map[string]string
		want  []string
	}{
		"too large": {
			files: map[string]string{"big.hcl": "# " + strings.Repeat("x", MaxFileSize) + "\n"},
			want:  []string{"ERROR: File too large"},
		},
		"deep nesting": {
			files: map[string]string{"deep.hcl": "locals {\n  a = " + deep(100000) + "\n}\n"},
			want:  []string{"ERROR: Nesting too deep"},
		},
		"deep blocks": {
			files: map[string]string{"deep.hcl": strings.Repeat("a {\n", MaxNesting+1)},
			want:  []string{"ERROR: Nesting too deep"},
		},
		"binary garbage": {
			files: map[string]string{"bin.hcl": "\x00\xff\xfe\x01PK\x03\x04\x89PNG\r\n\x1a\n"},
			want:  []string{"ERROR: Invalid character", "ERROR: Argument or block definition required", "ERROR: Invalid character encoding"},
		},
		"no files": {
			files: map[string]string{"only.vars.hcl": "a = 1"},
			want:  []string{"ERROR: No configuration files"},
		},
		"huge range": {
			files: map[string]string{"r.hcl": "locals {\n  r = range(100000000)\n}\n"},
			want:  []string{"ERROR: Error in function call"},
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			dir := writeDir(t, tt.files)
			cfg, got := summaries(t, dir, LoadOptions{})
			got = uniq(got)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Load() diagnostics mismatch (-want +got):\n%s", diff)
			}
			if cfg == nil || cfg.Files == nil {
				t.Error("Load returned a nil Config or nil Files")
			}
		})
	}
}

func uniq(s []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

func TestLoadMissingDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nope")
	_, got := summaries(t, dir, LoadOptions{})
	if diff := cmp.Diff([]string{"ERROR: Cannot read configuration directory"}, got); diff != "" {
		t.Errorf("Load(missing) mismatch (-want +got):\n%s", diff)
	}
	f := filepath.Join(t.TempDir(), "file.hcl")
	if err := os.WriteFile(f, []byte("x = 1"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, got = summaries(t, f, LoadOptions{})
	if diff := cmp.Diff([]string{"ERROR: Cannot read configuration directory"}, got); diff != "" {
		t.Errorf("Load(file) mismatch (-want +got):\n%s", diff)
	}
}

// TestExamples loads every configuration directory under examples/ so the
// examples cannot rot.
func TestExamples(t *testing.T) {
	root := filepath.Join("..", "..", "examples")
	entries, err := os.ReadDir(root)
	if os.IsNotExist(err) {
		t.Skip("no examples/ directory yet")
	}
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	if files, _ := filepath.Glob(filepath.Join(root, "*.hcl")); len(files) > 0 {
		dirs = append(dirs, root)
	}
	for _, e := range entries {
		sub := filepath.Join(root, e.Name())
		if files, _ := filepath.Glob(filepath.Join(sub, "*.hcl")); e.IsDir() && len(files) > 0 {
			dirs = append(dirs, sub)
		}
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			_, diags := Load(dir, LoadOptions{Mode: ModeValidate})
			for _, d := range diags {
				if d.Severity == 1 {
					t.Errorf("%s", d)
				}
			}
		})
	}
}

func TestLoadSymlinkedFile(t *testing.T) {
	shared := writeDir(t, map[string]string{"provider.hcl": "provider \"tencentcloud\" {\n  region = \"ap-beijing\"\n}\n"})
	dir := writeDir(t, map[string]string{"main.hcl": "postgres_instance \"a\" {\n  instance_id = \"postgres-abcd1234\"\n}\n"})
	if err := os.Symlink(filepath.Join(shared, "provider.hcl"), filepath.Join(dir, "provider.hcl")); err != nil {
		t.Skip("symlinks unavailable:", err)
	}
	if err := os.Mkdir(filepath.Join(dir, "sub.hcl"), 0o755); err != nil {
		t.Fatal(err)
	}
	cfg, diags := Load(dir, LoadOptions{})
	for _, d := range diags {
		t.Errorf("unexpected diagnostic: %s", d)
	}
	if len(cfg.Instances) != 1 || cfg.Instances[0].Region != "ap-beijing" {
		t.Errorf("the symlinked provider file was not loaded: %+v", cfg.Instances)
	}
}
