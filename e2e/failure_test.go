package e2e

import (
	"bufio"
	"bytes"
	"os"
	osexec "os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dbplan/dbplan/internal/proctest"
)

// Exit codes of dbplan apply (README "Exit codes").
const (
	exitPartial     = 4
	exitInterrupted = 5
)

// TestPartialFailure: one action fails terminally, an independent one
// succeeds; apply exits with the partial-failure code and its report
// names the failure with its error code.
func TestPartialFailure(t *testing.T) {
	dir := t.TempDir()
	world := writeFile(t, dir, "world.json", fleetWorld(2))
	writeFile(t, dir, "main.hcl", `provider "tencentcloud" {
  region = "ap-guangzhou"
}

variable "app_password" {
  type      = string
  sensitive = true
}

postgres_instance "a" {
  instance_id = "postgres-e2e00001"
  account "app" {
    password = var.app_password
  }
}

postgres_instance "b" {
  instance_id = "postgres-e2e00002"
  extranet {
    enabled = true
  }
}
`)
	s := startSim(t, world, filepath.Join(dir, "state.json"),
		"--fault", "CreateAccount=1:error:OperationDenied.UserNotInWhiteListError", "--flow-duration", "200ms")
	r := s.dbplan(dir, secretEnv, "apply", "-auto-approve", "-report", "report.json", ".")
	mustCode(t, "apply with a failing action", r, exitPartial)
	report, err := os.ReadFile(filepath.Join(dir, "report.json"))
	if err != nil {
		t.Fatalf("no report file: %v", err)
	}
	for _, want := range []string{"postgres_instance.a.account.app", "OperationDenied.UserNotInWhiteListError"} {
		if !strings.Contains(string(report), want) || !strings.Contains(r.stdout+r.stderr, want) {
			t.Errorf("report or output does not name %q\noutput:\n%s%s\nreport:\n%s", want, r.stdout, r.stderr, report)
		}
	}
	assertNoSecrets(t, "apply output and report", r.stdout, r.stderr, string(report))
	// The independent action did run.
	r = s.dbplan(dir, secretEnv, "plan", ".")
	if strings.Contains(r.stdout, "OpenDBExtranetAccess") {
		t.Errorf("extranet of instance b was not opened although it does not depend on the failure:\n%s", r.stdout)
	}
}

// bulkSetup writes a configuration of instances × accounts with raised
// client quotas and starts a simulator whose limits are scaled to match.
func bulkSetup(t *testing.T, instances, accounts int, simFlags ...string) (*sim, string) {
	dir := t.TempDir()
	world := writeFile(t, dir, "world.json", fleetWorld(instances))
	pace(t, dir, accounts, bulkRate)
	s := startSim(t, world, filepath.Join(dir, "state.json"), append([]string{"--rate-scale", "5"}, simFlags...)...)
	return s, dir
}

// Client quotas of CreateAccount (calls a second) in the bulk
// configuration: bulkRate applies at the simulator's scaled limits;
// slowRate keeps an apply of a few hundred creates going for a minute, so
// a test that acts on a running apply (interrupts it, kills it or its
// endpoint) after its first completions finds most actions not started
// however slowly the test itself runs.
const (
	bulkRate = 100
	slowRate = 4
)

// pace (re)writes the bulk configuration of bulkSetup in dir with the
// client quota rate.
func pace(t *testing.T, dir string, accounts, rate int) {
	t.Helper()
	cfg := fleetConfig(accounts, rate)
	// The "public" block is not needed here.
	cfg = cfg[:strings.Index(cfg, "\npostgres_instance \"public\"")]
	cfg = strings.Replace(cfg, "variable \"other_password\" {\n  type      = string\n  sensitive = true\n}\n", "", 1)
	writeFile(t, dir, "main.hcl", cfg)
}

// startApply starts `dbplan apply -auto-approve -json` in dir and returns
// the process and a channel of its stdout lines (one event each).
func (s *sim) startApply(dir string, extra ...string) (*proctest.Proc, <-chan string, *bytes.Buffer) {
	s.t.Helper()
	return s.startApplyWith(dir, func(args []string) *osexec.Cmd { return osexec.Command(dbplanBin, args...) }, extra...)
}

// startApplyWith is startApply with the command made by command from
// dbplan's arguments (to start it through a shell, for instance). The
// process dies with the test process and is killed if still running when
// the test ends (see proctest).
func (s *sim) startApplyWith(dir string, command func(args []string) *osexec.Cmd, extra ...string) (*proctest.Proc, <-chan string, *bytes.Buffer) {
	s.t.Helper()
	args := append([]string{"apply", "-auto-approve", "-json"}, extra...)
	args = append(args, ".")
	cmd := command(args)
	cmd.Dir = dir
	cmd.Env = append(baseEnv(s.t), append(s.env, secretEnv...)...)
	out, w, err := os.Pipe()
	if err != nil {
		s.t.Fatal(err)
	}
	s.t.Cleanup(func() { out.Close() })
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = w, &stderr
	p, err := proctest.Start(s.t, cmd)
	w.Close()
	if err != nil {
		s.t.Fatal(err)
	}
	lines := make(chan string, 1024)
	go func() {
		sc := bufio.NewScanner(out)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	return p, lines, &stderr
}

// waitEvents reads n completion events from lines.
func waitEvents(t *testing.T, lines <-chan string, n int) []string {
	t.Helper()
	var got []string
	timeout := time.After(2 * time.Minute)
	for done := 0; done < n; {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("apply ended after %d completion events, before the %d the test waits for; it ran too fast to interrupt:\n%s", done, n, strings.Join(got, "\n"))
			}
			got = append(got, l)
			if strings.Contains(l, `"action_complete"`) {
				done++
			}
		case <-timeout:
			t.Fatalf("no %d completion events within 2 minutes", n)
		}
	}
	return got
}

