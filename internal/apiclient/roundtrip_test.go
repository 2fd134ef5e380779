package apiclient

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/dbplan/dbplan/internal/clock"
	"github.com/dbplan/dbplan/internal/secret"
	"github.com/dbplan/dbplan/internal/tcsim"
	"github.com/google/go-cmp/cmp"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
)

// Round trips of every call against the in-process simulator, which shares
// no code with this package: a wire-name mistake on either side shows here.

const (
	simID    = "AKIDroundtrip000000000000000000000001"
	simKey   = "roundtripkey0000000000000000000000001"
	simToken = "roundtrip-sts-token"
	simFlow  = 10 * time.Second
)

const simWorld = `{
  "credentials": [{"secret_id": "` + simID + `", "secret_key": "` + simKey + `", "token": "` + simToken + `"}],
  "instances": [
    {"id": "postgres-rt000001", "region": "ap-guangzhou", "name": "rt-main", "support_ipv6": true,
     "vpc_id": "vpc-rt000001", "subnet_id": "subnet-rt000001",
     "tags": [{"key": "env", "value": "test"}],
     "net_infos": [{"net_type": "private", "status": "opened", "ip": "10.0.0.5", "port": 5432,
                    "vpc_id": "vpc-rt000001", "subnet_id": "subnet-rt000001", "protocol_type": "postgresql"}],
     "accounts": [{"user_name": "root", "user_type": "tencentDBSuper", "remark": "initial"}]},
    {"id": "postgres-rt000002", "region": "ap-guangzhou", "name": "rt-other"},
    {"id": "postgres-rt000003", "region": "ap-shanghai", "name": "rt-sh"}
  ],
  "ro_groups": [
    {"id": "pgrogrp-rt000001", "name": "rt-ro", "master_instance_id": "postgres-rt000001",
     "vpc_id": "vpc-rt000001", "subnet_id": "subnet-rt000001",
     "networks": [{"net_type": "private", "status": "opened", "ip": "10.0.0.88",
                   "vpc_id": "vpc-rt000001", "subnet_id": "subnet-rt000001"}]}
  ],
  "libradb_clusters": [
    {"id": "libradb-rt000001", "name": "rt-analytics", "region": "ap-guangzhou",
     "accounts": [{"account_name": "root", "host": "%", "builtin": true, "description": "system account"}]}
  ]
}`

// sim is a simulator on a fake clock (starting now, since the SDK signs
// with the real time) and a client for it.
type sim struct {
	clk *clock.Fake
	run *tcsim.Running
	c   *Client
	ctx context.Context
}

