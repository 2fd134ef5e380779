package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dbplan/dbplan/internal/plan"
	"github.com/dbplan/dbplan/internal/reportview"
)

var update = flag.Bool("update", false, "rewrite cmd/dbplan/testdata/show/want.* from the current output")

// showFixtures saves the fixture's plan and the report of applying it,
// with everything that differs between runs (times, paths, rates, the
// dbplan version) set to fixed values, and returns the two files.
func showFixtures(t *testing.T) (planFile, reportFile string) {
	t.Helper()
	dir, saved, _ := savePlan(t)
	out := t.TempDir()
	reportFile = filepath.Join(out, "report.json")
	if code, _, errs := runApplyCmd(t, applyVars, "", false, "-sim", "-chdir", dir, "-report", reportFile, saved); code != exitOK {
		t.Fatalf("apply exit = %d:\n%s", code, errs)
	}

	p, err := plan.Load(saved)
	if err != nil {
		t.Fatal(err)
	}
	p.CreatedAt = time.Date(2026, 11, 22, 20, 0, 0, 0, time.UTC)
	p.DbplanVersion, p.ConfigDir, p.ConfigDirAbs, p.ConfigDigest = "v1.2.3", "db/orders", "/src/repo/db/orders", "sha256-of-the-configuration"
	for i := range p.Actions {
		p.Actions[i].Range.Filename = "db/orders/" + filepath.Base(p.Actions[i].Range.Filename)
	}
	planFile = filepath.Join(out, "orders.dbplan")
	if err := plan.Save(planFile, p); err != nil {
		t.Fatal(err)
	}

	data, err := os.ReadFile(reportFile)
	if err != nil {
		t.Fatal(err)
	}
	r, err := reportview.ReadJSON(data)
	if err != nil {
		t.Fatal(err)
	}
	r.Started, r.Wall = p.CreatedAt.Add(time.Minute), 1500*time.Millisecond
	for i := range r.Actions {
		r.Actions[i].Duration = 250 * time.Millisecond
	}
	for i := range r.Kinds {
		if r.Kinds[i].Rate > 0 {
			r.Kinds[i].Rate = 19.5
		}
	}
	for i := range r.Accounts {
		if r.Accounts[i].Rate > 0 {
			r.Accounts[i].Rate = 19.5
		}
	}
	var b bytes.Buffer
	if err := reportview.JSON(&b, r); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(reportFile, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return planFile, reportFile
}

// TestShowGolden: every view of a saved plan and of a saved report, as
// golden files (go test ./cmd/dbplan -run TestShowGolden -update rewrites
// them).
func TestShowGolden(t *testing.T) {
	planFile, reportFile := showFixtures(t)
	tests := []struct {
		golden string
		args   []string
	}{
		{"want.plan.txt", []string{planFile}},
		{"want.plan.json", []string{"-json", planFile}},
		{"want.plan.md", []string{"-markdown", planFile}},
		{"want.plan-staging.md", []string{"-markdown", "-comment-id", "staging", planFile}},
		{"want.report.txt", []string{reportFile}},
		{"want.report.json", []string{"-json", reportFile}},
		{"want.report.md", []string{"-markdown", reportFile}},
	}
	for _, tc := range tests {
		t.Run(tc.golden, func(t *testing.T) {
			code, out, errs := runShowCmd(t, tc.args...)
			if code != exitOK || errs != "" {
				t.Fatalf("show %q exit = %d, stderr:\n%s", tc.args, code, errs)
			}
			noSecret(t, out)
			path := filepath.Join("testdata", "show", tc.golden)
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("read %s: %v (run with -update to create it)", path, err)
			}
			if out != string(want) {
				t.Errorf("show %s differs from %s (run with -update to accept):\n%s", strings.Join(tc.args[:len(tc.args)-1], " "), path, out)
			}
		})
	}
}

// TestShowMatchesPlan: the views of a saved plan are those plan printed
// when it saved it, so CI can plan once and render the saved plan.
func TestShowMatchesPlan(t *testing.T) {
	dir := writeFixture(t, fixtureHCL, fixtureWorld)
	saved := filepath.Join(t.TempDir(), "p.dbplan")
	for _, view := range []string{"-json", "-markdown"} {
		code, planned, errs := runPlanCmd(t, nil, "-sim", view, "-out", saved, dir)
		if code != exitOK {
			t.Fatalf("plan %s exit = %d:\n%s", view, code, errs)
		}
		_, shown, errs := runShowCmd(t, view, saved)
		if shown != planned {
			t.Errorf("show %s differs from plan %s:\n%s\nplan printed:\n%s\nstderr: %s", view, view, shown, planned, errs)
		}
	}
}

func TestShowBadInput(t *testing.T) {
	planFile, reportFile := showFixtures(t)
	dir := filepath.Dir(planFile)
	truncated := filepath.Join(dir, "truncated.dbplan")
	data, _ := os.ReadFile(planFile)
	if err := os.WriteFile(truncated, data[:len(data)/2], 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no file", nil, "give the saved plan"},
		{"missing", []string{filepath.Join(dir, "nope")}, "no such file"},
		{"truncated plan", []string{truncated}, "truncated or corrupt"},
		{"json and markdown", []string{"-json", "-markdown", planFile}, "cannot be combined"},
		{"comment id without markdown", []string{"-comment-id", "x", planFile}, "-comment-id"},
		{"comment id on a report", []string{"-markdown", "-comment-id", "x", reportFile}, "-comment-id is for plans"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runShowCmd(t, tc.args...)
			if code != exitError || out != "" || !strings.Contains(errs, tc.want) {
				t.Errorf("show %q exit = %d, stdout %q, stderr:\n%s\nwant exit 1 and %q", tc.args, code, out, errs, tc.want)
			}
		})
	}
}

func runShowCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	e, out, errb := newTestEnv(nil)
	code = run(context.Background(), append([]string{"show"}, args...), e)
	return code, out.String(), errb.String()
}