func exitCode(err error) int {
	if err == nil {
		return 0
	}
	if ee, ok := err.(*osexec.ExitError); ok {
		return ee.ExitCode()
	}
	return -1
}

// converge re-applies from the configuration and checks the end state:
// plan shows no changes and no account was ever created twice, counting
// the creates of earlier simulators on the same state (their counters).
// An earlier simulator may still have been committing calls of the killed
// apply after its counters were read, so with earlier counters the total
// may fall short of wantAccounts (plan's "no changes" shows every account
// exists); a create counted twice is still an error.
func converge(t *testing.T, s *sim, dir string, wantAccounts int, earlier ...simCounters) {
	t.Helper()
	r := s.dbplan(dir, secretEnv, "apply", "-auto-approve", ".")
	mustCode(t, "apply after the interruption", r, 0)
	r = s.dbplan(dir, nil, "plan", "-detailed-exitcode", ".")
	mustCode(t, "plan after convergence", r, 0)
	c := s.counters()
	for _, e := range earlier {
		for acct, n := range e.AccountCreates {
			if c.AccountCreates == nil {
				c.AccountCreates = map[string]int{}
			}
			c.AccountCreates[acct] += n
		}
	}
	for acct, n := range c.AccountCreates {
		if n != 1 {
			t.Errorf("account %s created %d times", acct, n)
		}
	}
	if got := len(c.AccountCreates); got > wantAccounts || (got < wantAccounts && len(earlier) == 0) {
		t.Errorf("%d accounts created in all, want %d", got, wantAccounts)
	}
}

// TestInterrupt: SIGINT during apply ends with a report and the
// interrupted exit code; the simulator's state stays consistent and a
// second apply converges. The apply runs at slowRate, so most actions are
// still to start when the signal comes.
func TestInterrupt(t *testing.T) {
	const instances, accounts = 5, 40
	s, dir := bulkSetup(t, instances, accounts)
	pace(t, dir, accounts, slowRate)
	cmd, lines, stderr := s.startApply(dir, "-report", "report.json")
	waitEvents(t, lines, 3)
	if err := cmd.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	var rest []string
	for l := range lines {
		rest = append(rest, l)
	}
	code := exitCode(cmd.Wait())
	if code != exitInterrupted {
		t.Fatalf("interrupted apply exited %d, want %d\nstderr:\n%s", code, exitInterrupted, stderr)
	}
	report, err := os.ReadFile(filepath.Join(dir, "report.json"))
	if err != nil {
		t.Fatalf("interrupted apply wrote no report: %v", err)
	}
	if !strings.Contains(string(report), "canceled") {
		t.Errorf("report of an interrupted apply has no canceled actions:\n%.2000s", report)
	}
	if !strings.Contains(strings.Join(rest, "\n"), "summary") {
		t.Errorf("event stream after the interrupt has no summary:\n%s", strings.Join(rest, "\n"))
	}
	pace(t, dir, accounts, bulkRate)
	converge(t, s, dir, instances*(accounts+1))
}

// TestKill9: the dbplan process dies mid-apply (at slowRate: most actions
// still to start) without any chance to clean up; a second apply
// converges and nothing is created twice.
func TestKill9(t *testing.T) {
	const instances, accounts = 5, 40
	s, dir := bulkSetup(t, instances, accounts)
	pace(t, dir, accounts, slowRate)
	cmd, lines, _ := s.startApply(dir)
	waitEvents(t, lines, 3)
	if err := cmd.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	pace(t, dir, accounts, bulkRate)
	converge(t, s, dir, instances*(accounts+1))
}

// TestSecondInterrupt: the first Ctrl-C lets in-flight calls finish; a
// second one ends the process at once, without waiting for them. Half the
// create calls take a minute in the simulator, so after the first
// completions some are certainly in flight when the second signal comes,
// after the event stream shows the first took effect (queued actions
// canceled); how long the test itself takes to react does not matter.
// A simulator without the delay on the same state then finishes the rest,
// and no account is created twice. The test is quick: `go test -count=50
// -run SecondInterrupt ./e2e` must pass within go test's 10 minutes.
func TestSecondInterrupt(t *testing.T) {
	const instances, accounts = 2, 30
	s, dir := bulkSetup(t, instances, accounts, "--fault", "CreateAccount=0.5:latency:1m", "--seed", "1")
	cmd, lines, _ := s.startApply(dir, "-parallelism", "10")
	waitEvents(t, lines, 3)
	if err := cmd.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	for l := range lines {
		if strings.Contains(l, `"outcome":"canceled"`) {
			break // the first interrupt was handled
		}
	}
	if err := cmd.Signal(os.Interrupt); err != nil {
		t.Fatalf("second interrupt: %v (the run ended before it)", err)
	}
	exited := make(chan error, 1)
	go func() {
		for range lines {
		}
		exited <- cmd.Wait()
	}()
	select {
	case err := <-exited:
		ee, ok := err.(*osexec.ExitError)
		if !ok || !ee.ProcessState.Sys().(syscall.WaitStatus).Signaled() {
			t.Errorf("apply ended with %v after the second interrupt, want it killed by the signal", err)
		}
	case <-time.After(time.Minute): // a guard against a hang, not a timing assertion
		_ = cmd.Signal(os.Kill)
		t.Fatal("apply did not exit after a second interrupt")
	}
	before := s.counters()
	s.stop()
	s = startSim(t, filepath.Join(dir, "world.json"), filepath.Join(dir, "state.json"), "--rate-scale", "5")
	converge(t, s, dir, instances*(accounts+1), before)
}
