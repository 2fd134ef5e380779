package main

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/dbplan/dbplan/internal/exec"
)

var applyVars = map[string]string{"DBPLAN_VAR_app_password": fixturePassword}

func runApplyCmd(t *testing.T, vars map[string]string, stdin string, tty bool, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	e, out, errb := newTestEnv(vars)
	e.stdin, e.stdinTTY = strings.NewReader(stdin), tty
	code = run(context.Background(), append([]string{"apply"}, args...), e)
	return code, out.String(), errb.String()
}

// noSecret fails when any output holds the fixture password.
func noSecret(t *testing.T, outputs ...string) {
	t.Helper()
	for _, o := range outputs {
		if strings.Contains(o, fixturePassword) {
			t.Errorf("output holds the password:\n%s", o)
		}
	}
}

func TestParseApplyArgs(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    applyArgs // vars and cloud are not compared
		wantErr string
	}{
		{name: "defaults", want: applyArgs{input: true, parallelism: exec.DefaultParallelism, maxAttempts: 8, maxRetryTime: 5 * time.Minute, timeout: 10 * time.Minute}},
		{name: "-input=false", args: []string{"-input=false"}, want: applyArgs{parallelism: exec.DefaultParallelism, maxAttempts: 8, maxRetryTime: 5 * time.Minute, timeout: 10 * time.Minute}},
		{name: "flag after PLANFILE", args: []string{"p.plan", "-auto-approve"}, wantErr: `flags go before DIR|PLANFILE: -auto-approve comes after "p.plan"`},
		{name: "everything", args: []string{"-auto-approve", "-fail-fast", "-json", "-report", "r.json", "-no-color", "-parallelism", "8",
			"-max-attempts", "3", "-max-retry-time", "1m", "-timeout", "30s", "-target", "postgres_instance.a", "-chdir", "conf", "p.plan"},
			want: applyArgs{arg: "p.plan", chdir: "conf", targets: []string{"postgres_instance.a"}, autoApprove: true, input: true, failFast: true,
				json: true, noColor: true, report: "r.json", parallelism: 8, maxAttempts: 3, maxRetryTime: time.Minute, timeout: 30 * time.Second}},
		{name: "json and markdown", args: []string{"-json", "-markdown"}, wantErr: "cannot be combined"},
		{name: "zero parallelism", args: []string{"-parallelism", "0"}, wantErr: "at least 1"},
		{name: "zero attempts", args: []string{"-max-attempts", "0"}, wantErr: "at least 1"},
		{name: "negative timeout", args: []string{"-timeout", "-1s"}, wantErr: "positive"},
		{name: "two arguments", args: []string{"a", "b"}, wantErr: "too many arguments"},
		{name: "sim and endpoint", args: []string{"-sim", "-endpoint", "x:1"}, wantErr: "cannot be combined"},
		{name: "help", args: []string{"-h"}, wantErr: flag.ErrHelp.Error()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseApplyArgs(tt.args)
			if !parsedAsWanted(t, "parseApplyArgs", tt.args, err, tt.wantErr) {
				return
			}
			got.vars, got.cloud = nil, nil
			if diff := cmp.Diff(tt.want, *got, cmp.AllowUnexported(applyArgs{})); diff != "" {
				t.Errorf("parseApplyArgs(%q) mismatch (-want +got):\n%s", tt.args, diff)
			}
		})
	}
}

func TestExitCodeFor(t *testing.T) {
	tests := map[string]struct {
		r    exec.Report
		want int
	}{
		"all ok":      {r: exec.Report{Totals: map[exec.Outcome]int{exec.Succeeded: 2, exec.AlreadyDone: 1, exec.Adopted: 1}}, want: exitOK},
		"nothing":     {r: exec.Report{}, want: exitOK},
		"failed":      {r: exec.Report{Totals: map[exec.Outcome]int{exec.Succeeded: 2, exec.Failed: 1}}, want: exitPartial},
		"unconfirmed": {r: exec.Report{Totals: map[exec.Outcome]int{exec.Unconfirmed: 1}}, want: exitPartial},
		"drifted":     {r: exec.Report{Totals: map[exec.Outcome]int{exec.Drifted: 1}}, want: exitPartial},
		"interrupted": {r: exec.Report{Interrupted: true, Totals: map[exec.Outcome]int{exec.Canceled: 3}}, want: exitInterrupted},
	}
	for name, tc := range tests {
		if got := exitCodeFor(&tc.r); got != tc.want {
			t.Errorf("%s: exitCodeFor() = %d, want %d", name, got, tc.want)
		}
	}
}

