package tcsim

import (
	"net/http"
	"strings"
	"testing"
)

func variantOpts(t *testing.T, switches ...string) Options {
	t.Helper()
	var v Variants
	for _, s := range switches {
		if err := ParseVariant(s, &v); err != nil {
			t.Fatal(err)
		}
	}
	return Options{Variants: v, RateScale: 100}
}

func TestParseVariant(t *testing.T) {
	for _, s := range PlausibleVariants() {
		var v Variants
		if err := ParseVariant(s, &v); err != nil || v == (Variants{}) {
			t.Errorf("ParseVariant(%q) = %v, %+v; want a non-default variant", s, err, v)
		}
		if name, _, _ := strings.Cut(s, "="); !strings.Contains(VariantHelp(), "  "+name+"=") {
			t.Errorf("VariantHelp does not list %s", name)
		}
	}
	for _, s := range []string{"opencam", "opencam=maybe", "nosuch=1", "stale-polls=-1", "stale-polls=x", "account-exists=not a code", "ipv6=v6"} {
		var v Variants
		if err := ParseVariant(s, &v); err == nil {
			t.Errorf("ParseVariant(%q) accepted", s)
		}
	}
	var v Variants
	for _, s := range []string{"account-exists=X.Y", "account-exists=InvalidParameterValue.AccountExist", "ipv6=address", "ipv6=entry", "reopen-extranet=noop"} {
		if err := ParseVariant(s, &v); err != nil {
			t.Fatal(err)
		}
	}
	if v != (Variants{}) {
		t.Errorf("the default values do not reset the variants: %+v", v)
	}
}

func TestVariantAccountExists(t *testing.T) {
	f := newFixture(t, variantOpts(t, "account-exists=FailedOperation.FailedOperationError"))
	if got := f.cl.code("CreateAccount", obj{"DBInstanceId": inst, "UserName": "app_rw", "Password": "Very$ecret1", "Type": "normal"}); got != "FailedOperation.FailedOperationError" {
		t.Errorf("postgres: %q", got)
	}
	if got := f.cl.code("CreateLibraDBClusterAccounts", obj{"ClusterId": cluster, "Accounts": []obj{{"AccountName": "root", "AccountPassword": "Admin*111", "Host": "10.0.0.9"}}}); got != codeInternalAccount {
		t.Errorf("a built-in account is still refused as such: %q", got)
	}
	acc := []obj{{"AccountName": "etl", "AccountPassword": "Admin*111", "Host": "%"}}
	f.cl.ok("CreateLibraDBClusterAccounts", obj{"ClusterId": cluster, "Accounts": acc})
	if got := f.cl.code("CreateLibraDBClusterAccounts", obj{"ClusterId": cluster, "Accounts": acc}); got != "FailedOperation.FailedOperationError" {
		t.Errorf("LibraDB: %q", got)
	}
}

func TestVariantOpenCamAbsent(t *testing.T) {
	f := newFixture(t, variantOpts(t, "opencam=absent"))
	body := f.cl.ok("DescribeAccounts", obj{"DBInstanceId": inst})
	for _, d := range body["Details"].([]any) {
		if _, ok := d.(map[string]any)["OpenCam"]; ok {
			t.Errorf("OpenCam reported: %v", d)
		}
	}
}

