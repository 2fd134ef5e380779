package plan_test

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/dbplan/dbplan/internal/config"
	"github.com/dbplan/dbplan/internal/plan"
	"github.com/dbplan/dbplan/internal/secret"
)

// mixedFixture returns a configuration and an observed state that need
// one action of every kind.
func mixedFixture() (*config.Config, *plan.Observed) {
	create := account("fresh", 2)
	rem := account("rem", 3)
	rem.Remark = ptr("new remark")
	camOn := account("camon", 4)
	camOn.CAM = ptr(true)
	camOff := account("camoff", 5)
	camOff.CAM = ptr(false)
	lock := account("locker", 16)
	lock.Locked = ptr(true)
	unlock := account("unlocker", 17)
	unlock.Locked = ptr(false)
	gone := &config.Account{Name: "gone", Absent: true, DeclRange: rng(18)}
	rotate := account("rotate", 20)
	rotate.Rotation = &config.Rotation{ChangedAfter: ptr(rotationDate), ChangedAfterRange: rng(21)}
	refresh := account("refresh", 22)
	refresh.Rotation = &config.Rotation{ChangedAfter: ptr(rotationDate), ChangedAfterRange: rng(23)}
	promote := account("promoted", 24)
	promote.Type, promote.TypeDeclared = config.AccountTypeSuper, true
	reader := account("reader", 25)
	reader.Grants = []*config.Grant{
		{ObjectType: config.ObjectTable, Database: "app", Schema: "public", Objects: []string{"items", "orders"}, Privileges: []string{"SELECT"}, DeclRange: rng(26)},
		{ObjectType: config.ObjectDatabase, Database: "app", Privileges: []string{"CONNECT"}, DeclRange: rng(27)},
	}
	create.Grants = []*config.Grant{{ObjectType: config.ObjectSchema, Database: "app", Schema: "public", Privileges: []string{"USAGE"}, DeclRange: rng(28)}}
	a := instance("a", "postgres-1", create, rem, camOn, camOff, lock, unlock, gone, rotate, refresh, promote, reader)
	a.Extranet = &config.Extranet{Enabled: true, DeclRange: rng(6)}
	b := instance("b", "postgres-2")
	b.Extranet = &config.Extranet{Enabled: false, DeclRange: rng(8)}
	g := &config.ROGroup{Addr: "postgres_ro_group.g", ROGroupID: "pgrogrp-1", MasterInstanceID: "postgres-1", DeclRange: rng(10),
		Networks: []*config.Network{
			{Addr: "postgres_ro_group.g.network[vpc-0/subnet-0]", VpcID: "vpc-0", SubnetID: "subnet-0", Absent: true, DeclRange: rng(12)},
			{Addr: "postgres_ro_group.g.network[vpc-1/subnet-1]", VpcID: "vpc-1", SubnetID: "subnet-1", DeclRange: rng(11)},
		}}
	c := &config.LibraCluster{Addr: "libradb_cluster.c", ClusterID: "libradb-1", DeclRange: rng(13), Accounts: []*config.LibraAccount{
		{Addr: "libradb_cluster.c.account.etl", Name: "etl", Host: "%", Password: secret.New("Etl-pass-1!"), PasswordSource: "var.etl", DeclRange: rng(14)},
		{Addr: "libradb_cluster.c.account.bi", Name: "bi", Host: "%", Description: ptr("bi team"), PasswordSource: "var.bi", DeclRange: rng(15),
			Rotation: &config.Rotation{ChangedAfter: ptr(rotationDate), ChangedAfterRange: rng(16)}},
		{Addr: "libradb_cluster.c.account.old", Name: "old", Host: "%", Absent: true, DeclRange: rng(19)},
		{Addr: "libradb_cluster.c.account.analyst", Name: "analyst", Host: "%", DeclRange: rng(29), Grants: []*config.Grant{
			{ObjectType: config.LibraGlobal, Privileges: []string{"PROCESS"}, DeclRange: rng(30)},
			{ObjectType: config.LibraTable, Database: "sales", Objects: []string{"orders"}, Privileges: []string{"SELECT"}, DeclRange: rng(31)},
		}},
	}}
	c.Accounts[0].Grants = []*config.Grant{{ObjectType: config.LibraDatabase, Database: "sales", Privileges: []string{"SELECT"}, DeclRange: rng(32)}}
	cfg := &config.Config{Digest: "digest-1", Instances: []*config.Instance{a, b}, ROGroups: []*config.ROGroup{g}, LibraClusters: []*config.LibraCluster{c}}

	oi1 := running("postgres-1",
		&plan.ObservedAccount{Name: "rem", Type: "normal", Remark: "old"},
		&plan.ObservedAccount{Name: "camon", Type: "normal"},
		&plan.ObservedAccount{Name: "camoff", Type: "normal", CAM: true},
		&plan.ObservedAccount{Name: "locker", Type: "normal", Status: 2},
		&plan.ObservedAccount{Name: "unlocker", Type: "normal", Status: plan.AccountLocked},
		&plan.ObservedAccount{Name: "gone", Type: "normal", Status: 2, CreateTime: "2026-01-02 03:04:05"},
		&plan.ObservedAccount{Name: "rotate", Type: "normal", Status: 2, PasswordUpdateTime: "2026-01-02 03:04:05"},
		&plan.ObservedAccount{Name: "refresh", Type: "normal", CAM: true, Status: 2, PasswordUpdateTime: "0000-00-00 00:00:00"},
		&plan.ObservedAccount{Name: "promoted", Type: "normal"},
		&plan.ObservedAccount{Name: "reader", Type: "normal", Privileges: map[string]plan.ObservedPrivileges{
			"table app.public.items":  {Privileges: []string{"SELECT"}},
			"table app.public.orders": {Privileges: []string{"DELETE", "SELECT"}},
			"database app":            {Privileges: []string{"TEMPORARY"}},
		}},
	)
	oi2 := running("postgres-2")
	oi2.PublicIPv4 = plan.NetOpened
	obs := observed(oi1, oi2)
	obs.ROGroups = map[string]*plan.ObservedROGroup{"pgrogrp-1": {ID: "pgrogrp-1", MasterInstanceID: "postgres-1", Status: "ok",
		Networks: []plan.ObservedNetwork{{VpcID: "vpc-0", SubnetID: "subnet-0", VIP: "10.0.0.9", Status: "opened"}}}}
	obs.LibraClusters = map[string]*plan.ObservedLibraCluster{"libradb-1": {ID: "libradb-1", Status: "running", Accounts: map[string]*plan.ObservedLibraAccount{
		"bi@%":  {Name: "bi", Host: "%", Description: "old"},
		"old@%": {Name: "old", Host: "%", CreateTime: "2026-01-02 03:04:05"},
		"analyst@%": {Name: "analyst", Host: "%", Privileges: map[string][]string{
			"global": {"PROCESS"}, "table sales.orders": {"DELETE"}, "database marketing": {"SELECT"}}},
	}}}
	return cfg, obs
}

