package exec_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/dbplan/dbplan/internal/config"
	"github.com/dbplan/dbplan/internal/exec"
	"github.com/dbplan/dbplan/internal/plan"
	"github.com/dbplan/dbplan/internal/plan/refresh"
	"github.com/dbplan/dbplan/internal/quota"
	"github.com/dbplan/dbplan/internal/retry"
	"github.com/dbplan/dbplan/internal/tcsim"
)

// privilegesBulkWorld has 100 instances with 20 accounts each (2,000),
// none holding anything; every account is declared with the same 20
// privileges on 7 objects (the app-writer shape: CONNECT and TEMPORARY on
// the database, USAGE on the schema, SELECT/INSERT/UPDATE/DELETE on four
// tables, USAGE on a sequence): 40,000 grants, 14,000 modify_privileges
// actions.
func privilegesBulkWorld() (*tcsim.World, *config.Config) {
	catalog := []tcsim.Database{{Name: "app", Schemas: []tcsim.Schema{{Name: "public",
		Tables: []tcsim.Table{{Name: "orders"}, {Name: "items"}, {Name: "customers"}, {Name: "payments"}}, Sequences: []string{"orders_id_seq"}}}}}
	grants := []*config.Grant{
		{ObjectType: config.ObjectDatabase, Database: "app", Privileges: []string{"CONNECT", "TEMPORARY"}},
		{ObjectType: config.ObjectSchema, Database: "app", Schema: "public", Privileges: []string{"USAGE"}},
		{ObjectType: config.ObjectTable, Database: "app", Schema: "public", Objects: []string{"customers", "items", "orders", "payments"},
			Privileges: []string{"DELETE", "INSERT", "SELECT", "UPDATE"}},
		{ObjectType: config.ObjectSequence, Database: "app", Schema: "public", Objects: []string{"orders_id_seq"}, Privileges: []string{"USAGE"}},
	}
	w := &tcsim.World{}
	cfg := &config.Config{}
	for i := range 100 {
		id := fmt.Sprintf("postgres-%08d", i)
		addr := fmt.Sprintf("postgres_instance.i%03d", i)
		in := tcsim.Instance{ID: id, Region: region, Databases: catalog}
		ci := &config.Instance{Addr: addr, InstanceID: id, Region: region, Provider: "tencentcloud"}
		for j := range 20 {
			name := fmt.Sprintf("app_%02d", j)
			in.Accounts = append(in.Accounts, tcsim.Account{UserName: name})
			ci.Accounts = append(ci.Accounts, &config.Account{Addr: addr + ".account." + name, Name: name, Type: "normal", Grants: grants})
		}
		w.Instances = append(w.Instances, in)
		cfg.Instances = append(cfg.Instances, ci)
	}
	return w, cfg
}

// BenchmarkPrivileges is issue 10's benchmark: 20 privileges for each of
// 2,000 accounts across 100 instances (40,000 grants), simulator rate
// scale 10, real clock. It reports, for the plan, its wall time and the
// DescribeAccountPrivileges calls it made (one per account: 2,000; at
// 20/s scaled to 200/s, 10 s), and for the apply wall/bound (the wall time
// over the quota bound, the largest over API actions of calls / scaled
// quota: 2,000 ModifyAccountPrivileges calls of 7 changes each, and as
// many re-reads, at 200/s = 10 s; target ≤ 1.05) and the throttled calls
// the simulator saw (target 0). It fails unless the apply converges, a
// new plan is empty and every call carried at most 50 changes.
//
//	go test -run '^$' -bench Privileges -benchtime 1x ./internal/exec/
func BenchmarkPrivileges(b *testing.B) {
	var planWall, wallSum, boundSum time.Duration
	describes, throttled := 0, 0
	for b.Loop() {
		b.StopTimer()
		w, cfg := privilegesBulkWorld()
		env := newSimEnv(b, w, tcsim.Options{RateScale: benchRateScale})

		before := env.srv.Counters()
		start := time.Now()
		obs, err := refresh.Refresh(context.Background(), cfg, env.sources(), refresh.Options{Retry: &retry.Options{Limiter: env.limits}})
		if err != nil {
			b.Fatalf("Refresh: %v", err)
		}
		p, diags := plan.Build(cfg, obs, plan.BuildOptions{})
		planWall += time.Since(start)
		if diags.HasErrors() {
			b.Fatalf("Build: %v", diags)
		}
		afterPlan := env.srv.Counters()
		describes += afterPlan.Calls["DescribeAccountPrivileges"] - before.Calls["DescribeAccountPrivileges"]
		throttled += afterPlan.Throttled["DescribeAccountPrivileges"] - before.Throttled["DescribeAccountPrivileges"]
		grants := 0
		for _, a := range p.Actions {
			if a.Kind != plan.ModifyPrivileges {
				b.Fatalf("unexpected action %s", a.ID)
			}
			grants += len(a.Params.Grant)
		}
		if len(p.Actions) != 14000 || grants != 40000 {
			b.Fatalf("plan has %d actions granting %d privileges, want 14000 granting 40000", len(p.Actions), grants)
		}

		m := measuredApply(b, env, cfg, p)
		throttled += m.throttled
		checkPrivilegesConverged(b, env, cfg, m.report)
		if calls := m.after.Calls["ModifyAccountPrivileges"] - m.before.Calls["ModifyAccountPrivileges"]; calls != 2000 {
			b.Fatalf("%d ModifyAccountPrivileges calls, want 2000 (one per account)", calls)
		}
		wallSum += m.wall
		boundSum += m.bound
		b.StartTimer()
	}
	b.ReportMetric(planWall.Seconds()/float64(b.N), "plan-s/op")
	b.ReportMetric(float64(describes)/float64(b.N), "describe-calls/op")
	b.ReportMetric(float64(wallSum)/float64(boundSum), "wall/bound")
	b.ReportMetric(float64(throttled)/float64(b.N), "throttled/op")
	b.ReportMetric(boundSum.Seconds()/float64(b.N), "bound-s/op")
	b.ReportMetric(float64(2000)/(quota.Default("DescribeAccountPrivileges")*benchRateScale), "plan-bound-s/op")
}

// checkPrivilegesConverged fails b unless every action succeeded, no call
// carried more than 50 changes (the simulator refuses those) and a new
// plan is empty.
func checkPrivilegesConverged(b *testing.B, env *simEnv, cfg *config.Config, r *exec.Report) {
	b.Helper()
	if r.Count(exec.Succeeded) != 14000 {
		for _, a := range r.Actions {
			if a.Outcome != exec.Succeeded {
				b.Logf("%s: %s %s %+v", a.ID, a.Outcome, a.Detail, a.Err)
				break
			}
		}
		b.Fatalf("apply: %v, want 14000 succeeded", r.Totals)
	}
	if again := env.plan(b, cfg); again.HasChanges() {
		b.Fatalf("plan after apply has %d actions, want none", len(again.Actions))
	}
}
