package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
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
