package exec_test

import (
	"context"
	"testing"
	"time"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/clock"
	"github.com/dbplan/dbplan/internal/config"
	"github.com/dbplan/dbplan/internal/exec"
	"github.com/dbplan/dbplan/internal/plan"
	"github.com/dbplan/dbplan/internal/secret"
	"github.com/dbplan/dbplan/internal/tcsim"
)

// lifecycleWorld has an instance, a full read-only group and a LibraDB
// cluster with accounts and a network to take away, give back or rotate
// (passwords must have been set after after), and the configuration that
// declares what must change.
func lifecycleWorld(after time.Time) (*tcsim.World, *config.Config) {
	w := &tcsim.World{
		Instances: []tcsim.Instance{{ID: "postgres-00000001", Region: region, Accounts: []tcsim.Account{
			{UserName: "root", UserType: "tencentDBSuper"},
			{UserName: "leaver"}, {UserName: "returner", Status: 5}, {UserName: "bystander", Status: 5},
			{UserName: "gone"}, {UserName: "app_old1"}, {UserName: "app_old2"}, {UserName: "app_keep"}, {UserName: "other"},
			{UserName: "rotated", PasswordUpdateTime: "2026-01-01 00:00:00"}, {UserName: "cam_rotated", OpenCam: true},
		}}},
		ROGroups: []tcsim.ROGroup{{ID: "pgrogrp-00000001", MasterInstanceID: "postgres-00000001", Region: region,
			Networks: []tcsim.NetInfo{
				{NetType: "private", Status: "opened", IP: "10.0.0.9", VpcID: "vpc-a", SubnetID: "subnet-a"},
				{NetType: "private", Status: "opened", IP: "10.0.1.9", VpcID: "vpc-b", SubnetID: "subnet-b"},
			}}},
		LibraDBClusters: []tcsim.Cluster{{ID: "libradb-00000001", Region: region, Accounts: []tcsim.LibraAccount{
			{AccountName: "root", Builtin: true}, {AccountName: "etl_old", Host: "10.0.0.1"},
			{AccountName: "tmp_a"}, {AccountName: "tmp_b"}, {AccountName: "bi", Description: "old", UpdateTime: "2026-01-01 00:00:00"},
		}}},
	}
	acct := func(name string) *config.Account {
		return &config.Account{Addr: "postgres_instance.one.account." + name, Name: name, Type: "normal",
			Password: secret.New("Pw-" + name + "-12345!"), PasswordSource: "literal"}
	}
	leaver, returner, fresh, gone := acct("leaver"), acct("returner"), acct("fresh"), acct("gone")
	leaver.Locked, returner.Locked, fresh.Locked = ptr(true), ptr(false), ptr(true)
	gone.Absent, gone.Password, gone.PasswordSource = true, secret.Value{}, ""
	bystander := acct("bystander") // declared without locked: stays locked
	bystander.Password, bystander.PasswordSource = secret.Value{}, ""
	rotated, camRotated := acct("rotated"), acct("cam_rotated")
	rotated.Rotation = &config.Rotation{ChangedAfter: &after}
	camRotated.Rotation = &config.Rotation{ChangedAfter: &after}
	camRotated.Password, camRotated.PasswordSource = secret.Value{}, ""
	cfg := &config.Config{
		Instances: []*config.Instance{{Addr: "postgres_instance.one", InstanceID: "postgres-00000001",
			Region: region, Provider: "tencentcloud", Accounts: []*config.Account{bystander, camRotated, fresh, gone, leaver, returner, rotated},
			Prune: &config.Prune{NamePattern: "app_*", Except: []string{"app_keep"}}}},
		ROGroups: []*config.ROGroup{{Addr: "postgres_ro_group.ro", ROGroupID: "pgrogrp-00000001", MasterInstanceID: "postgres-00000001",
			Region: region, Provider: "tencentcloud", Networks: []*config.Network{
				{Addr: "postgres_ro_group.ro.network[vpc-a/subnet-a]", VpcID: "vpc-a", SubnetID: "subnet-a", Absent: true},
				{Addr: "postgres_ro_group.ro.network[vpc-c/subnet-c]", VpcID: "vpc-c", SubnetID: "subnet-c"},
			}}},
		LibraClusters: []*config.LibraCluster{{Addr: "libradb_cluster.c", ClusterID: "libradb-00000001", Region: region, Provider: "tencentcloud",
			Prune: &config.Prune{NamePattern: "tmp_*"},
			Accounts: []*config.LibraAccount{
				{Addr: "libradb_cluster.c.account.bi", Name: "bi", Host: "%", Password: secret.New("Bi-pass-2026"), PasswordSource: "literal",
					Description: ptr("new"), Rotation: &config.Rotation{ChangedAfter: &after}},
				{Addr: `libradb_cluster.c.account.etl_old["10.0.0.1"]`, Name: "etl_old", Host: "10.0.0.1", Absent: true},
			}}},
	}
	return w, cfg
}

