package main

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/dbplan/dbplan/internal/atomicfile"
	"github.com/dbplan/dbplan/internal/config"
	"github.com/dbplan/dbplan/internal/exec"
	"github.com/dbplan/dbplan/internal/plan"
	"github.com/dbplan/dbplan/internal/reportview"
	"github.com/dbplan/dbplan/internal/retry"
	"github.com/dbplan/dbplan/internal/secret"
)

// execute runs the plan, prints the report and returns the exit code.
func (a *applyArgs) execute(ctx context.Context, e *env, p *plan.Plan, cfg *config.Config, cl *cloud) int {
	if !p.HasChanges() {
		return a.nothingToDo(e)
	}
	passwords := plan.Passwords(cfg)
	var obs exec.Observer
	var events *reportview.Events
	var progress *reportview.Progress
	if a.json {
		events = reportview.NewEvents(e.stdout, e.clk())
		obs = events
	} else {
		progress = reportview.NewProgress(e.stderr, reportview.ProgressOptions{Terminal: e.stderrTTY, Clock: e.clk(),
			Quota: cl.planQuota(p), AccountTotals: cl.accountTotals(p)})
		obs = progress
	}
	// The notice goes through the progress line, which owns stderr, and
	// is out before the report.
	noticed := make(chan struct{})
	stopNotice := context.AfterFunc(ctx, func() {
		defer close(noticed)
		if progress != nil {
			progress.Print("\nInterrupted: no new action starts; waiting for the calls in flight. " + e.interrupts.againHint())
		}
	})
	r, err := exec.Run(ctx, p, exec.Options{
		Clients:  cl.execClients(),
		Secrets:  func(addr string) (secret.Value, bool) { v, ok := passwords[addr]; return v, ok },
		Limits:   cl.quota,
		Policy:   retry.Policy{MaxAttempts: a.maxAttempts, MaxElapsed: a.maxRetryTime},
		Clock:    e.clk(),
		Observer: obs, Parallelism: a.parallelism, FailFast: a.failFast, Timeout: a.timeout,
	})
	if !stopNotice() {
		<-noticed
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "dbplan apply: %v\n", err)
		return exitError
	}
	switch {
	case a.json:
		err = events.Err()
	case a.markdown:
		err = reportview.Markdown(e.stdout, r)
	default:
		err = reportview.Human(e.stdout, r, reportview.HumanOptions{Color: e.color(e.stdoutTTY)})
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "dbplan apply: writing the report: %v\n", err)
	}
	code := exitCodeFor(r)
	if a.report != "" {
		if werr := writeReport(a.report, r); werr != nil {
			fmt.Fprintf(e.stderr, "dbplan apply: the changes were made but the -report file could not be written: %v\n", werr)
			if code == exitOK {
				code = exitPartial
			}
		}
	}
	return code
}

// nothingToDo ends an apply without actions: the same outputs as a run
// (a -json summary event, a -markdown report, the -report file) so that
// CI steps reading them work on every run.
func (a *applyArgs) nothingToDo(e *env) int {
	r := emptyReport(e.clk().Now())
	var err error
	switch {
	case a.json:
		ev := reportview.NewEvents(e.stdout, e.clk())
		ev.RunStarted(0, r.Started)
		ev.RunFinished(r)
		err = ev.Err()
	case a.markdown:
		err = reportview.Markdown(e.stdout, r)
	default:
		fmt.Fprintln(e.stderr, "Nothing to do: the plan has no actions.")
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "dbplan apply: writing the report: %v\n", err)
	}
	if a.report != "" {
		if err := writeReport(a.report, r); err != nil {
			fmt.Fprintf(e.stderr, "dbplan apply: the -report file could not be written: %v\n", err)
			return exitError
		}
	}
	return exitOK
}

// emptyReport is the report of a run without actions, started at now.
func emptyReport(now time.Time) *exec.Report {
	return &exec.Report{Started: now, Totals: map[exec.Outcome]int{}}
}

// checkReportPath fails when -report FILE could not be written, so apply
// refuses before any change instead of finding out after them (see
// atomicfile.Check: through a link, the target's directory counts).
func checkReportPath(path string) error {
	if err := atomicfile.Check(path); err != nil {
		return fmt.Errorf("-report %s cannot be written (%v); give a file in a writable directory", path, err)
	}
	return nil
}

// exitCodeFor maps a finished run to apply's exit code (see exitPartial).
func exitCodeFor(r *exec.Report) int {
	switch {
	case r.Interrupted:
		return exitInterrupted
	case !r.AllOK():
		return exitPartial
	}
	return exitOK
}

// writeReport writes the JSON report to path atomically (see
// atomicfile.Write).
func writeReport(path string, r *exec.Report) error {
	var b bytes.Buffer
	if err := reportview.JSON(&b, r); err != nil {
		return fmt.Errorf("report %s: %w", path, err)
	}
	if err := atomicfile.Write(path, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("report %s: %w", path, err)
	}
	return nil
}

// warnMissingPasswords names, before the run, the actions whose password
// has no value: apply needs only the passwords of the actions it runs, and
// fails exactly those (the executor refuses them without a call); the
// others run.
func warnMissingPasswords(e *env, p *plan.Plan, cfg *config.Config) {
	passwords := plan.Passwords(cfg)
	sources := map[string]string{}
	for _, in := range cfg.Instances {
		for _, a := range in.Accounts {
			sources[a.Addr] = a.PasswordSource
		}
	}
	for _, c := range cfg.LibraClusters {
		for _, a := range c.Accounts {
			sources[a.Addr] = a.PasswordSource
		}
	}
	var lines []string
	for _, a := range p.Actions {
		if !a.NeedsPassword {
			continue
		}
		if _, ok := passwords[a.SecretAddr]; ok {
			continue
		}
		line := fmt.Sprintf("  %s (%s)", a.Addr, a.Kind)
		if src := sources[a.SecretAddr]; src != "" {
			line = fmt.Sprintf("  %s (%s): the password from %s has no value", a.Addr, a.Kind, src)
		}
		lines = append(lines, line)
	}
	if len(lines) == 0 {
		return
	}
	fmt.Fprintf(e.stderr, "Warning: %d %s a password that has no value and will fail; the others run:\n%s\n"+
		"Give the passwords as when planning (-var, -var-file, DBPLAN_VAR_NAME, or the variable env() reads) and apply again to finish them.\n",
		len(lines), plural(len(lines), "action needs", "actions need"), strings.Join(lines, "\n"))
}

// plural returns one when n is 1 and many otherwise.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
