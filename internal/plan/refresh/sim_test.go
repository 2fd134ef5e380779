package refresh

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/clock"
	"github.com/dbplan/dbplan/internal/config"
	"github.com/dbplan/dbplan/internal/plan"
	"github.com/dbplan/dbplan/internal/quota"
	"github.com/dbplan/dbplan/internal/retry"
	"github.com/dbplan/dbplan/internal/tcsim"
)

// simSources starts an in-process simulator of w and returns Sources
// backed by a real apiclient.Client.
func simSources(tb testing.TB, w *tcsim.World, opts tcsim.Options) (Sources, *tcsim.Server) {
	tb.Helper()
	run := tcsim.NewTestServer(tb, w, opts)
	c, err := apiclient.New(apiclient.Config{
		Endpoint:   run.URL,
		Credential: common.NewCredential(tcsim.DefaultSecretID, tcsim.DefaultSecretKey),
	})
	if err != nil {
		tb.Fatalf("apiclient.New: %v", err)
	}
	return func(_, region string) (Source, error) { return c.Region(region), nil }, run.Server
}

func TestRefreshAgainstSimulator(t *testing.T) {
	w := &tcsim.World{
		Instances: []tcsim.Instance{
			{ID: "postgres-aaaa0001", Region: "ap-guangzhou", Name: "orders-prod", SupportIpv6: true,
				Tags: []tcsim.Tag{{Key: "env", Value: "prod"}},
				NetInfos: []tcsim.NetInfo{
					{NetType: "private", Status: "opened", IP: "10.0.0.5", Port: 5432},
					{NetType: "public", Status: "opened", Address: "x.sql.tencentcdb.com", Port: 21000},
					{NetType: "public", Status: "closed", IP: "2402:4e00::5", IPv6: true},
				},
				Accounts: []tcsim.Account{
					{UserName: "root", UserType: "tencentDBSuper"},
					{UserName: "app", Remark: "app user", OpenCam: true},
				}},
			{ID: "postgres-aaaa0002", Region: "ap-guangzhou", Name: "billing-prod",
				Tags: []tcsim.Tag{{Key: "env", Value: "prod"}}},
			{ID: "postgres-aaaa0003", Region: "ap-guangzhou", Name: "orders-dev",
				Tags: []tcsim.Tag{{Key: "env", Value: "dev"}}},
			{ID: "postgres-bbbb0001", Region: "ap-shanghai", Name: "sh"},
		},
		ROGroups: []tcsim.ROGroup{{ID: "pgrogrp-aaaa0001", MasterInstanceID: "postgres-aaaa0001",
			Networks: []tcsim.NetInfo{{NetType: "private", Status: "opened", IP: "172.16.0.8", VpcID: "vpc-1", SubnetID: "subnet-1"}}}},
		LibraDBClusters: []tcsim.Cluster{{ID: "libradb-aaaa0001", Region: "ap-guangzhou",
			Accounts: []tcsim.LibraAccount{{AccountName: "root", Builtin: true}, {AccountName: "etl", Host: "10.1.1.1", Description: "loader"}}}},
	}
	sources, srv := simSources(t, w, tcsim.Options{})
	cfg := &config.Config{
		Instances: []*config.Instance{
			{Addr: "postgres_instance.orders", InstanceID: "postgres-aaaa0001", Region: "ap-guangzhou"},
			{Addr: "postgres_instance.sh", InstanceID: "postgres-bbbb0001", Region: "ap-shanghai"},
			{Addr: "postgres_instance.gone", InstanceID: "postgres-zzzz0001", Region: "ap-guangzhou"},
			{Addr: "postgres_instance.prod", Region: "ap-guangzhou", Selector: &config.Selector{Tags: map[string]string{"env": "prod"}}},
			{Addr: "postgres_instance.orders_any", Region: "ap-guangzhou", Selector: &config.Selector{NamePattern: "orders-*"}},
		},
		ROGroups: []*config.ROGroup{
			{Addr: "postgres_ro_group.ro", ROGroupID: "pgrogrp-aaaa0001", MasterInstanceID: "postgres-aaaa0001", Region: "ap-guangzhou"},
		},
		LibraClusters: []*config.LibraCluster{
			{Addr: "libradb_cluster.a", ClusterID: "libradb-aaaa0001", Region: "ap-guangzhou"},
			{Addr: "libradb_cluster.gone", ClusterID: "libradb-zzzz0001", Region: "ap-guangzhou"},
		},
	}
	opts := Options{Retry: &retry.Options{Limiter: quota.NewSet(clock.Real{}, nil)}}
	obs, err := Refresh(context.Background(), cfg, sources, opts)
	if err != nil {
		t.Fatalf("Refresh: %v", err)
	}

	if diff := cmp.Diff(map[string][]string{
		"postgres_instance.prod":       {"postgres-aaaa0001", "postgres-aaaa0002"},
		"postgres_instance.orders_any": {"postgres-aaaa0001", "postgres-aaaa0003"},
	}, obs.Selections); diff != "" {
		t.Errorf("Selections mismatch (-want +got):\n%s", diff)
	}
	var ids []string
	for id := range obs.Instances {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	if diff := cmp.Diff([]string{"postgres-aaaa0001", "postgres-aaaa0002", "postgres-aaaa0003", "postgres-bbbb0001"}, ids); diff != "" {
		t.Errorf("observed instances mismatch (-want +got):\n%s", diff)
	}
	want := &plan.ObservedInstance{
		ID: "postgres-aaaa0001", Name: "orders-prod", Region: "ap-guangzhou", Status: "running", Type: "primary",
		SupportIPv6: true, Tags: map[string]string{"env": "prod"},
		PublicIPv4: plan.NetOpened, PublicIPv6: plan.NetClosed,
		Accounts: map[string]*plan.ObservedAccount{
			"root": {Name: "root", Type: "tencentDBSuper", Status: 2, CreateTime: "2026-01-01 00:00:00", PasswordUpdateTime: "0000-00-00 00:00:00"},
			"app": {Name: "app", Type: "normal", Remark: "app user", CAM: true, Status: 2, CreateTime: "2026-01-01 00:00:00",
				PasswordUpdateTime: "0000-00-00 00:00:00"},
		},
	}
	if diff := cmp.Diff(want, obs.Instances["postgres-aaaa0001"]); diff != "" {
		t.Errorf("instance mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]*plan.ObservedROGroup{"pgrogrp-aaaa0001": {
		ID: "pgrogrp-aaaa0001", MasterInstanceID: "postgres-aaaa0001", Status: "ok",
		Networks: []plan.ObservedNetwork{{VpcID: "vpc-1", SubnetID: "subnet-1", VIP: "172.16.0.8", Status: "opened"}},
	}}, obs.ROGroups); diff != "" {
		t.Errorf("ROGroups mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]*plan.ObservedLibraCluster{"libradb-aaaa0001": {
		ID: "libradb-aaaa0001", Region: "ap-guangzhou", Status: "running",
		Accounts: map[string]*plan.ObservedLibraAccount{
			"root@%":       {Name: "root", Host: "%", CreateTime: "2026-01-01 00:00:00", UpdateTime: "2026-01-01 00:00:00"},
			"etl@10.1.1.1": {Name: "etl", Host: "10.1.1.1", Description: "loader", CreateTime: "2026-01-01 00:00:00", UpdateTime: "2026-01-01 00:00:00"},
		},
	}}, obs.LibraClusters); diff != "" {
		t.Errorf("LibraClusters mismatch (-want +got):\n%s", diff)
	}

	c := srv.Counters()
	// Explicit ids: one call per region; selectors: one listing each.
	wantCalls := map[string]int{
		"DescribeDBInstances":            4,
		"DescribeAccounts":               4,
		"DescribeReadOnlyGroups":         1,
		"DescribeLibraDBClusters":        1,
		"DescribeLibraDBClusterAccounts": 1,
	}
	if diff := cmp.Diff(wantCalls, c.Calls); diff != "" {
		t.Errorf("simulator calls mismatch (-want +got):\n%s", diff)
	}
	if len(c.Throttled) != 0 {
		t.Errorf("throttled calls: %v, want none", c.Throttled)
	}
}

