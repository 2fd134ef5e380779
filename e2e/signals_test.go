package e2e

import (
	"os"
	osexec "os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestInterruptIgnoredInBackground: a dbplan started with SIGINT ignored
// (a background job of a non-interactive shell, `dbplan apply … &`) keeps
// it ignored, as every Unix tool does: a SIGINT sent mid-run changes
// nothing and the apply completes. The plan opens public access, whose
// flow lasts 3 minutes until the test moves the simulator's clock on after
// the signal: the apply is still running when the signal comes, however
// slowly the test runs.
func TestInterruptIgnoredInBackground(t *testing.T) {
	if _, err := osexec.LookPath("sh"); err != nil {
		t.Skip("no sh to start dbplan with SIGINT ignored")
	}
	const instances, accounts = 2, 40
	dir := t.TempDir()
	world := writeFile(t, dir, "world.json", fleetWorld(instances))
	writeFile(t, dir, "main.hcl", fleetConfig(accounts, bulkRate))
	s := startSim(t, world, filepath.Join(dir, "state.json"), "--rate-scale", "5", "--flow-duration", "3m", "--time-control", "--log")
	// trap "" INT sets SIGINT to ignored, and exec keeps it so.
	cmd, lines, stderr := s.startApplyWith(dir, func(args []string) *osexec.Cmd {
		return osexec.Command("sh", append([]string{"-c", `trap "" INT; exec "$0" "$@"`, dbplanBin}, args...)...)
	})
	waitEvents(t, lines, 10)
	s.waitLog(`OpenDBExtranetAccess region=\S+ -> OK`) // the flow is running
	if err := cmd.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	s.advance(3 * time.Minute)
	var rest []string
	for l := range lines {
		rest = append(rest, l)
	}
	if code := exitCode(cmd.Wait()); code != 0 {
		t.Fatalf("apply exited %d after an ignored SIGINT, want 0\nstderr:\n%s", code, stderr)
	}
	out := strings.Join(rest, "\n")
	if strings.Contains(out, `"outcome":"canceled"`) || strings.Contains(out, `"interrupted":true`) {
		t.Errorf("an ignored SIGINT canceled actions:\n%s", out)
	}
	if !regexp.MustCompile(`"action_complete".*extranet`).MatchString(out) {
		t.Errorf("the public access flow did not complete after the SIGINT:\n%s", out)
	}
}
