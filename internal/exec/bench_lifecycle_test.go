package exec_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/dbplan/dbplan/internal/config"
	"github.com/dbplan/dbplan/internal/exec"
	"github.com/dbplan/dbplan/internal/plan"
	"github.com/dbplan/dbplan/internal/secret"
	"github.com/dbplan/dbplan/internal/tcsim"
)

// lifecycleBulkWorld has 100 instances with 40 accounts each: 20 whose
// password was set before after (reset) and 20 to delete (10 declared
// absent, 10 pruned by pattern): 2,000 ResetAccountPassword and 2,000
// DeleteAccount actions.
func lifecycleBulkWorld(after time.Time) (*tcsim.World, *config.Config) {
	w := &tcsim.World{}
	cfg := &config.Config{}
	rot := &config.Rotation{ChangedAfter: &after}
	for i := range 100 {
		id := fmt.Sprintf("postgres-%08d", i)
		addr := fmt.Sprintf("postgres_instance.i%03d", i)
		in := tcsim.Instance{ID: id, Region: region}
		ci := &config.Instance{Addr: addr, InstanceID: id, Region: region, Provider: "tencentcloud",
			Prune: &config.Prune{NamePattern: "tmp_*"}}
		for j := range 20 {
			name := fmt.Sprintf("app_%02d", j)
			in.Accounts = append(in.Accounts, tcsim.Account{UserName: name, PasswordUpdateTime: "2026-01-01 00:00:00"})
			ci.Accounts = append(ci.Accounts, &config.Account{Addr: addr + ".account." + name, Name: name, Type: "normal",
				Password: secret.New(fmt.Sprintf("Rotated-pw-%d-%d!", i, j)), PasswordSource: "literal", Rotation: rot})
		}
		for j := range 10 {
			gone, tmp := fmt.Sprintf("gone_%02d", j), fmt.Sprintf("tmp_%02d", j)
			in.Accounts = append(in.Accounts, tcsim.Account{UserName: gone}, tcsim.Account{UserName: tmp})
			ci.Accounts = append(ci.Accounts, &config.Account{Addr: addr + ".account." + gone, Name: gone, Type: "normal", Absent: true})
		}
		w.Instances = append(w.Instances, in)
		cfg.Instances = append(cfg.Instances, ci)
	}
	return w, cfg
}

// BenchmarkApplyLifecycle is issue 9's benchmark: 2,000 password
// rotations (ResetAccountPassword, 100/s) and 2,000 deletes
// (DeleteAccount, 20/s; half absent = true, half pruned) across 100
// instances, simulator rate scale 10, real clock. It reports wall/bound
// (wall time over the quota bound, the largest over API actions of calls
// / scaled quota: here the deletes, 2,000 at 200/s = 10 s; target ≤ 1.05)
// and the throttled calls the simulator saw (target 0). It fails unless
// the apply converges with every password reset, every account deleted
// once and none created.
//
//	go test -run '^$' -bench ApplyLifecycle -benchtime 1x ./internal/exec/
func BenchmarkApplyLifecycle(b *testing.B) {
	var wallSum, boundSum time.Duration
	throttled := 0
	for b.Loop() {
		b.StopTimer()
		after := time.Now().Add(-time.Hour).Truncate(time.Second)
		w, cfg := lifecycleBulkWorld(after)
		env := newSimEnv(b, w, tcsim.Options{RateScale: benchRateScale})
		p := env.plan(b, cfg)
		kinds := map[plan.Kind]int{}
		for _, a := range p.Actions {
			kinds[a.Kind]++
		}
		if len(p.Actions) != 4000 || kinds[plan.ResetAccountPassword] != 2000 || kinds[plan.DeleteAccount] != 2000 {
			b.Fatalf("plan has %v, want 2000 resets and 2000 deletes", kinds)
		}
		m := measuredApply(b, env, cfg, p)
		throttled += m.throttled
		checkLifecycleConverged(b, env, cfg, m.report, m.after, after)
		wallSum += m.wall
		boundSum += m.bound
		b.StartTimer()
	}
	b.ReportMetric(float64(wallSum)/float64(boundSum), "wall/bound")
	b.ReportMetric(float64(throttled)/float64(b.N), "throttled/op")
	b.ReportMetric(boundSum.Seconds()/float64(b.N), "bound-s/op")
}

// checkLifecycleConverged fails b unless every action succeeded, a new
// plan is empty, 2,000 accounts were deleted once each and none created,
// and every remaining password was set after after.
func checkLifecycleConverged(b *testing.B, env *simEnv, cfg *config.Config, r *exec.Report, c tcsim.Counters, after time.Time) {
	b.Helper()
	if r.Count(exec.Succeeded) != 4000 {
		b.Fatalf("apply: %v, want 4000 succeeded", r.Totals)
	}
	if again := env.plan(b, cfg); again.HasChanges() {
		b.Fatalf("plan after apply has %d actions, want none", len(again.Actions))
	}
	if len(c.AccountDeletes) != 2000 || len(c.AccountCreates) != 0 {
		b.Fatalf("simulator: %d accounts deleted, %d created; want 2000 and 0", len(c.AccountDeletes), len(c.AccountCreates))
	}
	for key, n := range c.AccountDeletes {
		if n != 1 {
			b.Fatalf("%s deleted %d times", key, n)
		}
	}
	for _, in := range env.srv.Snapshot().Instances {
		if len(in.Accounts) != 20 {
			b.Fatalf("%s has %d accounts after apply, want 20", in.ID, len(in.Accounts))
		}
		for _, a := range in.Accounts {
			if !setAtOrAfter(a.PasswordUpdateTime, after) {
				b.Fatalf("%s/%s: password last set %s, want after %v", in.ID, a.UserName, a.PasswordUpdateTime, after)
			}
		}
	}
}
