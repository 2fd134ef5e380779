package plan_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dbplan/dbplan/internal/config"
	"github.com/dbplan/dbplan/internal/plan"
)

func TestBuildExtranet(t *testing.T) {
	tests := []struct {
		name      string
		enabled   bool
		ipv6      bool
		v4, v6    string
		wantKind  plan.Kind
		wantNote  string
		unchanged int
	}{
		{name: "open from initing", enabled: true, v4: plan.NetIniting, wantKind: plan.OpenExtranet},
		{name: "open from closed", enabled: true, v4: plan.NetClosed, wantKind: plan.OpenExtranet},
		{name: "open from no entry", enabled: true, v4: "", wantKind: plan.OpenExtranet},
		{name: "already opened", enabled: true, v4: plan.NetOpened, unchanged: 1},
		{name: "opening in progress", enabled: true, v4: plan.NetOpening, wantNote: "Public IPv4 access of postgres-1 is opening already (in progress); no action is planned."},
		{name: "close opened", enabled: false, v4: plan.NetOpened, wantKind: plan.CloseExtranet},
		{name: "closing in progress", enabled: false, v4: plan.NetClosing, wantNote: "Public IPv4 access of postgres-1 is closing already (in progress); no action is planned."},
		{name: "disabled and closed", enabled: false, v4: plan.NetClosed, unchanged: 1},
		{name: "ipv6 uses its own state", enabled: true, ipv6: true, v4: plan.NetOpened, v6: plan.NetIniting, wantKind: plan.OpenExtranet},
		{name: "ipv6 opened", enabled: true, ipv6: true, v4: plan.NetIniting, v6: plan.NetOpened, unchanged: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			inst := instance("orders", "postgres-1")
			inst.Extranet = &config.Extranet{Enabled: tc.enabled, IPv6: tc.ipv6, DeclRange: rng(5)}
			oi := running("postgres-1")
			oi.PublicIPv4, oi.PublicIPv6, oi.SupportIPv6 = tc.v4, tc.v6, true
			p, diags := plan.Build(&config.Config{Instances: []*config.Instance{inst}}, observed(oi), plan.BuildOptions{})
			if diags.HasErrors() {
				t.Fatalf("Build() diags: %v", diags)
			}
			var gotKind plan.Kind
			if len(p.Actions) == 1 {
				gotKind = p.Actions[0].Kind
				if p.Actions[0].Params.IPv6 != tc.ipv6 {
					t.Errorf("Params.IPv6 = %v, want %v", p.Actions[0].Params.IPv6, tc.ipv6)
				}
			} else if len(p.Actions) > 1 {
				t.Fatalf("Build() actions = %v, want at most one", kinds(p))
			}
			if gotKind != tc.wantKind {
				t.Errorf("action kind = %v, want %v", gotKind, tc.wantKind)
			}
			gotNote := ""
			if len(p.Notes) > 0 {
				gotNote = p.Notes[0].Message
			}
			if gotNote != tc.wantNote {
				t.Errorf("note = %q, want %q", gotNote, tc.wantNote)
			}
			if p.Unchanged != tc.unchanged {
				t.Errorf("Unchanged = %d, want %d", p.Unchanged, tc.unchanged)
			}
		})
	}
}

func TestBuildNotFoundAndStatus(t *testing.T) {
	cfg := &config.Config{
		Instances: []*config.Instance{instance("gone", "postgres-9", account("app", 2))},
		ROGroups: []*config.ROGroup{{
			Addr: "postgres_ro_group.g", ROGroupID: "pgrogrp-9", MasterInstanceID: "postgres-9", DeclRange: rng(7),
		}},
		LibraClusters: []*config.LibraCluster{{Addr: "libradb_cluster.c", ClusterID: "libradb-9", DeclRange: rng(9)}},
	}
	_, diags := plan.Build(cfg, observed(), plan.BuildOptions{})
	want := []string{
		"Instance not found @main.hcl:1,1-10",
		"Read-only group not found @main.hcl:7,1-10",
		"LibraDB cluster not found @main.hcl:9,1-10",
	}
	if diff := cmp.Diff(want, diagSummaries(diags)); diff != "" {
		t.Errorf("Build() diags mismatch (-want +got):\n%s", diff)
	}
}

