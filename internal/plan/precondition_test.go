package plan_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dbplan/dbplan/internal/plan"
	"github.com/dbplan/dbplan/internal/secret"
)

func TestCheckPrecondition(t *testing.T) {
	acct := func(k plan.Kind, p plan.Params, expect string) plan.Action {
		return plan.Action{Kind: k, Params: p, Target: plan.Target{InstanceID: "postgres-1", UserName: "app"}, Precondition: plan.Precondition{Expect: expect}}
	}
	withAcc := func(a *plan.ObservedAccount) *plan.Observed { return observed(running("postgres-1", a)) }
	public := func(v4, v6 string) *plan.Observed {
		oi := running("postgres-1")
		oi.PublicIPv4, oi.PublicIPv6 = v4, v6
		return observed(oi)
	}
	ext := func(k plan.Kind, ipv6 bool) plan.Action {
		return plan.Action{Kind: k, Params: plan.Params{IPv6: ipv6}, Target: plan.Target{InstanceID: "postgres-1"}}
	}
	group := func(nets ...plan.ObservedNetwork) *plan.Observed {
		return &plan.Observed{ROGroups: map[string]*plan.ObservedROGroup{"pgrogrp-1": {ID: "pgrogrp-1", Status: "ok", Networks: nets}}}
	}
	netAct := plan.Action{Kind: plan.CreateRONetwork, Target: plan.Target{ROGroupID: "pgrogrp-1"}, Params: plan.Params{VpcID: "vpc-1", SubnetID: "subnet-1"}}
	cluster := func(a *plan.ObservedLibraAccount) *plan.Observed {
		m := map[string]*plan.ObservedLibraAccount{}
		if a != nil {
			m[plan.LibraKey(a.Name, a.Host)] = a
		}
		return &plan.Observed{LibraClusters: map[string]*plan.ObservedLibraCluster{"libradb-1": {ID: "libradb-1", Accounts: m}}}
	}
	libra := func(k plan.Kind, desc *string, expect string) plan.Action {
		return plan.Action{Kind: k, Params: plan.Params{Description: desc}, Target: plan.Target{ClusterID: "libradb-1", UserName: "etl", Host: "%"}, Precondition: plan.Precondition{Expect: expect}}
	}

	reset := func(k plan.Kind) plan.Action {
		return plan.Action{Kind: k, Params: plan.Params{PasswordChangedAfter: "2026-06-01T00:00:00+08:00"},
			Target: plan.Target{InstanceID: "postgres-1", UserName: "app"}}
	}
	libraReset := func(expect string) plan.Action {
		return plan.Action{Kind: plan.ResetLibraPassword, Params: plan.Params{PasswordChangedAfter: "2026-06-01T00:00:00+08:00"},
			Target: plan.Target{ClusterID: "libradb-1", UserName: "etl", Host: "%"}, Precondition: plan.Precondition{Expect: expect}}
	}
	delNet := plan.Action{Kind: plan.DeleteRONetwork, Target: plan.Target{ROGroupID: "pgrogrp-1"}, Params: plan.Params{VpcID: "vpc-1", SubnetID: "subnet-1", VIP: "10.0.0.1"}}
	libraDel := func(expect string) plan.Action {
		return plan.Action{Kind: plan.DeleteLibraAccount, Target: plan.Target{ClusterID: "libradb-1", UserName: "etl", Host: "%"}, Precondition: plan.Precondition{Expect: expect}}
	}
	tests := []struct {
		name string
		a    plan.Action
		obs  *plan.Observed
		want plan.Verdict
	}{
		{"create: absent", acct(plan.CreateAccount, plan.Params{AccountType: "normal"}, "absent"), observed(running("postgres-1")), plan.Holds},
		{"create: exists as planned", acct(plan.CreateAccount, plan.Params{AccountType: "normal"}, "absent"), withAcc(&plan.ObservedAccount{Name: "app", Type: "normal"}), plan.Done},
		{"create: exists with other type", acct(plan.CreateAccount, plan.Params{AccountType: "normal"}, "absent"), withAcc(&plan.ObservedAccount{Name: "app", Type: "tencentDBSuper"}), plan.Drifted},
		{"create cam: exists with cam", acct(plan.CreateAccount, plan.Params{AccountType: "normal", OpenCAM: true}, "absent"), withAcc(&plan.ObservedAccount{Name: "app", Type: "normal", CAM: true}), plan.Done},
		{"create cam: exists, CAM not reported", acct(plan.CreateAccount, plan.Params{AccountType: "normal", OpenCAM: true}, "absent"), withAcc(&plan.ObservedAccount{Name: "app", Type: "normal", CAMUnknown: true}), plan.Done},
		{"open cam: CAM not reported", acct(plan.OpenAccountCAM, plan.Params{}, "off"), withAcc(&plan.ObservedAccount{Name: "app", CAMUnknown: true}), plan.Holds},
		{"create cam: exists without cam", acct(plan.CreateAccount, plan.Params{AccountType: "normal", OpenCAM: true}, "absent"), withAcc(&plan.ObservedAccount{Name: "app", Type: "normal"}), plan.Drifted},
		{"create cam=false: exists with cam", plan.Action{Kind: plan.CreateAccount, Params: plan.Params{AccountType: "normal"}, After: map[string]string{"cam": "false"}, Target: plan.Target{InstanceID: "postgres-1", UserName: "app"}}, withAcc(&plan.ObservedAccount{Name: "app", Type: "normal", CAM: true}), plan.Drifted},
		{"create cam unmanaged: exists with cam", acct(plan.CreateAccount, plan.Params{AccountType: "normal"}, "absent"), withAcc(&plan.ObservedAccount{Name: "app", Type: "normal", CAM: true}), plan.Done},
		{"create: instance gone", acct(plan.CreateAccount, plan.Params{AccountType: "normal"}, "absent"), observed(), plan.Drifted},
		{"remark: still old", acct(plan.ModifyAccountRemark, plan.Params{Remark: ptr("new")}, "old"), withAcc(&plan.ObservedAccount{Name: "app", Remark: "old"}), plan.Holds},
		{"remark: already new", acct(plan.ModifyAccountRemark, plan.Params{Remark: ptr("new")}, "old"), withAcc(&plan.ObservedAccount{Name: "app", Remark: "new"}), plan.Done},
		{"remark: changed elsewhere", acct(plan.ModifyAccountRemark, plan.Params{Remark: ptr("new")}, "old"), withAcc(&plan.ObservedAccount{Name: "app", Remark: "other"}), plan.Drifted},
		{"remark: account gone", acct(plan.ModifyAccountRemark, plan.Params{Remark: ptr("new")}, "old"), observed(running("postgres-1")), plan.Drifted},
		{"open cam: off", acct(plan.OpenAccountCAM, plan.Params{}, "off"), withAcc(&plan.ObservedAccount{Name: "app"}), plan.Holds},
		{"open cam: on", acct(plan.OpenAccountCAM, plan.Params{}, "off"), withAcc(&plan.ObservedAccount{Name: "app", CAM: true}), plan.Done},
		{"close cam: on", acct(plan.CloseAccountCAM, plan.Params{}, "on"), withAcc(&plan.ObservedAccount{Name: "app", CAM: true}), plan.Holds},
		{"lock: unlocked", acct(plan.LockAccount, plan.Params{}, "unlocked"), withAcc(&plan.ObservedAccount{Name: "app", Status: 2}), plan.Holds},
		{"lock: locked already", acct(plan.LockAccount, plan.Params{}, "unlocked"), withAcc(&plan.ObservedAccount{Name: "app", Status: 5}), plan.Done},
		{"lock: account gone", acct(plan.LockAccount, plan.Params{}, "unlocked"), observed(running("postgres-1")), plan.Drifted},
		{"lock: instance gone", acct(plan.LockAccount, plan.Params{}, "unlocked"), observed(), plan.Drifted},
		{"unlock: locked", acct(plan.UnlockAccount, plan.Params{}, "locked"), withAcc(&plan.ObservedAccount{Name: "app", Status: 5}), plan.Holds},
		{"unlock: unlocked already", acct(plan.UnlockAccount, plan.Params{}, "locked"), withAcc(&plan.ObservedAccount{Name: "app", Status: 2}), plan.Done},
		{"unlock: account gone", acct(plan.UnlockAccount, plan.Params{}, "locked"), observed(running("postgres-1")), plan.Drifted},
		{"delete: present as planned", acct(plan.DeleteAccount, plan.Params{}, "2026-01-01 00:00:00"), withAcc(&plan.ObservedAccount{Name: "app", CreateTime: "2026-01-01 00:00:00"}), plan.Holds},
		{"delete: gone already", acct(plan.DeleteAccount, plan.Params{}, "2026-01-01 00:00:00"), observed(running("postgres-1")), plan.Done},
		{"delete: being deleted", acct(plan.DeleteAccount, plan.Params{}, "2026-01-01 00:00:00"), withAcc(&plan.ObservedAccount{Name: "app", Status: -1, CreateTime: "2026-01-01 00:00:00"}), plan.Done},
		{"delete: recreated since", acct(plan.DeleteAccount, plan.Params{}, "2026-01-01 00:00:00"), withAcc(&plan.ObservedAccount{Name: "app", CreateTime: "2026-02-02 00:00:00"}), plan.Drifted},
		{"delete: no creation time seen", acct(plan.DeleteAccount, plan.Params{}, ""), withAcc(&plan.ObservedAccount{Name: "app", CreateTime: "2026-02-02 00:00:00"}), plan.Holds},
		{"delete: instance gone", acct(plan.DeleteAccount, plan.Params{}, ""), observed(), plan.Drifted},
		{"delete network: opened", delNet, group(plan.ObservedNetwork{VpcID: "vpc-1", SubnetID: "subnet-1", VIP: "10.0.0.1", Status: "opened"}), plan.Holds},
		{"delete network: gone", delNet, group(plan.ObservedNetwork{VpcID: "vpc-2", SubnetID: "subnet-2", VIP: "10.0.0.2", Status: "opened"}), plan.Done},
		{"delete network: closed", delNet, group(plan.ObservedNetwork{VpcID: "vpc-1", SubnetID: "subnet-1", VIP: "10.0.0.1", Status: "closed"}), plan.Done},
		{"delete network: other vip", delNet, group(plan.ObservedNetwork{VpcID: "vpc-1", SubnetID: "subnet-1", VIP: "10.0.0.9", Status: "opened"}), plan.Done},
		{"delete network: opening", delNet, group(plan.ObservedNetwork{VpcID: "vpc-1", SubnetID: "subnet-1", VIP: "10.0.0.1", Status: "opening"}), plan.Drifted},
		{"delete network: group gone", delNet, &plan.Observed{}, plan.Drifted},
		{"delete libra: present", libraDel("2026-01-01 00:00:00"), cluster(&plan.ObservedLibraAccount{Name: "etl", Host: "%", CreateTime: "2026-01-01 00:00:00"}), plan.Holds},
		{"delete libra: gone", libraDel("2026-01-01 00:00:00"), cluster(nil), plan.Done},
		{"delete libra: recreated", libraDel("2026-01-01 00:00:00"), cluster(&plan.ObservedLibraAccount{Name: "etl", Host: "%", CreateTime: "2026-03-01 00:00:00"}), plan.Drifted},
		{"delete libra: cluster gone", libraDel(""), &plan.Observed{}, plan.Drifted},
		{"reset: set before", reset(plan.ResetAccountPassword), withAcc(&plan.ObservedAccount{Name: "app", PasswordUpdateTime: "2026-05-01 00:00:00"}), plan.Holds},
		{"reset: unknown", reset(plan.ResetAccountPassword), withAcc(&plan.ObservedAccount{Name: "app", PasswordUpdateTime: "0000-00-00 00:00:00"}), plan.Holds},
		{"reset: set after", reset(plan.ResetAccountPassword), withAcc(&plan.ObservedAccount{Name: "app", PasswordUpdateTime: "2026-06-02 00:00:00"}), plan.Done},
		{"reset: CAM on now", reset(plan.ResetAccountPassword), withAcc(&plan.ObservedAccount{Name: "app", CAM: true, PasswordUpdateTime: "2026-05-01 00:00:00"}), plan.Drifted},
		{"reset: account gone", reset(plan.ResetAccountPassword), observed(running("postgres-1")), plan.Drifted},
		{"refresh: CAM on", reset(plan.RefreshAccountPassword), withAcc(&plan.ObservedAccount{Name: "app", CAM: true}), plan.Holds},
		{"refresh: CAM off now", reset(plan.RefreshAccountPassword), withAcc(&plan.ObservedAccount{Name: "app"}), plan.Drifted},
		{"refresh: CAM not reported", reset(plan.RefreshAccountPassword), withAcc(&plan.ObservedAccount{Name: "app", CAMUnknown: true}), plan.Holds},
		{"refresh: set after", reset(plan.RefreshAccountPassword), withAcc(&plan.ObservedAccount{Name: "app", CAM: true, PasswordUpdateTime: "2026-06-02 00:00:00"}), plan.Done},
		{"libra reset: unchanged", libraReset("2026-01-01 00:00:00"), cluster(&plan.ObservedLibraAccount{Name: "etl", Host: "%", UpdateTime: "2026-01-01 00:00:00"}), plan.Holds},
		{"libra reset: changed after", libraReset("2026-01-01 00:00:00"), cluster(&plan.ObservedLibraAccount{Name: "etl", Host: "%", UpdateTime: "2026-06-02 00:00:00"}), plan.Done},
		{"libra reset: changed, still before", libraReset("2026-01-01 00:00:00"), cluster(&plan.ObservedLibraAccount{Name: "etl", Host: "%", UpdateTime: "2026-03-01 00:00:00"}), plan.Holds},
		{"libra reset: gone", libraReset(""), cluster(nil), plan.Drifted},
		{"close cam: off", acct(plan.CloseAccountCAM, plan.Params{}, "on"), withAcc(&plan.ObservedAccount{Name: "app"}), plan.Done},
		{"open extranet: initing", ext(plan.OpenExtranet, false), public(plan.NetIniting, ""), plan.Holds},
		{"open extranet: opened", ext(plan.OpenExtranet, false), public(plan.NetOpened, ""), plan.Done},
		{"open extranet: opening", ext(plan.OpenExtranet, false), public(plan.NetOpening, ""), plan.Drifted},
		{"open ipv6: reads the IPv6 state", ext(plan.OpenExtranet, true), public(plan.NetOpened, plan.NetClosed), plan.Holds},
		{"close extranet: opened", ext(plan.CloseExtranet, false), public(plan.NetOpened, ""), plan.Holds},
		{"close extranet: closed", ext(plan.CloseExtranet, false), public(plan.NetClosed, ""), plan.Done},
		{"close extranet: closing", ext(plan.CloseExtranet, false), public(plan.NetClosing, ""), plan.Drifted},
		{"network: absent", netAct, group(plan.ObservedNetwork{VpcID: "vpc-0", SubnetID: "subnet-0", Status: "opened"}), plan.Holds},
		{"network: present", netAct, group(plan.ObservedNetwork{VpcID: "vpc-1", SubnetID: "subnet-1", Status: "opened"}), plan.Done},
		{"network: closed entry does not count", netAct, group(plan.ObservedNetwork{VpcID: "vpc-1", SubnetID: "subnet-1", Status: "closed"}), plan.Holds},
		{"network: group full", netAct, group(plan.ObservedNetwork{VpcID: "a", Status: "opened"}, plan.ObservedNetwork{VpcID: "b", Status: "opened"}), plan.Drifted},
		{"network: group gone", netAct, &plan.Observed{}, plan.Drifted},
		{"libra create: absent", libra(plan.CreateLibraAccount, ptr("d"), "absent"), cluster(nil), plan.Holds},
		{"libra create: exists", libra(plan.CreateLibraAccount, ptr("d"), "absent"), cluster(&plan.ObservedLibraAccount{Name: "etl", Host: "%", Description: "d"}), plan.Done},
		{"libra create: exists, other description", libra(plan.CreateLibraAccount, ptr("d"), "absent"), cluster(&plan.ObservedLibraAccount{Name: "etl", Host: "%", Description: "x"}), plan.Drifted},
		{"libra description: old", libra(plan.ModifyLibraDescription, ptr("new"), "old"), cluster(&plan.ObservedLibraAccount{Name: "etl", Host: "%", Description: "old"}), plan.Holds},
		{"libra description: new", libra(plan.ModifyLibraDescription, ptr("new"), "old"), cluster(&plan.ObservedLibraAccount{Name: "etl", Host: "%", Description: "new"}), plan.Done},
		{"libra description: gone", libra(plan.ModifyLibraDescription, ptr("new"), "old"), cluster(nil), plan.Drifted},
		{"unknown kind", plan.Action{Kind: 99}, &plan.Observed{}, plan.Drifted},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := plan.CheckPrecondition(tc.a, tc.obs)
			if got.Verdict != tc.want {
				t.Errorf("CheckPrecondition() = %v (%q), want %v", got.Verdict, got.Detail, tc.want)
			}
			if (got.Detail == "") != (got.Verdict == plan.Holds) {
				t.Errorf("CheckPrecondition() detail %q for verdict %v: want a detail exactly when not Holds", got.Detail, got.Verdict)
			}
		})
	}
}

