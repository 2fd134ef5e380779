package apiclient

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"github.com/dbplan/dbplan/internal/secret"
	"github.com/google/go-cmp/cmp"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
)

// canon re-encodes a JSON text so that bodies compare independently of key
// order and spacing.
func canon(t *testing.T, s string) string {
	t.Helper()
	var v any
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("bad JSON %q: %v", s, err)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// TestCallsWire checks, for every call, the service, version and action
// headers, the exact request body (optional fields omitted when unset) and
// the decoded response.
func TestCallsWire(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name     string
		call     func(c *Client) (any, error)
		service  string
		action   string
		wantBody string
		answer   string // response fields
		want     any
	}{
		{
			name: "CreateAccount minimal",
			call: func(c *Client) (any, error) {
				return c.CreateAccount(ctx, CreateAccountRequest{DBInstanceId: "postgres-1", UserName: "u1", Type: "normal", Password: secret.New("Pa55word!x")})
			},
			service: "postgres", action: "CreateAccount",
			wantBody: `{"DBInstanceId":"postgres-1","UserName":"u1","Type":"normal","Password":"Pa55word!x"}`,
			want:     &CreateAccountResponse{RequestId: "req-ok"},
		},
		{
			name: "CreateAccount password with JSON-special characters arrives intact",
			call: func(c *Client) (any, error) {
				return c.CreateAccount(ctx, CreateAccountRequest{DBInstanceId: "postgres-1", UserName: "u1", Type: "normal", Password: secret.New(`P<&>"\\x'é`)})
			},
			service: "postgres", action: "CreateAccount",
			wantBody: `{"DBInstanceId":"postgres-1","UserName":"u1","Type":"normal","Password":"P\u003c\u0026\u003e\"\\\\x'\u00e9"}`,
			want:     &CreateAccountResponse{RequestId: "req-ok"},
		},
		{
			name: "CreateAccount with empty remark, OpenCam false, no password",
			call: func(c *Client) (any, error) {
				return c.CreateAccount(ctx, CreateAccountRequest{DBInstanceId: "postgres-1", UserName: "u1", Type: "tencentDBSuper", Remark: ptr(""), OpenCam: ptr(false)})
			},
			service: "postgres", action: "CreateAccount",
			wantBody: `{"DBInstanceId":"postgres-1","UserName":"u1","Type":"tencentDBSuper","Remark":"","OpenCam":false}`,
			want:     &CreateAccountResponse{RequestId: "req-ok"},
		},
		{
			name:    "DeleteAccount",
			call:    func(c *Client) (any, error) { return c.DeleteAccount(ctx, DeleteAccountRequest{"postgres-1", "u1"}) },
			service: "postgres", action: "DeleteAccount",
			wantBody: `{"DBInstanceId":"postgres-1","UserName":"u1"}`,
			want:     &DeleteAccountResponse{RequestId: "req-ok"},
		},
		{
			name: "DescribeAccounts",
			call: func(c *Client) (any, error) {
				return c.DescribeAccounts(ctx, DescribeAccountsRequest{DBInstanceId: "postgres-1", Limit: 5, Offset: 10, OrderBy: "name", OrderByType: "asc"})
			},
			service: "postgres", action: "DescribeAccounts",
			wantBody: `{"DBInstanceId":"postgres-1","Limit":5,"Offset":10,"OrderBy":"name","OrderByType":"asc"}`,
			answer:   `"TotalCount":2,"Details":[{"DBInstanceId":"postgres-1","UserName":"a","Remark":"r","Status":2,"CreateTime":"2026-01-01 00:00:00","UpdateTime":"2026-01-02 00:00:00","PasswordUpdateTime":"0000-00-00 00:00:00","UserType":"normal","OpenCam":true},{"UserName":"b","Status":-1}]`,
			want: &DescribeAccountsResponse{TotalCount: 2, RequestId: "req-ok", Details: []AccountInfo{
				{DBInstanceId: "postgres-1", UserName: "a", Remark: "r", Status: 2, CreateTime: "2026-01-01 00:00:00", UpdateTime: "2026-01-02 00:00:00", PasswordUpdateTime: "0000-00-00 00:00:00", UserType: "normal", OpenCam: ptr(true)},
				{UserName: "b", Status: -1},
			}},
		},
		{
			name: "DescribeAccounts defaults omitted",
			call: func(c *Client) (any, error) {
				return c.DescribeAccounts(ctx, DescribeAccountsRequest{DBInstanceId: "postgres-1"})
			},
			service: "postgres", action: "DescribeAccounts",
			wantBody: `{"DBInstanceId":"postgres-1"}`,
			answer:   `"TotalCount":0,"Details":[]`,
			want:     &DescribeAccountsResponse{RequestId: "req-ok", Details: []AccountInfo{}},
		},
		{
			name: "OpenAccountCAM",
			call: func(c *Client) (any, error) {
				return c.OpenAccountCAM(ctx, OpenAccountCAMRequest{"postgres-1", "root"})
			},
			service: "postgres", action: "OpenAccountCAM",
			wantBody: `{"DBInstanceId":"postgres-1","UserName":"root"}`,
			want:     &OpenAccountCAMResponse{RequestId: "req-ok"},
		},
		{
			name: "CloseAccountCAM",
			call: func(c *Client) (any, error) {
				return c.CloseAccountCAM(ctx, CloseAccountCAMRequest{DBInstanceId: "postgres-1", UserName: "root", Password: secret.New("1359Qwe!x"), PasswordEncrypt: ptr(false)})
			},
			service: "postgres", action: "CloseAccountCAM",
			wantBody: `{"DBInstanceId":"postgres-1","UserName":"root","Password":"1359Qwe!x","PasswordEncrypt":false}`,
			want:     &CloseAccountCAMResponse{RequestId: "req-ok"},
		},
		{
			name: "ModifyAccountRemark empty remark is sent",
			call: func(c *Client) (any, error) {
				return c.ModifyAccountRemark(ctx, ModifyAccountRemarkRequest{"postgres-1", "u1", ""})
			},
			service: "postgres", action: "ModifyAccountRemark",
			wantBody: `{"DBInstanceId":"postgres-1","UserName":"u1","Remark":""}`,
			want:     &ModifyAccountRemarkResponse{RequestId: "req-ok"},
		},
		{
			name: "OpenDBExtranetAccess keeps a FlowId above 2^53 exact",
			call: func(c *Client) (any, error) {
				return c.OpenDBExtranetAccess(ctx, OpenDBExtranetAccessRequest{DBInstanceId: "postgres-1", IsIpv6: 1})
			},
			service: "postgres", action: "OpenDBExtranetAccess",
			wantBody: `{"DBInstanceId":"postgres-1","IsIpv6":1}`,
			answer:   `"FlowId":9007199254740993,"TaskId":9007199254740993`,
			want:     &OpenDBExtranetAccessResponse{FlowId: 9007199254740993, TaskId: 9007199254740993, RequestId: "req-ok"},
		},
		{
			name: "CloseDBExtranetAccess without TaskId",
			call: func(c *Client) (any, error) {
				return c.CloseDBExtranetAccess(ctx, CloseDBExtranetAccessRequest{DBInstanceId: "postgres-1"})
			},
			service: "postgres", action: "CloseDBExtranetAccess",
			wantBody: `{"DBInstanceId":"postgres-1"}`,
			answer:   `"FlowId":25104`,
			want:     &CloseDBExtranetAccessResponse{FlowId: 25104, RequestId: "req-ok"},
		},
		{
			name: "CreateReadOnlyGroupNetworkAccess auto vip",
			call: func(c *Client) (any, error) {
				return c.CreateReadOnlyGroupNetworkAccess(ctx, CreateReadOnlyGroupNetworkAccessRequest{ReadOnlyGroupId: "pgrogrp-1", VpcId: "vpc-1", SubnetId: "subnet-1"})
			},
			service: "postgres", action: "CreateReadOnlyGroupNetworkAccess",
			wantBody: `{"ReadOnlyGroupId":"pgrogrp-1","VpcId":"vpc-1","SubnetId":"subnet-1","IsAssignVip":false}`,
			answer:   `"FlowId":7,"TaskId":7`,
			want:     &CreateReadOnlyGroupNetworkAccessResponse{FlowId: 7, TaskId: 7, RequestId: "req-ok"},
		},
		{
			name: "CreateReadOnlyGroupNetworkAccess given vip",
			call: func(c *Client) (any, error) {
				return c.CreateReadOnlyGroupNetworkAccess(ctx, CreateReadOnlyGroupNetworkAccessRequest{ReadOnlyGroupId: "pgrogrp-1", VpcId: "vpc-1", SubnetId: "subnet-1", IsAssignVip: true, Vip: "10.0.0.8"})
			},
			service: "postgres", action: "CreateReadOnlyGroupNetworkAccess",
			wantBody: `{"ReadOnlyGroupId":"pgrogrp-1","VpcId":"vpc-1","SubnetId":"subnet-1","IsAssignVip":true,"Vip":"10.0.0.8"}`,
			answer:   `"FlowId":8`,
			want:     &CreateReadOnlyGroupNetworkAccessResponse{FlowId: 8, RequestId: "req-ok"},
		},
		{
			name: "DeleteReadOnlyGroupNetworkAccess",
			call: func(c *Client) (any, error) {
				return c.DeleteReadOnlyGroupNetworkAccess(ctx, DeleteReadOnlyGroupNetworkAccessRequest{"pgrogrp-1", "vpc-1", "subnet-1", "10.0.0.8"})
			},
			service: "postgres", action: "DeleteReadOnlyGroupNetworkAccess",
			wantBody: `{"ReadOnlyGroupId":"pgrogrp-1","VpcId":"vpc-1","SubnetId":"subnet-1","Vip":"10.0.0.8"}`,
			answer:   `"FlowId":9,"TaskId":9`,
			want:     &DeleteReadOnlyGroupNetworkAccessResponse{FlowId: 9, TaskId: 9, RequestId: "req-ok"},
		},
		{
			name: "DescribeDBInstances",
			call: func(c *Client) (any, error) {
				return c.DescribeDBInstances(ctx, DescribeDBInstancesRequest{Filters: []Filter{{Name: "db-instance-id", Values: []string{"postgres-1"}}}, Limit: 100})
			},
			service: "postgres", action: "DescribeDBInstances",
			wantBody: `{"Filters":[{"Name":"db-instance-id","Values":["postgres-1"]}],"Limit":100}`,
			answer: `"TotalCount":1,"DBInstanceSet":[{"Region":"ap-guangzhou","DBInstanceId":"postgres-1","DBInstanceStatus":"network changing","SupportIpv6":1,"ProjectId":0,
				"TagList":[{"TagKey":"env","TagValue":"prod"}],"Unknown":{"x":1},
				"DBInstanceNetInfo":[{"Address":"","Ip":"","Port":0,"Status":"initing","NetType":"public","VpcId":"","SubnetId":"","ProtocolType":""},
				{"Address":"a.sql.tencentcdb.com","Ip":"10.0.0.2","Port":5432,"Status":"opened","NetType":"private","VpcId":"vpc-1","SubnetId":"subnet-1","ProtocolType":"postgresql"}]}]`,
			want: &DescribeDBInstancesResponse{TotalCount: 1, RequestId: "req-ok", DBInstanceSet: []DBInstance{{
				Region: "ap-guangzhou", DBInstanceId: "postgres-1", DBInstanceStatus: "network changing", SupportIpv6: 1,
				TagList: []Tag{{"env", "prod"}},
				DBInstanceNetInfo: []DBInstanceNetInfo{
					{Status: "initing", NetType: "public"},
					{Address: "a.sql.tencentcdb.com", Ip: "10.0.0.2", Port: 5432, Status: "opened", NetType: "private", VpcId: "vpc-1", SubnetId: "subnet-1", ProtocolType: "postgresql"},
				},
			}}},
		},
		{
			name: "DescribeDBInstanceAttribute",
			call: func(c *Client) (any, error) {
				return c.DescribeDBInstanceAttribute(ctx, DescribeDBInstanceAttributeRequest{"postgres-1"})
			},
			service: "postgres", action: "DescribeDBInstanceAttribute",
			wantBody: `{"DBInstanceId":"postgres-1"}`,
			answer:   `"DBInstance":{"DBInstanceId":"postgres-1","DBInstanceType":"primary","ReadOnlyInstanceNum":2}`,
			want:     &DescribeDBInstanceAttributeResponse{RequestId: "req-ok", DBInstance: DBInstance{DBInstanceId: "postgres-1", DBInstanceType: "primary", ReadOnlyInstanceNum: 2}},
		},
		{
			name: "DescribeReadOnlyGroups",
			call: func(c *Client) (any, error) {
				return c.DescribeReadOnlyGroups(ctx, DescribeReadOnlyGroupsRequest{Filters: []Filter{{Name: "db-master-instance-id", Values: []string{"postgres-1"}}}, PageSize: 10, PageNumber: 2})
			},
			service: "postgres", action: "DescribeReadOnlyGroups",
			wantBody: `{"Filters":[{"Name":"db-master-instance-id","Values":["postgres-1"]}],"PageSize":10,"PageNumber":2}`,
			answer:   `"ReadOnlyGroupList":[{"ReadOnlyGroupId":"pgrogrp-1","MasterDBInstanceId":"postgres-1","Status":"ok","DBInstanceNetInfo":[{"Ip":"172.16.0.88","NetType":"private","Port":5432,"Status":"opened","VpcId":"vpc-1","SubnetId":"subnet-1"}],"ReadOnlyDBInstanceList":[{"DBInstanceId":"pgro-1"}]}]`,
			want: &DescribeReadOnlyGroupsResponse{RequestId: "req-ok", ReadOnlyGroupList: []ReadOnlyGroup{{
				ReadOnlyGroupId: "pgrogrp-1", MasterDBInstanceId: "postgres-1", Status: "ok",
				DBInstanceNetInfo:      []DBInstanceNetInfo{{Ip: "172.16.0.88", NetType: "private", Port: 5432, Status: "opened", VpcId: "vpc-1", SubnetId: "subnet-1"}},
				ReadOnlyDBInstanceList: []DBInstance{{DBInstanceId: "pgro-1"}},
			}}},
		},
		{
			name:    "DescribeTasks",
			call:    func(c *Client) (any, error) { return c.DescribeTasks(ctx, DescribeTasksRequest{TaskId: 25104}) },
			service: "postgres", action: "DescribeTasks",
			wantBody: `{"TaskId":25104}`,
			answer:   `"TotalCount":1,"TaskSet":[{"TaskId":25104,"TaskType":"OpenPublic","DBInstanceId":"postgres-1","StartTime":"2026-01-01 00:00:00","EndTime":"","Status":"Running","Progress":40,"TaskDetail":{"CurrentStep":"s","AllSteps":"[]","Input":"{}","Output":"{}","SwitchTag":0,"SwitchTime":"","Message":""}}]`,
			want: &DescribeTasksResponse{TotalCount: 1, RequestId: "req-ok", TaskSet: []Task{{
				TaskId: 25104, TaskType: "OpenPublic", DBInstanceId: "postgres-1", StartTime: "2026-01-01 00:00:00", Status: "Running", Progress: 40,
				TaskDetail: &TaskDetail{CurrentStep: "s", AllSteps: "[]", Input: "{}", Output: "{}"},
			}}},
		},
		{
			name: "CreateLibraDBClusterAccounts",
			call: func(c *Client) (any, error) {
				return c.CreateLibraDBClusterAccounts(ctx, CreateLibraDBClusterAccountsRequest{ClusterId: "libradb-1", Accounts: []NewAccount{
					{AccountName: "Admin", Host: "%", AccountPassword: secret.New("Admin*111")},
					{AccountName: "ro", Host: "10.0.0.1", AccountPassword: secret.New("aQvlNPVkdtbh708"), Description: "d", PasswordRotation: ptr(int64(0)), MaxUserConnections: ptr(int64(10))},
				}})
			},
			service: "cynosdb", action: "CreateLibraDBClusterAccounts",
			wantBody: `{"ClusterId":"libradb-1","Accounts":[{"AccountName":"Admin","Host":"%","AccountPassword":"Admin*111"},{"AccountName":"ro","Host":"10.0.0.1","AccountPassword":"aQvlNPVkdtbh708","Description":"d","PasswordRotation":0,"MaxUserConnections":10}]}`,
			want:     &CreateLibraDBClusterAccountsResponse{RequestId: "req-ok"},
		},
		{
			name: "DescribeLibraDBClusterAccounts",
			call: func(c *Client) (any, error) {
				return c.DescribeLibraDBClusterAccounts(ctx, DescribeLibraDBClusterAccountsRequest{ClusterId: "libradb-1", AccountNames: []string{"root"}, Limit: 10})
			},
			service: "cynosdb", action: "DescribeLibraDBClusterAccounts",
			wantBody: `{"ClusterId":"libradb-1","AccountNames":["root"],"Limit":10}`,
			answer:   `"TotalCount":2,"AccountSet":[{"AccountName":"root","Host":"%","Description":"","CreateTime":"2026-01-01 00:00:00","UpdateTime":"2026-01-01 00:00:00","MaxUserConnections":0,"PasswordRotation":1}]`,
			want: &DescribeLibraDBClusterAccountsResponse{TotalCount: 2, RequestId: "req-ok", AccountSet: []LibraDBAccount{
				{AccountName: "root", Host: "%", CreateTime: "2026-01-01 00:00:00", UpdateTime: "2026-01-01 00:00:00", PasswordRotation: ptr(int64(1))},
			}},
		},
		{
			name: "DeleteLibraDBClusterAccounts",
			call: func(c *Client) (any, error) {
				return c.DeleteLibraDBClusterAccounts(ctx, DeleteLibraDBClusterAccountsRequest{ClusterId: "libradb-1", Accounts: []InputAccount{{AccountName: "a"}, {AccountName: "b", Host: "10.0.0.1"}}})
			},
			service: "cynosdb", action: "DeleteLibraDBClusterAccounts",
			wantBody: `{"ClusterId":"libradb-1","Accounts":[{"AccountName":"a"},{"AccountName":"b","Host":"10.0.0.1"}]}`,
			want:     &DeleteLibraDBClusterAccountsResponse{RequestId: "req-ok"},
		},
		{
			name: "ModifyLibraDBClusterAccountDescription",
			call: func(c *Client) (any, error) {
				return c.ModifyLibraDBClusterAccountDescription(ctx, ModifyLibraDBClusterAccountDescriptionRequest{ClusterId: "libradb-1", AccountName: "a", Description: ""})
			},
			service: "cynosdb", action: "ModifyLibraDBClusterAccountDescription",
			wantBody: `{"ClusterId":"libradb-1","AccountName":"a","Description":""}`,
			want:     &ModifyLibraDBClusterAccountDescriptionResponse{RequestId: "req-ok"},
		},
		{
			name:    "DescribeLibraDBClusters",
			call:    func(c *Client) (any, error) { return c.DescribeLibraDBClusters(ctx, DescribeLibraDBClustersRequest{}) },
			service: "cynosdb", action: "DescribeLibraDBClusters",
			wantBody: `{}`,
			answer:   `"TotalCount":1,"ClusterSet":[{"ClusterId":"libradb-1","ClusterName":"c","Region":"ap-guangzhou","Status":"running","InstanceNum":2,"Vport":6000,"NetAddrs":[{"Vip":"10.0.0.3","Vport":6000,"NetType":"libradbRo","WanStatus":"init"}],"Tasks":[]}]`,
			want: &DescribeLibraDBClustersResponse{TotalCount: 1, RequestId: "req-ok", ClusterSet: []LibraDBCluster{{
				ClusterId: "libradb-1", ClusterName: "c", Region: "ap-guangzhou", Status: "running", InstanceNum: 2, Vport: 6000,
				NetAddrs: []LibraDBNetAddr{{Vip: "10.0.0.3", Vport: 6000, NetType: "libradbRo", WanStatus: "init"}},
			}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAPI(t, func(seen) (int, string) { return 200, okBody(tt.answer) })
			got, err := tt.call(f.client(t))
			if err != nil {
				t.Fatalf("call: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("response mismatch (-want +got):\n%s", diff)
			}
			reqs := f.requests()
			if len(reqs) != 1 {
				t.Fatalf("got %d requests, want exactly 1", len(reqs))
			}
			r := reqs[0]
			wantVersion := map[string]string{"postgres": "2017-03-12", "cynosdb": "2019-01-07"}[tt.service]
			gotHdr := []string{r.Service, r.Action, r.Version, r.Region, r.Header.Get("Content-Type"), r.Header.Get("X-TC-Token"), r.Header.Get("X-TC-Language")}
			wantHdr := []string{tt.service, tt.action, wantVersion, "ap-guangzhou", "application/json", testToken, "en-US"}
			if diff := cmp.Diff(wantHdr, gotHdr); diff != "" {
				t.Errorf("headers mismatch (-want +got):\n%s", diff)
			}
			if !strings.HasPrefix(r.Header.Get("Authorization"), "TC3-HMAC-SHA256 Credential="+testSecretID+"/") {
				t.Errorf("Authorization = %q, want a TC3-HMAC-SHA256 signature by %s", r.Header.Get("Authorization"), testSecretID)
			}
			if diff := cmp.Diff(canon(t, tt.wantBody), canon(t, r.Raw)); diff != "" {
				t.Errorf("request body mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRegionSharesAndCaches(t *testing.T) {
	f := newFakeAPI(t, func(seen) (int, string) { return 200, okBody(`"TotalCount":0,"Details":[]`) })
	c := f.client(t)
	sh := c.Region("ap-shanghai")
	if sh != c.Region("ap-shanghai") {
		t.Error("Region(ap-shanghai) returned a new client on the second call, want the cached one")
	}
	if c.Region("ap-guangzhou") != c {
		t.Error("Region of the client's own region should return the client itself")
	}
	if sh.Account() != c.Account() {
		t.Errorf("Account() differs between regions: %q vs %q", sh.Account(), c.Account())
	}
	if _, err := sh.DescribeAccounts(context.Background(), DescribeAccountsRequest{DBInstanceId: "postgres-1"}); err != nil {
		t.Fatal(err)
	}
	if got := f.requests()[0].Region; got != "ap-shanghai" {
		t.Errorf("X-TC-Region = %q, want ap-shanghai", got)
	}
	if got := sh.RegionName(); got != "ap-shanghai" {
		t.Errorf("RegionName() = %q, want ap-shanghai", got)
	}
}

func TestAccountKey(t *testing.T) {
	a := accountKey(common.NewCredential("AKIDone", "k1"))
	b := accountKey(common.NewCredential("AKIDone", "k2"))
	c := accountKey(common.NewCredential("AKIDtwo", "k1"))
	if a != b {
		t.Errorf("same SecretId, different keys: %q vs %q; want equal", a, b)
	}
	if a == c {
		t.Errorf("different SecretIds share the key %q", a)
	}
	if strings.Contains(a, "AKIDone") || strings.Contains(a, "k1") {
		t.Errorf("accountKey %q reveals the credential", a)
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	tests := map[string]Config{
		"bad endpoint":     {Endpoint: "ftp://x", Credential: common.NewCredential("id", "key")},
		"empty secret key": {Credential: common.NewCredential("id", "")},
		"no credentials": {Getenv: func(k string) string {
			if k == EnvSecretID {
				return "only-id"
			}
			return ""
		}},
	}
	for name, cfg := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := New(cfg); err == nil {
				t.Error("New succeeded, want an error")
			}
		})
	}
}

func TestParseEndpoint(t *testing.T) {
	tests := []struct {
		in      string
		want    endpoint
		wantErr bool
	}{
		{in: "", want: endpoint{scheme: "HTTPS"}},
		{in: "127.0.0.1:8080", want: endpoint{scheme: "HTTP", host: "127.0.0.1:8080"}},
		{in: "localhost:8080", want: endpoint{scheme: "HTTP", host: "localhost:8080"}},
		{in: "[::1]:8080", want: endpoint{scheme: "HTTP", host: "[::1]:8080"}},
		{in: "https://127.0.0.1:8443", want: endpoint{scheme: "HTTPS", host: "127.0.0.1:8443"}},
		{in: "10.0.0.1:8080", want: endpoint{scheme: "HTTPS", host: "10.0.0.1:8080"}},
		{in: "postgres.ap-guangzhou.tencentcloudapi.com", want: endpoint{scheme: "HTTPS", host: "postgres.ap-guangzhou.tencentcloudapi.com"}},
		{in: "http://127.0.0.1:8080", want: endpoint{scheme: "HTTP", host: "127.0.0.1:8080"}},
		{in: "http://127.0.0.1:8080/", want: endpoint{scheme: "HTTP", host: "127.0.0.1:8080"}},
		{in: "https://postgres.tencentcloudapi.com", want: endpoint{scheme: "HTTPS", host: "postgres.tencentcloudapi.com"}},
		{in: "HTTP://sim.local", want: endpoint{scheme: "HTTP", host: "sim.local"}},
		{in: "ftp://x", wantErr: true},
		{in: "http://", wantErr: true},
		{in: "http://h/path", wantErr: true},
		{in: "http://u:p@h", wantErr: true},
	}
	for _, tt := range tests {
		got, err := parseEndpoint(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("parseEndpoint(%q) error = %v, wantErr %v", tt.in, err, tt.wantErr)
			continue
		}
		if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(endpoint{})); diff != "" {
			t.Errorf("parseEndpoint(%q) mismatch (-want +got):\n%s", tt.in, diff)
		}
	}
}

// TestConcurrentUse runs calls from many goroutines over several regions on
// one client (run with -race).
func TestConcurrentUse(t *testing.T) {
	f := newFakeAPI(t, func(s seen) (int, string) { return 200, okBody(`"TotalCount":0,"Details":[]`) })
	c := f.client(t)
	regions := []string{"ap-guangzhou", "ap-shanghai", "ap-beijing"}
	errs := make(chan error, 8*20)
	want := map[string]int{}
	for g := range 8 {
		for i := range 20 {
			want[regions[(g+i)%len(regions)]]++
		}
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				_, err := c.Region(regions[(g+i)%len(regions)]).DescribeAccounts(context.Background(), DescribeAccountsRequest{DBInstanceId: "postgres-1"})
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	perRegion := map[string]int{}
	for _, r := range f.requests() {
		perRegion[r.Region]++
	}
	if diff := cmp.Diff(want, perRegion); diff != "" {
		t.Errorf("requests per region mismatch (-want +got):\n%s", diff)
	}
}
