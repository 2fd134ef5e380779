package tcsim

import (
	"strings"
	"testing"
	"time"
)

func TestResetAndRefreshPassword(t *testing.T) {
	f := newFixture(t, Options{})
	f.clk.Advance(time.Hour)
	f.cl.ok("ResetAccountPassword", obj{"DBInstanceId": inst, "UserName": "app_rw", "Password": "N3w-passw0rd!"})
	a := account(t, f.run.Server, inst, "app_rw")
	if want := formatWire(testStart.Add(time.Hour)); a.PasswordUpdateTime != want || a.UpdateTime != want {
		t.Errorf("after reset: PasswordUpdateTime %q UpdateTime %q, want %q", a.PasswordUpdateTime, a.UpdateTime, want)
	}
	for _, tc := range []struct {
		name, action string
		params       obj
		want         string
	}{
		{"weak password", "ResetAccountPassword", obj{"DBInstanceId": inst, "UserName": "app_rw", "Password": "weak"}, codePasswordLength},
		{"no password", "ResetAccountPassword", obj{"DBInstanceId": inst, "UserName": "app_rw"}, codeMissingParameter},
		{"missing account", "ResetAccountPassword", obj{"DBInstanceId": inst, "UserName": "ghost", "Password": "N3w-passw0rd!"}, codeAccountNotExist},
		{"refresh without CAM", "RefreshAccountPassword", obj{"DBInstanceId": inst, "UserName": "app_rw"}, codeCAMNotOpen},
		{"refresh missing account", "RefreshAccountPassword", obj{"DBInstanceId": inst, "UserName": "ghost"}, codeAccountNotExist},
	} {
		if got := f.cl.code(tc.action, tc.params); got != tc.want {
			t.Errorf("%s: %s = %q, want %s", tc.name, tc.action, got, tc.want)
		}
	}
	f.cl.ok("OpenAccountCAM", obj{"DBInstanceId": inst, "UserName": "app_rw"})
	if got := f.cl.code("ResetAccountPassword", obj{"DBInstanceId": inst, "UserName": "app_rw", "Password": "N3w-passw0rd!"}); got != codeCAMAlreadyOpen {
		t.Errorf("reset with CAM on = %q, want %s", got, codeCAMAlreadyOpen)
	}
	f.clk.Advance(time.Hour)
	f.cl.ok("RefreshAccountPassword", obj{"DBInstanceId": inst, "UserName": "app_rw"})
	if a := account(t, f.run.Server, inst, "app_rw"); a.PasswordUpdateTime != formatWire(testStart.Add(2*time.Hour)) {
		t.Errorf("after refresh: PasswordUpdateTime %q", a.PasswordUpdateTime)
	}
	// The simulator keeps no password: nothing of it reaches the world.
	if snap := f.run.Server.Snapshot(); strings.Contains(string(mustJSON(t, snap)), "N3w-passw0rd!") {
		t.Error("the world holds a password")
	}
}

func TestResetLibraPassword(t *testing.T) {
	f := newFixture(t, Options{})
	f.cl.ok("CreateLibraDBClusterAccounts", obj{"ClusterId": cluster, "Accounts": []obj{{"AccountName": "etl", "Host": "%", "AccountPassword": "Etl-pass-1"}}})
	f.clk.Advance(time.Hour)
	f.cl.ok("ResetLibraDBClusterAccountPassword", obj{"ClusterId": cluster, "AccountName": "etl", "AccountPassword": "Etl-pass-2"})
	var got string
	for _, a := range f.run.Server.Snapshot().LibraDBClusters[0].Accounts {
		if a.AccountName == "etl" {
			got = a.UpdateTime
		}
	}
	if want := formatWire(testStart.Add(time.Hour)); got != want {
		t.Errorf("after reset: UpdateTime %q, want %q", got, want)
	}
	for _, tc := range []struct {
		name   string
		params obj
		want   string
	}{
		{"short", obj{"ClusterId": cluster, "AccountName": "etl", "AccountPassword": "short"}, codeIllegalPassword},
		{"built-in", obj{"ClusterId": cluster, "AccountName": "root", "AccountPassword": "Root-pass-1"}, codeInternalAccount},
		{"missing", obj{"ClusterId": cluster, "AccountName": "ghost", "AccountPassword": "Ghost-pass-1"}, codeLibraAccountMissing},
		{"other host", obj{"ClusterId": cluster, "AccountName": "etl", "Host": "10.0.0.1", "AccountPassword": "Etl-pass-3"}, codeLibraAccountMissing},
		{"no cluster", obj{"ClusterId": "libradb-nothere", "AccountName": "etl", "AccountPassword": "Etl-pass-3"}, codeClusterNotFound},
	} {
		if got := f.cl.code("ResetLibraDBClusterAccountPassword", tc.params); got != tc.want {
			t.Errorf("%s: code %q, want %s", tc.name, got, tc.want)
		}
	}
}
