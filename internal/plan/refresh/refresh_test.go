package refresh

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/config"
	"github.com/dbplan/dbplan/internal/plan"
	"github.com/dbplan/dbplan/internal/retry"
)

func pgID(i int) string { return fmt.Sprintf("postgres-%08d", i) }

// fleet returns a fake region with n primary instances, each with
// accountsEach accounts named u00, u01, ….
func fleet(n, accountsEach int) *fakeSource {
	f := &fakeSource{account: "acct", accounts: map[string][]apiclient.AccountInfo{}}
	for i := range n {
		id := pgID(i)
		f.instances = append(f.instances, apiclient.DBInstance{
			DBInstanceId: id, DBInstanceName: fmt.Sprintf("db-%d", i), Region: "ap-guangzhou",
			DBInstanceStatus: "running", DBInstanceType: "primary",
			DBInstanceNetInfo: []apiclient.DBInstanceNetInfo{
				{NetType: "private", Status: "opened", Ip: "10.0.0.1"},
				{NetType: "public", Status: "initing"},
			},
		})
		for j := range accountsEach {
			f.accounts[id] = append(f.accounts[id], apiclient.AccountInfo{DBInstanceId: id, UserName: fmt.Sprintf("u%02d", j), UserType: "normal", Status: 2})
		}
	}
	return f
}

func one(src Source) Sources {
	return func(string, string) (Source, error) { return src, nil }
}

func explicit(ids ...string) *config.Config {
	cfg := &config.Config{}
	for _, id := range ids {
		cfg.Instances = append(cfg.Instances, &config.Instance{
			Addr: "postgres_instance." + id, InstanceID: id, Region: "ap-guangzhou", Provider: "tencentcloud",
		})
	}
	return cfg
}

func TestRefreshBatchesInstancesAndPagesAccounts(t *testing.T) {
	f := fleet(250, 3)
	// One instance with 150 accounts needs two DescribeAccounts pages.
	for j := 3; j < 150; j++ {
		f.accounts[pgID(7)] = append(f.accounts[pgID(7)], apiclient.AccountInfo{UserName: fmt.Sprintf("x%03d", j), Status: 2})
	}
	var ids []string
	for i := range 250 {
		ids = append(ids, pgID(i))
	}
	ids = append(ids, "postgres-missing1")
	obs, err := Refresh(context.Background(), explicit(ids...), one(f), Options{})
	if err != nil {
		t.Fatalf("Refresh: %v", err)
	}
	if got, want := len(obs.Instances), 250; got != want {
		t.Errorf("len(Instances) = %d, want %d", got, want)
	}
	if _, ok := obs.Instances["postgres-missing1"]; ok {
		t.Error("an instance the cloud does not have is in Observed")
	}
	if got := len(obs.Instances[pgID(7)].Accounts); got != 150 {
		t.Errorf("accounts of %s = %d, want 150", pgID(7), got)
	}
	// 251 ids → 3 batches; none of them asks for an empty page.
	if got := f.callCount("DescribeDBInstances"); got != 3 {
		t.Errorf("DescribeDBInstances calls = %d, want 3", got)
	}
	// 250 instances, one of them with two pages; never one call per account.
	if got := f.callCount("DescribeAccounts"); got != 251 {
		t.Errorf("DescribeAccounts calls = %d, want 251", got)
	}
	for _, fs := range f.filters {
		if len(fs) != 1 || fs[0].Name != "db-instance-id" || len(fs[0].Values) > 100 {
			t.Errorf("DescribeDBInstances filters = %+v, want one db-instance-id filter of at most 100 ids", fs)
		}
	}
	want := &plan.ObservedInstance{
		ID: pgID(1), Name: "db-1", Region: "ap-guangzhou", Status: "running", Type: "primary", PublicIPv4: plan.NetIniting,
		// The fake leaves OpenCam out (its output is not guaranteed).
		Accounts: map[string]*plan.ObservedAccount{
			"u00": {Name: "u00", Type: "normal", Status: 2, CAMUnknown: true},
			"u01": {Name: "u01", Type: "normal", Status: 2, CAMUnknown: true},
			"u02": {Name: "u02", Type: "normal", Status: 2, CAMUnknown: true},
		},
	}
	if diff := cmp.Diff(want, obs.Instances[pgID(1)]); diff != "" {
		t.Errorf("Instances[%s] mismatch (-want +got):\n%s", pgID(1), diff)
	}
}

