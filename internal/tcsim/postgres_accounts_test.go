package tcsim

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const inst = "postgres-aaaa1111"

func account(t *testing.T, s *Server, instance, user string) *Account {
	t.Helper()
	w := s.Snapshot()
	for _, in := range w.Instances {
		if in.ID == instance {
			for _, a := range in.Accounts {
				if a.UserName == user {
					return &a
				}
			}
		}
	}
	return nil
}

func TestCreateAccount(t *testing.T) {
	f := newFixture(t, Options{RateScale: 100})
	f.cl.ok("CreateAccount", obj{"DBInstanceId": inst, "UserName": "u1", "Password": "Passw0rd!x", "Type": "normal", "Remark": "备注_ok-1"})
	got := account(t, f.run.Server, inst, "u1")
	want := &Account{UserName: "u1", UserType: "normal", Remark: "备注_ok-1", Status: 2,
		CreateTime: "2026-11-22 20:00:00", UpdateTime: "2026-11-22 20:00:00", PasswordUpdateTime: "2026-11-22 20:00:00"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("created account mismatch (-want +got):\n%s", diff)
	}
	// CAM account without a password.
	f.cl.ok("CreateAccount", obj{"DBInstanceId": inst, "UserName": "cam_user", "Type": "tencentDBSuper", "OpenCam": true})
	if a := account(t, f.run.Server, inst, "cam_user"); a == nil || !a.OpenCam || a.PasswordUpdateTime != zeroWireTime {
		t.Errorf("cam_user = %+v, want OpenCam and no password time", a)
	}
	if n := f.run.Server.Counters().AccountCreates[inst+"/u1"]; n != 1 {
		t.Errorf("AccountCreates[u1] = %d, want 1", n)
	}

	base := obj{"DBInstanceId": inst, "UserName": "u2", "Password": "Passw0rd!x", "Type": "normal"}
	with := func(k string, v any) obj {
		m := obj{}
		for kk, vv := range base {
			m[kk] = vv
		}
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
		return m
	}
	tests := []struct {
		name   string
		params obj
		region string
		want   string
	}{
		{"exists", with("UserName", "u1"), "", codeAccountExist},
		{"builtin exists", with("UserName", "root"), "", codeAccountExist},
		{"missing instance id", with("DBInstanceId", nil), "", codeMissingParameter},
		{"missing type", with("Type", nil), "", codeMissingParameter},
		{"unknown parameter", with("Passwd", "x"), "", codeUnknownParameter},
		{"case-sensitive names", with("username", "x"), "", codeUnknownParameter},
		{"wrong type", with("UserName", 12), "", codeInvalidParameter},
		{"bool as string", with("OpenCam", "true"), "", codeInvalidParameter},
		{"bad Type value", with("Type", "admin"), "", codeParameterCheck},
		{"no password without CAM", with("Password", nil), "", codeParameterCheck},
		{"name starts with digit", with("UserName", "1abc"), "", codeAccountNameFormat},
		{"name postgres", with("UserName", "Postgres"), "", codeAccountNameFormat},
		{"name pg_ prefix", with("UserName", "PG_x"), "", codeAccountNameFormat},
		{"name tencentdb_ prefix", with("UserName", "tencentdb_x"), "", codeAccountNameFormat},
		{"name 64 chars", with("UserName", "a"+strings.Repeat("b", 63)), "", codeAccountNameFormat},
		{"name with dash", with("UserName", "a-b"), "", codeAccountNameFormat},
		{"password short", with("Password", "Aa1!aaa"), "", codePasswordLength},
		{"password long", with("Password", "Aa1!"+strings.Repeat("a", 29)), "", codePasswordLength},
		{"password no special", with("Password", "Passw0rdxx"), "", codePasswordValue},
		{"password no upper", with("Password", "passw0rd!x"), "", codePasswordValue},
		{"password leading slash", with("Password", "/Passw0rd!x"), "", codePasswordValue},
		{"password space", with("Password", "Passw0rd! x"), "", codePasswordValue},
		{"remark space", with("Remark", "a b"), "", codeParameterCharacter},
		{"remark long", with("Remark", strings.Repeat("a", 61)), "", codeParameterLength},
		{"unknown instance", with("DBInstanceId", "postgres-nope"), "", codeInstanceNotFound},
		{"other region", base, "ap-shanghai", codeInstanceNotFound},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := *f.cl
			if tc.region != "" {
				c.region = tc.region
			}
			if got := c.code("CreateAccount", tc.params); got != tc.want {
				t.Errorf("CreateAccount code = %q, want %q", got, tc.want)
			}
		})
	}
	if n := f.run.Server.Counters().AccountCreates[inst+"/u1"]; n != 1 {
		t.Errorf("AccountCreates[u1] after duplicates = %d, want 1", n)
	}
	// Boundary values that pass.
	f.cl.ok("CreateAccount", with("UserName", "_"+strings.Repeat("b", 62)))
	f.cl.ok("CreateAccount", obj{"DBInstanceId": inst, "UserName": "u3", "Password": "Aa1;'" + strings.Repeat("a", 27), "Type": "normal", "Remark": strings.Repeat("中", 60)})
}

