package config

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestLoadLifecycle checks the lifecycle attributes of the valid
// lifecycle fixture land in the model.
func TestLoadLifecycle(t *testing.T) {
	cfg, diags := Load(filepath.Join("testdata", "valid", "lifecycle"), LoadOptions{})
	if diags.HasErrors() {
		t.Fatalf("Load() = %v", diags)
	}
	got := map[string]*Account{}
	for _, inst := range cfg.Instances {
		for _, a := range inst.Accounts {
			got[a.Addr] = a
		}
	}
	locked := map[string]*bool{}
	for addr, a := range got {
		locked[addr] = a.Locked
	}
	want := map[string]*bool{
		"postgres_instance.orders.account.leaver":   ptr(true),
		"postgres_instance.orders.account.returner": ptr(false),
	}
	if diff := cmp.Diff(want, locked); diff != "" {
		t.Errorf("Locked mismatch (-want +got):\n%s", diff)
	}
}
