package tcsim

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const cluster = "libradb-aaaa0001"

func libraAccounts(t *testing.T, c *rawClient, p obj) ([]string, float64) {
	t.Helper()
	if p == nil {
		p = obj{}
	}
	p["ClusterId"] = cluster
	body := c.ok("DescribeLibraDBClusterAccounts", p)
	var out []string
	for _, a := range body["AccountSet"].([]any) {
		m := a.(map[string]any)
		out = append(out, m["AccountName"].(string)+"@"+m["Host"].(string))
	}
	return out, body["TotalCount"].(float64)
}

func TestLibraDBAccounts(t *testing.T) {
	f := newFixture(t, Options{RateScale: 10})
	newAcc := func(name, host string) obj {
		return obj{"AccountName": name, "AccountPassword": "Admin*111", "Host": host}
	}
	f.cl.ok("CreateLibraDBClusterAccounts", obj{"ClusterId": cluster, "Accounts": []obj{
		newAcc("app", "%"), {"AccountName": "app", "AccountPassword": "Admin*111", "Host": "10.0.0.1", "Description": "d", "MaxUserConnections": 100, "PasswordRotation": 1},
	}, "EncryptMethod": "hash"})
	got, total := libraAccounts(t, f.cl, nil)
	if diff := cmp.Diff([]string{"app@%", "app@10.0.0.1", "root@%"}, got); diff != "" || total != 3 {
		t.Errorf("accounts mismatch (-want +got):\n%s total %v", diff, total)
	}
	if n := f.run.Server.Counters().AccountCreates[cluster+"/app@10.0.0.1"]; n != 1 {
		t.Errorf("AccountCreates = %d", n)
	}

	// Atomic batch: one existing account fails all, nothing is created.
	tests := []struct {
		name     string
		accounts []obj
		want     string
	}{
		{"existing in batch", []obj{newAcc("fresh", "%"), newAcc("app", "%")}, codeAccountExist},
		{"duplicate within batch", []obj{newAcc("fresh", "%"), newAcc("fresh", "%")}, codeAccountExist},
		{"builtin root", []obj{newAcc("root", "10.0.0.2")}, codeInternalAccount},
		{"bad name", []obj{newAcc("fresh", "%"), newAcc("1bad", "%")}, codeInvalidValue},
		{"name ends with _", []obj{newAcc("bad_", "%")}, codeInvalidValue},
		{"name 31 chars", []obj{newAcc("a"+strings.Repeat("b", 30), "%")}, codeInvalidValue},
		{"bad host", []obj{newAcc("fresh", "10.0.0.*")}, codeInvalidValue},
		{"short password", []obj{{"AccountName": "fresh", "AccountPassword": "short", "Host": "%"}}, codeIllegalPassword},
		{"too many connections", []obj{{"AccountName": "fresh", "AccountPassword": "Admin*111", "Host": "%", "MaxUserConnections": 10241}}, codeInvalidValue},
		{"missing host", []obj{{"AccountName": "fresh", "AccountPassword": "Admin*111"}}, codeMissingParameter},
		{"empty batch", []obj{}, codeInvalidValue},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := f.cl.code("CreateLibraDBClusterAccounts", obj{"ClusterId": cluster, "Accounts": tc.accounts}); got != tc.want {
				t.Errorf("code %q, want %q", got, tc.want)
			}
		})
	}
	if got, _ := libraAccounts(t, f.cl, obj{"AccountNames": []string{"fresh"}}); got != nil {
		t.Errorf("a failed batch created %v", got)
	}
	if got := f.cl.code("CreateLibraDBClusterAccounts", obj{"ClusterId": "libradb-nope", "Accounts": []obj{newAcc("x", "%")}}); got != codeClusterNotFound {
		t.Errorf("unknown cluster: %q", got)
	}

	// Describe filters and paging.
	if got, _ := libraAccounts(t, f.cl, obj{"Hosts": []string{"10.0.0.1"}}); !cmp.Equal(got, []string{"app@10.0.0.1"}) {
		t.Errorf("Hosts filter: %v", got)
	}
	if got, _ := libraAccounts(t, f.cl, obj{"AccountRegular": "oo"}); !cmp.Equal(got, []string{"root@%"}) {
		t.Errorf("AccountRegular: %v", got)
	}
	if got, total := libraAccounts(t, f.cl, obj{"Limit": 1, "Offset": 1}); !cmp.Equal(got, []string{"app@10.0.0.1"}) || total != 3 {
		t.Errorf("page: %v total %v", got, total)
	}

	// Modify description (Host defaults to %).
	f.cl.ok("ModifyLibraDBClusterAccountDescription", obj{"ClusterId": cluster, "AccountName": "app", "Description": "new"})
	body := f.cl.ok("DescribeLibraDBClusterAccounts", obj{"ClusterId": cluster, "AccountNames": []string{"app"}, "Hosts": []string{"%"}})
	if d := body["AccountSet"].([]any)[0].(map[string]any)["Description"]; d != "new" {
		t.Errorf("description = %v", d)
	}
	if got := f.cl.code("ModifyLibraDBClusterAccountDescription", obj{"ClusterId": cluster, "AccountName": "ghost", "Description": "x"}); got != codeLibraAccountMissing {
		t.Errorf("modify missing: %q", got)
	}
	if got := f.cl.code("ModifyLibraDBClusterAccountDescription", obj{"ClusterId": cluster, "AccountName": "root", "Description": "x"}); got != codeInternalAccount {
		t.Errorf("modify root: %q", got)
	}

	// Delete: atomic, not re-entrant.
	if got := f.cl.code("DeleteLibraDBClusterAccounts", obj{"ClusterId": cluster, "Accounts": []obj{{"AccountName": "app"}, {"AccountName": "ghost"}}}); got != codeLibraAccountMissing {
		t.Errorf("delete with a missing account: %q", got)
	}
	if got, _ := libraAccounts(t, f.cl, obj{"AccountNames": []string{"app"}}); len(got) != 2 {
		t.Errorf("failed delete batch removed accounts: %v", got)
	}
	if got := f.cl.code("DeleteLibraDBClusterAccounts", obj{"ClusterId": cluster, "Accounts": []obj{{"AccountName": "root"}}}); got != codeInternalAccount {
		t.Errorf("delete root: %q", got)
	}
	f.cl.ok("DeleteLibraDBClusterAccounts", obj{"ClusterId": cluster, "Accounts": []obj{{"AccountName": "app"}, {"AccountName": "app", "Host": "10.0.0.1"}}})
	if got, _ := libraAccounts(t, f.cl, nil); !cmp.Equal(got, []string{"root@%"}) {
		t.Errorf("after delete: %v", got)
	}
	if got := f.cl.code("DeleteLibraDBClusterAccounts", obj{"ClusterId": cluster, "Accounts": []obj{{"AccountName": "app"}}}); got != codeLibraAccountMissing {
		t.Errorf("second delete: %q", got)
	}
}