func TestBuildSelectorAndDuplicates(t *testing.T) {
	explicit := instance("orders", "postgres-1", account("app", 3))
	sel := instance("fleet", "", account("app", 12), account("ro", 13))
	sel.InstanceID, sel.Selector, sel.DeclRange = "", &config.Selector{Tags: map[string]string{"env": "prod"}}, rng(10)
	empty := instance("none", "", account("x", 21))
	empty.InstanceID, empty.Selector = "", &config.Selector{NamePattern: "nothing-*"}
	cfg := &config.Config{Instances: []*config.Instance{sel, empty, explicit}}
	obs := observed(running("postgres-1"), running("postgres-2"))
	obs.Selections = map[string][]string{"postgres_instance.fleet": {"postgres-2", "postgres-1"}}

	p, diags := plan.Build(cfg, obs, plan.BuildOptions{})
	wantDiags := []string{"Declared twice @main.hcl:3,1-10", "Declared twice @main.hcl:12,1-10"}
	if diff := cmp.Diff(wantDiags, diagSummaries(diags)); diff != "" {
		t.Errorf("Build() diags mismatch (-want +got):\n%s", diff)
	}
	wantIDs := []string{
		`postgres_instance.fleet["postgres-1"].account.app#create_account`,
		`postgres_instance.fleet["postgres-1"].account.ro#create_account`,
		`postgres_instance.fleet["postgres-2"].account.app#create_account`,
		`postgres_instance.fleet["postgres-2"].account.ro#create_account`,
	}
	if diff := cmp.Diff(wantIDs, kinds(p)); diff != "" {
		t.Errorf("Build() actions mismatch (-want +got):\n%s", diff)
	}
	// The secret address is the configuration's, not the expanded one.
	if got := p.Actions[0].SecretAddr; got != "postgres_instance.fleet.account.app" {
		t.Errorf("SecretAddr = %q, want the configuration address", got)
	}
	if len(p.Notes) != 1 || p.Notes[0].Addr != "postgres_instance.none" || p.Notes[0].Severity != plan.Warning {
		t.Errorf("Notes = %+v, want one warning for the empty selector", p.Notes)
	}
}

func TestBuildTargets(t *testing.T) {
	a := instance("a", "postgres-1", account("x", 2), account("y", 3))
	a.Extranet = &config.Extranet{Enabled: true, DeclRange: rng(4)}
	ab := instance("ab", "postgres-2", account("x", 6))
	cfg := &config.Config{Instances: []*config.Instance{a, ab}}
	tests := []struct {
		name      string
		targets   []string
		want      []string
		wantNotes int
	}{
		{name: "none", want: []string{
			"postgres_instance.a.account.x#create_account", "postgres_instance.a.account.y#create_account",
			"postgres_instance.a.extranet#open_extranet", "postgres_instance.ab.account.x#create_account",
		}},
		{name: "instance prefix does not match a longer label", targets: []string{"postgres_instance.a"}, want: []string{
			"postgres_instance.a.account.x#create_account", "postgres_instance.a.account.y#create_account",
			"postgres_instance.a.extranet#open_extranet",
		}},
		{name: "one account", targets: []string{"postgres_instance.a.account.y"}, want: []string{"postgres_instance.a.account.y#create_account"}},
		{name: "unknown target is noted", targets: []string{"postgres_instance.zz"}, wantNotes: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, diags := plan.Build(cfg, observed(running("postgres-1"), running("postgres-2")), plan.BuildOptions{Targets: tc.targets})
			if diags.HasErrors() {
				t.Fatalf("Build() diags: %v", diags)
			}
			if diff := cmp.Diff(tc.want, kinds(p)); diff != "" {
				t.Errorf("Build() actions mismatch (-want +got):\n%s", diff)
			}
			if len(p.Notes) != tc.wantNotes {
				t.Errorf("Notes = %+v, want %d", p.Notes, tc.wantNotes)
			}
		})
	}
}

