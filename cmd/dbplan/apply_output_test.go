package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestApplyReportUnwritableRefusedBeforeChanges: a -report path that
// cannot be written must stop apply before any change (exit 1), not be
// discovered after the changes with exit 0.
func TestApplyReportUnwritableRefusedBeforeChanges(t *testing.T) {
	t.Parallel()
	dir := writeFixture(t, fixtureHCL, fixtureWorld)
	// A link in a writable directory to a file in a missing one: the
	// report is written where the link points.
	link := filepath.Join(t.TempDir(), "report.json")
	if err := os.Symlink(filepath.Join(t.TempDir(), "gone", "report.json"), link); err != nil {
		t.Fatal(err)
	}
	tests := map[string]string{
		"missing directory":               filepath.Join(t.TempDir(), "no", "such", "dir", "report.json"),
		"a directory":                     t.TempDir(),
		"a link into a missing directory": link,
	}
	for name, report := range tests {
		code, out, errs := runApplyCmd(t, applyVars, "", false, "-sim", "-auto-approve", "-report", report, dir)
		if code != exitError {
			t.Errorf("%s: apply exit = %d, want %d; stderr:\n%s", name, code, exitError, errs)
		}
		if !strings.Contains(errs, "-report") {
			t.Errorf("%s: stderr does not name -report:\n%s", name, errs)
		}
		if strings.Contains(out, "Apply complete") {
			t.Errorf("%s: apply made changes before refusing:\n%s", name, out)
		}
	}
	// Nothing was changed: the plan still has every action.
	if code, out, errs := runPlanCmd(t, applyVars, "-sim", "-detailed-exitcode", dir); code != exitChanges {
		t.Errorf("plan after the refused applies exit = %d, want %d:\n%s%s", code, exitChanges, out, errs)
	}
}

// TestWriteReportToNonRegularFile: -report /dev/stdout (or a named pipe)
// must be written to, never replaced by a renamed temporary file.
func TestWriteReportToNonRegularFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	link := filepath.Join(dir, "stdout")
	target := filepath.Join(dir, "device-stand-in")
	if err := os.WriteFile(target, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	// A symlink stands in for /dev/stdout: writing must follow it.
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("no symlinks: %v", err)
	}
	if err := writeReport(link, emptyReport(time.Now())); err != nil {
		t.Fatalf("writeReport(symlink): %v", err)
	}
	fi, err := os.Lstat(link)
	if err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the symlink was replaced (mode %v, err %v)", fi.Mode(), err)
	}
	data, err := os.ReadFile(target)
	if err != nil || !json.Valid(data) || len(data) == 0 {
		t.Errorf("the link's target holds %q (err %v), want the JSON report", data, err)
	}
}

// TestApplyMarkdownStdoutIsOnlyMarkdown: `apply -markdown DIR >>
// $GITHUB_STEP_SUMMARY` must put only the Markdown report on stdout; the
// plan goes to stderr.
func TestApplyMarkdownStdoutIsOnlyMarkdown(t *testing.T) {
	t.Parallel()
	dir := writeFixture(t, fixtureHCL, fixtureWorld)
	code, out, errs := runApplyCmd(t, applyVars, "", false, "-sim", "-auto-approve", "-markdown", dir)
	if code != exitOK {
		t.Fatalf("apply exit = %d; stderr:\n%s", code, errs)
	}
	if !strings.HasPrefix(out, "### dbplan apply") {
		t.Errorf("stdout does not start with the Markdown report:\n%s", out)
	}
	if strings.Contains(out, "will perform the following actions") {
		t.Errorf("stdout holds the human plan:\n%s", out)
	}
	if !strings.Contains(errs, "will perform the following actions") {
		t.Errorf("stderr lacks the plan:\n%s", errs)
	}
	// Nothing left to do: still a Markdown report, not plain text.
	code, out, errs = runApplyCmd(t, applyVars, "", false, "-sim", "-auto-approve", "-markdown", dir)
	if code != exitOK || !strings.HasPrefix(out, "### dbplan apply") || strings.Contains(out, "No changes.") {
		t.Errorf("second apply -markdown exit = %d, stdout:\n%s\nstderr:\n%s", code, out, errs)
	}
}

// TestApplyNothingToDoStillReports: with nothing to do, -json still ends
// with a summary event and -report still writes the report, so CI steps
// that read them work on every run.
func TestApplyNothingToDoStillReports(t *testing.T) {
	t.Parallel()
	dir := writeFixture(t, fixtureHCL, fixtureWorld)
	if code, _, errs := runApplyCmd(t, applyVars, "", false, "-sim", "-auto-approve", dir); code != exitOK {
		t.Fatalf("first apply exit = %d; stderr:\n%s", code, errs)
	}
	report := filepath.Join(t.TempDir(), "report.json")
	code, out, errs := runApplyCmd(t, applyVars, "", false, "-sim", "-auto-approve", "-json", "-report", report, dir)
	if code != exitOK {
		t.Fatalf("apply -json exit = %d; stderr:\n%s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var last struct {
		FormatVersion string `json:"format_version"`
		Type          string `json:"type"`
	}
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &last); err != nil || last.Type != "summary" || last.FormatVersion == "" {
		t.Errorf("last -json line = %q (err %v), want a summary event with format_version", lines[len(lines)-1], err)
	}
	if data, err := os.ReadFile(report); err != nil || !json.Valid(data) {
		t.Errorf("-report with nothing to do: %q, %v", data, err)
	}
}