func TestDeleteAccountIsReentrant(t *testing.T) {
	f := newFixture(t, Options{})
	f.cl.ok("DeleteAccount", obj{"DBInstanceId": inst, "UserName": "app_rw"})
	if account(t, f.run.Server, inst, "app_rw") != nil {
		t.Error("app_rw still present after DeleteAccount")
	}
	f.cl.ok("DeleteAccount", obj{"DBInstanceId": inst, "UserName": "app_rw"})
	if got := f.cl.code("DeleteAccount", obj{"DBInstanceId": "postgres-nope", "UserName": "x"}); got != codeInstanceNotFound {
		t.Errorf("DeleteAccount on unknown instance = %q", got)
	}
	if got := f.cl.code("DeleteAccount", obj{"DBInstanceId": inst, "UserName": "pg_x"}); got != codeAccountNameFormat {
		t.Errorf("DeleteAccount bad name = %q", got)
	}
	c := f.run.Server.Counters()
	if c.Mutations["DeleteAccount"] != 1 {
		t.Errorf("Mutations[DeleteAccount] = %d, want 1 (the re-entrant call changes nothing)", c.Mutations["DeleteAccount"])
	}
}

func TestAccountCAM(t *testing.T) {
	f := newFixture(t, Options{})
	ref := obj{"DBInstanceId": inst, "UserName": "app_rw"}
	if got := f.cl.code("CloseAccountCAM", obj{"DBInstanceId": inst, "UserName": "app_rw", "Password": "Passw0rd!x"}); got != codeCAMNotOpen {
		t.Errorf("Close on non-CAM = %q, want %s", got, codeCAMNotOpen)
	}
	f.cl.ok("OpenAccountCAM", ref)
	if a := account(t, f.run.Server, inst, "app_rw"); !a.OpenCam {
		t.Error("OpenCam false after OpenAccountCAM")
	}
	if got := f.cl.code("OpenAccountCAM", ref); got != codeCAMAlreadyOpen {
		t.Errorf("Open on CAM = %q, want %s", got, codeCAMAlreadyOpen)
	}
	if got := f.cl.code("CloseAccountCAM", ref); got != codeMissingParameter {
		t.Errorf("Close without password = %q, want %s", got, codeMissingParameter)
	}
	if got := f.cl.code("CloseAccountCAM", obj{"DBInstanceId": inst, "UserName": "app_rw", "Password": "short"}); got != codePasswordLength {
		t.Errorf("Close with short password = %q", got)
	}
	f.cl.ok("CloseAccountCAM", obj{"DBInstanceId": inst, "UserName": "app_rw", "Password": "Passw0rd!x", "PasswordEncrypt": false})
	if a := account(t, f.run.Server, inst, "app_rw"); a.OpenCam {
		t.Error("OpenCam true after CloseAccountCAM")
	}
	if got := f.cl.code("OpenAccountCAM", obj{"DBInstanceId": inst, "UserName": "ghost"}); got != codeAccountNotExist {
		t.Errorf("Open on missing account = %q", got)
	}
	if got := f.cl.code("CloseAccountCAM", obj{"DBInstanceId": inst, "UserName": "ghost", "Password": "Passw0rd!x"}); got != "InvalidParameterValue.AccountNotExist" {
		t.Errorf("Close on missing account = %q", got)
	}
}

func TestModifyAccountRemark(t *testing.T) {
	f := newFixture(t, Options{})
	f.cl.ok("ModifyAccountRemark", obj{"DBInstanceId": inst, "UserName": "app_rw", "Remark": "new-remark"})
	if a := account(t, f.run.Server, inst, "app_rw"); a.Remark != "new-remark" || a.UpdateTime != "2026-11-22 20:00:00" {
		t.Errorf("after ModifyAccountRemark: %+v", a)
	}
	f.cl.ok("ModifyAccountRemark", obj{"DBInstanceId": inst, "UserName": "app_rw", "Remark": ""})
	for name, tc := range map[string]struct {
		params obj
		want   string
	}{
		"missing remark":  {obj{"DBInstanceId": inst, "UserName": "app_rw"}, codeMissingParameter},
		"bad remark":      {obj{"DBInstanceId": inst, "UserName": "app_rw", "Remark": "a!"}, codeParameterCharacter},
		"missing account": {obj{"DBInstanceId": inst, "UserName": "ghost", "Remark": "x"}, codeAccountNotExist},
	} {
		if got := f.cl.code("ModifyAccountRemark", tc.params); got != tc.want {
			t.Errorf("%s: code %q, want %q", name, got, tc.want)
		}
	}
}

