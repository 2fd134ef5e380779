package exec_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/clock"
	"github.com/dbplan/dbplan/internal/config"
	"github.com/dbplan/dbplan/internal/exec"
	"github.com/dbplan/dbplan/internal/plan"
	"github.com/dbplan/dbplan/internal/plan/refresh"
	"github.com/dbplan/dbplan/internal/quota"
	"github.com/dbplan/dbplan/internal/retry"
	"github.com/dbplan/dbplan/internal/secret"
	"github.com/dbplan/dbplan/internal/tcsim"
)

const region = "ap-guangzhou"

// simEnv is an in-process simulator with a real apiclient and a quota set
// scaled like the simulator's limits.
type simEnv struct {
	srv    *tcsim.Server
	client *apiclient.Client
	limits *quota.Set
}

func newSimEnv(tb testing.TB, w *tcsim.World, opts tcsim.Options) *simEnv {
	tb.Helper()
	run := tcsim.NewTestServer(tb, w, opts)
	c, err := apiclient.New(apiclient.Config{Endpoint: run.URL,
		Credential: common.NewCredential(tcsim.DefaultSecretID, tcsim.DefaultSecretKey)})
	if err != nil {
		tb.Fatalf("apiclient.New: %v", err)
	}
	scale := opts.RateScale
	if scale == 0 {
		scale = 1
	}
	overrides := map[string]float64{}
	actions := []string{"DescribeDBInstances", "DescribeAccounts", "DescribeReadOnlyGroups",
		"DescribeLibraDBClusterAccounts", "DescribeLibraDBClusters", "DescribeAccountPrivileges",
		"DescribeLibraDBClusterAccountAllPrivileges"}
	for _, k := range plan.Kinds() {
		actions = append(actions, k.APIAction())
	}
	for _, a := range actions {
		overrides[a] = quota.Default(a) * scale
	}
	return &simEnv{srv: run.Server, client: c, limits: quota.NewSet(clock.Real{}, overrides)}
}

func (e *simEnv) sources() refresh.Sources {
	return func(_, r string) (refresh.Source, error) { return e.client.Region(r), nil }
}

func (e *simEnv) execOptions(cfg *config.Config) exec.Options {
	pw := plan.Passwords(cfg)
	return exec.Options{
		Clients:      func(_, r string) (exec.API, error) { return e.client.Region(r), nil },
		Secrets:      func(addr string) (secret.Value, bool) { v, ok := pw[addr]; return v, ok },
		Limits:       e.limits,
		PollInterval: 50 * time.Millisecond,
		Timeout:      time.Minute,
	}
}

// plan refreshes cfg from the simulator and builds the plan.
func (e *simEnv) plan(tb testing.TB, cfg *config.Config) *plan.Plan {
	tb.Helper()
	obs, err := refresh.Refresh(context.Background(), cfg, e.sources(), refresh.Options{Retry: &retry.Options{Limiter: e.limits}})
	if err != nil {
		tb.Fatalf("Refresh: %v", err)
	}
	p, diags := plan.Build(cfg, obs, plan.BuildOptions{})
	if diags.HasErrors() {
		tb.Fatalf("Build: %v", diags)
	}
	return p
}

// applyConverges runs p, fails the test unless every action reached its
// target, and checks that planning cfg again finds nothing to do.
func (e *simEnv) applyConverges(t *testing.T, cfg *config.Config, p *plan.Plan) *exec.Report {
	t.Helper()
	r, err := exec.Run(context.Background(), p, e.execOptions(cfg))
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if !r.AllOK() {
		for _, a := range r.Actions {
			t.Logf("%s: %s %s %+v", a.ID, a.Outcome, a.Detail, a.Err)
		}
		t.Fatalf("apply did not converge: %v", r.Totals)
	}
	if again := e.plan(t, cfg); again.HasChanges() {
		t.Errorf("second plan has %d actions, want none: %+v", len(again.Actions), again.Actions)
	}
	return r
}

func ptr[T any](v T) *T { return &v }

