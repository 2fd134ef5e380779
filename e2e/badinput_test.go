package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestBadInput checks that each user mistake gives one clear message, a
// non-zero exit code and no stack trace.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	world := writeFile(t, dir, "world.json", fleetWorld(1))
	s := startSim(t, world, filepath.Join(dir, "state.json"))
	cfg := filepath.Join(dir, "cfg")
	if err := os.Mkdir(cfg, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, cfg, "main.hcl", `postgres_instance "x" {
  instance_id = "postgres-e2e00001"
  region      = "ap-guangzhou"
  account "app" {
    cam = true
  }
}
`)
	missing := filepath.Join(dir, "cfg-missing")
	ghost := filepath.Join(dir, "ghost")
	if err := os.Mkdir(ghost, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, ghost, "main.hcl", `postgres_instance "x" {
  instance_id = "postgres-nothere1"
  region      = "ap-guangzhou"
}
`)
	unreadable := filepath.Join(dir, "unreadable")
	if err := os.Mkdir(unreadable, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, unreadable, "main.hcl", "postgres_instance \"x\" {}\n")
	if err := os.Chmod(filepath.Join(unreadable, "main.hcl"), 0); err != nil {
		t.Fatal(err)
	}
	canRead := func() bool { f, err := os.Open(filepath.Join(unreadable, "main.hcl")); f.Close(); return err == nil }()
	// Hostile shapes: an expression deeper than the parser's stack, and
	// a FIFO where a variable file or a file() argument is expected.
	deep := filepath.Join(dir, "deep")
	if err := os.Mkdir(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, deep, "main.hcl", "locals {\n  x = "+strings.Repeat("!", 2_000_000)+"true\n}\n")
	fifo := filepath.Join(dir, "fifo")
	if err := os.Mkdir(fifo, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, fifo, "main.hcl", "postgres_instance \"x\" {\n  instance_id = \"postgres-e2e00001\"\n  region = \"ap-guangzhou\"\n"+
		"  account \"app\" {\n    password = file(\"pw.fifo\")\n  }\n}\n")
	for _, n := range []string{"pw.fifo", "x.auto.vars.hcl"} {
		if err := syscall.Mkfifo(filepath.Join(fifo, n), 0o600); err != nil {
			t.Fatal(err)
		}
	}

	tests := []struct {
		name string
		env  []string
		args []string
		want string // a word the message must contain
		skip bool
	}{
		{name: "plan missing dir", args: []string{"plan", missing}, want: "cfg-missing"},
		{name: "validate missing dir", args: []string{"validate", missing}, want: "cfg-missing"},
		{name: "apply missing dir", args: []string{"apply", "-auto-approve", missing}, want: "cfg-missing"},
		{name: "fmt missing dir", args: []string{"fmt", missing}, want: "cfg-missing"},
		{name: "unreadable file", args: []string{"validate", unreadable}, want: "main.hcl", skip: canRead},
		{name: "unreachable endpoint", env: []string{"DBPLAN_ENDPOINT=http://127.0.0.1:1"}, args: []string{"plan", cfg}, want: "127.0.0.1:1"},
		{name: "wrong secret key", env: []string{"TENCENTCLOUD_SECRET_KEY=wrong-key-0000"}, args: []string{"plan", cfg}, want: "AuthFailure"},
		{name: "unknown secret id", env: []string{"TENCENTCLOUD_SECRET_ID=AKIDunknown000000000000000000000"}, args: []string{"plan", cfg}, want: "AuthFailure"},
		{name: "instance not found", args: []string{"plan", ghost}, want: "postgres-nothere1"},
		{name: "unknown command", args: []string{"plna"}, want: "plna"},
		{name: "unknown flag", args: []string{"plan", "-bogus", cfg}, want: "bogus"},
		{name: "missing plan file", args: []string{"apply", filepath.Join(dir, "nope.dbplan")}, want: "nope.dbplan"},
		{name: "expression too deep", args: []string{"validate", deep}, want: "Expression too deep"},
		{name: "FIFOs as inputs", args: []string{"plan", fifo}, want: "x.auto.vars.hcl is a named pipe"},
		{name: "fmt of a FIFO", args: []string{"fmt", filepath.Join(fifo, "pw.fifo")}, want: "pw.fifo is a named pipe"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.skip {
				t.Skip("running as a user who can read mode-0 files (root)")
			}
			r := s.dbplan(dir, tc.env, tc.args...)
			if r.code == 0 {
				t.Fatalf("dbplan %v succeeded; want a non-zero exit\nstdout:\n%s", tc.args, r.stdout)
			}
			out := r.stdout + r.stderr
			if !strings.Contains(out, tc.want) {
				t.Errorf("dbplan %v: message does not mention %q:\n%s", tc.args, tc.want, out)
			}
			for _, bad := range []string{"goroutine ", "panic:", ".go:"} {
				if strings.Contains(r.stderr, bad) {
					t.Errorf("dbplan %v: stderr looks like a stack trace (%q):\n%s", tc.args, bad, r.stderr)
				}
			}
		})
	}
}
