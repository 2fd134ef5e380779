package tcsim

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// publicStatus reads the instance's IPv4 public entry and status via the API.
func publicStatus(t *testing.T, c *rawClient, id string, ipv6 bool) (net map[string]any, status string) {
	t.Helper()
	body := c.ok("DescribeDBInstanceAttribute", obj{"DBInstanceId": id})
	in := body["DBInstance"].(map[string]any)
	for _, n := range in["DBInstanceNetInfo"].([]any) {
		m := n.(map[string]any)
		ip, _ := m["Ip"].(string)
		isV6 := len(ip) > 0 && containsColon(ip)
		if m["NetType"] == "public" && isV6 == ipv6 {
			net = m
		}
	}
	return net, in["DBInstanceStatus"].(string)
}

func containsColon(s string) bool {
	for _, c := range s {
		if c == ':' {
			return true
		}
	}
	return false
}

func taskStatus(t *testing.T, c *rawClient, id float64) (string, float64) {
	t.Helper()
	body := c.ok("DescribeTasks", obj{"TaskId": id})
	set := body["TaskSet"].([]any)
	if len(set) != 1 {
		t.Fatalf("DescribeTasks(%v) returned %d tasks", id, len(set))
	}
	task := set[0].(map[string]any)
	return task["Status"].(string), task["Progress"].(float64)
}

func TestExtranetFlow(t *testing.T) {
	f := newFixture(t, Options{FlowDuration: 3 * time.Second})
	net, st := publicStatus(t, f.cl, inst, false)
	if net["Status"] != "initing" || st != "running" {
		t.Fatalf("initial public entry %v, instance %s; want initing, running", net, st)
	}
	resp := f.cl.ok("OpenDBExtranetAccess", obj{"DBInstanceId": inst})
	if resp["FlowId"] != resp["TaskId"] || resp["FlowId"].(float64) < 1 {
		t.Errorf("FlowId %v, TaskId %v: want equal and positive", resp["FlowId"], resp["TaskId"])
	}
	flow := resp["FlowId"].(float64)
	net, st = publicStatus(t, f.cl, inst, false)
	if net["Status"] != "opening" || st != "network changing" {
		t.Errorf("during flow: public %v, instance %q", net["Status"], st)
	}
	if s, p := taskStatus(t, f.cl, flow); s != "Running" || p != 0 {
		t.Errorf("task at start = %s %v%%, want Running 0%%", s, p)
	}
	// The instance is locked meanwhile.
	for _, a := range []struct {
		action string
		params obj
	}{
		{"OpenDBExtranetAccess", obj{"DBInstanceId": inst}},
		{"CloseDBExtranetAccess", obj{"DBInstanceId": inst}},
		{"CreateAccount", obj{"DBInstanceId": inst, "UserName": "x", "Password": "Passw0rd!x", "Type": "normal"}},
	} {
		if got := f.cl.code(a.action, a.params); got != codeInstanceStatusOp {
			t.Errorf("%s during flow = %q, want %s", a.action, got, codeInstanceStatusOp)
		}
	}
	f.clk.Advance(2 * time.Second)
	if s, p := taskStatus(t, f.cl, flow); s != "Running" || p != 66 {
		t.Errorf("task at 2s of 3s = %s %v%%, want Running 66%%", s, p)
	}
	if net, _ := publicStatus(t, f.cl, inst, false); net["Status"] != "opening" {
		t.Errorf("public at 2s = %v, want opening", net["Status"])
	}
	f.clk.Advance(time.Second)
	net, st = publicStatus(t, f.cl, inst, false)
	if net["Status"] != "opened" || st != "running" || net["Address"] == "" || net["Port"].(float64) == 0 {
		t.Errorf("after flow: public %v, instance %q; want opened with address, running", net, st)
	}
	if s, p := taskStatus(t, f.cl, flow); s != "Success" || p != 100 {
		t.Errorf("task after end = %s %v%%, want Success 100%%", s, p)
	}

	// Close: closing, then closed.
	resp = f.cl.ok("CloseDBExtranetAccess", obj{"DBInstanceId": inst, "IsIpv6": 0})
	if net, _ := publicStatus(t, f.cl, inst, false); net["Status"] != "closing" {
		t.Errorf("public after Close = %v, want closing", net["Status"])
	}
	f.clk.Advance(3 * time.Second)
	if net, st := publicStatus(t, f.cl, inst, false); net["Status"] != "closed" || st != "running" {
		t.Errorf("public after close flow = %v (%s), want closed", net["Status"], st)
	}
	if resp["FlowId"].(float64) != flow+1 {
		t.Errorf("second flow id %v, want %v", resp["FlowId"], flow+1)
	}
}