// TestApplyLifecycleConverges applies every lifecycle kind against the
// simulator, then plans again: no change is left, what the configuration
// does not ask for is untouched, and no account deleted is created again.
func TestApplyLifecycleConverges(t *testing.T) {
	applyLifecycle(t, tcsim.Variants{})
}

// TestApplyLifecycleUnderVariants: the same under each plausible answer
// to what the API documentation leaves open (tcsim.PlausibleVariants),
// e.g. another code for a missing LibraDB account, a LibraDB batch limit
// of two, OpenCam not reported, stale reads after network calls.
func TestApplyLifecycleUnderVariants(t *testing.T) {
	for _, name := range tcsim.PlausibleVariants() {
		t.Run(name, func(t *testing.T) {
			var v tcsim.Variants
			if err := tcsim.ParseVariant(name, &v); err != nil {
				t.Fatal(err)
			}
			applyLifecycle(t, v)
		})
	}
}

func applyLifecycle(t *testing.T, v tcsim.Variants) {
	after := time.Now().Add(-time.Hour).Truncate(time.Second)
	w, cfg := lifecycleWorld(after)
	if v.OpenCamAbsent {
		// cam_rotated's CAM state cannot be read: its declaration says it.
		for _, a := range cfg.Instances[0].Accounts {
			if a.Name == "cam_rotated" {
				a.CAM = ptr(true)
			}
		}
	}
	env := newSimEnv(t, w, tcsim.Options{RateScale: 20, FlowDuration: 100 * time.Millisecond, Variants: v})
	p := env.plan(t, cfg)
	got := map[string]plan.Kind{}
	for _, a := range p.Actions {
		if _, dup := got[a.Addr]; !dup || a.Kind != plan.CreateAccount {
			got[a.Addr] = a.Kind
		}
	}
	want := map[string]plan.Kind{
		"postgres_instance.one.account.leaver":          plan.LockAccount,
		"postgres_instance.one.account.returner":        plan.UnlockAccount,
		"postgres_instance.one.account.fresh":           plan.LockAccount, // after its create
		"postgres_instance.one.account.gone":            plan.DeleteAccount,
		"postgres_instance.one.account.app_old1":        plan.DeleteAccount,
		"postgres_instance.one.account.app_old2":        plan.DeleteAccount,
		"postgres_ro_group.ro.network[vpc-a/subnet-a]":  plan.DeleteRONetwork,
		"postgres_ro_group.ro.network[vpc-c/subnet-c]":  plan.CreateRONetwork,
		`libradb_cluster.c.account.etl_old["10.0.0.1"]`: plan.DeleteLibraAccount,
		"libradb_cluster.c.account.tmp_a":               plan.DeleteLibraAccount,
		"libradb_cluster.c.account.tmp_b":               plan.DeleteLibraAccount,
		"postgres_instance.one.account.rotated":         plan.ResetAccountPassword,
		"postgres_instance.one.account.cam_rotated":     plan.RefreshAccountPassword,
		"libradb_cluster.c.account.bi":                  plan.ResetLibraPassword, // and its description
	}
	for addr, k := range want {
		if got[addr] != k {
			t.Errorf("plan: %s has %v, want %v", addr, got[addr], k)
		}
	}
	if len(got) != len(want) {
		t.Errorf("plan has actions on %d objects, want %d: %v", len(got), len(want), got)
	}
	r := env.applyConverges(t, cfg, p)
	if n := r.Count(exec.Succeeded); n != len(p.Actions) {
		t.Errorf("%d of %d actions succeeded: %v", n, len(p.Actions), r.Totals)
	}
	if e := r.Effects[len(r.Effects)-1]; e.Effect != plan.EffectDelete || e.Actions != 7 || e.Counts[exec.Succeeded] != 7 {
		t.Errorf("report's delete effect = %+v, want 7 deletes succeeded", e)
	}

	snap := env.srv.Snapshot()
	status := map[string]int64{}
	for _, a := range snap.Instances[0].Accounts {
		status[a.UserName] = a.Status
	}
	wantStatus := map[string]int64{"root": 2, "leaver": 5, "returner": 2, "fresh": 5, "bystander": 5, "app_keep": 2, "other": 2,
		"rotated": 2, "cam_rotated": 2}
	if len(status) != len(wantStatus) {
		t.Errorf("accounts after apply: %v, want %v", status, wantStatus)
	}
	for name, want := range wantStatus {
		if s, ok := status[name]; !ok || s != want {
			t.Errorf("account %s: Status %d (present %v), want %d", name, s, ok, want)
		}
	}
	for _, a := range snap.Instances[0].Accounts {
		if a.UserName == "rotated" || a.UserName == "cam_rotated" {
			if !setAtOrAfter(a.PasswordUpdateTime, after) {
				t.Errorf("%s: PasswordUpdateTime %q, want after %v", a.UserName, a.PasswordUpdateTime, after)
			}
		}
	}
	var nets []string
	for _, n := range snap.ROGroups[0].Networks {
		nets = append(nets, n.VpcID)
	}
	if len(nets) != 2 || nets[0] != "vpc-b" || nets[1] != "vpc-c" {
		t.Errorf("group networks after apply: %v, want vpc-b and vpc-c", nets)
	}
	var libra []string
	for _, a := range snap.LibraDBClusters[0].Accounts {
		libra = append(libra, a.AccountName)
	}
	if bi := snap.LibraDBClusters[0].Accounts[len(snap.LibraDBClusters[0].Accounts)-1]; bi.Description != "new" || !setAtOrAfter(bi.UpdateTime, after) {
		t.Errorf("LibraDB bi after apply: %+v, want the new description and a reset after %v", bi, after)
	}
	if len(libra) != 2 || libra[0] != "root" || libra[1] != "bi" {
		t.Errorf("LibraDB accounts after apply: %v, want root and bi", libra)
	}

	c := env.srv.Counters()
	if got := c.Calls["DeleteLibraDBClusterAccounts"]; got != 1 && v == (tcsim.Variants{}) {
		t.Errorf("DeleteLibraDBClusterAccounts calls = %d, want 1 (batched)", got)
	}
	if len(c.AccountDeletes) != 6 {
		t.Errorf("simulator deleted %v, want 6 accounts", c.AccountDeletes)
	}
	for key := range c.AccountDeletes {
		if c.AccountCreates[key] > 0 {
			t.Errorf("%s was deleted and created by the same apply", key)
		}
	}
	for action, n := range c.Throttled {
		t.Errorf("%s throttled %d times, want 0", action, n)
	}
}