func TestRefreshSimulatorBadCredentials(t *testing.T) {
	run := tcsim.NewTestServer(t, &tcsim.World{Instances: []tcsim.Instance{{ID: "postgres-aaaa0001", Region: "ap-guangzhou"}}}, tcsim.Options{})
	c, err := apiclient.New(apiclient.Config{Endpoint: run.URL, Credential: common.NewCredential("AKIDwrong", "wrong")})
	if err != nil {
		t.Fatal(err)
	}
	sources := func(_, region string) (Source, error) { return c.Region(region), nil }
	cfg := &config.Config{Instances: []*config.Instance{{Addr: "postgres_instance.a", InstanceID: "postgres-aaaa0001", Region: "ap-guangzhou"}}}
	_, err = Refresh(context.Background(), cfg, sources, Options{})
	var apiErr *apiclient.Error
	if !errors.As(err, &apiErr) || apiErr.Code != "AuthFailure.SecretIdNotFound" {
		t.Fatalf("Refresh() error = %v, want AuthFailure.SecretIdNotFound", err)
	}
	if !strings.Contains(err.Error(), "postgres_instance.a") {
		t.Errorf("error %q does not name the address", err)
	}
}

// fleetWorld builds a world of n instances in ap-guangzhou with m accounts
// each.
func fleetWorld(n, m int) (*tcsim.World, *config.Config) {
	w := &tcsim.World{}
	cfg := &config.Config{}
	for i := range n {
		id := fmt.Sprintf("postgres-%08d", i)
		in := tcsim.Instance{ID: id, Region: "ap-guangzhou"}
		for j := range m {
			in.Accounts = append(in.Accounts, tcsim.Account{UserName: fmt.Sprintf("user_%02d", j)})
		}
		w.Instances = append(w.Instances, in)
		cfg.Instances = append(cfg.Instances, &config.Instance{Addr: "postgres_instance.i" + id, InstanceID: id, Region: "ap-guangzhou"})
	}
	return w, cfg
}