func TestApplySimAutoApprove(t *testing.T) {
	t.Parallel()
	dir := writeFixture(t, fixtureHCL, fixtureWorld)
	report := filepath.Join(t.TempDir(), "report.json")
	code, out, errs := runApplyCmd(t, applyVars, "", false, "-sim", "-auto-approve", "-report", report, dir)
	if code != exitOK {
		t.Fatalf("apply exit = %d, want 0; stdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	if !strings.Contains(out, "Plan: 2 to create, 1 to change") || !strings.Contains(out, "Apply complete") {
		t.Errorf("apply output lacks the plan or the report:\n%s", out)
	}
	data, err := os.ReadFile(report)
	if err != nil {
		t.Fatalf("-report wrote nothing: %v", err)
	}
	var doc struct {
		FormatVersion string         `json:"format_version"`
		Totals        map[string]int `json:"totals"`
	}
	if err := json.Unmarshal(data, &doc); err != nil || doc.FormatVersion == "" || doc.Totals["succeeded"] != 3 {
		t.Errorf("report = %s (err %v), want format_version and 3 succeeded", data, err)
	}
	noSecret(t, out, errs, string(data))
	if code, out, errs := runPlanCmd(t, nil, "-sim", "-detailed-exitcode", dir); code != exitOK {
		t.Errorf("plan after apply exit = %d, want 0 (no changes):\n%s%s", code, out, errs)
	}
	// A second apply has nothing to do.
	if code, out, _ := runApplyCmd(t, applyVars, "", false, "-sim", "-auto-approve", dir); code != exitOK || !strings.Contains(out, "No changes.") {
		t.Errorf("second apply exit = %d, output:\n%s", code, out)
	}
}

func TestApplyConfirmation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		stdin    string
		tty      bool
		args     []string
		want     int
		wantText string
	}{
		{name: "no terminal, no flag: refused", want: exitError, wantText: "-auto-approve"},
		{name: "json needs approval", tty: true, stdin: "yes\n", args: []string{"-json"}, want: exitError, wantText: "-auto-approve"},
		{name: "-input=false never asks", tty: true, stdin: "yes\n", args: []string{"-input=false"}, want: exitError, wantText: "-input=false"},
		{name: "-input=false with -auto-approve", tty: true, args: []string{"-input=false", "-auto-approve"}, want: exitOK},
		{name: "terminal, answer no", tty: true, stdin: "no\n", want: exitError, wantText: "cancelled"},
		{name: "terminal, answer yes", tty: true, stdin: "yes\n", want: exitOK},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := writeFixture(t, fixtureHCL, fixtureWorld)
			code, out, errs := runApplyCmd(t, applyVars, tc.stdin, tc.tty, append(append([]string{"-sim"}, tc.args...), dir)...)
			if code != tc.want || !strings.Contains(errs+out, tc.wantText) {
				t.Errorf("apply exit = %d, want %d with %q; stdout:\n%s\nstderr:\n%s", code, tc.want, tc.wantText, out, errs)
			}
			wantPlan := exitChanges
			if tc.want == exitOK {
				wantPlan = exitOK
			}
			if code, _, _ := runPlanCmd(t, nil, "-sim", "-detailed-exitcode", dir); code != wantPlan {
				t.Errorf("plan afterwards exit = %d, want %d", code, wantPlan)
			}
		})
	}
}