func TestDescribeAccountsPagingAndOrder(t *testing.T) {
	f := newFixture(t, Options{RateScale: 100})
	// 3 accounts exist; add 22, one second apart, in reverse name order.
	for i := 0; i < 22; i++ {
		f.cl.ok("CreateAccount", obj{"DBInstanceId": inst, "UserName": fmt.Sprintf("user%02d", 21-i), "Password": "Passw0rd!x", "Type": "normal"})
		f.clk.Advance(1e9)
	}
	names := func(body map[string]any) []string {
		var out []string
		for _, d := range body["Details"].([]any) {
			out = append(out, d.(map[string]any)["UserName"].(string))
		}
		return out
	}
	first := f.cl.ok("DescribeAccounts", obj{"DBInstanceId": inst})
	if got := names(first); len(got) != 20 || got[0] != "user00" || got[1] != "user01" {
		t.Errorf("default page: %d names starting %v; want 20 newest first (user00, user01)", len(got), got[:2])
	}
	if first["TotalCount"].(float64) != 25 {
		t.Errorf("TotalCount = %v, want 25", first["TotalCount"])
	}
	last := names(f.cl.ok("DescribeAccounts", obj{"DBInstanceId": inst, "Offset": 20}))
	// Oldest last: pg_monitor_tencent has 0000-… create time.
	if diff := cmp.Diff([]string{"user20", "user21", "app_rw", "root", "pg_monitor_tencent"}, last); diff != "" {
		t.Errorf("second page mismatch (-want +got):\n%s", diff)
	}
	byName := names(f.cl.ok("DescribeAccounts", obj{"DBInstanceId": inst, "OrderBy": "name", "OrderByType": "asc", "Limit": 3}))
	if diff := cmp.Diff([]string{"app_rw", "pg_monitor_tencent", "root"}, byName); diff != "" {
		t.Errorf("by name mismatch (-want +got):\n%s", diff)
	}
	all := names(f.cl.ok("DescribeAccounts", obj{"DBInstanceId": inst, "Limit": 100}))
	if len(all) != 25 {
		t.Errorf("Limit 100 returned %d", len(all))
	}
	for name, p := range map[string]obj{
		"limit 0":     {"DBInstanceId": inst, "Limit": 0},
		"limit 101":   {"DBInstanceId": inst, "Limit": 101},
		"bad orderby": {"DBInstanceId": inst, "OrderBy": "user"},
		"bad type":    {"DBInstanceId": inst, "OrderByType": "up"},
		"negative":    {"DBInstanceId": inst, "Offset": -1},
	} {
		if got := f.cl.code("DescribeAccounts", p); got != codeInvalidValue {
			t.Errorf("%s: code %q, want %s", name, got, codeInvalidValue)
		}
	}
	if got := f.cl.code("DescribeAccounts", obj{"DBInstanceId": inst, "Limit": 1.5}); got != codeInvalidParameter {
		t.Errorf("fractional Limit: %q", got)
	}
}

func TestErrorsNeverEchoPasswords(t *testing.T) {
	f := newFixture(t, Options{RateScale: 100})
	for _, pw := range []string{"Sh0rt!", "nouppercase1!x", "/Leading1!x", "Bad space1!", "Tooooooooooooooooooooooooooooooo1!"} {
		r := f.cl.do("CreateAccount", obj{"DBInstanceId": inst, "UserName": "u", "Password": pw, "Type": "normal"})
		if r.Code == "" || strings.Contains(r.Msg, pw) {
			t.Errorf("password %q: code %q, message %q", pw, r.Code, r.Msg)
		}
		r = f.cl.do("CreateLibraDBClusterAccounts", obj{"ClusterId": "libradb-aaaa0001", "Accounts": []obj{{"AccountName": "a", "AccountPassword": pw[:5], "Host": "%"}}})
		if r.Code == "" || strings.Contains(r.Msg, pw[:5]) {
			t.Errorf("LibraDB password %q: code %q, message %q", pw[:5], r.Code, r.Msg)
		}
	}
}