// TestCheckPreconditionOfBuiltPlan checks the contract between Build and
// CheckPrecondition: every action holds against the state it was planned
// from, and is done against the state it aims for.
func TestCheckPreconditionOfBuiltPlan(t *testing.T) {
	cfg, obs := mixedFixture()
	p, diags := plan.Build(cfg, obs, plan.BuildOptions{})
	if diags.HasErrors() {
		t.Fatalf("Build() diags: %v", diags)
	}
	if len(p.Actions) == 0 {
		t.Fatal("Build() planned nothing; the fixture should need every kind")
	}
	seen := map[plan.Kind]bool{}
	for _, a := range p.Actions {
		seen[a.Kind] = true
		// An action runs after its dependencies (the create of its
		// account, say): it must hold once they are done.
		before := applyAll(&plan.Plan{Actions: dependencies(p, a)}, obs)
		if oc := before.LibraClusters[a.Target.ClusterID]; a.Kind == plan.ModifyLibraPrivileges {
			if la := oc.Accounts[plan.LibraKey(a.Target.UserName, a.Target.Host)]; la.Privileges == nil {
				la.Privileges = map[string][]string{} // the re-read of a new account
			}
		}
		if oi := before.Instances[a.Target.InstanceID]; a.Kind == plan.ModifyPrivileges && oi.Accounts[a.Target.UserName].Privileges == nil {
			// The executor's re-read names the object: a new account
			// holds nothing on it.
			oi.Accounts[a.Target.UserName].Privileges = map[string]plan.ObservedPrivileges{a.Target.ObjectOf().Key(): {Privileges: []string{}}}
		}
		if got := plan.CheckPrecondition(a, before); got.Verdict != plan.Holds {
			t.Errorf("%s against the planned state = %v (%s), want holds", a.ID, got.Verdict, got.Detail)
		}
	}
	converged := applyAll(p, obs)
	for _, a := range p.Actions {
		if got := plan.CheckPrecondition(a, converged); got.Verdict != plan.Done {
			t.Errorf("%s against the converged state = %v (%s), want done", a.ID, got.Verdict, got.Detail)
		}
	}
	if diff := cmp.Diff(len(plan.Kinds()), len(seen)); diff != "" {
		t.Errorf("kinds covered mismatch (-want +got):\n%s", diff)
	}
	again, diags := plan.Build(cfg, converged, plan.BuildOptions{})
	if diags.HasErrors() || again.HasChanges() {
		t.Errorf("plan after convergence = %v (diags %v), want no changes", kinds(again), diags)
	}
}

