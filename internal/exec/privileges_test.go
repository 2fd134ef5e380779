package exec

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"

	"github.com/google/go-cmp/cmp"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/plan"
)

// privAction builds a modify_privileges action on table NAME of db.public
// for inst/user, planned from held.
func privAction(inst, user, table string, held, grant, revoke []string, deps ...string) plan.Action {
	o := plan.DBObject{Type: "table", Database: "db", Schema: "public", Name: table}
	addr := fmt.Sprintf("pg.%s.account.%s.grant[%s]", inst, user, strconv.Quote(o.Key()))
	list := func(s []string) string {
		q := make([]string, len(s))
		for i, x := range s {
			q[i] = strconv.Quote(x)
		}
		return "[" + strings.Join(q, ", ") + "]"
	}
	return plan.Action{ID: addr + "#modify_privileges", Addr: addr, Kind: plan.ModifyPrivileges,
		Target: plan.Target{InstanceID: inst, UserName: user, ObjectType: o.Type, Database: o.Database, Schema: o.Schema, Object: o.Name},
		Params: plan.Params{Grant: grant, Revoke: revoke}, Precondition: plan.Precondition{Expect: list(held)}, DependsOn: deps}
}

func tableKey(table string) string {
	return plan.DBObject{Type: "table", Database: "db", Schema: "public", Name: table}.Key()
}

// TestPrivilegesBatchedPerAccount: the changes of one account go in calls
// of at most 50 entries (an action granting and revoking takes two), with
// one shared re-read per batch; each account has its own calls.
func TestPrivilegesBatchedPerAccount(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.api.addInstance("i1", "initing", "mixed", "small")
		var actions []plan.Action
		for n := range 30 {
			table := fmt.Sprintf("t%02d", n)
			h.api.grant("i1", "mixed", tableKey(table), "DELETE")
			actions = append(actions, privAction("i1", "mixed", table, []string{"DELETE"}, []string{"SELECT"}, []string{"DELETE"}))
		}
		for n := range 3 {
			actions = append(actions, privAction("i1", "small", fmt.Sprintf("t%02d", n), nil, []string{"INSERT"}, nil))
		}
		slices.SortFunc(actions, func(a, b plan.Action) int { return strings.Compare(a.ID, b.ID) })
		var mu sync.Mutex // the hook runs on every worker at once
		var sizes []int
		h.api.Hook = func(action string, _ int, req any) (error, bool) {
			if r, ok := req.(apiclient.ModifyAccountPrivilegesRequest); ok {
				mu.Lock()
				sizes = append(sizes, len(r.ModifyPrivilegeSet))
				mu.Unlock()
			}
			return nil, false
		}
		r := h.run(context.Background(), actions...)
		if !r.AllOK() {
			t.Fatalf("apply did not converge: %v", r.Totals)
		}
		slices.Sort(sizes)
		if diff := cmp.Diff([]int{3, 10, 50}, sizes); diff != "" {
			t.Errorf("ModifyAccountPrivileges call sizes mismatch (-want +got):\n%s", diff)
		}
		// One re-read per batch at most; mixed's two batches may share one
		// (both waiting for the same read).
		if n := h.api.count("DescribeAccountPrivileges"); n < 2 || n > 3 {
			t.Errorf("DescribeAccountPrivileges calls = %d, want 2 or 3 (one re-read per account and batch at most)", n)
		}
		if got := h.api.held("i1", "mixed", tableKey("t29")); !slices.Equal(got, []string{"SELECT"}) {
			t.Errorf("mixed holds %v on t29, want [SELECT]", got)
		}
	})
}

// TestPrivilegesRecheck: right before the call, a drifted object is not
// touched (a revoke especially), an object already as declared is done,
// and the rest of the batch goes on.
func TestPrivilegesRecheck(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.api.addInstance("i1", "initing", "app")
		h.api.grant("i1", "app", tableKey("drifted"), "DELETE", "TRUNCATE") // TRUNCATE granted since the plan
		h.api.grant("i1", "app", tableKey("done"), "SELECT")                // granted since the plan
		h.api.grant("i1", "app", tableKey("todo"), "DELETE")
		r := h.run(context.Background(),
			privAction("i1", "app", "done", nil, []string{"SELECT"}, nil),
			privAction("i1", "app", "drifted", []string{"DELETE"}, nil, []string{"DELETE"}),
			privAction("i1", "app", "todo", []string{"DELETE"}, []string{"SELECT"}, []string{"DELETE"}),
		)
		want := map[string]Outcome{}
		for table, o := range map[string]Outcome{"done": AlreadyDone, "drifted": Drifted, "todo": Succeeded} {
			want[privAction("i1", "app", table, nil, nil, nil).ID] = o
		}
		if diff := cmp.Diff(want, outcomes(r)); diff != "" {
			t.Errorf("outcomes mismatch (-want +got):\n%s", diff)
		}
		if got := h.api.held("i1", "app", tableKey("drifted")); !slices.Equal(got, []string{"DELETE", "TRUNCATE"}) {
			t.Errorf("the drifted object now holds %v; it must not be touched", got)
		}
		if got := h.api.held("i1", "app", tableKey("todo")); !slices.Equal(got, []string{"SELECT"}) {
			t.Errorf("todo holds %v, want [SELECT]", got)
		}
	})
}

