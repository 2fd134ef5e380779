package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dbplan/dbplan/internal/clock"
)

// newTestEnv returns an env for running commands in-process: empty stdin,
// stdout and stderr captured in the returned buffers, no terminal, and an
// environment made of environ (nil means empty).
func newTestEnv(environ map[string]string) (e *env, stdout, stderr *bytes.Buffer) {
	stdout, stderr = &bytes.Buffer{}, &bytes.Buffer{}
	e = &env{
		stdin:  strings.NewReader(""),
		stdout: stdout,
		stderr: stderr,
		getenv: func(k string) string { return environ[k] },
	}
	return e, stdout, stderr
}

// parsedAsWanted checks the error of the argument parser fn on args: with
// wantErr set, err must contain it and the caller must not compare a
// result (false); otherwise err must be nil and the caller goes on (true).
func parsedAsWanted(t *testing.T, fn string, args []string, err error, wantErr string) bool {
	t.Helper()
	if wantErr != "" {
		if err == nil || !strings.Contains(err.Error(), wantErr) {
			t.Fatalf("%s(%q) error = %v, want one containing %q", fn, args, err, wantErr)
		}
		return false
	}
	if err != nil {
		t.Fatalf("%s(%q): %v", fn, args, err)
	}
	return true
}

// savePlan writes the fixture configuration and a fresh world to a new
// directory and saves its plan with `plan -sim -out` (the password set).
// It returns the directory, the plan file and plan's stderr.
func savePlan(t *testing.T) (dir, planFile, stderr string) {
	t.Helper()
	dir = writeFixture(t, fixtureHCL, fixtureWorld)
	planFile = filepath.Join(t.TempDir(), "orders.plan")
	code, _, stderr := runPlanCmd(t, applyVars, "-sim", "-out", planFile, dir)
	if code != exitOK {
		t.Fatalf("plan -out exit = %d; stderr:\n%s", code, stderr)
	}
	return dir, planFile, stderr
}

// useFakeClock gives e a fake clock, reading the real time at first, and
// moves it to the next timer as soon as one is pending, until the test
// ends: dbplan's own waits (retry backoff, rate limits) take no wall time.
// Moving on as soon as a timer is pending is exact when the command has
// one waiter at a time, such as the start-up check retrying an endpoint;
// it is not for runs whose concurrent waits must keep their order (use
// clocktest in a synctest bubble there; a command talking HTTP cannot, as
// its idle connections wait on the network). The -sim simulator keeps the
// real clock.
func useFakeClock(t *testing.T, e *env) *clock.Fake {
	t.Helper()
	f := clock.NewFake(time.Now())
	e.clock = f
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		for f.BlockUntil(ctx, 1) {
			f.AdvanceToNext()
		}
	}()
	t.Cleanup(func() { cancel(); <-done })
	return f
}