func TestVariantIPv6(t *testing.T) {
	for _, tc := range []struct{ mode, netType, ipField, emptyField string }{
		{IPv6NetType, netTypeIPv6, "Ip", "Address"},
		{IPv6Address, "public", "Address", "Ip"},
	} {
		t.Run(tc.mode, func(t *testing.T) {
			f := newFixture(t, variantOpts(t, "ipv6="+tc.mode))
			f.cl.ok("OpenDBExtranetAccess", obj{"DBInstanceId": inst, "IsIpv6": 1})
			nets := f.cl.ok("DescribeDBInstanceAttribute", obj{"DBInstanceId": inst})["DBInstance"].(map[string]any)["DBInstanceNetInfo"].([]any)
			var v6 map[string]any
			for _, n := range nets {
				m := n.(map[string]any)
				if strings.Contains(m["Ip"].(string)+m["Address"].(string), ":") {
					v6 = m
				}
			}
			if v6 == nil || v6["NetType"] != tc.netType || !strings.Contains(v6[tc.ipField].(string), ":") || v6[tc.emptyField] != "" {
				t.Errorf("IPv6 entry %v, want NetType %s and the literal in %s only", v6, tc.netType, tc.ipField)
			}
			if tc.mode == IPv6Address && nets[0].(map[string]any)["Address"] != v6["Address"] {
				t.Errorf("the IPv6 entry is not listed first: %v", nets)
			}
		})
	}
}

func TestVariantStalePolls(t *testing.T) {
	f := newFixture(t, variantOpts(t, "stale-polls=2"))
	f.cl.ok("OpenDBExtranetAccess", obj{"DBInstanceId": inst})
	var seen []string
	for range 3 {
		net, st := publicStatus(t, f.cl, inst, false)
		status := "none"
		if net != nil {
			status = net["Status"].(string)
		}
		seen = append(seen, status+"/"+st)
	}
	if want := "initing/running initing/running opening/network changing"; strings.Join(seen, " ") != want {
		t.Errorf("reads after the call: %v, want %s", seen, want)
	}
	f.clk.Advance(DefaultFlowDuration)
	f.cl.ok("CreateReadOnlyGroupNetworkAccess", obj{"ReadOnlyGroupId": "pgrogrp-aaaa0001", "VpcId": "vpc-x", "SubnetId": "subnet-x", "IsAssignVip": false})
	groupStatus := func() string {
		b := f.cl.ok("DescribeReadOnlyGroups", obj{"Filters": []obj{{"Name": "db-master-instance-id", "Values": []string{inst}}}})
		return b["ReadOnlyGroupList"].([]any)[0].(map[string]any)["Status"].(string)
	}
	if got := []string{groupStatus(), groupStatus(), groupStatus()}; strings.Join(got, " ") != "ok ok modifying" {
		t.Errorf("group reads after the call: %v", got)
	}
}

func TestVariantReopenExtranet(t *testing.T) {
	f := newFixture(t, variantOpts(t, "reopen-extranet=FailedOperation.FailedOperationError"))
	if got := f.cl.code("CloseDBExtranetAccess", obj{"DBInstanceId": inst}); got != "FailedOperation.FailedOperationError" {
		t.Errorf("closing a never-opened entry: %q", got)
	}
	f.cl.ok("OpenDBExtranetAccess", obj{"DBInstanceId": inst})
	f.clk.Advance(DefaultFlowDuration)
	if got := f.cl.code("OpenDBExtranetAccess", obj{"DBInstanceId": inst}); got != "FailedOperation.FailedOperationError" {
		t.Errorf("reopening: %q", got)
	}
}

