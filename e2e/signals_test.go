package e2e

import (
	"os"
	osexec "os/exec"
	"strings"
	"testing"
)

// TestInterruptIgnoredInBackground: a dbplan started with SIGINT ignored
// (a background job of a non-interactive shell, `dbplan apply … &`) keeps
// it ignored, as every Unix tool does: a SIGINT sent mid-run changes
// nothing and the apply completes.
func TestInterruptIgnoredInBackground(t *testing.T) {
	if _, err := osexec.LookPath("sh"); err != nil {
		t.Skip("no sh to start dbplan with SIGINT ignored")
	}
	const instances, accounts = 2, 40
	s, dir := bulkSetup(t, instances, accounts)
	// trap "" INT sets SIGINT to ignored, and exec keeps it so.
	cmd, lines, stderr := s.startApplyWith(dir, func(args []string) *osexec.Cmd {
		return osexec.Command("sh", append([]string{"-c", `trap "" INT; exec "$0" "$@"`, dbplanBin}, args...)...)
	})
	waitEvents(t, lines, 10)
	if err := cmd.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	var rest []string
	for l := range lines {
		rest = append(rest, l)
	}
	if code := exitCode(cmd.Wait()); code != 0 {
		t.Fatalf("apply exited %d after an ignored SIGINT, want 0\nstderr:\n%s", code, stderr)
	}
	if out := strings.Join(rest, "\n"); strings.Contains(out, `"outcome":"canceled"`) || strings.Contains(out, `"interrupted":true`) {
		t.Errorf("an ignored SIGINT canceled actions:\n%s", out)
	}
}
