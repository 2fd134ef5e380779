package refresh

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/config"
)

func TestLiteralPrefix(t *testing.T) {
	for pattern, want := range map[string]string{
		"":           "",
		"orders-*":   "orders-",
		"*-prod":     "",
		"db?x":       "db",
		"a[bc]d":     "a",
		`lit\*er*`:   "lit*er",
		`trailing\`:  "trailing",
		"exact-name": "exact-name",
	} {
		if got := literalPrefix(pattern); got != want {
			t.Errorf("literalPrefix(%q) = %q, want %q", pattern, got, want)
		}
	}
}

func TestNarrowing(t *testing.T) {
	tests := []struct {
		name string
		sel  config.Selector
		want []apiclient.Filter
	}{
		{"nothing", config.Selector{}, nil},
		{"ids only are not narrowing", config.Selector{InstanceIDs: []string{"postgres-1"}}, nil},
		{"first tag key", config.Selector{Tags: map[string]string{"team": "a", "env": "prod"}},
			[]apiclient.Filter{{Name: "db-tag-key", Values: []string{"env"}}}},
		{"name prefix", config.Selector{NamePattern: "orders-*"},
			[]apiclient.Filter{{Name: "db-instance-name", Values: []string{"orders-"}}}},
		{"no literal prefix", config.Selector{NamePattern: "*-prod"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, narrowing(&tt.sel)); diff != "" {
				t.Errorf("narrowing() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMatches(t *testing.T) {
	in := apiclient.DBInstance{
		DBInstanceId: "postgres-1", DBInstanceName: "orders-prod", DBInstanceType: "primary",
		TagList: []apiclient.Tag{{TagKey: "env", TagValue: "prod"}, {TagKey: "team", TagValue: "pay"}},
	}
	ro := in
	ro.DBInstanceType = "readonly"
	tests := []struct {
		name string
		sel  config.Selector
		in   apiclient.DBInstance
		want bool
	}{
		{"empty selector", config.Selector{}, in, true},
		{"id", config.Selector{InstanceIDs: []string{"postgres-2", "postgres-1"}}, in, true},
		{"other id", config.Selector{InstanceIDs: []string{"postgres-2"}}, in, false},
		{"all tags", config.Selector{Tags: map[string]string{"env": "prod", "team": "pay"}}, in, true},
		{"tag value differs", config.Selector{Tags: map[string]string{"env": "dev"}}, in, false},
		{"tag missing", config.Selector{Tags: map[string]string{"owner": "x"}}, in, false},
		{"glob", config.Selector{NamePattern: "orders-*"}, in, true},
		{"glob is exact, not fuzzy", config.Selector{NamePattern: "orders"}, in, false},
		{"every field must match", config.Selector{NamePattern: "orders-*", Tags: map[string]string{"env": "dev"}}, in, false},
		{"read-only instances never match", config.Selector{}, ro, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := matches(&tt.sel, &tt.in); got != tt.want {
				t.Errorf("matches() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestRefreshSelectors(t *testing.T) {
	f := fleet(6, 2)
	tag := func(i int, k, v string) {
		f.instances[i].TagList = append(f.instances[i].TagList, apiclient.Tag{TagKey: k, TagValue: v})
	}
	tag(1, "env", "prod")
	tag(2, "env", "prod")
	tag(3, "env", "dev")
	tag(4, "env", "prod")
	f.instances[4].DBInstanceType = "readonly"
	f.instances[5].DBInstanceName = "orders-5"
	cfg := explicit(pgID(1)) // also selected below: its accounts are read once
	cfg.Instances = append(cfg.Instances,
		&config.Instance{Addr: "postgres_instance.prod", Region: "ap-guangzhou",
			Selector: &config.Selector{Tags: map[string]string{"env": "prod"}}},
		&config.Instance{Addr: "postgres_instance.orders", Region: "ap-guangzhou",
			Selector: &config.Selector{NamePattern: "orders-*"}},
		&config.Instance{Addr: "postgres_instance.none", Region: "ap-guangzhou",
			Selector: &config.Selector{InstanceIDs: []string{pgID(0), "postgres-nothere"}, Tags: map[string]string{"env": "prod"}}},
	)
	obs, err := Refresh(context.Background(), cfg, one(f), Options{})
	if err != nil {
		t.Fatalf("Refresh: %v", err)
	}
	want := map[string][]string{
		"postgres_instance.prod":   {pgID(1), pgID(2)},
		"postgres_instance.orders": {pgID(5)},
		"postgres_instance.none":   {},
	}
	if diff := cmp.Diff(want, obs.Selections); diff != "" {
		t.Errorf("Selections mismatch (-want +got):\n%s", diff)
	}
	for _, id := range []string{pgID(1), pgID(2), pgID(5)} {
		if in := obs.Instances[id]; in == nil || len(in.Accounts) != 2 {
			t.Errorf("Instances[%s] = %+v, want it with its 2 accounts", id, in)
		}
	}
	if got := f.callCount("DescribeAccounts"); got != 3 {
		t.Errorf("DescribeAccounts calls = %d, want 3 (each matched instance once)", got)
	}
}
