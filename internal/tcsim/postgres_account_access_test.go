package tcsim

import "testing"

func TestLockUnlockAccount(t *testing.T) {
	f := newFixture(t, Options{})
	ref := obj{"DBInstanceId": inst, "UserName": "app_rw"}
	f.cl.ok("LockAccount", ref)
	if a := account(t, f.run.Server, inst, "app_rw"); a.Status != statusLocked {
		t.Errorf("after LockAccount: Status %d, want %d", a.Status, statusLocked)
	}
	listed := f.cl.ok("DescribeAccounts", obj{"DBInstanceId": inst, "OrderBy": "name", "OrderByType": "asc"})
	found := false
	for _, d := range listed["Details"].([]any) {
		if m := d.(map[string]any); m["UserName"] == "app_rw" {
			found = m["Status"] == float64(5)
		}
	}
	if !found {
		t.Errorf("DescribeAccounts does not show app_rw with Status 5: %v", listed["Details"])
	}
	f.cl.ok("LockAccount", ref) // repeat: no error, no change
	mutations := f.run.Server.Counters().Mutations["LockAccount"]
	if mutations != 1 {
		t.Errorf("LockAccount mutations = %d, want 1 (the repeat changes nothing)", mutations)
	}
	f.cl.ok("UnlockAccount", ref)
	if a := account(t, f.run.Server, inst, "app_rw"); a.Status != statusNormal {
		t.Errorf("after UnlockAccount: Status %d, want %d", a.Status, statusNormal)
	}
	f.cl.ok("UnlockAccount", ref)

	for _, action := range []string{"LockAccount", "UnlockAccount"} {
		if got := f.cl.code(action, obj{"DBInstanceId": inst, "UserName": "ghost"}); got != codePreCheck {
			t.Errorf("%s on a missing account = %q, want %s", action, got, codePreCheck)
		}
		if got := f.cl.code(action, obj{"DBInstanceId": inst}); got != codeMissingParameter {
			t.Errorf("%s without UserName = %q, want %s", action, got, codeMissingParameter)
		}
		if got := f.cl.code(action, obj{"DBInstanceId": "postgres-nothere", "UserName": "app_rw"}); got != codeInstanceNotFound {
			t.Errorf("%s on a missing instance = %q, want %s", action, got, codeInstanceNotFound)
		}
	}
}

// TestAccountDeletesCounted: each deletion is counted once per account,
// deleting an absent one not at all (DeleteAccount is re-entrant).
func TestAccountDeletesCounted(t *testing.T) {
	f := newFixture(t, Options{})
	f.cl.ok("DeleteAccount", obj{"DBInstanceId": inst, "UserName": "app_rw"})
	f.cl.ok("DeleteAccount", obj{"DBInstanceId": inst, "UserName": "app_rw"})
	f.cl.ok("CreateLibraDBClusterAccounts", obj{"ClusterId": cluster, "Accounts": []obj{{"AccountName": "etl", "Host": "%", "AccountPassword": "Etl-pass-1"}}})
	f.cl.ok("DeleteLibraDBClusterAccounts", obj{"ClusterId": cluster, "Accounts": []obj{{"AccountName": "etl", "Host": "%"}}})
	got := f.run.Server.Counters().AccountDeletes
	want := map[string]int{inst + "/app_rw": 1, cluster + "/etl@%": 1}
	if len(got) != len(want) || got[inst+"/app_rw"] != 1 || got[cluster+"/etl@%"] != 1 {
		t.Errorf("AccountDeletes = %v, want %v", got, want)
	}
}
