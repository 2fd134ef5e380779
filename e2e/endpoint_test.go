package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEndpointDiesMidApply: the simulator is killed in the middle of an
// apply. dbplan stops starting actions after a few calls in a row could not
// reach it, reports the rest as not started with one clear message (no
// action spends its whole retry budget, no flow is polled until -timeout),
// and reports nothing as failed. A second apply against the restarted
// simulator creates exactly what is missing. The apply runs at slowRate,
// so most actions are still to start when the simulator dies.
func TestEndpointDiesMidApply(t *testing.T) {
	const instances, accounts = 5, 40
	s, dir := bulkSetup(t, instances, accounts)
	pace(t, dir, accounts, slowRate)
	cmd, lines, stderr := s.startApply(dir, "-report", "report.json")
	waitEvents(t, lines, 3)
	if err := s.proc.Signal(os.Kill); err != nil {
		t.Fatal(err)
	}
	<-s.proc.Done()
	for range lines {
	}
	if code := exitCode(cmd.Wait()); code != exitPartial {
		t.Fatalf("apply exited %d after the endpoint died, want %d\nstderr:\n%s", code, exitPartial, stderr)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "report.json"))
	if err != nil {
		t.Fatalf("no report: %v", err)
	}
	var rep struct {
		EndpointDown string         `json:"endpoint_down"`
		Totals       map[string]int `json:"totals"`
		Actions      []struct {
			Outcome, Detail string
		} `json:"actions"`
	}
	if err := json.Unmarshal(raw, &rep); err != nil {
		t.Fatalf("report: %v", err)
	}
	if !strings.Contains(rep.EndpointDown, "stopped answering") {
		t.Errorf("endpoint_down = %q, want why the run stopped", rep.EndpointDown)
	}
	if rep.Totals["failed"] != 0 || rep.Totals["canceled"] == 0 {
		t.Errorf("totals %v: want the rest canceled (not started), none failed", rep.Totals)
	}
	notStarted := 0
	for _, a := range rep.Actions {
		if strings.Contains(a.Detail, "Not started: the API endpoint stopped answering") {
			notStarted++
		}
	}
	if notStarted == 0 {
		t.Errorf("no action reported as not started because the endpoint stopped answering:\n%.3000s", raw)
	}

	// The simulator comes back from its state file; the next apply
	// creates exactly what is missing.
	var state struct {
		Instances []struct {
			Accounts []struct {
				UserName string `json:"user_name"`
			} `json:"accounts"`
		} `json:"instances"`
	}
	if raw, err := os.ReadFile(filepath.Join(dir, "state.json")); err != nil || json.Unmarshal(raw, &state) != nil {
		t.Fatalf("reading the simulator state: %v", err)
	}
	made := 0
	for _, in := range state.Instances {
		made += len(in.Accounts) - 1 // root is built in
	}
	s2 := startSim(t, filepath.Join(dir, "world.json"), filepath.Join(dir, "state.json"), "--rate-scale", "5")
	pace(t, dir, accounts, bulkRate)
	converge(t, s2, dir, instances*(accounts+1)-made)
}