// applyAll returns a copy of obs with every action of p carried out, as
// a perfect cloud would.
func applyAll(p *plan.Plan, obs *plan.Observed) *plan.Observed {
	data, err := json.Marshal(obs)
	if err != nil {
		panic(err)
	}
	var o plan.Observed
	if err := json.Unmarshal(data, &o); err != nil {
		panic(err)
	}
	for _, a := range p.Actions {
		t := a.Target
		switch a.Kind {
		case plan.CreateAccount:
			oa := &plan.ObservedAccount{Name: t.UserName, Type: a.Params.AccountType, CAM: a.Params.OpenCAM, Status: 2}
			if a.Params.Remark != nil {
				oa.Remark = *a.Params.Remark
			}
			o.Instances[t.InstanceID].Accounts[t.UserName] = oa
		case plan.ModifyAccountRemark:
			o.Instances[t.InstanceID].Accounts[t.UserName].Remark = *a.Params.Remark
		case plan.OpenAccountCAM, plan.CloseAccountCAM:
			o.Instances[t.InstanceID].Accounts[t.UserName].CAM = a.Kind == plan.OpenAccountCAM
		case plan.ChangeAccountType:
			o.Instances[t.InstanceID].Accounts[t.UserName].Type = a.Params.AccountType
		case plan.ModifyPrivileges:
			oa := o.Instances[t.InstanceID].Accounts[t.UserName]
			if oa.Privileges == nil {
				oa.Privileges = map[string]plan.ObservedPrivileges{}
			}
			key := t.ObjectOf().Key()
			var held []string
			for _, p := range oa.Privileges[key].Privileges {
				if !slices.Contains(a.Params.Revoke, p) {
					held = append(held, p)
				}
			}
			held = append(held, a.Params.Grant...)
			slices.Sort(held)
			oa.Privileges[key] = plan.ObservedPrivileges{Privileges: held}
		case plan.LockAccount, plan.UnlockAccount:
			o.Instances[t.InstanceID].Accounts[t.UserName].Status = map[bool]int{true: plan.AccountLocked, false: 2}[a.Kind == plan.LockAccount]
		case plan.OpenExtranet, plan.CloseExtranet:
			st := plan.NetOpened
			if a.Kind == plan.CloseExtranet {
				st = plan.NetClosed
			}
			if a.Params.IPv6 {
				o.Instances[t.InstanceID].PublicIPv6 = st
			} else {
				o.Instances[t.InstanceID].PublicIPv4 = st
			}
		case plan.CreateRONetwork:
			g := o.ROGroups[t.ROGroupID]
			g.Networks = append(g.Networks, plan.ObservedNetwork{VpcID: a.Params.VpcID, SubnetID: a.Params.SubnetID, VIP: "10.9.9.9", Status: plan.NetOpened})
		case plan.CreateLibraAccount:
			la := &plan.ObservedLibraAccount{Name: t.UserName, Host: t.Host}
			if a.Params.Description != nil {
				la.Description = *a.Params.Description
			}
			o.LibraClusters[t.ClusterID].Accounts[plan.LibraKey(t.UserName, t.Host)] = la
		case plan.DeleteAccount:
			delete(o.Instances[t.InstanceID].Accounts, t.UserName)
		case plan.DeleteRONetwork:
			g := o.ROGroups[t.ROGroupID]
			g.Networks = slices.DeleteFunc(g.Networks, func(n plan.ObservedNetwork) bool { return n.VpcID == a.Params.VpcID && n.VIP == a.Params.VIP })
		case plan.DeleteLibraAccount:
			delete(o.LibraClusters[t.ClusterID].Accounts, plan.LibraKey(t.UserName, t.Host))
		case plan.ResetAccountPassword, plan.RefreshAccountPassword:
			o.Instances[t.InstanceID].Accounts[t.UserName].PasswordUpdateTime = "2026-11-22 20:00:00"
		case plan.ResetLibraPassword:
			o.LibraClusters[t.ClusterID].Accounts[plan.LibraKey(t.UserName, t.Host)].UpdateTime = "2026-11-22 20:00:00"
		case plan.ModifyLibraPrivileges:
			o.LibraClusters[t.ClusterID].Accounts[plan.LibraKey(t.UserName, t.Host)].Privileges = a.Params.LibraPrivileges
		case plan.ModifyLibraDescription:
			o.LibraClusters[t.ClusterID].Accounts[plan.LibraKey(t.UserName, t.Host)].Description = *a.Params.Description
		}
	}
	return &o
}

