package main

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dbplan/dbplan/internal/config"
)

// TestRefreshScope: a targeted plan reads only the objects a target can
// select, so -target on a large fleet does not refresh all of it.
func TestRefreshScope(t *testing.T) {
	cfg := &config.Config{
		Instances: []*config.Instance{
			{Addr: "postgres_instance.a"}, {Addr: "postgres_instance.ab"},
			{Addr: `postgres_instance.fleet["k1"]`}, {Addr: `postgres_instance.fleet["k2"]`},
			{Addr: "postgres_instance.sel"},
		},
		ROGroups:      []*config.ROGroup{{Addr: "postgres_ro_group.g"}},
		LibraClusters: []*config.LibraCluster{{Addr: "libradb_cluster.w"}},
	}
	addrs := func(c *config.Config) []string {
		var out []string
		for _, in := range c.Instances {
			out = append(out, in.Addr)
		}
		for _, g := range c.ROGroups {
			out = append(out, g.Addr)
		}
		for _, l := range c.LibraClusters {
			out = append(out, l.Addr)
		}
		return out
	}
	tests := []struct {
		name    string
		targets []string
		want    []string
	}{
		{"no target reads everything", nil, addrs(cfg)},
		{"an account selects its instance only", []string{"postgres_instance.a.account.app"}, []string{"postgres_instance.a"}},
		{"a block selects every for_each instance", []string{"postgres_instance.fleet"}, []string{`postgres_instance.fleet["k1"]`, `postgres_instance.fleet["k2"]`}},
		{"a selector match selects the selector block", []string{`postgres_instance.sel["postgres-x1"]`}, []string{"postgres_instance.sel"}},
		{"several kinds", []string{"postgres_ro_group.g", "libradb_cluster.w.account.etl"}, []string{"postgres_ro_group.g", "libradb_cluster.w"}},
		{"nothing matched", []string{"postgres_instance.zzz"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, addrs(refreshScope(cfg, tt.targets))); diff != "" {
				t.Errorf("refreshScope(%q) mismatch (-want +got):\n%s", tt.targets, diff)
			}
		})
	}
	if len(cfg.Instances) != 5 {
		t.Errorf("refreshScope changed its input: %d instances left", len(cfg.Instances))
	}
}