// TestApplyNeedsOnlyThePasswordsItSends: apply without a password fails
// exactly the actions that send it (named up front) and runs the others
// (but their dependents), from a directory and from a saved plan; with
// nothing to send it needs no password at all.
func TestApplyNeedsOnlyThePasswordsItSends(t *testing.T) {
	t.Parallel()
	for _, saved := range []bool{false, true} {
		dir := writeFixture(t, fixtureHCL, fixtureWorld)
		arg := dir
		if saved {
			arg = filepath.Join(t.TempDir(), "orders.plan")
			if code, _, errs := runPlanCmd(t, nil, "-sim", "-out", arg, dir); code != exitOK {
				t.Fatalf("plan -out without the password: exit %d\n%s", code, errs)
			}
		}
		code, out, errs := runApplyCmd(t, nil, "", false, "-sim", "-auto-approve", arg)
		if code != exitPartial {
			t.Errorf("saved=%v: apply without the password exit = %d, want %d; stderr:\n%s", saved, code, exitPartial, errs)
		}
		if !strings.Contains(errs, "postgres_instance.orders.account.orders_app (create_account): the password from var.app_password has no value") {
			t.Errorf("saved=%v: stderr does not name the action and its password up front:\n%s", saved, errs)
		}
		if strings.Contains(errs, "-chdir") {
			t.Errorf("saved=%v: an unrelated -chdir hint:\n%s", saved, errs)
		}
		// The extranet change runs after the account creates, so it is
		// skipped as a dependent of the failed one.
		if !strings.Contains(out, "1 succeeded, 1 failed, 1 skipped") {
			t.Errorf("saved=%v: report does not show the other create run and the one failed:\n%s", saved, out)
		}
		_, pl, _ := runPlanCmd(t, nil, "-sim", dir)
		if !strings.Contains(pl, "Plan: 1 to create, 1 to change") {
			t.Errorf("saved=%v: plan afterwards:\n%s\nwant the account without password and the extranet change left", saved, pl)
		}
	}
	// Converged: no action sends a password, so none is needed.
	dir := writeFixture(t, fixtureHCL, convergedWorld)
	if code, out, errs := runApplyCmd(t, nil, "", false, "-sim", "-auto-approve", dir); code != exitOK || strings.Contains(errs, "Warning") {
		t.Errorf("apply of a converged configuration without its password: exit %d\n%s%s", code, out, errs)
	}
}

