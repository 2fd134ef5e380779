package config

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"
)

// caseOptions is the optional options.json of a test case directory.
type caseOptions struct {
	Vars     map[string]string `json:"vars"`
	VarFiles []string          `json:"var_files"`
	Env      map[string]string `json:"env"`
	Mode     string            `json:"mode"`
	// NoSubject lists the expected diagnostics without a source range, as
	// "ERROR: summary".
	NoSubject []string `json:"no_subject"`
}

func readCaseOptions(t *testing.T, dir string) (LoadOptions, caseOptions) {
	t.Helper()
	var co caseOptions
	b, err := os.ReadFile(filepath.Join(dir, "options.json"))
	if err == nil {
		if err := json.Unmarshal(b, &co); err != nil {
			t.Fatalf("options.json: %v", err)
		}
	} else if !os.IsNotExist(err) {
		t.Fatal(err)
	}
	opts := LoadOptions{Vars: co.Vars, Getenv: mapEnv(co.Env)}
	for _, f := range co.VarFiles {
		opts.VarFiles = append(opts.VarFiles, filepath.Join(dir, f))
	}
	switch co.Mode {
	case "", "plan":
		opts.Mode = ModePlan
	case "apply":
		opts.Mode = ModeApply
	case "validate":
		opts.Mode = ModeValidate
	default:
		t.Fatalf("options.json: unknown mode %q", co.Mode)
	}
	return opts, co
}

func mapEnv(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func caseDirs(t *testing.T, root string) []string {
	t.Helper()
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, e := range entries {
		if e.IsDir() {
			dirs = append(dirs, e.Name())
		}
	}
	return dirs
}

// markerRe matches "# ERROR: summary" and "# WARNING: summary" comments;
// several markers on one line are separated by " | ".
var markerRe = regexp.MustCompile(`#\s*((?:ERROR|WARNING): .*)$`)

// wantMarkers reads the markers of every .hcl file in dir, keyed
// "file:line".
func wantMarkers(t *testing.T, dir string) map[string][]string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.hcl"))
	want := map[string][]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			m := markerRe.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			key := fmt.Sprintf("%s:%d", filepath.Base(f), i+1)
			for _, s := range strings.Split(m[1], " | ") {
				want[key] = append(want[key], strings.TrimSpace(s))
			}
			slices.Sort(want[key])
		}
	}
	return want
}

// gotMarkers turns diagnostics into the same form as wantMarkers.
func gotMarkers(diags hcl.Diagnostics) map[string][]string {
	got := map[string][]string{}
	for _, d := range diags {
		sev := "ERROR"
		if d.Severity == hcl.DiagWarning {
			sev = "WARNING"
		}
		key := "-"
		if d.Subject != nil {
			key = fmt.Sprintf("%s:%d", filepath.Base(d.Subject.Filename), d.Subject.Start.Line)
		}
		got[key] = append(got[key], sev+": "+d.Summary)
		slices.Sort(got[key])
	}
	return got
}

func TestLoadInvalid(t *testing.T) {
	root := filepath.Join("testdata", "invalid")
	for _, name := range caseDirs(t, root) {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(root, name)
			opts, co := readCaseOptions(t, dir)
			cfg, diags := Load(dir, opts)
			if cfg == nil || cfg.Files == nil {
				t.Fatal("Load returned a nil Config or nil Files")
			}
			want := wantMarkers(t, dir)
			if len(co.NoSubject) > 0 {
				want["-"] = slices.Sorted(slices.Values(co.NoSubject))
			}
			if len(want) == 0 {
				t.Fatal("test case has no # ERROR: or # WARNING: markers")
			}
			if diff := cmp.Diff(want, gotMarkers(diags)); diff != "" {
				t.Errorf("Load(%s) diagnostics mismatch (-want +got):\n%s", dir, diff)
				for _, d := range diags {
					t.Logf("%s", d)
				}
			}
			for _, d := range diags {
				if strings.TrimSpace(d.Detail) == "" {
					t.Errorf("diagnostic %q has no detail", d.Summary)
				}
			}
		})
	}
}

func TestLoadValid(t *testing.T) {
	root := filepath.Join("testdata", "valid")
	for _, name := range caseDirs(t, root) {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(root, name)
			opts, _ := readCaseOptions(t, dir)
			cfg, diags := Load(dir, opts)
			for _, d := range diags {
				t.Errorf("unexpected diagnostic: %s", d)
			}
			if cfg.Digest == "" || len(cfg.Files) == 0 {
				t.Errorf("Load(%s): Digest %q, %d files; want both set", dir, cfg.Digest, len(cfg.Files))
			}
		})
	}
}
