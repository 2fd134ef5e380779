package config

import (
	"strings"
	"testing"
)

// checkCase is one input of a rule check and whether it must pass.
type checkCase struct {
	in string
	ok bool
}

func runChecks(t *testing.T, name string, check func(string) error, cases []checkCase) {
	t.Helper()
	for _, c := range cases {
		err := check(c.in)
		if (err == nil) != c.ok {
			t.Errorf("%s(%q) = %v; want ok=%v", name, c.in, err, c.ok)
		}
		if err != nil && len(c.in) >= 8 && strings.Contains(err.Error(), c.in) && strings.Contains(name, "Password") {
			t.Errorf("%s(%q) error contains the password", name, c.in)
		}
	}
}

func TestCheckAccountName(t *testing.T) {
	runChecks(t, "CheckAccountName", CheckAccountName, []checkCase{
		{"app_user", true}, {"_x", true}, {"A1", true}, {strings.Repeat("a", 63), true},
		{"", false}, {strings.Repeat("a", 64), false}, {"1a", false}, {"a-b", false}, {"a b", false},
		{"postgres", false}, {"POSTGRES", false}, {"pg_x", false}, {"Pg_x", false},
		{"tencentdb_x", false}, {"TencentDB_x", false}, {"pgx", true}, {"用户", false},
	})
}

func TestCheckPostgresPassword(t *testing.T) {
	runChecks(t, "CheckPostgresPassword", CheckPostgresPassword, []checkCase{
		{"Aa1!aaaa", true}, {"Aa1(" + strings.Repeat("a", 28), true}, {"Aa1`bcdefg", true},
		{"Aa1!aaa", false}, {"Aa1!" + strings.Repeat("a", 29), false},
		{"aa1!aaaa", false}, {"AA1!AAAA", false}, {"Aab!aaaa", false}, {"Aa1aaaaa", false},
		{"/Aa1!aaaa", false}, {"Aa1;aaaa", false}, {"Aa1'aaaa", false}, {"Aa1! aaaa", false},
		{"Aa1/aaaa", true},
	})
	for _, c := range PasswordSpecialChars {
		if err := CheckPostgresPassword("Aa1" + string(c) + "aaaa"); err != nil && c != '/' {
			t.Errorf("special character %q refused: %v", c, err)
		}
	}
	if n := len(PasswordSpecialChars); n != 28 {
		t.Errorf("PasswordSpecialChars has %d characters, want the documented 28", n)
	}
}

func TestCheckRemark(t *testing.T) {
	runChecks(t, "CheckRemark", CheckRemark, []checkCase{
		{"", true}, {"app-1_x", true}, {"订单服务", true}, {strings.Repeat("订", 60), true},
		{strings.Repeat("a", 61), false}, {"a b", false}, {"a.b", false}, {"é", false},
	})
}

func TestCheckLibra(t *testing.T) {
	runChecks(t, "CheckLibraAccountName", CheckLibraAccountName, []checkCase{
		{"a", true}, {"Admin_1", true}, {strings.Repeat("a", 30), true},
		{"", false}, {strings.Repeat("a", 31), false}, {"_a", false}, {"a_", false}, {"1a", false}, {"a-b", false},
	})
	runChecks(t, "CheckLibraHost", CheckLibraHost, []checkCase{
		{"%", true}, {"10.0.0.1", true}, {"10.0.0.%", false}, {"::1", false}, {"host", false}, {"", false},
	})
	runChecks(t, "CheckLibraPassword", CheckLibraPassword, []checkCase{
		{"12345678", true}, {strings.Repeat("a", 64), true}, {"1234567", false}, {strings.Repeat("a", 65), false},
	})
	for n, ok := range map[int64]bool{0: false, 1: true, 10240: true, 10241: false, -5: false} {
		if err := CheckLibraMaxUserConnections(n); (err == nil) != ok {
			t.Errorf("CheckLibraMaxUserConnections(%d) = %v; want ok=%v", n, err, ok)
		}
	}
}

func TestCheckIDs(t *testing.T) {
	runChecks(t, "CheckInstanceID", CheckInstanceID, []checkCase{{"postgres-abc123", true}, {"postgres-", false}, {"pgro-abc", false}, {"postgres-ABC", false}})
	runChecks(t, "CheckROGroupID", CheckROGroupID, []checkCase{{"pgrogrp-abc123", true}, {"pgro-abc", false}})
	runChecks(t, "CheckClusterID", CheckClusterID, []checkCase{{"libradb-i794jfvg", true}, {"cynosdbmysql-x", false}})
	runChecks(t, "CheckVIP", CheckVIP, []checkCase{{"10.0.0.1", true}, {"10.0.0.256", false}, {"::1", false}, {"", false}})
	runChecks(t, "CheckNamePattern", CheckNamePattern, []checkCase{{"orders-*", true}, {"a[", false}})
}

func TestRegions(t *testing.T) {
	if n := len(PostgresRegions()); n != 18 {
		t.Errorf("PostgresRegions has %d entries, want 18", n)
	}
	if n := len(LibraRegions()); n != 17 {
		t.Errorf("LibraRegions has %d entries, want 17", n)
	}
	runChecks(t, "CheckLibraRegion", CheckLibraRegion, []checkCase{{"ap-guangzhou", true}, {"ap-shanghai-fsi", false}, {"us-east-1", false}})
	runChecks(t, "CheckPostgresRegion", CheckPostgresRegion, []checkCase{{"ap-shanghai-fsi", true}, {"sa-saopaulo", true}, {"ap-mumbai", false}})
}