func TestApplySavedPlan(t *testing.T) {
	t.Parallel()
	dir, planFile, _ := savePlan(t)
	code, out, errs := runApplyCmd(t, applyVars, "", false, "-sim", "-chdir", dir, planFile)
	if code != exitOK || !strings.Contains(out, "3 succeeded") {
		t.Fatalf("apply PLANFILE exit = %d; stdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	if strings.Contains(out, "Do you want") {
		t.Error("apply PLANFILE asked for confirmation")
	}
	noSecret(t, out, errs)
	// The same saved plan again, from the directory recorded in it: every
	// action is already done.
	code, out, errs = runApplyCmd(t, applyVars, "", false, "-sim", "-markdown", planFile)
	if code != exitOK || !strings.Contains(out, "### dbplan apply") || !strings.Contains(out, "3 already done") {
		t.Errorf("second apply PLANFILE exit = %d; stdout:\n%s\nstderr:\n%s", code, out, errs)
	}
}

func TestApplySavedPlanRefusesTarget(t *testing.T) {
	t.Parallel()
	dir, planFile, _ := savePlan(t)
	if code, _, errs := runApplyCmd(t, applyVars, "", false, "-sim", "-target", "x", "-chdir", dir, planFile); code != exitError || !strings.Contains(errs, "-target") {
		t.Errorf("apply PLANFILE -target exit = %d, stderr:\n%s", code, errs)
	}
}

func TestApplyDriftIsPartialFailure(t *testing.T) {
	t.Parallel()
	dir, planFile, _ := savePlan(t)
	// Someone creates orders_app by hand, with another remark, after the
	// plan was saved.
	state := filepath.Join(dir, simStateFile)
	data, err := os.ReadFile(state)
	if err != nil {
		t.Fatal(err)
	}
	var w map[string]any
	if err := json.Unmarshal(data, &w); err != nil {
		t.Fatal(err)
	}
	inst := w["instances"].([]any)[0].(map[string]any)
	inst["accounts"] = append(inst["accounts"].([]any), map[string]any{"user_name": "orders_app", "remark": "by hand"})
	data, _ = json.Marshal(w)
	if err := os.WriteFile(state, data, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runApplyCmd(t, applyVars, "", false, "-sim", "-chdir", dir, planFile)
	if code != exitPartial || !strings.Contains(out, "drifted") || !strings.Contains(out, "skipped") {
		t.Errorf("apply after drift exit = %d, want %d with drifted and skipped actions; stdout:\n%s\nstderr:\n%s", code, exitPartial, out, errs)
	}
}

// cancelWriter cancels a context when the first action starts.
type cancelWriter struct {
	mu     sync.Mutex
	b      strings.Builder
	cancel context.CancelFunc
	// on is the text whose writing cancels; "" means an action_start event.
	on string
}

func (c *cancelWriter) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	on := c.on
	if on == "" {
		on = `"type":"action_start"`
	}
	if strings.Contains(string(p), on) {
		c.cancel()
	}
	return c.b.Write(p)
}

func TestApplyInterrupted(t *testing.T) {
	t.Parallel()
	dir := writeFixture(t, fixtureHCL, fixtureWorld)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e, _, errb := newTestEnv(applyVars)
	out := &cancelWriter{cancel: cancel}
	e.stdout = out
	code := run(ctx, []string{"apply", "-sim", "-auto-approve", "-json", "-parallelism", "1", dir}, e)
	if code != exitInterrupted {
		t.Fatalf("interrupted apply exit = %d, want %d; stderr:\n%s", code, exitInterrupted, errb.String())
	}
	lines := strings.Split(strings.TrimSpace(out.b.String()), "\n")
	last := lines[len(lines)-1]
	if !strings.Contains(last, `"type":"summary"`) || !strings.Contains(last, `"interrupted":true`) || !strings.Contains(out.b.String(), `"outcome":"canceled"`) {
		t.Errorf("event stream does not end with an interrupted summary and canceled actions:\n%s", out.b.String())
	}
	noSecret(t, out.b.String(), errb.String())
}

func TestApplyHelp(t *testing.T) {
	code, out, _ := runApplyCmd(t, nil, "", false, "-h")
	if code != exitOK || !strings.Contains(out, "Exit codes: 0") || !strings.Contains(out, "-auto-approve") {
		t.Errorf("apply -h exit = %d:\n%s", code, out)
	}
}

// TestApplyInterruptedWhilePlanning: an interrupt before the plan is
// complete ends apply with the interrupted exit code, as documented, and
// changes nothing.
func TestApplyInterruptedWhilePlanning(t *testing.T) {
	t.Parallel()
	dir := writeFixture(t, fixtureHCL, fixtureWorld)
	_, planFile, _ := savePlan(t)
	for name, arg := range map[string]string{"DIR": dir, "PLANFILE": planFile} {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		e, out, errb := newTestEnv(applyVars)
		code := run(ctx, []string{"apply", "-sim", "-auto-approve", arg}, e)
		if code != exitInterrupted {
			t.Errorf("%s: apply interrupted while planning exit = %d, want %d; stderr:\n%s", name, code, exitInterrupted, errb)
		}
		if !strings.Contains(errb.String(), "interrupted") || strings.Contains(out.String(), "Apply complete") {
			t.Errorf("%s: stdout:\n%s\nstderr:\n%s", name, out, errb)
		}
	}
	if code, _, _ := runPlanCmd(t, applyVars, "-sim", "-detailed-exitcode", dir); code != exitChanges {
		t.Errorf("plan after the interrupted applies exit = %d, want %d (nothing changed)", code, exitChanges)
	}
}

// TestApplyInterruptHint: the notice at the first interrupt offers Ctrl-C
// only when SIGINT reaches the process.
func TestApplyInterruptHint(t *testing.T) {
	t.Parallel()
	for name, in := range map[string]*interrupts{"ctrl-c": {ctrlC: true}, "sigint ignored": {ctrlC: false}} {
		dir := writeFixture(t, fixtureHCL, fixtureWorld)
		ctx, cancel := context.WithCancel(context.Background())
		e, _, errb := newTestEnv(applyVars)
		e.interrupts = in
		e.stdout = &cancelWriter{cancel: cancel, on: "Plan:"} // the plan is shown: apply starts next
		run(ctx, []string{"apply", "-sim", "-auto-approve", "-parallelism", "1", dir}, e)
		cancel()
		hasCtrlC := strings.Contains(errb.String(), "Press Ctrl-C again")
		if !strings.Contains(errb.String(), "Interrupted:") || hasCtrlC != in.ctrlC || (!in.ctrlC && !strings.Contains(errb.String(), "SIGTERM again")) {
			t.Errorf("%s: stderr:\n%s", name, errb)
		}
	}
}
