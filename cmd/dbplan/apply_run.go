package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/dbplan/dbplan/internal/clock"
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
		fmt.Fprintln(e.stderr, "Nothing to do: the plan has no actions.")
		return exitOK
	}
	passwords := plan.Passwords(cfg)
	var obs exec.Observer
	var events *reportview.Events
	if a.json {
		events = reportview.NewEvents(e.stdout, nil)
		obs = events
	} else {
		obs = reportview.NewProgress(e.stderr, reportview.ProgressOptions{Terminal: e.stderrTTY, Quota: cl.quotaOf})
	}
	stopNotice := context.AfterFunc(ctx, func() {
		if !a.json {
			fmt.Fprintln(e.stderr, "\nInterrupted: no new action starts; waiting for the calls in flight. Press Ctrl-C again to exit at once.")
		}
	})
	defer stopNotice()

	r, err := exec.Run(ctx, p, exec.Options{
		Clients:  cl.execClients(),
		Secrets:  func(addr string) (secret.Value, bool) { v, ok := passwords[addr]; return v, ok },
		Limits:   cl.quota,
		Policy:   retry.Policy{MaxAttempts: a.maxAttempts, MaxElapsed: a.maxRetryTime},
		Clock:    clock.Real{},
		Observer: obs, Parallelism: a.parallelism, FailFast: a.failFast, Timeout: a.timeout,
	})
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
		err = reportview.Human(e.stdout, r, reportview.HumanOptions{Color: e.stdoutTTY && !a.noColor})
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "dbplan apply: writing the report: %v\n", err)
	}
	if a.report != "" {
		if werr := writeReport(a.report, r); werr != nil {
			fmt.Fprintf(e.stderr, "dbplan apply: %v\n", werr)
		}
	}
	return exitCodeFor(r)
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

// quotaOf is the configured quota of an API action for the first
// provider's credential (the progress line's "quota").
func (c *cloud) quotaOf(action string) float64 {
	acct := ""
	for _, cl := range c.clients {
		acct = cl.Account()
		break
	}
	return c.quota.Quota(acct, action)
}

// writeReport writes the JSON report to path atomically: a temporary file
// in the same directory, synced, then renamed over path.
func writeReport(path string, r *exec.Report) error {
	var b bytes.Buffer
	if err := reportview.JSON(&b, r); err != nil {
		return fmt.Errorf("report %s: %w", path, err)
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("report %s: %w", path, err)
	}
	tmp := f.Name()
	defer os.Remove(tmp) // no-op after the rename
	if _, err := f.Write(b.Bytes()); err != nil {
		f.Close()
		return fmt.Errorf("report %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("report %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("report %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("report %s: %w", path, err)
	}
	return nil
}