func newSim(t *testing.T, opts tcsim.Options, mod ...func(*Config)) *sim {
	t.Helper()
	w, err := tcsim.ParseWorld([]byte(simWorld))
	if err != nil {
		t.Fatalf("ParseWorld: %v", err)
	}
	clk := clock.NewFake(time.Now())
	opts.Clock = clk
	if opts.FlowDuration == 0 {
		opts.FlowDuration = simFlow
	}
	if opts.RateScale == 0 {
		opts.RateScale = 1000
	}
	run := tcsim.NewTestServer(t, w, opts)
	cfg := Config{
		Region:     "ap-guangzhou",
		Endpoint:   run.URL,
		Credential: common.NewTokenCredential(simID, simKey, simToken),
		// Every answer of the simulator is checked against the
		// published schema of its action, errors included.
		HTTPTransport: &schemaCheckingTransport{t: t, base: newTransport(0)},
	}
	for _, m := range mod {
		m(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &sim{clk: clk, run: run, c: c, ctx: context.Background()}
}

// must(call(...))(t) returns the call's value, failing the test on its
// error.
func must[T any](v T, err error) func(t *testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return v
	}
}

// wantClass checks that err is an *Error with code and class.
func wantClass(t *testing.T, err error, code string, class Class) {
	t.Helper()
	e, ok := asError(err)
	if !ok {
		t.Fatalf("error %v, want *Error %s", err, code)
	}
	if e.Code != code || Classify(err) != class || e.RequestID == "" {
		t.Errorf("error %v: code %q class %v RequestId %q, want code %q class %v and a RequestId", err, e.Code, Classify(err), e.RequestID, code, class)
	}
}

func (s *sim) account(t *testing.T, name string) *AccountInfo {
	t.Helper()
	for _, a := range must(s.c.DescribeAllAccounts(s.ctx, "postgres-rt000001"))(t) {
		if a.UserName == name {
			return &a
		}
	}
	return nil
}

func TestRoundTripPostgresAccounts(t *testing.T) {
	s := newSim(t, tcsim.Options{})
	c, ctx := s.c, s.ctx
	const inst = "postgres-rt000001"

	must(c.CreateAccount(ctx, CreateAccountRequest{DBInstanceId: inst, UserName: "app_rw", Type: "normal",
		Password: secret.New("Rt_passw0rd!"), Remark: ptr("app")}))(t)
	got := s.account(t, "app_rw")
	if got == nil || got.Status != 2 || got.Remark != "app" || got.UserType != "normal" || got.OpenCam == nil || *got.OpenCam {
		t.Fatalf("after CreateAccount: %+v, want app_rw status 2 remark app, normal, OpenCam false", got)
	}

	_, err := c.CreateAccount(ctx, CreateAccountRequest{DBInstanceId: inst, UserName: "app_rw", Type: "normal", Password: secret.New("Rt_passw0rd!")})
	wantClass(t, err, "InvalidParameterValue.AccountExist", AlreadyDone)

	_, err = c.CreateAccount(ctx, CreateAccountRequest{DBInstanceId: inst, UserName: "weak", Type: "normal", Password: secret.New("short")})
	wantClass(t, err, "InvalidParameterValue.InvalidPasswordLengthError", Terminal)
	if Hint(err) != hintValidation || Ambiguous(err) {
		t.Errorf("bad password: hint %q ambiguous %v, want the validation hint, not ambiguous", Hint(err), Ambiguous(err))
	}

	must(c.CreateAccount(ctx, CreateAccountRequest{DBInstanceId: inst, UserName: "cam_user", Type: "normal", OpenCam: ptr(true)}))(t)
	if a := s.account(t, "cam_user"); a == nil || a.OpenCam == nil || !*a.OpenCam {
		t.Errorf("CreateAccount with OpenCam and no password: %+v, want OpenCam true", a)
	}

	must(c.ModifyAccountRemark(ctx, ModifyAccountRemarkRequest{inst, "app_rw", "changed"}))(t)
	if a := s.account(t, "app_rw"); a.Remark != "changed" {
		t.Errorf("after ModifyAccountRemark: remark %q, want changed", a.Remark)
	}

	must(c.OpenAccountCAM(ctx, OpenAccountCAMRequest{inst, "app_rw"}))(t)
	if a := s.account(t, "app_rw"); !*a.OpenCam {
		t.Error("after OpenAccountCAM: OpenCam false")
	}
	_, err = c.OpenAccountCAM(ctx, OpenAccountCAMRequest{inst, "app_rw"})
	wantClass(t, err, "FailedOperation.CheckAccountCAMCloseError", AlreadyDone)

	must(c.CloseAccountCAM(ctx, CloseAccountCAMRequest{DBInstanceId: inst, UserName: "app_rw", Password: secret.New("N3w_passw0rd!"), PasswordEncrypt: ptr(false)}))(t)
	if a := s.account(t, "app_rw"); *a.OpenCam {
		t.Error("after CloseAccountCAM: OpenCam true")
	}
	_, err = c.CloseAccountCAM(ctx, CloseAccountCAMRequest{DBInstanceId: inst, UserName: "app_rw", Password: secret.New("N3w_passw0rd!")})
	wantClass(t, err, "FailedOperation.CheckAccountCAMOpenError", AlreadyDone)

	must(c.DeleteAccount(ctx, DeleteAccountRequest{inst, "app_rw"}))(t)
	if a := s.account(t, "app_rw"); a != nil {
		t.Errorf("after DeleteAccount: %+v still listed", a)
	}
	if _, err := c.DeleteAccount(ctx, DeleteAccountRequest{inst, "app_rw"}); err != nil && Classify(err) != AlreadyDone {
		t.Errorf("second DeleteAccount: %v, want success or AlreadyDone", err)
	}

	_, err = c.DeleteAccount(ctx, DeleteAccountRequest{"postgres-nothere", "x"})
	if !IsNotFound(err) || Classify(err) != Terminal {
		t.Errorf("DeleteAccount on a missing instance: %v, want a terminal not-found error", err)
	}

	page := must(c.DescribeAccounts(ctx, DescribeAccountsRequest{DBInstanceId: inst, Limit: 1, OrderBy: "name", OrderByType: "asc"}))(t)
	if len(page.Details) != 1 || page.Details[0].UserName != "cam_user" || page.RequestId == "" {
		t.Errorf("DescribeAccounts Limit 1 by name: %+v, want just cam_user", page)
	}
	if c := s.run.Server.Counters().AccountCreates; c[inst+"/app_rw"] != 1 {
		t.Errorf("simulator saw app_rw created %d times, want 1", c[inst+"/app_rw"])
	}
}

func TestRoundTripDescribeAllAccountsPages(t *testing.T) {
	s := newSim(t, tcsim.Options{})
	const inst, n = "postgres-rt000002", 230
	for i := range n {
		must(s.c.CreateAccount(s.ctx, CreateAccountRequest{DBInstanceId: inst, UserName: fmt.Sprintf("u%03d", i), Type: "normal", Password: secret.New("Rt_passw0rd!")}))(t)
	}
	all := must(s.c.DescribeAllAccounts(s.ctx, inst))(t)
	if len(all) != n {
		t.Fatalf("DescribeAllAccounts returned %d accounts, want %d", len(all), n)
	}
	for i, a := range all {
		if want := fmt.Sprintf("u%03d", i); a.UserName != want {
			t.Fatalf("account %d = %q, want %q (name order)", i, a.UserName, want)
		}
	}
	if got := s.run.Server.Counters().Calls["DescribeAccounts"]; got != 3 {
		t.Errorf("DescribeAccounts calls = %d, want 3 pages", got)
	}
}

func TestRoundTripExtranet(t *testing.T) {
	s := newSim(t, tcsim.Options{})
	c, ctx := s.c, s.ctx
	const inst = "postgres-rt000001"
	public := func() DBInstanceNetInfo {
		t.Helper()
		attr := must(c.DescribeDBInstanceAttribute(ctx, DescribeDBInstanceAttributeRequest{inst}))(t)
		for _, n := range attr.DBInstance.DBInstanceNetInfo {
			if n.NetType == "public" && !strings.Contains(n.Ip, ":") {
				return n
			}
		}
		t.Fatalf("no IPv4 public net info in %+v", attr.DBInstance.DBInstanceNetInfo)
		return DBInstanceNetInfo{}
	}
	if got := public().Status; got != "initing" {
		t.Fatalf("never-opened public status = %q, want initing", got)
	}

	open := must(c.OpenDBExtranetAccess(ctx, OpenDBExtranetAccessRequest{DBInstanceId: inst}))(t)
	if open.FlowId == 0 || open.FlowId != open.TaskId {
		t.Fatalf("OpenDBExtranetAccess = %+v, want FlowId == TaskId != 0", open)
	}
	if got := public().Status; got != "opening" {
		t.Errorf("public status during the flow = %q, want opening", got)
	}
	_, err := c.OpenDBExtranetAccess(ctx, OpenDBExtranetAccessRequest{DBInstanceId: inst})
	wantClass(t, err, "OperationDenied.InstanceStatusLimitOpError", Busy)
	_, err = c.CreateAccount(ctx, CreateAccountRequest{DBInstanceId: inst, UserName: "during", Type: "normal", Password: secret.New("Rt_passw0rd!")})
	wantClass(t, err, "OperationDenied.InstanceStatusLimitOpError", Busy)

	task := func(id int64) Task {
		t.Helper()
		resp := must(c.DescribeTasks(ctx, DescribeTasksRequest{TaskId: id}))(t)
		if len(resp.TaskSet) != 1 {
			t.Fatalf("DescribeTasks(%d) = %+v, want one task", id, resp)
		}
		return resp.TaskSet[0]
	}
	if tk := task(open.TaskId); tk.Status != "Running" || tk.DBInstanceId != inst {
		t.Errorf("task during the flow: %+v, want Running on %s", tk, inst)
	}
	s.clk.Advance(simFlow)
	if tk := task(open.TaskId); tk.Status != "Success" || tk.Progress != 100 {
		t.Errorf("task after the flow: %+v, want Success at 100%%", tk)
	}
	if got := public().Status; got != "opened" {
		t.Errorf("public status after the flow = %q, want opened", got)
	}

	closeResp := must(c.CloseDBExtranetAccess(ctx, CloseDBExtranetAccessRequest{DBInstanceId: inst}))(t)
	if closeResp.FlowId == open.FlowId || closeResp.FlowId != closeResp.TaskId {
		t.Errorf("CloseDBExtranetAccess = %+v, want a new FlowId == TaskId", closeResp)
	}
	s.clk.Advance(simFlow)
	if got := public().Status; got != "closed" {
		t.Errorf("public status after closing = %q, want closed", got)
	}

	ipv6 := must(c.OpenDBExtranetAccess(ctx, OpenDBExtranetAccessRequest{DBInstanceId: inst, IsIpv6: 1}))(t)
	if ipv6.FlowId == 0 {
		t.Errorf("IPv6 open = %+v, want a flow", ipv6)
	}
	_, err = c.OpenDBExtranetAccess(ctx, OpenDBExtranetAccessRequest{DBInstanceId: "postgres-rt000002", IsIpv6: 1})
	wantClass(t, err, "OperationDenied.InstanceIpv6NotSupportedError", Terminal)
}

func TestRoundTripDescribeInstances(t *testing.T) {
	s := newSim(t, tcsim.Options{})
	c, ctx := s.c, s.ctx
	one := must(c.DescribeDBInstances(ctx, DescribeDBInstancesRequest{Filters: []Filter{{Name: "db-instance-id", Values: []string{"postgres-rt000001"}}}, Limit: 100}))(t)
	if len(one.DBInstanceSet) != 1 {
		t.Fatalf("DescribeDBInstances by id = %+v, want one instance", one)
	}
	in := one.DBInstanceSet[0]
	want := DBInstance{DBInstanceId: "postgres-rt000001", DBInstanceName: "rt-main", Region: "ap-guangzhou", DBInstanceStatus: "running",
		SupportIpv6: 1, TagList: []Tag{{"env", "test"}}, VpcId: "vpc-rt000001", SubnetId: "subnet-rt000001", DBInstanceType: "primary"}
	pick := DBInstance{DBInstanceId: in.DBInstanceId, DBInstanceName: in.DBInstanceName, Region: in.Region, DBInstanceStatus: in.DBInstanceStatus,
		SupportIpv6: in.SupportIpv6, TagList: in.TagList, VpcId: in.VpcId, SubnetId: in.SubnetId, DBInstanceType: in.DBInstanceType}
	if diff := cmp.Diff(want, pick); diff != "" {
		t.Errorf("DescribeDBInstances fields mismatch (-want +got):\n%s", diff)
	}

	all := must(c.DescribeAllDBInstances(ctx, nil))(t)
	var ids []string
	for _, i := range all {
		ids = append(ids, i.DBInstanceId)
	}
	if diff := cmp.Diff([]string{"postgres-rt000001", "postgres-rt000002"}, ids); diff != "" {
		t.Errorf("DescribeAllDBInstances in ap-guangzhou mismatch (-want +got):\n%s", diff)
	}
	sh := must(c.Region("ap-shanghai").DescribeAllDBInstances(ctx, nil))(t)
	if len(sh) != 1 || sh[0].DBInstanceId != "postgres-rt000003" {
		t.Errorf("DescribeAllDBInstances in ap-shanghai = %+v, want postgres-rt000003 only", sh)
	}

	_, err := c.DescribeDBInstanceAttribute(ctx, DescribeDBInstanceAttributeRequest{"postgres-rt000003"})
	if !IsNotFound(err) {
		t.Errorf("DescribeDBInstanceAttribute of another region's instance: %v, want not found", err)
	}
}

func TestRoundTripReadOnlyGroupNetworks(t *testing.T) {
	s := newSim(t, tcsim.Options{})
	c, ctx := s.c, s.ctx
	const grp = "pgrogrp-rt000001"
	group := func() ReadOnlyGroup {
		t.Helper()
		gs := must(c.DescribeAllReadOnlyGroups(ctx, "postgres-rt000001"))(t)
		if len(gs) != 1 || gs[0].ReadOnlyGroupId != grp {
			t.Fatalf("DescribeAllReadOnlyGroups = %+v, want %s only", gs, grp)
		}
		return gs[0]
	}
	g := group()
	if g.Status != "ok" || len(g.DBInstanceNetInfo) != 1 || g.DBInstanceNetInfo[0].Ip != "10.0.0.88" {
		t.Fatalf("initial group %+v, want ok with network 10.0.0.88", g)
	}

	cr := must(c.CreateReadOnlyGroupNetworkAccess(ctx, CreateReadOnlyGroupNetworkAccessRequest{
		ReadOnlyGroupId: grp, VpcId: "vpc-rt000002", SubnetId: "subnet-rt000002", IsAssignVip: true, Vip: "10.1.0.9"}))(t)
	if cr.FlowId == 0 || cr.FlowId != cr.TaskId {
		t.Fatalf("CreateReadOnlyGroupNetworkAccess = %+v, want FlowId == TaskId != 0", cr)
	}
	if g := group(); g.Status != "modifying" {
		t.Errorf("group during the flow: status %q, want modifying", g.Status)
	}
	_, err := c.CreateReadOnlyGroupNetworkAccess(ctx, CreateReadOnlyGroupNetworkAccessRequest{ReadOnlyGroupId: grp, VpcId: "vpc-rt000003", SubnetId: "subnet-rt000003"})
	wantClass(t, err, "OperationDenied.ROGroupStatusError", Busy)
	s.clk.Advance(simFlow)
	g = group()
	var vips []string
	for _, n := range g.DBInstanceNetInfo {
		vips = append(vips, n.Ip+"/"+n.Status)
	}
	if diff := cmp.Diff([]string{"10.0.0.88/opened", "10.1.0.9/opened"}, vips); g.Status != "ok" || diff != "" {
		t.Errorf("group after the flow: status %q, networks mismatch (-want +got):\n%s", g.Status, diff)
	}

	_, err = c.CreateReadOnlyGroupNetworkAccess(ctx, CreateReadOnlyGroupNetworkAccessRequest{ReadOnlyGroupId: grp, VpcId: "vpc-rt000003", SubnetId: "subnet-rt000003"})
	wantClass(t, err, "FailedOperation.NetworkNumLimitError", Terminal)

	del := must(c.DeleteReadOnlyGroupNetworkAccess(ctx, DeleteReadOnlyGroupNetworkAccessRequest{grp, "vpc-rt000002", "subnet-rt000002", "10.1.0.9"}))(t)
	if del.FlowId == 0 || del.FlowId != del.TaskId {
		t.Errorf("DeleteReadOnlyGroupNetworkAccess = %+v, want FlowId == TaskId != 0", del)
	}
	s.clk.Advance(simFlow)
	if g := group(); len(g.DBInstanceNetInfo) != 1 || g.Status != "ok" {
		t.Errorf("group after delete: %+v, want one network and status ok", g)
	}
	if tk := must(c.DescribeTasks(ctx, DescribeTasksRequest{TaskId: del.TaskId}))(t); len(tk.TaskSet) != 1 || tk.TaskSet[0].Status != "Success" {
		t.Errorf("DescribeTasks(delete flow) = %+v, want Success", tk)
	}
	_, err = c.DeleteReadOnlyGroupNetworkAccess(ctx, DeleteReadOnlyGroupNetworkAccessRequest{grp, "vpc-rt000001", "subnet-rt000001", "10.0.0.88"})
	wantClass(t, err, "FailedOperation.NetworkNumLimitError", Terminal)
}

func TestRoundTripLibraDB(t *testing.T) {
	s := newSim(t, tcsim.Options{})
	c, ctx := s.c, s.ctx
	const cl = "libradb-rt000001"

	clusters := must(c.DescribeAllLibraDBClusters(ctx))(t)
	if len(clusters) != 1 || clusters[0].ClusterId != cl || clusters[0].ClusterName != "rt-analytics" || clusters[0].Region != "ap-guangzhou" {
		t.Fatalf("DescribeAllLibraDBClusters = %+v, want %s", clusters, cl)
	}
	one := must(c.DescribeLibraDBClusters(ctx, DescribeLibraDBClustersRequest{Limit: 10}))(t)
	if one.TotalCount != 1 || len(one.ClusterSet) != 1 {
		t.Errorf("DescribeLibraDBClusters = %+v, want one cluster", one)
	}

	must(c.CreateLibraDBClusterAccounts(ctx, CreateLibraDBClusterAccountsRequest{ClusterId: cl, Accounts: []NewAccount{
		{AccountName: "reader", Host: "%", AccountPassword: secret.New("Reader_pw123"), Description: "ro", MaxUserConnections: ptr(int64(50))},
		{AccountName: "writer", Host: "10.0.0.1", AccountPassword: secret.New("Writer_pw123")},
	}}))(t)
	names := func() []string {
		var out []string
		for _, a := range must(c.DescribeAllLibraDBClusterAccounts(ctx, cl))(t) {
			out = append(out, a.AccountName+"@"+a.Host+":"+a.Description)
		}
		return out
	}
	if diff := cmp.Diff([]string{"reader@%:ro", "root@%:system account", "writer@10.0.0.1:"}, sortedCopy(names())); diff != "" {
		t.Errorf("accounts after create mismatch (-want +got):\n%s", diff)
	}
	page := must(c.DescribeLibraDBClusterAccounts(ctx, DescribeLibraDBClusterAccountsRequest{ClusterId: cl, AccountNames: []string{"reader"}}))(t)
	if len(page.AccountSet) != 1 || page.AccountSet[0].MaxUserConnections != 50 {
		t.Errorf("DescribeLibraDBClusterAccounts(reader) = %+v, want reader with 50 connections", page)
	}

	_, err := c.CreateLibraDBClusterAccounts(ctx, CreateLibraDBClusterAccountsRequest{ClusterId: cl, Accounts: []NewAccount{
		{AccountName: "reader", Host: "%", AccountPassword: secret.New("Reader_pw123")}}})
	if Classify(err) != AlreadyDone {
		t.Errorf("duplicate LibraDB account: %v (%v), want AlreadyDone", err, Classify(err))
	}
	_, err = c.CreateLibraDBClusterAccounts(ctx, CreateLibraDBClusterAccountsRequest{ClusterId: cl, Accounts: []NewAccount{
		{AccountName: "root", Host: "%", AccountPassword: secret.New("Root_pw12345")}}})
	wantClass(t, err, "InvalidParameterValue.InternalAccount", Terminal)

	must(c.ModifyLibraDBClusterAccountDescription(ctx, ModifyLibraDBClusterAccountDescriptionRequest{ClusterId: cl, AccountName: "writer", Host: "10.0.0.1", Description: "rw"}))(t)
	must(c.DeleteLibraDBClusterAccounts(ctx, DeleteLibraDBClusterAccountsRequest{ClusterId: cl, Accounts: []InputAccount{{AccountName: "reader"}}}))(t)
	if diff := cmp.Diff([]string{"root@%:system account", "writer@10.0.0.1:rw"}, sortedCopy(names())); diff != "" {
		t.Errorf("accounts after modify/delete mismatch (-want +got):\n%s", diff)
	}
	_, err = c.DeleteLibraDBClusterAccounts(ctx, DeleteLibraDBClusterAccountsRequest{ClusterId: cl, Accounts: []InputAccount{{AccountName: "reader"}}})
	wantClass(t, err, "InvalidParameterValue.AccountNotExistError", AlreadyDone)
	if !IsNotFound(err) {
		t.Errorf("deleting an absent LibraDB account: IsNotFound false for %v", err)
	}
	_, err = c.DescribeLibraDBClusterAccounts(ctx, DescribeLibraDBClusterAccountsRequest{ClusterId: "libradb-nothere"})
	if !IsNotFound(err) {
		t.Errorf("accounts of a missing cluster: %v, want not found", err)
	}
}

func sortedCopy(s []string) []string {
	out := append([]string(nil), s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

// TestRoundTripBareEndpoint: the simulator's printed host:port endpoint
// works as Config.Endpoint without a scheme.
func TestRoundTripBareEndpoint(t *testing.T) {
	s := newSim(t, tcsim.Options{})
	c, err := New(Config{Region: "ap-guangzhou", Endpoint: s.run.Endpoint(), Credential: common.NewTokenCredential(simID, simKey, simToken)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.DescribeAllDBInstances(s.ctx, nil); err != nil {
		t.Errorf("DescribeAllDBInstances via %q: %v", s.run.Endpoint(), err)
	}
}

// TestRoundTripPerProductHostsThroughProxy: with an endpoint per product,
// each product's calls name its own host (the simulator routes by Host,
// as the service does, here as an HTTP proxy), so postgres and LibraDB
// calls are both served.
func TestRoundTripPerProductHostsThroughProxy(t *testing.T) {
	s := newSim(t, tcsim.Options{})
	proxy, err := url.Parse(s.run.URL)
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(Config{Region: "ap-guangzhou",
		Endpoints:     map[string]string{"postgres": "http://postgres.sim.test", "cynosdb": "http://cynosdb.sim.test"},
		Credential:    common.NewTokenCredential(simID, simKey, simToken),
		HTTPTransport: &http.Transport{Proxy: http.ProxyURL(proxy)},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.DescribeAllDBInstances(s.ctx, nil); err != nil {
		t.Errorf("DescribeAllDBInstances via postgres.sim.test: %v", err)
	}
	if _, err := c.DescribeAllLibraDBClusters(s.ctx); err != nil {
		t.Errorf("DescribeAllLibraDBClusters via cynosdb.sim.test: %v", err)
	}
}