// TestPasswordsCoverEveryNeed: every action needing a password finds it
// under its SecretAddr when the configuration has the value.
func TestPasswordsCoverEveryNeed(t *testing.T) {
	cfg, obs := mixedFixture()
	cfg.LibraClusters[0].Accounts[1].Password = secret.New("Bi-pass-123!")
	p, diags := plan.Build(cfg, obs, plan.BuildOptions{})
	if diags.HasErrors() {
		t.Fatalf("Build() diags: %v", diags)
	}
	pw := plan.Passwords(cfg)
	n := 0
	for _, a := range p.Actions {
		if !a.NeedsPassword {
			continue
		}
		n++
		if v, ok := pw[a.SecretAddr]; !ok || !v.IsSet() {
			t.Errorf("%s needs the password of %s, which Passwords() lacks", a.ID, a.SecretAddr)
		}
	}
	if n == 0 {
		t.Fatal("no action needs a password; the check proved nothing")
	}
}

// dependencies returns the actions a depends on, directly or not.
func dependencies(p *plan.Plan, a plan.Action) []plan.Action {
	byID := map[string]plan.Action{}
	for _, x := range p.Actions {
		byID[x.ID] = x
	}
	var out []plan.Action
	seen := map[string]bool{}
	var walk func(ids []string)
	walk = func(ids []string) {
		for _, id := range ids {
			if !seen[id] {
				seen[id] = true
				walk(byID[id].DependsOn)
				out = append(out, byID[id])
			}
		}
	}
	walk(a.DependsOn)
	return out
}
