package e2e

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// copyExample copies examples/NAME (without simulator state) into a new
// temporary directory at REL (a relative path inside it) and returns the
// temporary root.
func copyExample(t *testing.T, name, rel string) string {
	t.Helper()
	root := t.TempDir()
	src := filepath.Join("..", "examples", name)
	dst := filepath.Join(root, rel)
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		relPath, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, relPath)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if d.Name() == ".dbplan-sim-state.json" {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatalf("copying example %s: %v", name, err)
	}
	return root
}

// TestExamples applies every example against the embedded simulator and
// checks that a second plan has nothing left to do.
func TestExamples(t *testing.T) {
	dirs, err := filepath.Glob("../examples/*/world.json")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no examples with a world.json found (%v)", err)
	}
	for _, w := range dirs {
		name := filepath.Base(filepath.Dir(w))
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			root := copyExample(t, name, name)
			// Only the CI example takes its password from the
			// environment, as its CI job would.
			env := []string{"DBPLAN_VAR_app_password=Ci-Demo-Passw0rd"}
			r := runDbplan(t, root, env, "validate", name)
			mustCode(t, "validate", r, 0)
			r = runDbplan(t, root, env, "apply", "-auto-approve", "-sim", name)
			mustCode(t, "apply -sim", r, 0)
			if !strings.Contains(r.stdout, "Apply complete") {
				t.Errorf("apply output has no completion report:\n%s", r.stdout)
			}
			r = runDbplan(t, root, env, "plan", "-sim", "-detailed-exitcode", name)
			mustCode(t, "plan after apply", r, 0)
			if !strings.Contains(r.stdout, "No changes.") {
				t.Errorf("plan after apply does not say No changes.:\n%s", r.stdout)
			}
			r = runDbplan(t, root, nil, "fmt", "-check", name)
			mustCode(t, "fmt -check", r, 0)
		})
	}
}

// readmeCommand returns the arguments of the first README line that runs
// `go run ./cmd/dbplan <first>`.
func readmeCommand(t *testing.T, first string) []string {
	t.Helper()
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		_, cmd, ok := strings.Cut(line, "go run ./cmd/dbplan ")
		if ok && strings.HasPrefix(cmd, first+" ") {
			return strings.Fields(cmd)
		}
	}
	t.Fatalf("README has no 'go run ./cmd/dbplan %s' command", first)
	return nil
}

// TestQuickstart runs the README's quickstart commands as written (from
// the root of a copy of the repository's examples): apply, then plan
// prints "No changes.".
func TestQuickstart(t *testing.T) {
	root := copyExample(t, "quickstart", "examples/quickstart")
	apply := readmeCommand(t, "apply")
	r := runDbplan(t, root, nil, apply...)
	mustCode(t, "the README's quickstart apply", r, 0)
	for _, want := range []string{"Plan: 2 to create, 1 to change", "Apply complete", "3 succeeded"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("quickstart apply output lacks %q:\n%s", want, r.stdout)
		}
	}
	if _, err := os.Stat(filepath.Join(root, "examples/quickstart/.dbplan-sim-state.json")); err != nil {
		t.Errorf("quickstart left no simulator state next to the example: %v", err)
	}
	plan := readmeCommand(t, "plan")
	r = runDbplan(t, root, nil, plan...)
	mustCode(t, "the README's quickstart plan", r, 0)
	if !strings.Contains(r.stdout, "No changes.") {
		t.Errorf("the README promises No changes. after the quickstart; got:\n%s", r.stdout)
	}
}

// TestReadmeConfiguration: every configuration example in README.md (each
// ```hcl block) is a valid configuration in canonical format, so the
// documentation cannot drift from the language.
func TestReadmeConfiguration(t *testing.T) {
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	rest, n := string(data), 0
	for {
		var ok, ok2 bool
		var block string
		if _, rest, ok = strings.Cut(rest, "```hcl\n"); !ok {
			break
		}
		if block, rest, ok2 = strings.Cut(rest, "```"); !ok2 {
			t.Fatal("README.md has an unterminated ```hcl block")
		}
		n++
		dir := t.TempDir()
		writeFile(t, dir, "main.hcl", block)
		what := fmt.Sprintf("the README's configuration example %d", n)
		r := runDbplan(t, dir, nil, "validate", ".")
		mustCode(t, "validate "+what, r, 0)
		r = runDbplan(t, dir, nil, "fmt", "-check", "-diff", ".")
		mustCode(t, "fmt -check "+what, r, 0)
	}
	if n == 0 {
		t.Fatal("README.md has no ```hcl block")
	}
}
