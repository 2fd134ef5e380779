package refresh

import (
	"context"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/plan"
)

func TestRereads(t *testing.T) {
	f := fleet(205, 2)
	f.groups = []apiclient.ReadOnlyGroup{{ReadOnlyGroupId: "pgrogrp-1", MasterDBInstanceId: pgID(0), Status: "ok"}}
	f.libra = map[string][]apiclient.LibraDBAccount{"libradb-1": {{AccountName: "root", Host: "%"}}}
	ctx := context.Background()

	ids := []string{pgID(204), "postgres-nothere"}
	for i := range 150 {
		ids = append(ids, pgID(i), pgID(i)) // duplicates are read once
	}
	insts, err := Instances(ctx, f, Options{}, ids)
	if err != nil {
		t.Fatalf("Instances: %v", err)
	}
	if len(insts) != 151 || insts["postgres-nothere"] != nil {
		t.Errorf("Instances() read %d instances, want 151 without the missing one", len(insts))
	}
	if got := f.callCount("DescribeDBInstances"); got != 2 {
		t.Errorf("DescribeDBInstances calls = %d, want 2", got)
	}

	accts, err := Accounts(ctx, f, Options{}, pgID(3))
	if err != nil {
		t.Fatalf("Accounts: %v", err)
	}
	if diff := cmp.Diff([]string{"u00", "u01"}, sortedAccountNames(accts)); diff != "" {
		t.Errorf("Accounts() mismatch (-want +got):\n%s", diff)
	}
	if _, err := Accounts(ctx, f, Options{}, "postgres-nothere"); !apiclient.IsNotFound(err) {
		t.Errorf("Accounts(missing instance) error = %v, want not found", err)
	}

	groups, err := ROGroups(ctx, f, Options{}, pgID(0))
	if err != nil {
		t.Fatalf("ROGroups: %v", err)
	}
	if diff := cmp.Diff(map[string]*plan.ObservedROGroup{"pgrogrp-1": {ID: "pgrogrp-1", MasterInstanceID: pgID(0), Status: "ok"}}, groups); diff != "" {
		t.Errorf("ROGroups() mismatch (-want +got):\n%s", diff)
	}

	libra, err := LibraAccounts(ctx, f, Options{}, "libradb-1")
	if err != nil {
		t.Fatalf("LibraAccounts: %v", err)
	}
	if diff := cmp.Diff(map[string]*plan.ObservedLibraAccount{"root@%": {Name: "root", Host: "%"}}, libra); diff != "" {
		t.Errorf("LibraAccounts() mismatch (-want +got):\n%s", diff)
	}
}

func sortedAccountNames(m map[string]*plan.ObservedAccount) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
