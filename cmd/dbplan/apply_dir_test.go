package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/dbplan/dbplan/internal/plan"
)

func TestSavedPlanDir(t *testing.T) {
	root := t.TempDir()
	withHCL := filepath.Join(root, "db[prod]")
	empty := filepath.Join(root, "empty")
	varsOnly := filepath.Join(root, "vars-only")
	for _, d := range []string{withHCL, empty, varsOnly} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(withHCL, "main.hcl"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(varsOnly, "prod.auto.vars.hcl"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		p     plan.Plan
		chdir string
		want  string
	}{
		{name: "chdir wins", p: plan.Plan{ConfigDir: withHCL}, chdir: "elsewhere", want: "elsewhere"},
		{name: "recorded relative dir holds the configuration", p: plan.Plan{ConfigDir: withHCL, ConfigDirAbs: "/nope"}, want: withHCL},
		{name: "relative dir has no configuration here: absolute", p: plan.Plan{ConfigDir: empty, ConfigDirAbs: withHCL}, want: withHCL},
		{name: "a variables file is no configuration", p: plan.Plan{ConfigDir: varsOnly, ConfigDirAbs: withHCL}, want: withHCL},
		{name: "neither: the relative one, for the error", p: plan.Plan{ConfigDir: empty, ConfigDirAbs: filepath.Join(root, "gone")}, want: empty},
		{name: "nothing recorded", p: plan.Plan{}, want: "."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := savedPlanDir(&tc.p, tc.chdir); got != tc.want {
				t.Errorf("savedPlanDir() = %q, want %q", got, tc.want)
			}
		})
	}
}