func TestRefreshConvertsInstanceFields(t *testing.T) {
	yes := true
	f := &fakeSource{account: "a", accounts: map[string][]apiclient.AccountInfo{
		"postgres-aaaaaaaa": {
			{UserName: "app", UserType: "normal", Remark: "the app", OpenCam: &yes, Status: 2},
			{UserName: "root", UserType: "tencentDBSuper", Status: 2},
		},
	}}
	f.instances = []apiclient.DBInstance{{
		DBInstanceId: "postgres-aaaaaaaa", DBInstanceName: "orders", Region: "ap-guangzhou",
		DBInstanceStatus: "network changing", SupportIpv6: 1,
		TagList: []apiclient.Tag{{TagKey: "env", TagValue: "prod"}},
		DBInstanceNetInfo: []apiclient.DBInstanceNetInfo{
			{NetType: "private", Status: "opened", Ip: "10.0.0.3"},
			{NetType: "public", Status: "opened", Ip: "1.2.3.4"},
			{NetType: "public", Status: "opening", Ip: "2402:4e00::1"},
		},
	}}
	obs, err := Refresh(context.Background(), explicit("postgres-aaaaaaaa"), one(f), Options{})
	if err != nil {
		t.Fatalf("Refresh: %v", err)
	}
	want := &plan.ObservedInstance{
		ID: "postgres-aaaaaaaa", Name: "orders", Region: "ap-guangzhou", Status: "network changing",
		SupportIPv6: true, Tags: map[string]string{"env": "prod"},
		PublicIPv4: plan.NetOpened, PublicIPv6: plan.NetOpening,
		Accounts: map[string]*plan.ObservedAccount{
			"app": {Name: "app", Type: "normal", Remark: "the app", CAM: true, Status: 2},
			// OpenCam left out: CAM is unknown, not off.
			"root": {Name: "root", Type: "tencentDBSuper", Status: 2, CAMUnknown: true},
		},
	}
	if diff := cmp.Diff(want, obs.Instances["postgres-aaaaaaaa"]); diff != "" {
		t.Errorf("Refresh() instance mismatch (-want +got):\n%s", diff)
	}
}

func TestRefreshPerProviderAndRegion(t *testing.T) {
	gz, sh := fleet(2, 1), &fakeSource{account: "b", accounts: map[string][]apiclient.AccountInfo{}}
	sh.instances = []apiclient.DBInstance{{DBInstanceId: "postgres-shanghai", Region: "ap-shanghai"}}
	cfg := explicit(pgID(0), pgID(1))
	cfg.Instances = append(cfg.Instances, &config.Instance{
		Addr: "postgres_instance.sh", InstanceID: "postgres-shanghai", Region: "ap-shanghai", Provider: "tencentcloud.sh",
	})
	var asked []string
	sources := func(provider, region string) (Source, error) {
		asked = append(asked, provider+"/"+region) // Refresh serializes calls to it
		switch region {
		case "ap-guangzhou":
			return gz, nil
		case "ap-shanghai":
			return sh, nil
		}
		return nil, errors.New("no such region")
	}
	obs, err := Refresh(context.Background(), cfg, sources, Options{})
	if err != nil {
		t.Fatalf("Refresh: %v", err)
	}
	if len(obs.Instances) != 3 {
		t.Errorf("Instances = %d, want 3", len(obs.Instances))
	}
	if gz.callCount("DescribeDBInstances") != 1 || sh.callCount("DescribeDBInstances") != 1 {
		t.Errorf("DescribeDBInstances calls: guangzhou %d, shanghai %d; want 1 each",
			gz.callCount("DescribeDBInstances"), sh.callCount("DescribeDBInstances"))
	}
	if len(asked) != 2 {
		t.Errorf("Sources called for %v, want once per provider and region", asked)
	}
}

