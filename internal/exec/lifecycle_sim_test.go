package exec_test

import (
	"testing"
	"time"

	"github.com/dbplan/dbplan/internal/config"
	"github.com/dbplan/dbplan/internal/plan"
	"github.com/dbplan/dbplan/internal/secret"
	"github.com/dbplan/dbplan/internal/tcsim"
)

// lifecycleWorld has one instance whose accounts need taking away or
// giving back; lifecycleConfig declares what must change.
func lifecycleWorld() (*tcsim.World, *config.Config) {
	w := &tcsim.World{
		Instances: []tcsim.Instance{{ID: "postgres-00000001", Region: region, Accounts: []tcsim.Account{
			{UserName: "leaver"}, {UserName: "returner", Status: 5}, {UserName: "bystander", Status: 5},
		}}},
	}
	acct := func(name string) *config.Account {
		return &config.Account{Addr: "postgres_instance.one.account." + name, Name: name, Type: "normal",
			Password: secret.New("Pw-" + name + "-12345!"), PasswordSource: "literal"}
	}
	leaver, returner, fresh := acct("leaver"), acct("returner"), acct("fresh")
	leaver.Locked, returner.Locked, fresh.Locked = ptr(true), ptr(false), ptr(true)
	cfg := &config.Config{Instances: []*config.Instance{{Addr: "postgres_instance.one", InstanceID: "postgres-00000001",
		Region: region, Provider: "tencentcloud", Accounts: []*config.Account{acct("bystander"), fresh, leaver, returner}}}}
	// bystander is declared without locked: it stays locked.
	cfg.Instances[0].Accounts[0].Password = secret.Value{}
	return w, cfg
}

// TestApplyLifecycleConverges applies every lifecycle kind against the
// simulator, then plans again: no change is left, and what the
// configuration does not ask for is untouched.
func TestApplyLifecycleConverges(t *testing.T) {
	w, cfg := lifecycleWorld()
	env := newSimEnv(t, w, tcsim.Options{RateScale: 20, FlowDuration: 100 * time.Millisecond})
	p := env.plan(t, cfg)
	got := map[string]plan.Kind{}
	for _, a := range p.Actions {
		got[a.Addr] = a.Kind
	}
	want := map[string]plan.Kind{
		"postgres_instance.one.account.leaver":   plan.LockAccount,
		"postgres_instance.one.account.returner": plan.UnlockAccount,
		"postgres_instance.one.account.fresh":    plan.LockAccount, // and its create
	}
	for addr, k := range want {
		if got[addr] != k {
			t.Errorf("plan: %s has %v, want %v (all: %v)", addr, got[addr], k, got)
		}
	}
	env.applyConverges(t, cfg, p)
	status := map[string]int64{}
	for _, a := range env.srv.Snapshot().Instances[0].Accounts {
		status[a.UserName] = a.Status
	}
	for name, want := range map[string]int64{"leaver": 5, "returner": 2, "fresh": 5, "bystander": 5} {
		if status[name] != want {
			t.Errorf("account %s has Status %d, want %d", name, status[name], want)
		}
	}
}