func TestDescribeLibraDBClusters(t *testing.T) {
	f := newFixture(t, Options{})
	body := f.cl.ok("DescribeLibraDBClusters", obj{})
	set := body["ClusterSet"].([]any)
	if len(set) != 1 || body["TotalCount"].(float64) != 1 {
		t.Fatalf("clusters = %v", body)
	}
	c := set[0].(map[string]any)
	if c["ClusterId"] != cluster || c["ClusterName"] != "analytics" || c["Status"] != "running" || c["Region"] != "ap-guangzhou" {
		t.Errorf("cluster = %v", c)
	}
	filtered := f.cl.ok("DescribeLibraDBClusters", obj{"Filters": []obj{{"Names": []string{"ClusterId"}, "Values": []string{"libradb-other"}, "ExactMatch": true}}})
	if n := len(filtered["ClusterSet"].([]any)); n != 0 {
		t.Errorf("filter by other id returned %d", n)
	}
	if got := f.cl.code("DescribeLibraDBClusters", obj{"OrderBy": "color"}); got != codeIllegalOrderBy {
		t.Errorf("bad OrderBy: %q", got)
	}
	// ap-shanghai-fsi is a postgres region but not a LibraDB one.
	fsi := *f.cl
	fsi.region = "ap-shanghai-fsi"
	if got := fsi.code("DescribeLibraDBClusters", obj{}); got != codeUnsupportedRegion {
		t.Errorf("fsi region: %q", got)
	}
	if got := fsi.code("DescribeDBInstances", obj{}); got != "" {
		t.Errorf("postgres in fsi region: %q", got)
	}
}

// TestArrayParameterBound: array parameters hold at most 100 items (no
// documented bound; page sizes are at most 100), so one call cannot create
// 60,000 accounts or filter on 60,000 ids.
func TestArrayParameterBound(t *testing.T) {
	f := newFixture(t, Options{RateScale: 10})
	accounts := func(n int) []obj {
		var out []obj
		for i := range n {
			out = append(out, obj{"AccountName": fmt.Sprintf("bulk%05d", i), "AccountPassword": "Admin*111", "Host": "%"})
		}
		return out
	}
	if got := f.cl.code("CreateLibraDBClusterAccounts", obj{"ClusterId": cluster, "Accounts": accounts(5000)}); got != codeInvalidValue {
		t.Errorf("5,000 accounts in one call: %q, want %s", got, codeInvalidValue)
	}
	if got := f.cl.code("CreateLibraDBClusterAccounts", obj{"ClusterId": cluster, "Accounts": accounts(101)}); got != codeInvalidValue {
		t.Errorf("101 accounts in one call: %q, want %s", got, codeInvalidValue)
	}
	f.cl.ok("CreateLibraDBClusterAccounts", obj{"ClusterId": cluster, "Accounts": accounts(100)})
	if n := len(f.run.Server.Counters().AccountCreates); n != 100 {
		t.Errorf("%d accounts created, want 100 (only the call within the bound)", n)
	}
	ids := make([]string, 101)
	for i := range ids {
		ids[i] = fmt.Sprintf("postgres-%08d", i)
	}
	if got := f.cl.code("DescribeDBInstances", obj{"Filters": []obj{{"Name": "db-instance-id", "Values": ids}}}); got != codeInvalidValue {
		t.Errorf("101 filter values: %q, want %s", got, codeInvalidValue)
	}
	f.cl.ok("DescribeDBInstances", obj{"Filters": []obj{{"Name": "db-instance-id", "Values": ids[:100]}}})
}