// mixedWorld has two instances (one with an account to adopt CAM on), an
// RO group and a LibraDB cluster; mixedConfig asks for every action kind.
func mixedWorld() (*tcsim.World, *config.Config) {
	w := &tcsim.World{
		Instances: []tcsim.Instance{
			{ID: "postgres-00000001", Region: region, Accounts: []tcsim.Account{{UserName: "legacy", Remark: "old"}}},
			{ID: "postgres-00000002", Region: region, SupportIpv6: true},
		},
		ROGroups: []tcsim.ROGroup{{ID: "pgrogrp-00000001", MasterInstanceID: "postgres-00000001", Region: region,
			Networks: []tcsim.NetInfo{{NetType: "private", Status: "opened", IP: "10.0.0.9", VpcID: "vpc-a", SubnetID: "subnet-a"}}}},
		LibraDBClusters: []tcsim.Cluster{{ID: "libradb-00000001", Region: region,
			Accounts: []tcsim.LibraAccount{{AccountName: "root", Builtin: true}}}},
	}
	acct := func(inst, name string, cam bool, remark *string) *config.Account {
		return &config.Account{Addr: "postgres_instance." + inst + ".account." + name, Name: name, Type: "normal",
			Password: secret.New("Pw-" + name + "-12345!"), PasswordSource: "literal", Remark: remark, CAM: &cam}
	}
	cfg := &config.Config{
		Instances: []*config.Instance{
			{Addr: "postgres_instance.one", InstanceID: "postgres-00000001", Region: region, Provider: "tencentcloud",
				Extranet: &config.Extranet{Enabled: true},
				Accounts: []*config.Account{acct("one", "app", true, ptr("app")), acct("one", "legacy", true, ptr("new")), acct("one", "report", false, nil)}},
			{Addr: "postgres_instance.two", InstanceID: "postgres-00000002", Region: region, Provider: "tencentcloud",
				Extranet: &config.Extranet{Enabled: true, IPv6: true},
				Accounts: []*config.Account{acct("two", "app", false, nil)}},
		},
		ROGroups: []*config.ROGroup{{Addr: "postgres_ro_group.ro", ROGroupID: "pgrogrp-00000001", MasterInstanceID: "postgres-00000001",
			Region: region, Provider: "tencentcloud",
			Networks: []*config.Network{{Addr: "postgres_ro_group.ro.network[vpc-b/subnet-b]", VpcID: "vpc-b", SubnetID: "subnet-b"}}}},
		LibraClusters: []*config.LibraCluster{{Addr: "libradb_cluster.c", ClusterID: "libradb-00000001", Region: region, Provider: "tencentcloud"}},
	}
	for _, n := range []string{"etl", "bi", "ops"} {
		cfg.LibraClusters[0].Accounts = append(cfg.LibraClusters[0].Accounts, &config.LibraAccount{
			Addr: "libradb_cluster.c.account." + n, Name: n, Host: "%", Password: secret.New("Libra-" + n + "-pw1"), Description: ptr(n)})
	}
	return w, cfg
}

func TestApplyMixedPlanConverges(t *testing.T) {
	w, cfg := mixedWorld()
	env := newSimEnv(t, w, tcsim.Options{RateScale: 20, FlowDuration: 150 * time.Millisecond})
	p := env.plan(t, cfg)
	kinds := map[plan.Kind]int{}
	for _, a := range p.Actions {
		kinds[a.Kind]++
	}
	for _, k := range []plan.Kind{plan.CreateAccount, plan.OpenAccountCAM, plan.ModifyAccountRemark, plan.OpenExtranet, plan.CreateRONetwork, plan.CreateLibraAccount} {
		if kinds[k] == 0 {
			t.Fatalf("the test plan has no %s action: %v", k, kinds)
		}
	}
	r := env.applyConverges(t, cfg, p)
	c := env.srv.Counters()
	if got := c.Calls["CreateLibraDBClusterAccounts"]; got != 1 {
		t.Errorf("CreateLibraDBClusterAccounts calls = %d, want 1 (batched)", got)
	}
	for action, n := range c.Throttled {
		t.Errorf("%s throttled %d times, want 0", action, n)
	}
	for key, n := range c.AccountCreates {
		if n != 1 {
			t.Errorf("%s created %d times", key, n)
		}
	}
	for _, pw := range plan.Passwords(cfg) {
		if dump := fmt.Sprintf("%+v", r); strings.Contains(dump, pw.Reveal()) {
			t.Error("the report holds a password")
		}
	}
}

func TestApplyAgainAfterPartialFailureRetriesOnlyWhatIsMissing(t *testing.T) {
	w, cfg := mixedWorld()
	env := newSimEnv(t, w, tcsim.Options{RateScale: 20, FlowDuration: 100 * time.Millisecond})
	p := env.plan(t, cfg)
	opts := env.execOptions(cfg)
	// First apply without any password: creates fail, the rest succeeds.
	opts.Secrets = func(string) (secret.Value, bool) { return secret.Value{}, false }
	r1, err := exec.Run(context.Background(), p, opts)
	if err != nil || r1.AllOK() || r1.Count(exec.Failed) == 0 {
		t.Fatalf("first apply: err %v, totals %v; want some failures", err, r1.Totals)
	}
	// Running the same saved plan again retries only what is missing.
	r2, err := exec.Run(context.Background(), p, env.execOptions(cfg))
	if err != nil || !r2.AllOK() {
		t.Fatalf("second apply: err %v, totals %v; want all OK", err, r2.Totals)
	}
	if r2.Count(exec.AlreadyDone) == 0 || r2.Count(exec.Succeeded) == 0 {
		t.Errorf("second apply totals = %v, want already_done for the first apply's work and succeeded for the rest", r2.Totals)
	}
	if again := env.plan(t, cfg); again.HasChanges() {
		t.Errorf("plan after the second apply has %d actions, want none", len(again.Actions))
	}
}
