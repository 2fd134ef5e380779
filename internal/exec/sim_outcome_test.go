package exec_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/dbplan/dbplan/internal/config"
	"github.com/dbplan/dbplan/internal/exec"
	"github.com/dbplan/dbplan/internal/retry"
	"github.com/dbplan/dbplan/internal/secret"
	"github.com/dbplan/dbplan/internal/tcsim"
)

// TestReportMatchesTheSimulatorUnderLostAnswers: 20 creates against a
// seeded simulator that drops half the create answers after committing
// them and resets most reads. Whatever the report says must be what the
// simulator did: a failed (or canceled, skipped) create was not made, a
// succeeded or adopted one was made exactly once, and only unconfirmed
// ones may be either.
func TestReportMatchesTheSimulatorUnderLostAnswers(t *testing.T) {
	const inst = "postgres-00000001"
	w := &tcsim.World{Instances: []tcsim.Instance{{ID: inst, Region: region}}}
	in := &config.Instance{Addr: "postgres_instance.db", InstanceID: inst, Region: region, Provider: "tencentcloud"}
	for i := range 20 {
		name := fmt.Sprintf("app_%02d", i)
		in.Accounts = append(in.Accounts, &config.Account{Addr: "postgres_instance.db.account." + name, Name: name, Type: "normal",
			Password: secret.New("Pw-" + name + "-12345!"), PasswordSource: "literal"})
	}
	cfg := &config.Config{Instances: []*config.Instance{in}}
	env := newSimEnv(t, w, tcsim.Options{RateScale: 50, Seed: 7, Faults: []tcsim.FaultRule{
		{Action: "CreateAccount", Rate: 0.5, Mode: tcsim.FaultCommitThenDrop},
		{Action: "DescribeAccounts", Rate: 0.6, Mode: tcsim.FaultReset},
	}})
	p := env.plan(t, cfg) // before the faults matter: the plan's reads are few
	opts := env.execOptions(cfg)
	opts.Parallelism = 1 // one order of calls, so the seeded faults hit the same calls every run
	opts.Rand = func() float64 { return 0.5 }
	opts.Policy = retry.Policy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}
	r, err := exec.Run(context.Background(), p, opts)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}

	world := env.srv.Snapshot()
	exists := map[string]bool{}
	for _, a := range world.Instances[0].Accounts {
		exists[a.UserName] = true
	}
	creates := env.srv.Counters().AccountCreates
	made := 0
	for i, res := range r.Actions {
		user := p.Actions[i].Target.UserName
		switch res.Outcome {
		case exec.Succeeded, exec.Adopted:
			made++
			if !exists[user] || creates[inst+"/"+user] != 1 {
				t.Errorf("%s is %s, but the simulator created it %d times", user, res.Outcome, creates[inst+"/"+user])
			}
		case exec.Unconfirmed:
			if exists[user] {
				made++
			}
		default:
			if exists[user] {
				t.Errorf("%s is %s (%s), but the simulator created it", user, res.Outcome, res.Detail)
			}
		}
	}
	if got := len(creates); got != made {
		t.Errorf("the simulator created %d accounts; the report accounts for %d", got, made)
	}
	for key, n := range creates {
		if n != 1 {
			t.Errorf("%s created %d times", key, n)
		}
	}
	if r.Count(exec.Unconfirmed) == 0 {
		t.Errorf("no create was unconfirmed (totals %v): the seed no longer reproduces a lost answer with a failed re-read", r.Totals)
	}
	t.Logf("totals %v; simulator created %d", r.Totals, len(creates))
}
