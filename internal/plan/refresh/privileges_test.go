package refresh

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dbplan/dbplan/internal/config"
	"github.com/dbplan/dbplan/internal/plan"
)

func tableGrant(privs []string, tables ...string) *config.Grant {
	return &config.Grant{ObjectType: config.ObjectTable, Database: "db", Schema: "public", Objects: tables, Privileges: privs}
}

func tkey(table string) string {
	return plan.DBObject{Type: config.ObjectTable, Database: "db", Schema: "public", Name: table}.Key()
}

// TestRefreshPrivileges: one DescribeAccountPrivileges per existing
// account with grants (on every instance its block reaches, selectors
// included), naming every object its grants name; accounts being created
// are not read; a missing object is found without failing the others.
func TestRefreshPrivileges(t *testing.T) {
	f := fleet(3, 2) // accounts u00, u01
	f.privs = fakePrivs{
		held:    map[string]map[string][]string{pgID(0) + "/u00": {tkey("orders"): {"select", "DELETE"}}},
		missing: map[string]bool{tkey("nope"): true},
	}
	grants := []*config.Grant{tableGrant([]string{"SELECT"}, "orders", "items"), tableGrant([]string{"INSERT"}, "orders", "nope")}
	cfg := explicit(pgID(0))
	cfg.Instances[0].Accounts = []*config.Account{
		{Addr: "postgres_instance.x.account.u00", Name: "u00", Grants: grants},
		{Addr: "postgres_instance.x.account.new", Name: "new", Grants: grants}, // being created
		{Addr: "postgres_instance.x.account.u01", Name: "u01"},                 // no grants
	}
	cfg.Instances = append(cfg.Instances, &config.Instance{Addr: "postgres_instance.sel", Region: "ap-guangzhou", Provider: "tencentcloud",
		Selector: &config.Selector{NamePattern: "db-*"},
		Accounts: []*config.Account{{Addr: "postgres_instance.sel.account.u01", Name: "u01", Grants: grants[:1]}}})
	obs, err := Refresh(context.Background(), cfg, one(f), Options{})
	if err != nil {
		t.Fatalf("Refresh: %v", err)
	}
	want := map[string]plan.ObservedPrivileges{
		tkey("orders"): {Privileges: []string{"DELETE", "SELECT"}},
		tkey("items"):  {Privileges: []string{}},
		tkey("nope"):   {Missing: true, Privileges: []string{}},
	}
	if diff := cmp.Diff(want, obs.Instances[pgID(0)].Accounts["u00"].Privileges); diff != "" {
		t.Errorf("privileges of u00 mismatch (-want +got):\n%s", diff)
	}
	for i := range 3 {
		if got := obs.Instances[pgID(i)].Accounts["u01"].Privileges; len(got) != 2 {
			t.Errorf("privileges of u01 on %s (through the selector) = %v, want orders and items", pgID(i), got)
		}
	}
	// u00: one call for the three objects (items, nope, orders by key),
	// refused for nope; then items | nope, orders; the second refused,
	// then nope | orders: 5. u01: one per instance.
	if got := f.callCount("DescribeAccountPrivileges"); got != 5+3 {
		t.Errorf("DescribeAccountPrivileges calls = %d, want 8", got)
	}
}

// TestRefreshPrivilegesChunks: more than 50 objects take several calls.
func TestRefreshPrivilegesChunks(t *testing.T) {
	f := fleet(1, 1)
	var tables []string
	for i := range 120 {
		tables = append(tables, fmt.Sprintf("t%03d", i))
	}
	cfg := explicit(pgID(0))
	cfg.Instances[0].Accounts = []*config.Account{{Addr: "a", Name: "u00", Grants: []*config.Grant{tableGrant([]string{"SELECT"}, tables...)}}}
	obs, err := Refresh(context.Background(), cfg, one(f), Options{})
	if err != nil {
		t.Fatalf("Refresh: %v", err)
	}
	if got := len(obs.Instances[pgID(0)].Accounts["u00"].Privileges); got != 120 {
		t.Errorf("read %d objects, want 120", got)
	}
	if got := f.callCount("DescribeAccountPrivileges"); got != 3 {
		t.Errorf("DescribeAccountPrivileges calls = %d, want 3 (50 objects per call)", got)
	}
}

// TestRefreshPrivilegesAccountGone: an account deleted between the
// account listing and the privilege read is absent, as if never listed.
func TestRefreshPrivilegesAccountGone(t *testing.T) {
	f := fleet(1, 1)
	f.fail = func(action, key string) error {
		if action == "DescribeAccountPrivileges" {
			f.accounts[pgID(0)] = nil // deleted meanwhile (the fake answers after this)
		}
		return nil
	}
	cfg := explicit(pgID(0))
	cfg.Instances[0].Accounts = []*config.Account{{Addr: "a", Name: "u00", Grants: []*config.Grant{tableGrant([]string{"SELECT"}, "t")}}}
	obs, err := Refresh(context.Background(), cfg, one(f), Options{})
	if err != nil {
		t.Fatalf("Refresh: %v", err)
	}
	if a, ok := obs.Instances[pgID(0)].Accounts["u00"]; ok {
		t.Errorf("account u00 = %+v, want absent (deleted)", a)
	}
}