func TestExtranetIPv6AndErrors(t *testing.T) {
	f := newFixture(t, Options{})
	if got := f.cl.code("OpenDBExtranetAccess", obj{"DBInstanceId": "postgres-bbbb2222", "IsIpv6": 1}); got != codeIpv6NotSupported {
		t.Errorf("IPv6 on unsupported = %q", got)
	}
	if got := f.cl.code("OpenDBExtranetAccess", obj{"DBInstanceId": inst, "IsIpv6": 2}); got != codeInvalidValue {
		t.Errorf("IsIpv6 2 = %q", got)
	}
	if got := f.cl.code("OpenDBExtranetAccess", obj{"DBInstanceId": "postgres-nope"}); got != codeInstanceNotFound {
		t.Errorf("unknown instance = %q", got)
	}
	f.cl.ok("OpenDBExtranetAccess", obj{"DBInstanceId": inst, "IsIpv6": 1})
	f.clk.Advance(DefaultFlowDuration)
	net, _ := publicStatus(t, f.cl, inst, true)
	if net == nil || net["Status"] != "opened" {
		t.Errorf("IPv6 public entry = %v, want opened", net)
	}
	if v4, _ := publicStatus(t, f.cl, inst, false); v4["Status"] != "initing" {
		t.Errorf("IPv4 entry changed to %v by an IPv6 open", v4["Status"])
	}
	// Opening an opened entry is accepted and changes nothing.
	f.cl.ok("OpenDBExtranetAccess", obj{"DBInstanceId": "postgres-bbbb2222"})
	f.clk.Advance(DefaultFlowDuration)
	if net, _ := publicStatus(t, f.cl, "postgres-bbbb2222", false); net["Status"] != "opened" || net["Address"] != "gz-billing.sql.tencentcdb.com" {
		t.Errorf("re-open changed the entry: %v", net)
	}
}

func groupNets(t *testing.T, c *rawClient) (status string, nets []map[string]any) {
	t.Helper()
	body := c.ok("DescribeReadOnlyGroups", obj{"Filters": []obj{{"Name": "db-master-instance-id", "Values": []string{inst}}}})
	list := body["ReadOnlyGroupList"].([]any)
	if len(list) != 1 {
		t.Fatalf("groups = %d, want 1", len(list))
	}
	g := list[0].(map[string]any)
	for _, n := range g["DBInstanceNetInfo"].([]any) {
		nets = append(nets, n.(map[string]any))
	}
	return g["Status"].(string), nets
}

func TestROGroupNetworkFlow(t *testing.T) {
	f := newFixture(t, Options{})
	const grp = "pgrogrp-aaaa0001"
	add := obj{"ReadOnlyGroupId": grp, "VpcId": "vpc-gz000002", "SubnetId": "subnet-gz000009", "IsAssignVip": true, "Vip": "10.1.0.7"}
	resp := f.cl.ok("CreateReadOnlyGroupNetworkAccess", add)
	if resp["FlowId"] != resp["TaskId"] {
		t.Errorf("FlowId %v != TaskId %v", resp["FlowId"], resp["TaskId"])
	}
	st, nets := groupNets(t, f.cl)
	if st != "modifying" || len(nets) != 2 || nets[1]["Status"] != "opening" || nets[1]["Ip"] != "10.1.0.7" {
		t.Errorf("during create: group %s nets %v", st, nets)
	}
	if got := f.cl.code("CreateReadOnlyGroupNetworkAccess", add); got != codeROGroupStatus {
		t.Errorf("second call during flow = %q, want %s", got, codeROGroupStatus)
	}
	f.clk.Advance(DefaultFlowDuration)
	st, nets = groupNets(t, f.cl)
	if st != "ok" || nets[1]["Status"] != "opened" {
		t.Errorf("after create flow: group %s nets %v", st, nets)
	}
	if s, _ := taskStatus(t, f.cl, resp["TaskId"].(float64)); s != "Success" {
		t.Errorf("task = %s", s)
	}
	// Third network: limit of 2.
	auto := obj{"ReadOnlyGroupId": grp, "VpcId": "vpc-gz000003", "SubnetId": "subnet-x", "IsAssignVip": false}
	if got := f.cl.code("CreateReadOnlyGroupNetworkAccess", auto); got != codeNetworkNumLimit {
		t.Errorf("third network = %q, want %s", got, codeNetworkNumLimit)
	}
	// Delete the original network: closing, then gone.
	del := obj{"ReadOnlyGroupId": grp, "VpcId": "vpc-gz000001", "SubnetId": "subnet-gz000001", "Vip": "10.0.0.88"}
	f.cl.ok("DeleteReadOnlyGroupNetworkAccess", del)
	if st, nets := groupNets(t, f.cl); st != "modifying" || nets[0]["Status"] != "closing" {
		t.Errorf("during delete: %s %v", st, nets)
	}
	f.clk.Advance(DefaultFlowDuration)
	st, nets = groupNets(t, f.cl)
	if st != "ok" || len(nets) != 1 || nets[0]["Ip"] != "10.1.0.7" {
		t.Errorf("after delete: %s %v", st, nets)
	}
	// The last network cannot be deleted.
	last := obj{"ReadOnlyGroupId": grp, "VpcId": "vpc-gz000002", "SubnetId": "subnet-gz000009", "Vip": "10.1.0.7"}
	if got := f.cl.code("DeleteReadOnlyGroupNetworkAccess", last); got != codeNetworkNumLimit {
		t.Errorf("delete last = %q, want %s", got, codeNetworkNumLimit)
	}
	// Auto VIP.
	f.cl.ok("CreateReadOnlyGroupNetworkAccess", auto)
	f.clk.Advance(DefaultFlowDuration)
	if _, nets := groupNets(t, f.cl); len(nets) != 2 || nets[1]["Ip"] == "" {
		t.Errorf("auto VIP network: %v", nets)
	}

	tests := []struct {
		name   string
		action string
		params obj
		want   string
	}{
		{"unknown group", "CreateReadOnlyGroupNetworkAccess", obj{"ReadOnlyGroupId": "pgrogrp-nope", "VpcId": "v", "SubnetId": "s", "IsAssignVip": false}, codeROGroupNotFound},
		{"classic network", "CreateReadOnlyGroupNetworkAccess", obj{"ReadOnlyGroupId": grp, "VpcId": "0", "SubnetId": "0", "IsAssignVip": false}, codeBasicNetworkDenied},
		{"missing IsAssignVip", "CreateReadOnlyGroupNetworkAccess", obj{"ReadOnlyGroupId": grp, "VpcId": "v", "SubnetId": "s"}, codeMissingParameter},
		{"bad vip", "CreateReadOnlyGroupNetworkAccess", obj{"ReadOnlyGroupId": grp, "VpcId": "v", "SubnetId": "s", "IsAssignVip": true, "Vip": "300.1.1.1"}, codeInvalidValue},
		{"delete unknown network", "DeleteReadOnlyGroupNetworkAccess", obj{"ReadOnlyGroupId": grp, "VpcId": "v", "SubnetId": "s", "Vip": "1.2.3.4"}, codeVpcNotFound},
		{"delete missing vip", "DeleteReadOnlyGroupNetworkAccess", obj{"ReadOnlyGroupId": grp, "VpcId": "v", "SubnetId": "s"}, codeMissingParameter},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := f.cl.code(tc.action, tc.params); got != tc.want {
				t.Errorf("%s = %q, want %q", tc.action, got, tc.want)
			}
		})
	}
}

