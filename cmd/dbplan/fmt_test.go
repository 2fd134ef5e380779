package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dbplan/dbplan/internal/config"
)

const (
	uglyHCL = "postgres_instance \"a\" {\ninstance_id=\"postgres-abcd1234\"\n  account \"u\" {\n      remark =   \"x\"\n  }\n}\n"
	niceHCL = "postgres_instance \"a\" {\n  instance_id = \"postgres-abcd1234\"\n  account \"u\" {\n    remark = \"x\"\n  }\n}\n"
	badHCL  = "postgres_instance \"a\" {\n  instance_id = \n"
)

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestFmt(t *testing.T) {
	tests := map[string]struct {
		files      map[string]string
		args       []string // DIR is appended unless args name files
		wantCode   int
		wantStdout string
		wantStderr string // substring
		wantFiles  map[string]string
	}{
		"canonical check": {
			files: map[string]string{"a.hcl": niceHCL}, args: []string{"-check"},
			wantCode: 0, wantFiles: map[string]string{"a.hcl": niceHCL},
		},
		"check not canonical": {
			files: map[string]string{"a.hcl": uglyHCL, "b.hcl": niceHCL}, args: []string{"-check"},
			wantCode: 3, wantStdout: "DIR/a.hcl\n", wantFiles: map[string]string{"a.hcl": uglyHCL, "b.hcl": niceHCL},
		},
		"rewrite": {
			files:    map[string]string{"a.hcl": uglyHCL, "x.vars.hcl": "a=1\n", "notes.txt": "a=1\n"},
			wantCode: 0, wantStdout: "DIR/a.hcl\nDIR/x.vars.hcl\n",
			wantFiles: map[string]string{"a.hcl": niceHCL, "x.vars.hcl": "a = 1\n", "notes.txt": "a=1\n"},
		},
		"no list": {
			files: map[string]string{"a.hcl": uglyHCL}, args: []string{"-list=false"},
			wantCode: 0, wantFiles: map[string]string{"a.hcl": niceHCL},
		},
		"diff": {
			files: map[string]string{"a.hcl": uglyHCL}, args: []string{"-check", "-diff", "-list=false"},
			wantCode: 3,
			wantStdout: "--- old/DIR/a.hcl\n+++ new/DIR/a.hcl\n@@ -1,6 +1,6 @@\n postgres_instance \"a\" {\n" +
				"-instance_id=\"postgres-abcd1234\"\n+  instance_id = \"postgres-abcd1234\"\n   account \"u\" {\n" +
				"-      remark =   \"x\"\n+    remark = \"x\"\n   }\n }\n",
			wantFiles: map[string]string{"a.hcl": uglyHCL},
		},
		"syntax error untouched": {
			files:    map[string]string{"a.hcl": badHCL, "b.hcl": uglyHCL},
			wantCode: 1, wantStdout: "DIR/b.hcl\n", wantStderr: "Error: ",
			wantFiles: map[string]string{"a.hcl": badHCL, "b.hcl": niceHCL},
		},
		"recursive": {
			files: map[string]string{"a.hcl": niceHCL, "sub/b.hcl": uglyHCL, ".hidden/c.hcl": uglyHCL}, args: []string{"-recursive"},
			wantCode: 0, wantStdout: "DIR/sub/b.hcl\n",
			wantFiles: map[string]string{"sub/b.hcl": niceHCL, ".hidden/c.hcl": uglyHCL},
		},
		"not recursive": {
			files: map[string]string{"sub/b.hcl": uglyHCL}, args: []string{"-check"},
			wantCode: 0, wantFiles: map[string]string{"sub/b.hcl": uglyHCL},
		},
		"flag after a path": {
			files: map[string]string{"a.hcl": uglyHCL}, args: []string{"DIR/a.hcl", "-check"},
			wantCode: 1, wantStderr: "flags go before DIR|FILE: -check comes after", wantFiles: map[string]string{"a.hcl": uglyHCL},
		},
		"missing path": {
			args: []string{"DIR/nope.hcl"}, wantCode: 1, wantStderr: "does not exist",
		},
		"explicit file": {
			files: map[string]string{"a.hcl": uglyHCL, "b.hcl": uglyHCL}, args: []string{"DIR/b.hcl"},
			wantCode: 0, wantStdout: "DIR/b.hcl\n", wantFiles: map[string]string{"a.hcl": uglyHCL, "b.hcl": niceHCL},
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			for f, src := range tt.files {
				p := filepath.Join(dir, f)
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(src), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			args := []string{"fmt"}
			named := false
			for _, a := range tt.args {
				if strings.HasPrefix(a, "DIR/") {
					named = true
					a = filepath.Join(dir, strings.TrimPrefix(a, "DIR/"))
				}
				args = append(args, a)
			}
			if !named {
				args = append(args, dir)
			}
			e, stdout, stderr := newTestEnv(nil)
			code := run(context.Background(), args, e)
			if code != tt.wantCode {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, tt.wantCode, stderr)
			}
			rel := strings.TrimPrefix(filepath.ToSlash(dir), "/") // as in diff headers
			gotStdout := strings.NewReplacer("old/"+rel, "old/DIR", "new/"+rel, "new/DIR", filepath.ToSlash(dir), "DIR").Replace(stdout.String())
			if diff := cmp.Diff(tt.wantStdout, gotStdout); diff != "" {
				t.Errorf("stdout mismatch (-want +got):\n%s", diff)
			}
			if !strings.Contains(stderr.String(), tt.wantStderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.wantStderr, stderr)
			}
			for f, want := range tt.wantFiles {
				if diff := cmp.Diff(want, readFile(t, filepath.Join(dir, f))); diff != "" {
					t.Errorf("%s mismatch (-want +got):\n%s", f, diff)
				}
			}
			if tt.files != nil {
				fi, err := os.Stat(filepath.Join(dir, firstKey(tt.files)))
				if err == nil && fi.Mode().Perm() != 0o600 {
					t.Errorf("file mode %v after fmt, want 0600 kept", fi.Mode().Perm())
				}
				leftovers, _ := filepath.Glob(filepath.Join(dir, ".*.tmp"))
				if len(leftovers) > 0 {
					t.Errorf("temporary files left behind: %v", leftovers)
				}
			}
		})
	}
}