func TestRefreshROGroups(t *testing.T) {
	f := fleet(2, 0)
	f.groups = []apiclient.ReadOnlyGroup{
		{ReadOnlyGroupId: "pgrogrp-aaaa0001", MasterDBInstanceId: pgID(0), Status: "ok",
			DBInstanceNetInfo: []apiclient.DBInstanceNetInfo{
				{NetType: "private", Status: "opened", VpcId: "vpc-1", SubnetId: "subnet-1", Ip: "172.16.0.8"},
				{NetType: "public", Status: "initing"},
			}},
		{ReadOnlyGroupId: "pgrogrp-aaaa0002", MasterDBInstanceId: pgID(0), Status: "modifying"},
		{ReadOnlyGroupId: "pgrogrp-undeclared", MasterDBInstanceId: pgID(0), Status: "ok"},
	}
	cfg := &config.Config{ROGroups: []*config.ROGroup{
		{Addr: "postgres_ro_group.a", ROGroupID: "pgrogrp-aaaa0001", MasterInstanceID: pgID(0), Region: "ap-guangzhou"},
		{Addr: "postgres_ro_group.b", ROGroupID: "pgrogrp-aaaa0002", MasterInstanceID: pgID(0), Region: "ap-guangzhou"},
		{Addr: "postgres_ro_group.gone", ROGroupID: "pgrogrp-gone0003", MasterInstanceID: pgID(1), Region: "ap-guangzhou"},
	}}
	obs, err := Refresh(context.Background(), cfg, one(f), Options{})
	if err != nil {
		t.Fatalf("Refresh: %v", err)
	}
	want := map[string]*plan.ObservedROGroup{
		"pgrogrp-aaaa0001": {ID: "pgrogrp-aaaa0001", MasterInstanceID: pgID(0), Status: "ok",
			Networks: []plan.ObservedNetwork{{VpcID: "vpc-1", SubnetID: "subnet-1", VIP: "172.16.0.8", Status: "opened"}}},
		"pgrogrp-aaaa0002": {ID: "pgrogrp-aaaa0002", MasterInstanceID: pgID(0), Status: "modifying"},
	}
	if diff := cmp.Diff(want, obs.ROGroups); diff != "" {
		t.Errorf("ROGroups mismatch (-want +got):\n%s", diff)
	}
	if got := f.callCount("DescribeReadOnlyGroups"); got != 2 {
		t.Errorf("DescribeReadOnlyGroups calls = %d, want 2 (one per distinct master)", got)
	}
}

func TestRefreshLibraDB(t *testing.T) {
	f := &fakeSource{account: "a", libra: map[string][]apiclient.LibraDBAccount{
		"libradb-aaaa0001": {
			{AccountName: "root", Host: "%"},
			{AccountName: "etl", Host: "10.0.0.1", Description: "loader"},
			{AccountName: "old"}, // no host reported: the default "%"
		},
	}}
	for i := range 150 { // more than one page of clusters
		f.clusters = append(f.clusters, apiclient.LibraDBCluster{ClusterId: fmt.Sprintf("libradb-x%07d", i), Status: "running"})
	}
	f.clusters = append(f.clusters, apiclient.LibraDBCluster{ClusterId: "libradb-aaaa0001", Region: "ap-guangzhou", Status: "running"})
	cfg := &config.Config{LibraClusters: []*config.LibraCluster{
		{Addr: "libradb_cluster.a", ClusterID: "libradb-aaaa0001", Region: "ap-guangzhou"},
		{Addr: "libradb_cluster.gone", ClusterID: "libradb-gone0001", Region: "ap-guangzhou"},
	}}
	obs, err := Refresh(context.Background(), cfg, one(f), Options{})
	if err != nil {
		t.Fatalf("Refresh: %v", err)
	}
	want := map[string]*plan.ObservedLibraCluster{
		"libradb-aaaa0001": {ID: "libradb-aaaa0001", Region: "ap-guangzhou", Status: "running",
			Accounts: map[string]*plan.ObservedLibraAccount{
				"root@%":       {Name: "root", Host: "%"},
				"etl@10.0.0.1": {Name: "etl", Host: "10.0.0.1", Description: "loader"},
				"old@%":        {Name: "old", Host: "%"},
			}},
	}
	if diff := cmp.Diff(want, obs.LibraClusters); diff != "" {
		t.Errorf("LibraClusters mismatch (-want +got):\n%s", diff)
	}
	if got := f.callCount("DescribeLibraDBClusters"); got != 2 {
		t.Errorf("DescribeLibraDBClusters calls = %d, want 2 (151 clusters in pages of 100)", got)
	}
	if got := f.callCount("DescribeLibraDBClusterAccounts"); got != 1 {
		t.Errorf("DescribeLibraDBClusterAccounts calls = %d, want 1", got)
	}
}

func TestRefreshErrorNamesTheAddress(t *testing.T) {
	apiErr := &apiclient.Error{Action: "DescribeAccounts", Code: "AuthFailure.SecretIdNotFound", Message: "no such key"}
	f := fleet(3, 1)
	f.fail = func(action, key string) error {
		if action == "DescribeAccounts" && key == pgID(2) {
			return apiErr
		}
		return nil
	}
	_, err := Refresh(context.Background(), explicit(pgID(0), pgID(1), pgID(2)), one(f), Options{Parallelism: 1})
	if err == nil {
		t.Fatal("Refresh succeeded, want an error")
	}
	if !strings.Contains(err.Error(), "postgres_instance."+pgID(2)) {
		t.Errorf("error %q does not name the address that needed the read", err)
	}
	var got *apiclient.Error
	if !errors.As(err, &got) || got.Code != apiErr.Code {
		t.Errorf("error %v does not wrap the API error", err)
	}
}