func TestDescribeReadOnlyGroupsPaging(t *testing.T) {
	w := loadTestWorld(t)
	for _, id := range []string{"pgrogrp-b0000002", "pgrogrp-b0000003", "pgrogrp-b0000004"} {
		w.ROGroups = append(w.ROGroups, ROGroup{ID: id, MasterInstanceID: inst})
	}
	w.ROGroups = append(w.ROGroups, ROGroup{ID: "pgrogrp-other001", MasterInstanceID: "postgres-bbbb2222"})
	clk := newFixture(t, Options{}).clk
	run := NewTestServer(t, w, Options{Clock: clk})
	c := &rawClient{t: t, url: run.URL, id: testID1, key: testKey1, clk: clk, region: "ap-guangzhou"}
	ids := func(p obj) []string {
		var out []string
		for _, g := range c.ok("DescribeReadOnlyGroups", p)["ReadOnlyGroupList"].([]any) {
			out = append(out, g.(map[string]any)["ReadOnlyGroupId"].(string))
		}
		return out
	}
	master := []obj{{"Name": "db-master-instance-id", "Values": []string{inst}}}
	body := c.ok("DescribeReadOnlyGroups", obj{"Filters": master})
	if _, has := body["TotalCount"]; has {
		t.Error("DescribeReadOnlyGroups answered a TotalCount; the API has none")
	}
	var pages [][]string
	for n := 1; n <= 3; n++ {
		pages = append(pages, ids(obj{"Filters": master, "PageSize": 3, "PageNumber": n, "OrderBy": "ROGroupId"}))
	}
	want := [][]string{{"pgrogrp-aaaa0001", "pgrogrp-b0000002", "pgrogrp-b0000003"}, {"pgrogrp-b0000004"}, nil}
	if diff := cmp.Diff(want, pages); diff != "" {
		t.Errorf("pages mismatch (-want +got):\n%s", diff)
	}
	one := ids(obj{"Filters": append(master, obj{"Name": "read-only-group-id", "Values": []string{"pgrogrp-b0000003"}})})
	if diff := cmp.Diff([]string{"pgrogrp-b0000003"}, one); diff != "" {
		t.Errorf("group filter mismatch (-want +got):\n%s", diff)
	}
	for name, tc := range map[string]struct {
		p    obj
		want string
	}{
		"no master filter": {obj{}, codeMissingParameter},
		"page size 100":    {obj{"Filters": master, "PageSize": 100}, codeInvalidValue},
		"page number 0":    {obj{"Filters": master, "PageNumber": 0}, codeInvalidValue},
		"unknown filter":   {obj{"Filters": []obj{{"Name": "zone", "Values": []string{"x"}}}}, codeInvalidValue},
	} {
		if got := c.code("DescribeReadOnlyGroups", tc.p); got != tc.want {
			t.Errorf("%s: code %q, want %q", name, got, tc.want)
		}
	}
}