func TestBuildDependencies(t *testing.T) {
	inst := instance("a", "postgres-1", account("x", 2), account("y", 3))
	inst.Accounts[1].CAM = ptr(true)
	inst.Extranet = &config.Extranet{Enabled: true, DeclRange: rng(4)}
	g := &config.ROGroup{Addr: "postgres_ro_group.g", ROGroupID: "pgrogrp-1", MasterInstanceID: "postgres-1", DeclRange: rng(8),
		Networks: []*config.Network{
			{Addr: "postgres_ro_group.g.network[vpc-1/subnet-1]", VpcID: "vpc-1", SubnetID: "subnet-1", DeclRange: rng(9)},
			{Addr: "postgres_ro_group.g.network[vpc-2/subnet-2]", VpcID: "vpc-2", SubnetID: "subnet-2", VIP: "10.0.0.5", DeclRange: rng(10)},
		}}
	oi := running("postgres-1", &plan.ObservedAccount{Name: "y", Type: "normal"})
	obs := observed(oi)
	obs.ROGroups = map[string]*plan.ObservedROGroup{"pgrogrp-1": {ID: "pgrogrp-1", MasterInstanceID: "postgres-1", Status: "ok"}}
	p, diags := plan.Build(&config.Config{Instances: []*config.Instance{inst}, ROGroups: []*config.ROGroup{g}}, obs, plan.BuildOptions{})
	if diags.HasErrors() {
		t.Fatalf("Build() diags: %v", diags)
	}
	got := map[string][]string{}
	for _, a := range p.Actions {
		got[a.ID] = a.DependsOn
	}
	want := map[string][]string{
		"postgres_instance.a.account.x#create_account":   nil,
		"postgres_instance.a.account.y#open_account_cam": nil,
		"postgres_instance.a.extranet#open_extranet": {
			"postgres_instance.a.account.x#create_account", "postgres_instance.a.account.y#open_account_cam",
		},
		"postgres_ro_group.g.network[vpc-1/subnet-1]#create_ro_network": nil,
		"postgres_ro_group.g.network[vpc-2/subnet-2]#create_ro_network": {"postgres_ro_group.g.network[vpc-1/subnet-1]#create_ro_network"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("DependsOn mismatch (-want +got):\n%s", diff)
	}
}

func TestBuildUnmanagedAndWarnings(t *testing.T) {
	inst := instance("a", "postgres-1", account("app", 2))
	oi := running("postgres-1", &plan.ObservedAccount{Name: "app", Type: "normal"}, &plan.ObservedAccount{Name: "postgres"}, &plan.ObservedAccount{Name: "legacy"})
	oi.Status = "isolated"
	g := &config.ROGroup{Addr: "postgres_ro_group.g", ROGroupID: "pgrogrp-1", DeclRange: rng(8),
		Networks: []*config.Network{{Addr: "postgres_ro_group.g.network[vpc-1/subnet-1]", VpcID: "vpc-1", SubnetID: "subnet-1", DeclRange: rng(9)}}}
	c := &config.LibraCluster{Addr: "libradb_cluster.c", ClusterID: "libradb-1", DeclRange: rng(12),
		Accounts: []*config.LibraAccount{{Addr: "libradb_cluster.c.account.etl", Name: "etl", Host: "%", Description: ptr("etl"), PasswordSource: "var.etl", DeclRange: rng(13)}}}
	obs := observed(oi)
	obs.ROGroups = map[string]*plan.ObservedROGroup{"pgrogrp-1": {ID: "pgrogrp-1", Status: "modifying", Networks: []plan.ObservedNetwork{
		{VpcID: "vpc-1", SubnetID: "subnet-1", VIP: "10.0.0.2", Status: "opened"},
		{VpcID: "vpc-0", SubnetID: "subnet-0", VIP: "10.1.0.2", Status: "opened"},
	}}}
	obs.LibraClusters = map[string]*plan.ObservedLibraCluster{"libradb-1": {ID: "libradb-1", Status: "running", Accounts: map[string]*plan.ObservedLibraAccount{
		"etl@%":  {Name: "etl", Host: "%", Description: "old"},
		"root@%": {Name: "root", Host: "%"},
	}}}
	p, diags := plan.Build(&config.Config{Instances: []*config.Instance{inst}, ROGroups: []*config.ROGroup{g}, LibraClusters: []*config.LibraCluster{c}}, obs, plan.BuildOptions{})
	if diags.HasErrors() {
		t.Fatalf("Build() diags: %v", diags)
	}
	wantUnmanaged := []plan.Unmanaged{
		{Parent: "libradb_cluster.c", Kind: "libradb_account", Name: "root@%"},
		{Parent: "postgres_instance.a", Kind: "account", Name: "legacy"},
		{Parent: "postgres_instance.a", Kind: "account", Name: "postgres"},
		{Parent: "postgres_ro_group.g", Kind: "network", Name: "vpc-0/subnet-0/10.1.0.2"},
	}
	if diff := cmp.Diff(wantUnmanaged, p.Unmanaged); diff != "" {
		t.Errorf("Unmanaged mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"libradb_cluster.c.account.etl#modify_libradb_account_description"}, kinds(p)); diff != "" {
		t.Errorf("actions mismatch (-want +got):\n%s", diff)
	}
	var warned []string
	for _, n := range p.Notes {
		if n.Severity == plan.Warning {
			warned = append(warned, n.Addr)
		}
	}
	if diff := cmp.Diff([]string{"postgres_instance.a", "postgres_ro_group.g"}, warned); diff != "" {
		t.Errorf("warnings mismatch (-want +got):\n%s", diff)
	}
	if p.Unchanged != 2 { // account app, network vpc-1
		t.Errorf("Unchanged = %d, want 2", p.Unchanged)
	}
}

func TestBuildNetworkLimit(t *testing.T) {
	g := &config.ROGroup{Addr: "postgres_ro_group.g", ROGroupID: "pgrogrp-1", DeclRange: rng(8),
		Networks: []*config.Network{{Addr: "postgres_ro_group.g.network[vpc-3/subnet-3]", VpcID: "vpc-3", SubnetID: "subnet-3", DeclRange: rng(9)}}}
	obs := &plan.Observed{ROGroups: map[string]*plan.ObservedROGroup{"pgrogrp-1": {ID: "pgrogrp-1", Status: "ok", Networks: []plan.ObservedNetwork{
		{VpcID: "vpc-1", SubnetID: "subnet-1", Status: "opened"}, {VpcID: "vpc-2", SubnetID: "subnet-2", Status: "opened"},
	}}}}
	_, diags := plan.Build(&config.Config{ROGroups: []*config.ROGroup{g}}, obs, plan.BuildOptions{})
	if diff := cmp.Diff([]string{"Too many read-only group networks @main.hcl:9,1-10"}, diagSummaries(diags)); diff != "" {
		t.Errorf("Build() diags mismatch (-want +got):\n%s", diff)
	}
}

func TestBuildIsDeterministic(t *testing.T) {
	var insts []*config.Instance
	obs := observed()
	for _, id := range []string{"postgres-3", "postgres-1", "postgres-2"} {
		insts = append(insts, instance(strings.TrimPrefix(id, "postgres-"), id, account("b", 1), account("a", 2)))
		obs.Instances[id] = running(id, &plan.ObservedAccount{Name: "z"}, &plan.ObservedAccount{Name: "y"})
	}
	before, _ := json.Marshal(obs)
	first, _ := plan.Build(&config.Config{Instances: insts}, obs, plan.BuildOptions{})
	if after, _ := json.Marshal(obs); !bytes.Equal(before, after) {
		t.Errorf("Build() modified the observed state")
	}
	for i := 0; i < 20; i++ {
		again, _ := plan.Build(&config.Config{Instances: insts}, obs, plan.BuildOptions{})
		if diff := cmp.Diff(first, again); diff != "" {
			t.Fatalf("Build() is not deterministic (-first +again):\n%s", diff)
		}
	}
}

func TestResourceAddr(t *testing.T) {
	tests := map[string]string{
		"postgres_instance.a":                         "postgres_instance.a",
		"postgres_instance.a.account.x":               "postgres_instance.a",
		`postgres_instance.s["postgres-1"].account.x`: `postgres_instance.s["postgres-1"]`,
		`postgres_instance.s["a.b]c"]["k"].extranet`:  `postgres_instance.s["a.b]c"]["k"]`,
		"postgres_ro_group.g.network[vpc-1/subnet-1]": "postgres_ro_group.g",
		`libradb_cluster.c.account.etl["10.0.0.1"]`:   "libradb_cluster.c",
		"nodot": "nodot",
	}
	for in, want := range tests {
		if got := plan.ResourceAddr(in); got != want {
			t.Errorf("ResourceAddr(%q) = %q, want %q", in, got, want)
		}
	}
}
