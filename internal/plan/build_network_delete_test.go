package plan_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dbplan/dbplan/internal/config"
	"github.com/dbplan/dbplan/internal/plan"
)

// netDecl declares network vpc-X/subnet-X of group g.
func netDecl(x string, absent bool, line int) *config.Network {
	return &config.Network{Addr: "postgres_ro_group.g.network[vpc-" + x + "/subnet-" + x + "]", VpcID: "vpc-" + x, SubnetID: "subnet-" + x,
		Absent: absent, DeclRange: rng(line)}
}

func netObs(x, vip string) plan.ObservedNetwork {
	return plan.ObservedNetwork{VpcID: "vpc-" + x, SubnetID: "subnet-" + x, VIP: vip, Status: plan.NetOpened}
}

func buildGroup(t *testing.T, decls []*config.Network, nets ...plan.ObservedNetwork) (*plan.Plan, []string) {
	t.Helper()
	g := &config.ROGroup{Addr: "postgres_ro_group.g", ROGroupID: "pgrogrp-1", MasterInstanceID: "postgres-1", DeclRange: rng(1), Networks: decls}
	obs := &plan.Observed{ROGroups: map[string]*plan.ObservedROGroup{"pgrogrp-1": {ID: "pgrogrp-1", MasterInstanceID: "postgres-1", Status: "ok", Networks: nets}}}
	p, diags := plan.Build(&config.Config{ROGroups: []*config.ROGroup{g}}, obs, plan.BuildOptions{})
	return p, diagSummaries(diags)
}

// deps returns "id <- dependencies" lines of p's actions.
func deps(p *plan.Plan) map[string][]string {
	m := map[string][]string{}
	for _, a := range p.Actions {
		m[a.ID] = a.DependsOn
	}
	return m
}

func TestBuildNetworkSwapOrder(t *testing.T) {
	del := func(x string) string {
		return "postgres_ro_group.g.network[vpc-" + x + "/subnet-" + x + "]#delete_ro_network"
	}
	add := func(x string) string {
		return "postgres_ro_group.g.network[vpc-" + x + "/subnet-" + x + "]#create_ro_network"
	}
	tests := []struct {
		name  string
		decls []*config.Network
		nets  []plan.ObservedNetwork
		want  map[string][]string
	}{
		{
			name:  "full group: remove before adding",
			decls: []*config.Network{netDecl("a", true, 2), netDecl("c", false, 3)},
			nets:  []plan.ObservedNetwork{netObs("a", "10.0.0.1"), netObs("b", "10.0.0.2")},
			want:  map[string][]string{del("a"): nil, add("c"): {del("a")}},
		},
		{
			name:  "one network: add before removing",
			decls: []*config.Network{netDecl("a", true, 2), netDecl("c", false, 3)},
			nets:  []plan.ObservedNetwork{netObs("a", "10.0.0.1")},
			want:  map[string][]string{add("c"): nil, del("a"): {add("c")}},
		},
		{
			name:  "replace both",
			decls: []*config.Network{netDecl("a", true, 2), netDecl("b", true, 3), netDecl("c", false, 4), netDecl("d", false, 5)},
			nets:  []plan.ObservedNetwork{netObs("a", "10.0.0.1"), netObs("b", "10.0.0.2")},
			want:  map[string][]string{del("a"): nil, add("c"): {del("a")}, del("b"): {add("c")}, add("d"): {del("b")}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, diags := buildGroup(t, tc.decls, tc.nets...)
			if len(diags) > 0 {
				t.Fatalf("Build() diags: %v", diags)
			}
			if diff := cmp.Diff(tc.want, deps(p)); diff != "" {
				t.Errorf("dependencies mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestBuildNetworkDeleteErrors(t *testing.T) {
	tests := []struct {
		name  string
		decls []*config.Network
		nets  []plan.ObservedNetwork
		want  []string
		ids   []string
	}{
		{
			name:  "the last network",
			decls: []*config.Network{netDecl("a", true, 2)},
			nets:  []plan.ObservedNetwork{netObs("a", "10.0.0.1")},
			want:  []string{"A read-only group keeps one network @main.hcl:2,1-10"},
		},
		{
			name:  "two networks in the subnet, no vip",
			decls: []*config.Network{netDecl("a", true, 2)},
			nets:  []plan.ObservedNetwork{netObs("a", "10.0.0.1"), netObs("a", "10.0.0.2")},
			want:  []string{"Ambiguous network @main.hcl:2,1-10"},
		},
		{
			name: "two networks in the subnet, vip given",
			decls: func() []*config.Network {
				n := netDecl("a", true, 2)
				n.VIP = "10.0.0.2"
				return []*config.Network{n}
			}(),
			nets: []plan.ObservedNetwork{netObs("a", "10.0.0.1"), netObs("a", "10.0.0.2")},
			ids:  []string{"postgres_ro_group.g.network[vpc-a/subnet-a]#delete_ro_network"},
		},
		{
			name:  "full group, no room made",
			decls: []*config.Network{netDecl("c", false, 2)},
			nets:  []plan.ObservedNetwork{netObs("a", "10.0.0.1"), netObs("b", "10.0.0.2")},
			want:  []string{"Too many read-only group networks @main.hcl:2,1-10"},
		},
		{
			name:  "absent already",
			decls: []*config.Network{netDecl("z", true, 2)},
			nets:  []plan.ObservedNetwork{netObs("a", "10.0.0.1")},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, diags := buildGroup(t, tc.decls, tc.nets...)
			if diff := cmp.Diff(tc.want, diags); diff != "" {
				t.Errorf("diags mismatch (-want +got):\n%s", diff)
			}
			if len(diags) == 0 {
				if diff := cmp.Diff(tc.ids, kinds(p)); diff != "" {
					t.Errorf("actions mismatch (-want +got):\n%s", diff)
				}
			}
		})
	}
}

// TestBuildNetworkDeleteParams: the removal sends the exact VIP the
// group has, which the API requires.
func TestBuildNetworkDeleteParams(t *testing.T) {
	p, diags := buildGroup(t, []*config.Network{netDecl("a", true, 2)}, netObs("a", "10.0.0.7"), netObs("b", "10.0.0.8"))
	if len(diags) > 0 || len(p.Actions) != 1 {
		t.Fatalf("Build() = %v, %v; want one delete", kinds(p), diags)
	}
	if got, want := p.Actions[0].Params, (plan.Params{VpcID: "vpc-a", SubnetID: "subnet-a", VIP: "10.0.0.7"}); !cmp.Equal(got, want) {
		t.Errorf("Params = %+v, want %+v", got, want)
	}
	if len(p.Unmanaged) != 1 || p.Unmanaged[0].Name != "vpc-b/subnet-b/10.0.0.8" {
		t.Errorf("Unmanaged = %v, want the other network", p.Unmanaged)
	}
}
