package e2e

import (
	"bytes"
	"os"
	osexec "os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestEnsureCC: .ci/ensure-cc installs a C compiler with apt-get,
// non-interactively, only when the one go would use for -race is missing.
// go, apt-get and id are stand-ins on a PATH of their own.
func TestEnsureCC(t *testing.T) {
	bash, err := osexec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	envBin, err := osexec.LookPath("env")
	if err != nil {
		t.Skip("no env")
	}
	script, err := filepath.Abs("../.ci/ensure-cc")
	if err != nil {
		t.Fatal(err)
	}
	for name, tt := range map[string]struct {
		cc          string
		present     bool
		wantInstall bool
	}{
		"compiler present": {cc: "gcc-standin", present: true},
		"compiler missing": {cc: "gcc-standin", wantInstall: true},
		"CC with flags":    {cc: "gcc-standin -m64", present: true},
	} {
		t.Run(name, func(t *testing.T) {
			bin := t.TempDir()
			log := filepath.Join(t.TempDir(), "apt-get.log")
			stub := func(name, body string) {
				if err := os.WriteFile(filepath.Join(bin, name), []byte("#!"+bash+"\n"+body+"\n"), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			stub("go", `[ "$1 $2" = "env CC" ] && echo "`+tt.cc+`"`)
			stub("id", "echo 0")
			stub("apt-get", `echo "DEBIAN_FRONTEND=$DEBIAN_FRONTEND $*" >> `+log)
			if tt.present {
				stub("gcc-standin", "exit 0")
			}
			if err := os.Symlink(envBin, filepath.Join(bin, "env")); err != nil {
				t.Fatal(err)
			}
			cmd := osexec.Command(bash, script)
			cmd.Env = []string{"PATH=" + bin}
			var b bytes.Buffer
			cmd.Stdout, cmd.Stderr = &b, &b
			err := run(t, cmd)
			out := b.Bytes()
			if err != nil {
				t.Fatalf("ensure-cc: %v\n%s", err, out)
			}
			got, _ := os.ReadFile(log)
			installed := strings.Contains(string(got), "install -y") && strings.Contains(string(got), "gcc")
			if installed != tt.wantInstall {
				t.Errorf("installed = %v, want %v; apt-get calls:\n%s\noutput:\n%s", installed, tt.wantInstall, got, out)
			}
			if tt.wantInstall && !strings.Contains(string(got), "DEBIAN_FRONTEND=noninteractive") {
				t.Errorf("apt-get not run non-interactively:\n%s", got)
			}
		})
	}
}
