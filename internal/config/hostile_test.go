package config

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// hostileProvider starts every hostile configuration, so that only the
// hostile part can fail.
const hostileProvider = "provider \"tencentcloud\" {\n  region = \"ap-guangzhou\"\n}\n"

// doubling returns locals that each repeat the previous one twice, n deep:
// a few hundred bytes asking for 2^n times the first value.
func doubling(n int, first, step string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "locals {\n  l0 = %s\n", first)
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "  l%d = %s\n", i, strings.NewReplacer("PREV", fmt.Sprintf("local.l%d", i-1)).Replace(step))
	}
	b.WriteString("}\n")
	return b.String()
}

// hostileConfigs are configurations shaped to exhaust the stack, memory or
// time of a loader without limits, each with the diagnostic it must get
// instead. FuzzLoad starts from them too.
var hostileConfigs = map[string]struct {
	src  string
	want string
}{
	"chained negation":   {"locals {\n  x = " + strings.Repeat("!", 5000) + "true\n}\n", "ERROR: Expression too deep"},
	"chained addition":   {"locals {\n  x = " + strings.Repeat("1+", 5000) + "1\n}\n", "ERROR: Expression too deep"},
	"chained minus":      {"locals {\n  x = " + strings.Repeat("-", 5000) + "1\n}\n", "ERROR: Expression too deep"},
	"chained conditions": {"locals {\n  x = " + strings.Repeat("true ? 1 : ", 2000) + "0\n}\n", "ERROR: Expression too deep"},
	"long traversal":     {"locals {\n  x = local.y" + strings.Repeat(".a", 2000) + "\n  y = {}\n}\n", "ERROR: Expression too deep"},
	"chain across lines": {"locals {\n  x = (" + strings.Repeat("1 +\n", 2000) + "1)\n}\n", "ERROR: Expression too deep"},
	"unterminated heredoc": {"locals {\n  x = <<EOT\n" + strings.Repeat("a\n", 2000) + "}\n",
		"ERROR: Unterminated heredoc"},
	"doubling strings": {doubling(40, `"xxxxxxxxxx"`, `"${PREV}${PREV}"`), "ERROR: Configuration too large to evaluate"},
	"doubling lists":   {doubling(40, `["x", "x"]`, `concat(PREV, PREV)`), "ERROR: Configuration too large to evaluate"},
	"nested for": {"locals {\n  x = [for a in range(1000) : [for b in range(1000) : [for c in range(1000) : 1]]]\n}\n",
		"ERROR: Configuration too large to evaluate"},
	"template for": {"locals {\n  s = join(\"\", [for i in range(1000) : \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"])\n" +
		"  t = \"%{for a in range(1000)}%{for b in range(1000)}${local.s}%{endfor}%{endfor}\"\n}\n",
		"ERROR: Configuration too large to evaluate"},
	"format width":     {"locals {\n  x = format(\"%0999999999d\", 1)\n}\n", "ERROR: Error in function call"},
	"indent":           {"locals {\n  x = indent(999999999, \"a\\nb\")\n}\n", "ERROR: Error in function call"},
	"setproduct":       {"locals {\n  r = range(1000)\n  x = setproduct(local.r, local.r, local.r)\n}\n", "ERROR: Error in function call"},
	"empty replace":    {doubling(12, `"xxxxxxxxxxxxxxxxxxxx"`, `replace(PREV, "", PREV)`), "ERROR: Error in function call"},
	"file of a device": {"locals {\n  x = nonsensitive(file(\"/dev/zero\"))\n}\n", "ERROR: Error in function call"},
}

// TestHostileConfigurations: each hostile shape ends in its diagnostic,
// quickly and within bounded memory, instead of a crash or a hang.
func TestHostileConfigurations(t *testing.T) {
	for name, tt := range hostileConfigs {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := writeDir(t, map[string]string{"main.hcl": hostileProvider + tt.src})
			_, got := summaries(t, dir, LoadOptions{})
			if !containsString(got, tt.want) {
				t.Errorf("Load() diagnostics %v, want %q", got, tt.want)
			}
		})
	}
}

// TestNonRegularFiles: a FIFO given to file(), named *.auto.vars.hcl or
// passed as -var-file, and a device as -var-file, are refused without
// being opened for reading (a FIFO would block until a writer comes).
func TestNonRegularFiles(t *testing.T) {
	dir := writeDir(t, map[string]string{"main.hcl": hostileProvider +
		"locals {\n  x = nonsensitive(file(\"pipe\"))\n}\n"})
	for _, n := range []string{"pipe", "x.auto.vars.hcl"} {
		if err := syscall.Mkfifo(filepath.Join(dir, n), 0o600); err != nil {
			t.Skipf("no FIFOs: %v", err)
		}
	}
	_, got := summaries(t, dir, LoadOptions{VarFiles: []string{filepath.Join(dir, "pipe"), os.DevNull}})
	want := []string{"ERROR: Error in function call", "ERROR: Not a regular file", "ERROR: Not a regular file", "ERROR: Not a regular file"}
	slices.Sort(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Load() diagnostics mismatch (-want +got):\n%s", diff)
	}
	if _, err := ReadFile(filepath.Join(dir, "pipe")); err == nil || !strings.Contains(err.Error(), "named pipe") {
		t.Errorf("ReadFile(FIFO) = %v, want an error naming a named pipe", err)
	}
}

// TestDeepVarValue: a -var value is held to the same limits as a file.
func TestDeepVarValue(t *testing.T) {
	dir := writeDir(t, map[string]string{"main.hcl": hostileProvider + "variable \"ids\" {\n  type = list(bool)\n}\n"})
	_, got := summaries(t, dir, LoadOptions{Vars: map[string]string{"ids": "[" + strings.Repeat("!", 5000) + "true]"}})
	if !containsString(got, "ERROR: Expression too deep") {
		t.Errorf("Load() diagnostics %v, want an expression too deep", got)
	}
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