// TestPrivilegesBatchFallback: an object dropped since the plan fails
// only its own action: the batch call fails, each action is retried
// alone.
func TestPrivilegesBatchFallback(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.api.addInstance("i1", "initing", "app")
		r := h.run(context.Background(),
			privAction("i1", "app", "a", nil, []string{"SELECT"}, nil),
			privAction("i1", "app", "b", nil, []string{"SELECT"}, nil),
			privAction("i1", "app", "c", nil, []string{"SELECT"}, nil),
		)
		if !r.AllOK() {
			t.Fatalf("setup apply failed: %v", r.Totals)
		}
		// Now drop b between the re-read and the call.
		h.api.Hook = func(action string, _ int, req any) (error, bool) {
			if action == "ModifyAccountPrivileges" {
				h.api.mu.Lock()
				h.api.privs().missing[tableKey("b")] = true
				h.api.mu.Unlock()
			}
			return nil, false
		}
		r = h.run(context.Background(),
			privAction("i1", "app", "a", []string{"SELECT"}, []string{"INSERT"}, nil),
			privAction("i1", "app", "b", []string{"SELECT"}, []string{"INSERT"}, nil),
			privAction("i1", "app", "c", []string{"SELECT"}, []string{"INSERT"}, nil),
		)
		got := outcomes(r)
		for table, want := range map[string]Outcome{"a": Succeeded, "b": Failed, "c": Succeeded} {
			if o := got[privAction("i1", "app", table, nil, nil, nil).ID]; o != want {
				t.Errorf("%s: %v, want %v", table, o, want)
			}
		}
		if res := result(t, r, privAction("i1", "app", "b", nil, nil, nil).ID); res.Err == nil || res.Err.Code != apiclient.CodeUnknownDatabaseObject {
			t.Errorf("b failed with %+v, want %s", res.Err, apiclient.CodeUnknownDatabaseObject)
		}
	})
}

// TestPrivilegesOfNewAccount: grants wait for the account's create.
func TestPrivilegesOfNewAccount(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.api.addInstance("i1", "initing")
		create := createAccount("i1", "fresh")
		grant := privAction("i1", "fresh", "t", nil, []string{"SELECT"}, nil, create.ID)
		r := h.run(context.Background(), create, grant)
		if !r.AllOK() {
			t.Fatalf("apply: %v", outcomes(r))
		}
		if got := h.api.held("i1", "fresh", tableKey("t")); !slices.Equal(got, []string{"SELECT"}) {
			t.Errorf("fresh holds %v, want [SELECT]", got)
		}
	})
}

// TestAccountTypeChange: alterRole, re-checked like any account change.
func TestAccountTypeChange(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.api.addInstance("i1", "initing", "ops", "already")
		change := func(user, from, to string) plan.Action {
			return plan.Action{ID: "pg.i1.account." + user + "#change_account_type", Addr: "pg.i1.account." + user,
				Kind: plan.ChangeAccountType, Target: plan.Target{InstanceID: "i1", UserName: user},
				Params: plan.Params{AccountType: to}, Precondition: plan.Precondition{Expect: from}}
		}
		var mu sync.Mutex // the hook runs on every worker at once
		var sent []apiclient.ModifyPrivilege
		h.api.Hook = func(action string, _ int, req any) (error, bool) {
			if r, ok := req.(apiclient.ModifyAccountPrivilegesRequest); ok {
				mu.Lock()
				sent = append(sent, r.ModifyPrivilegeSet...)
				mu.Unlock()
			}
			return nil, false
		}
		r := h.run(context.Background(), change("ops", "normal", "tencentDBSuper"),
			change("already", "tencentDBSuper", "normal"), change("ghost", "normal", "tencentDBSuper"))
		want := map[string]Outcome{"pg.i1.account.ops#change_account_type": Succeeded,
			"pg.i1.account.already#change_account_type": AlreadyDone, "pg.i1.account.ghost#change_account_type": Drifted}
		if diff := cmp.Diff(want, outcomes(r)); diff != "" {
			t.Errorf("outcomes mismatch (-want +got):\n%s", diff)
		}
		wantSent := []apiclient.ModifyPrivilege{{ModifyType: apiclient.ModifyAlterRole, DatabasePrivilege: apiclient.DatabasePrivilege{
			Object: &apiclient.DatabaseObject{ObjectType: "account", ObjectName: "ops"}, PrivilegeSet: []string{"tencentDBSuper"}}}}
		if diff := cmp.Diff(wantSent, sent); diff != "" {
			t.Errorf("calls mismatch (-want +got):\n%s", diff)
		}
	})
}
