package tcsim

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func instanceIDs(t *testing.T, c *rawClient, p obj) ([]string, float64) {
	t.Helper()
	body := c.ok("DescribeDBInstances", p)
	var ids []string
	for _, in := range body["DBInstanceSet"].([]any) {
		ids = append(ids, in.(map[string]any)["DBInstanceId"].(string))
	}
	return ids, body["TotalCount"].(float64)
}

func TestDescribeDBInstances(t *testing.T) {
	f := newFixture(t, Options{})
	filter := func(name string, values ...string) obj {
		return obj{"Filters": []obj{{"Name": name, "Values": values}}}
	}
	tests := []struct {
		name  string
		p     obj
		want  []string
		total float64
	}{
		{"all of the region", obj{}, []string{"postgres-aaaa1111", "postgres-bbbb2222"}, 2},
		{"by id", filter("db-instance-id", "postgres-bbbb2222", "postgres-cccc3333"), []string{"postgres-bbbb2222"}, 1},
		{"by name substring", filter("db-instance-name", "orders"), []string{"postgres-aaaa1111"}, 1},
		{"by tag key", filter("db-tag-key", "team"), []string{"postgres-bbbb2222"}, 1},
		{"by private ip", filter("db-private-ip", "10.0.1.5"), []string{"postgres-bbbb2222"}, 1},
		{"by public address", filter("db-public-address", "gz-billing.sql.tencentcdb.com"), []string{"postgres-bbbb2222"}, 1},
		{"filters AND", obj{"Filters": []obj{{"Name": "db-instance-name", "Values": []string{"o"}}, {"Name": "db-tag-key", "Values": []string{"env"}}}}, []string{"postgres-aaaa1111"}, 1},
		{"order desc", obj{"OrderBy": "CreateTime", "OrderByType": "desc"}, []string{"postgres-bbbb2222", "postgres-aaaa1111"}, 2},
		{"page", obj{"Limit": 1, "Offset": 1}, []string{"postgres-bbbb2222"}, 2},
		{"limit 0 means default", obj{"Limit": 0}, []string{"postgres-aaaa1111", "postgres-bbbb2222"}, 2},
		{"offset past end", obj{"Offset": 5}, nil, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ids, total := instanceIDs(t, f.cl, tc.p)
			if diff := cmp.Diff(tc.want, ids); diff != "" {
				t.Errorf("DescribeDBInstances mismatch (-want +got):\n%s", diff)
			}
			if total != tc.total {
				t.Errorf("TotalCount = %v, want %v", total, tc.total)
			}
		})
	}
	sh := *f.cl
	sh.region = "ap-shanghai"
	if ids, _ := instanceIDs(t, &sh, obj{}); !cmp.Equal(ids, []string{"postgres-cccc3333"}) {
		t.Errorf("ap-shanghai sees %v", ids)
	}
	for name, p := range map[string]obj{
		"limit 101":      {"Limit": 101},
		"unknown filter": filter("db-color", "red"),
		"bad order":      {"OrderBy": "Zone"},
	} {
		if got := f.cl.code("DescribeDBInstances", p); got != codeInvalidValue {
			t.Errorf("%s: code %q, want %s", name, got, codeInvalidValue)
		}
	}
	if got := f.cl.code("DescribeDBInstances", obj{"Filters": []obj{{"Name": "db-instance-id"}}}); got != codeMissingParameter {
		t.Errorf("filter without Values: %q", got)
	}
	if got := f.cl.code("DescribeDBInstances", obj{"Filters": []obj{{"Name": "db-instance-id", "Values": "x"}}}); got != codeInvalidParameter {
		t.Errorf("Values as string: %q", got)
	}
}

func TestDescribeDBInstanceAttributeShape(t *testing.T) {
	f := newFixture(t, Options{})
	in := f.cl.ok("DescribeDBInstanceAttribute", obj{"DBInstanceId": inst})["DBInstance"].(map[string]any)
	got := map[string]any{}
	for _, k := range []string{"DBInstanceId", "DBInstanceName", "DBInstanceStatus", "Region", "Zone", "SupportIpv6", "VpcId", "DBMajorVersion", "DBInstanceType"} {
		got[k] = in[k]
	}
	want := map[string]any{"DBInstanceId": inst, "DBInstanceName": "orders-prod", "DBInstanceStatus": "running",
		"Region": "ap-guangzhou", "Zone": "ap-guangzhou-3", "SupportIpv6": float64(1), "VpcId": "vpc-gz000001",
		"DBMajorVersion": "16", "DBInstanceType": "primary"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("DBInstance mismatch (-want +got):\n%s", diff)
	}
	tags := in["TagList"].([]any)
	if diff := cmp.Diff([]any{map[string]any{"TagKey": "env", "TagValue": "prod"}}, tags); diff != "" {
		t.Errorf("TagList mismatch (-want +got):\n%s", diff)
	}
	nets := in["DBInstanceNetInfo"].([]any)
	wantPublic := map[string]any{"Address": "", "Ip": "", "Port": float64(0), "NetType": "public", "Status": "initing",
		"VpcId": "", "SubnetId": "", "ProtocolType": ""}
	if diff := cmp.Diff(wantPublic, nets[len(nets)-1]); diff != "" {
		t.Errorf("never-opened public entry mismatch (-want +got):\n%s", diff)
	}
	if got := f.cl.code("DescribeDBInstanceAttribute", obj{"DBInstanceId": "postgres-cccc3333"}); got != codeInstanceNotFound {
		t.Errorf("instance of another region: %q", got)
	}
}

func TestDescribeTasksFilters(t *testing.T) {
	f := newFixture(t, Options{RateScale: 10})
	var ids []float64
	for _, id := range []string{inst, "postgres-bbbb2222"} {
		ids = append(ids, f.cl.ok("OpenDBExtranetAccess", obj{"DBInstanceId": id})["TaskId"].(float64))
		f.clk.Advance(5e9)
	}
	list := func(p obj) []float64 {
		var out []float64
		for _, task := range f.cl.ok("DescribeTasks", p)["TaskSet"].([]any) {
			out = append(out, task.(map[string]any)["TaskId"].(float64))
		}
		return out
	}
	if diff := cmp.Diff([]float64{ids[1], ids[0]}, list(obj{})); diff != "" {
		t.Errorf("default order (StartTime desc) mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]float64{ids[0]}, list(obj{"DBInstanceId": inst})); diff != "" {
		t.Errorf("by instance mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]float64{ids[1]}, list(obj{"MinStartTime": "2026-11-22 20:00:03"})); diff != "" {
		t.Errorf("MinStartTime mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]float64{ids[0], ids[1]}, list(obj{"OrderByType": "asc"})); diff != "" {
		t.Errorf("asc mismatch (-want +got):\n%s", diff)
	}
	if got := f.cl.code("DescribeTasks", obj{"MinStartTime": "yesterday"}); got != codeInvalidValue {
		t.Errorf("bad time: %q", got)
	}
	task := f.cl.ok("DescribeTasks", obj{"TaskId": ids[0]})["TaskSet"].([]any)[0].(map[string]any)
	if task["TaskType"] != "OpenDBExtranetAccess" || task["StartTime"] != "2026-11-22 20:00:00" || task["EndTime"] != "2026-11-22 20:00:02" {
		t.Errorf("task = %v", task)
	}
	if in := task["TaskDetail"].(map[string]any)["Input"]; in != fmt.Sprintf(`{"DBInstanceId":%q,"IsIpv6":0}`, inst) {
		t.Errorf("TaskDetail.Input = %v", in)
	}
}