// fixturePasswords lists every password in cfg, for redaction checks.
func fixturePasswords(t *testing.T, cfg *config.Config) []string {
	t.Helper()
	var pw []string
	for _, i := range cfg.Instances {
		for _, a := range i.Accounts {
			if a.Password.IsSet() {
				pw = append(pw, a.Password.Reveal())
			}
		}
	}
	for _, c := range cfg.LibraClusters {
		for _, a := range c.Accounts {
			if a.Password.IsSet() {
				pw = append(pw, a.Password.Reveal())
			}
		}
	}
	if len(pw) == 0 {
		t.Fatal("fixture has no password; the redaction check would prove nothing")
	}
	return pw
}

func ptr[T any](v T) *T { return &v }

// rotationDate is the fixtures' password_changed_after.
var rotationDate = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

func rng(line int) hcl.Range {
	return hcl.Range{Filename: "main.hcl", Start: hcl.Pos{Line: line, Column: 1}, End: hcl.Pos{Line: line, Column: 10}}
}

func instance(label, id string, accounts ...*config.Account) *config.Instance {
	addr := "postgres_instance." + label
	for _, a := range accounts {
		a.Addr = addr + ".account." + a.Name
	}
	return &config.Instance{Addr: addr, InstanceID: id, Region: "ap-guangzhou", Provider: "tencentcloud", Accounts: accounts, DeclRange: rng(1)}
}

func account(name string, line int) *config.Account {
	return &config.Account{Name: name, Type: "normal", Password: secret.New("Pw-" + name + "-1a!"), PasswordSource: "var.pw", DeclRange: rng(line)}
}

func running(id string, accounts ...*plan.ObservedAccount) *plan.ObservedInstance {
	m := map[string]*plan.ObservedAccount{}
	for _, a := range accounts {
		m[a.Name] = a
	}
	return &plan.ObservedInstance{ID: id, Region: "ap-guangzhou", Status: "running", PublicIPv4: plan.NetIniting, Accounts: m}
}

func observed(insts ...*plan.ObservedInstance) *plan.Observed {
	o := &plan.Observed{Instances: map[string]*plan.ObservedInstance{}}
	for _, i := range insts {
		o.Instances[i.ID] = i
	}
	return o
}

func diagSummaries(d hcl.Diagnostics) []string {
	var s []string
	for _, x := range d {
		s = append(s, x.Summary+" @"+x.Subject.String())
	}
	return s
}

func kinds(p *plan.Plan) []string {
	var s []string
	for _, a := range p.Actions {
		s = append(s, a.ID)
	}
	return s
}