func TestVariantLibra(t *testing.T) {
	newAcc := func(name string) obj { return obj{"AccountName": name, "AccountPassword": "Admin*111", "Host": "%"} }
	t.Run("missing account", func(t *testing.T) {
		f := newFixture(t, variantOpts(t, "libra-account-missing=FailedOperation.OperationFailedError"))
		if got := f.cl.code("ModifyLibraDBClusterAccountDescription", obj{"ClusterId": cluster, "AccountName": "nobody", "Description": "d"}); got != "FailedOperation.OperationFailedError" {
			t.Errorf("%q", got)
		}
	})
	t.Run("limit 0", func(t *testing.T) {
		for _, v := range []string{"libra-limit0=reject", "libra-limit0=default"} {
			f := newFixture(t, variantOpts(t, v))
			got := f.cl.code("DescribeLibraDBClusterAccounts", obj{"ClusterId": cluster, "Limit": 0}) +
				f.cl.code("DescribeLibraDBClusters", obj{"Limit": 0})
			if (got == "") != (v == "libra-limit0=default") {
				t.Errorf("%s: codes %q", v, got)
			}
		}
	})
	t.Run("schema filters", func(t *testing.T) {
		f := newFixture(t, variantOpts(t, "libra-filters=schema"))
		for _, flt := range []obj{{"Names": []string{"clusterid"}, "Values": []string{cluster}},
			{"Name": "InstanceId", "Values": []string{"libradb-ins-aaaa0001"}},
			{"Names": []string{"InstanceName"}, "Values": []string{"analy"}}} {
			b := f.cl.ok("DescribeLibraDBClusters", obj{"Filters": []obj{flt}})
			if b["TotalCount"].(float64) != 1 {
				t.Errorf("filter %v found %v clusters, want 1", flt, b["TotalCount"])
			}
		}
		if got := f.cl.code("DescribeLibraDBClusters", obj{"Filters": []obj{{"Names": []string{"Status"}, "Values": []string{"running"}}}}); got != codeInvalidValue {
			t.Errorf("a name outside the schema: %q", got)
		}
	})
	t.Run("partial batch", func(t *testing.T) {
		f := newFixture(t, variantOpts(t, "libra-batch=partial"))
		f.cl.ok("CreateLibraDBClusterAccounts", obj{"ClusterId": cluster, "Accounts": []obj{newAcc("b")}})
		if got := f.cl.code("CreateLibraDBClusterAccounts", obj{"ClusterId": cluster, "Accounts": []obj{newAcc("a"), newAcc("b"), newAcc("c")}}); got != codeAccountExist {
			t.Errorf("%q", got)
		}
		got, _ := libraAccounts(t, f.cl, nil)
		if strings.Join(got, " ") != "a@% b@% root@%" {
			t.Errorf("accounts %v, want a created before the existing b, c not", got)
		}
	})
	t.Run("batch max", func(t *testing.T) {
		f := newFixture(t, variantOpts(t, "libra-batch-max=2"))
		if got := f.cl.code("CreateLibraDBClusterAccounts", obj{"ClusterId": cluster, "Accounts": []obj{newAcc("a"), newAcc("b"), newAcc("c")}}); got != codeInvalidValue {
			t.Errorf("%q", got)
		}
		f.cl.ok("CreateLibraDBClusterAccounts", obj{"ClusterId": cluster, "Accounts": []obj{newAcc("a"), newAcc("b")}})
	})
}

func TestVariantErrorStatus(t *testing.T) {
	f := newFixture(t, variantOpts(t, "error-status=http"))
	status, code := rawAnswer(t, f.cl.signed("DescribeAccounts", []byte(`{"DBInstanceId":"postgres-nothere1"}`)))
	if status != http.StatusBadRequest || code == "" {
		t.Errorf("HTTP %d %q, want 400 with the error", status, code)
	}
	f2 := newFixture(t, Options{Variants: Variants{ErrorHTTPStatus: true}, Faults: []FaultRule{{Action: "DescribeAccounts", Rate: 1, Mode: FaultError}}})
	if status, code := rawAnswer(t, f2.cl.signed("DescribeAccounts", []byte(`{"DBInstanceId":"`+inst+`"}`))); status != http.StatusInternalServerError || code != codeInternalError {
		t.Errorf("HTTP %d %q, want 500 InternalError", status, code)
	}
}

func TestVariantTotalCountPage(t *testing.T) {
	f := newFixture(t, variantOpts(t, "account-total=page"))
	b := f.cl.ok("DescribeAccounts", obj{"DBInstanceId": inst, "Limit": 1, "Offset": 1})
	if b["TotalCount"].(float64) != 1 {
		t.Errorf("TotalCount %v, want the page's 1", b["TotalCount"])
	}
}