// setAtOrAfter reports whether the API time at (UTC+8) is not before t.
func setAtOrAfter(at string, t time.Time) bool {
	parsed, ok := plan.CloudTime(at)
	return ok && !parsed.Before(t)
}

// TestApplyDeleteOfRecreatedAccountDrifts: a saved plan's delete is
// re-checked right before it runs; an account deleted and created again
// since the plan (another creation time) is reported drifted, not
// deleted.
func TestApplyDeleteOfRecreatedAccountDrifts(t *testing.T) {
	clk := clock.NewFake(time.Now())
	w := &tcsim.World{Instances: []tcsim.Instance{{ID: "postgres-00000001", Region: region,
		Accounts: []tcsim.Account{{UserName: "gone", CreateTime: "2026-01-01 00:00:00"}}}}}
	env := newSimEnv(t, w, tcsim.Options{Clock: clk, RateScale: 20})
	cfg := &config.Config{Instances: []*config.Instance{{Addr: "postgres_instance.one", InstanceID: "postgres-00000001",
		Region: region, Provider: "tencentcloud", Accounts: []*config.Account{
			{Addr: "postgres_instance.one.account.gone", Name: "gone", Type: "normal", Absent: true}}}}}
	p := env.plan(t, cfg)
	if len(p.Actions) != 1 || p.Actions[0].Kind != plan.DeleteAccount {
		t.Fatalf("plan = %v, want one delete", p.Actions)
	}

	ctx := context.Background()
	cl := env.client.Region(region)
	if _, err := cl.DeleteAccount(ctx, apiclient.DeleteAccountRequest{DBInstanceId: "postgres-00000001", UserName: "gone"}); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Minute)
	if _, err := cl.CreateAccount(ctx, apiclient.CreateAccountRequest{DBInstanceId: "postgres-00000001", UserName: "gone",
		Type: "normal", Password: secret.New("Recreated-pw-1!")}); err != nil {
		t.Fatal(err)
	}

	r, err := exec.Run(ctx, p, env.execOptions(cfg))
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if got := r.Actions[0]; got.Outcome != exec.Drifted || got.Attempts != 0 {
		t.Errorf("delete of a recreated account: %s after %d attempts (%s), want drifted, never sent", got.Outcome, got.Attempts, got.Detail)
	}
	if c := env.srv.Counters(); c.AccountDeletes["postgres-00000001/gone"] != 1 {
		t.Errorf("the recreated account was deleted: %v", c.AccountDeletes)
	}
}