func firstKey(m map[string]string) string {
	best := ""
	for k := range m {
		if best == "" || k < best {
			best = k
		}
	}
	return best
}

func TestFmtStdin(t *testing.T) {
	e, stdout, _ := newTestEnv(nil)
	e.stdin = strings.NewReader(uglyHCL)
	if code := run(context.Background(), []string{"fmt", "-"}, e); code != 0 {
		t.Errorf("exit code %d, want 0", code)
	}
	if diff := cmp.Diff(niceHCL, stdout.String()); diff != "" {
		t.Errorf("stdout mismatch (-want +got):\n%s", diff)
	}
	e, stdout, _ = newTestEnv(nil)
	e.stdin = strings.NewReader(uglyHCL)
	if code := run(context.Background(), []string{"fmt", "-check", "-"}, e); code != 3 {
		t.Errorf("-check -: exit code %d, want 3", code)
	}
	if stdout.Len() != 0 {
		t.Errorf("-check - wrote %q, want nothing", stdout)
	}
}

func TestUnifiedDiff(t *testing.T) {
	tests := map[string]struct {
		old, new, want string
	}{
		"equal": {old: "a\nb\n", new: "a\nb\n", want: ""},
		"insert at end": {
			old: "a\nb\n", new: "a\nb\nc\n",
			want: "--- old/f\n+++ new/f\n@@ -1,2 +1,3 @@\n a\n b\n+c\n",
		},
		"from empty": {old: "", new: "x\n", want: "--- old/f\n+++ new/f\n@@ -0,0 +1,1 @@\n+x\n"},
		"two hunks": {
			old:  "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n",
			new:  "one\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\ntwelve\n",
			want: "--- old/f\n+++ new/f\n@@ -1,4 +1,4 @@\n-1\n+one\n 2\n 3\n 4\n@@ -9,4 +9,4 @@\n 9\n 10\n 11\n-12\n+twelve\n",
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			var b strings.Builder
			writeUnifiedDiff(&b, "f", tt.old, tt.new)
			if diff := cmp.Diff(tt.want, b.String()); diff != "" {
				t.Errorf("writeUnifiedDiff() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestVarFlags(t *testing.T) {
	tests := map[string]struct {
		args     []string
		wantVars map[string]string
		wantErr  bool
	}{
		"none":      {},
		"repeat":    {args: []string{"-var", "a=1", "-var", "b=x=y", "-var", "a=2"}, wantVars: map[string]string{"a": "2", "b": "x=y"}},
		"empty":     {args: []string{"-var", "a="}, wantVars: map[string]string{"a": ""}},
		"no equals": {args: []string{"-var", "a"}, wantErr: true},
		"no name":   {args: []string{"-var", "=1"}, wantErr: true},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			a := &validateArgs{}
			fs := validateFlagSet(a)
			if err := fs.Parse(append(tt.args, "-var-file", "x.vars.hcl")); err != nil {
				t.Fatal(err)
			}
			e, _, _ := newTestEnv(map[string]string{"K": "v"})
			opts, err := a.vars.loadOptions(e, config.ModeApply)
			if (err != nil) != tt.wantErr {
				t.Fatalf("loadOptions() error %v, want error %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if diff := cmp.Diff(tt.wantVars, opts.Vars); diff != "" {
				t.Errorf("Vars mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]string{"x.vars.hcl"}, opts.VarFiles); diff != "" {
				t.Errorf("VarFiles mismatch (-want +got):\n%s", diff)
			}
			if opts.Getenv("K") != "v" || opts.Mode != config.ModeApply {
				t.Errorf("Getenv/Mode not passed through: %q %v", opts.Getenv("K"), opts.Mode)
			}
		})
	}
}

// TestFmtSymlinks: a symlinked *.hcl file, which plan loads, is checked and
// formatted like any other, and formatting it replaces the file it points
// to, keeping the link.
func TestFmtSymlinks(t *testing.T) {
	dir, shared := t.TempDir(), t.TempDir()
	target := filepath.Join(shared, "providers.hcl")
	if err := os.WriteFile(target, []byte(uglyHCL), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "providers.hcl")
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("no symlinks: %v", err)
	}
	e, stdout, stderr := newTestEnv(nil)
	if code := run(context.Background(), []string{"fmt", "-check", dir}, e); code != exitFmtCheck {
		t.Errorf("fmt -check DIR with an unformatted linked file: exit %d, want %d; stdout %q stderr %q", code, exitFmtCheck, stdout, stderr)
	}
	for _, args := range [][]string{{"fmt", dir}, {"fmt", link}} {
		if err := os.WriteFile(target, []byte(uglyHCL), 0o644); err != nil {
			t.Fatal(err)
		}
		e, _, stderr := newTestEnv(nil)
		if code := run(context.Background(), args, e); code != exitOK {
			t.Fatalf("%v: exit %d; stderr:\n%s", args, code, stderr)
		}
		if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Fatalf("%v replaced the link with a regular file (err %v)", args, err)
		}
		if got := readFile(t, target); got != niceHCL {
			t.Errorf("%v: the link's target holds %q, want it formatted", args, got)
		}
	}
}