func TestRefreshSourceErrorNamesTheAddress(t *testing.T) {
	sources := func(string, string) (Source, error) { return nil, errors.New("no credentials") }
	_, err := Refresh(context.Background(), explicit(pgID(0)), sources, Options{})
	if err == nil || !strings.Contains(err.Error(), "postgres_instance."+pgID(0)) || !strings.Contains(err.Error(), "no credentials") {
		t.Errorf("Refresh() error = %v, want one naming the address and the cause", err)
	}
}

func TestRefreshProgress(t *testing.T) {
	f := fleet(5, 4)
	var counts []int
	_, err := Refresh(context.Background(), explicit(pgID(0), pgID(1), pgID(2), pgID(3), pgID(4)), one(f),
		Options{Progress: func(n int) { counts = append(counts, n) }})
	if err != nil {
		t.Fatalf("Refresh: %v", err)
	}
	if len(counts) == 0 || counts[len(counts)-1] != 5+5*4 {
		t.Fatalf("progress counts = %v, want a last count of 25", counts)
	}
	for i := 1; i < len(counts); i++ {
		if counts[i] <= counts[i-1] {
			t.Errorf("progress counts not increasing: %v", counts)
		}
	}
}

func TestRefreshCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	f := fleet(3, 1)
	f.fail = func(action, _ string) error {
		cancel()
		return &apiclient.Error{Action: action, Code: apiclient.CodeCanceled, Err: context.Canceled}
	}
	_, err := Refresh(ctx, explicit(pgID(0)), one(f), Options{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Refresh() error = %v, want context.Canceled", err)
	}
}

func TestRefreshRetriesThrottledReads(t *testing.T) {
	f := fleet(2, 1)
	throttled := map[string]bool{}
	f.fail = func(action, key string) error {
		// Called under f.mu: the first call per instance is throttled.
		if action == "DescribeAccounts" && !throttled[key] {
			throttled[key] = true
			return &apiclient.Error{Action: action, Code: "RequestLimitExceeded"}
		}
		return nil
	}
	opts := Options{Retry: &retry.Options{Rand: func() float64 { return 0 }}} // zero backoff
	obs, err := Refresh(context.Background(), explicit(pgID(0), pgID(1)), one(f), opts)
	if err != nil {
		t.Fatalf("Refresh: %v", err)
	}
	if len(obs.Instances[pgID(1)].Accounts) != 1 {
		t.Errorf("accounts after a throttled first attempt = %v, want 1", obs.Instances[pgID(1)].Accounts)
	}
	if got := f.callCount("DescribeAccounts"); got != 4 {
		t.Errorf("DescribeAccounts calls = %d, want 4 (two throttled, two retried)", got)
	}
}

// gatedSource blocks every DescribeAccounts call until released, counting
// the calls in flight.
type gatedSource struct {
	*fakeSource
	mu            sync.Mutex
	inFlight, max int
	arrived       chan struct{}
	release       chan struct{}
}

func (g *gatedSource) DescribeAccounts(ctx context.Context, req apiclient.DescribeAccountsRequest) (*apiclient.DescribeAccountsResponse, error) {
	g.mu.Lock()
	g.inFlight++
	g.max = max(g.max, g.inFlight)
	g.mu.Unlock()
	g.arrived <- struct{}{}
	<-g.release
	g.mu.Lock()
	g.inFlight--
	g.mu.Unlock()
	return g.fakeSource.DescribeAccounts(ctx, req)
}

func TestRefreshParallelismBoundsCallsInFlight(t *testing.T) {
	var ids []string
	for i := range 40 {
		ids = append(ids, pgID(i))
	}
	g := &gatedSource{fakeSource: fleet(40, 1), arrived: make(chan struct{}), release: make(chan struct{})}
	done := make(chan error, 1)
	go func() {
		_, err := Refresh(context.Background(), explicit(ids...), one(g), Options{Parallelism: 3})
		done <- err
	}()
	// Three calls start; then each release lets one finish and the next
	// one start.
	for range 3 {
		<-g.arrived
	}
	for i := range 40 {
		g.release <- struct{}{}
		if i < 37 {
			<-g.arrived
		}
	}
	if err := <-done; err != nil {
		t.Fatalf("Refresh: %v", err)
	}
	if g.max > 3 {
		t.Errorf("%d calls were in flight at once, want at most Parallelism (3)", g.max)
	}
}
