package exec_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/dbplan/dbplan/internal/clock"
	"github.com/dbplan/dbplan/internal/config"
	"github.com/dbplan/dbplan/internal/exec"
	"github.com/dbplan/dbplan/internal/quota"
	"github.com/dbplan/dbplan/internal/secret"
	"github.com/dbplan/dbplan/internal/tcsim"
)

// sharedWorld has n instances; the configuration adds 5 accounts to each.
func sharedWorld(n int) (*tcsim.World, *config.Config) {
	w := &tcsim.World{}
	cfg := &config.Config{}
	for i := range n {
		id := fmt.Sprintf("postgres-%08d", i)
		addr := fmt.Sprintf("postgres_instance.s%03d", i)
		w.Instances = append(w.Instances, tcsim.Instance{ID: id, Region: region})
		ci := &config.Instance{Addr: addr, InstanceID: id, Region: region, Provider: "tencentcloud"}
		for j := range 5 {
			name := fmt.Sprintf("app_%d", j)
			ci.Accounts = append(ci.Accounts, &config.Account{Addr: addr + ".account." + name, Name: name, Type: "normal",
				Password: secret.New(fmt.Sprintf("Shared-pw-%d-%d!", i, j)), PasswordSource: "literal"})
		}
		cfg.Instances = append(cfg.Instances, ci)
	}
	return w, cfg
}

// BenchmarkApplySharedAccount: the server allows a quarter of the
// CreateAccount quota the client is configured with, as when another
// process uses the same credential. The executor must notice the
// throttling, slow that bucket down and keep going near the server's
// real limit. It reports wall time over the server's bound (400 creates
// at the server's 50/s = 8 s) and the share of CreateAccount calls the
// server throttled; it fails unless the apply converges with no account
// created twice.
//
//	go test -run '^$' -bench ApplySharedAccount -benchtime 1x ./internal/exec/
func BenchmarkApplySharedAccount(b *testing.B) {
	const (
		instances   = 80
		serverScale = 2.5 // CreateAccount: 50/s at the server
		clientQuota = 200 // four times what the server allows
	)
	var wallSum, boundSum time.Duration
	var calls, throttled int
	for b.Loop() {
		b.StopTimer()
		w, cfg := sharedWorld(instances)
		env := newSimEnv(b, w, tcsim.Options{RateScale: serverScale})
		env.limits = quota.NewSet(clock.Real{}, map[string]float64{
			"CreateAccount":       clientQuota,
			"DescribeAccounts":    quota.Default("DescribeAccounts") * serverScale,
			"DescribeDBInstances": quota.Default("DescribeDBInstances") * serverScale,
		})
		p := env.plan(b, cfg)
		before := env.srv.Counters()
		b.StartTimer()

		start := time.Now()
		r, err := exec.Run(context.Background(), p, env.execOptions(cfg))
		wall := time.Since(start)

		b.StopTimer()
		if err != nil {
			b.Fatalf("Run: %v", err)
		}
		if !r.AllOK() {
			b.Fatalf("apply did not converge: %v", r.Totals)
		}
		after := env.srv.Counters()
		for key, n := range after.AccountCreates {
			if n != 1 {
				b.Fatalf("%s created %d times", key, n)
			}
		}
		calls += after.Calls["CreateAccount"] - before.Calls["CreateAccount"]
		throttled += after.Throttled["CreateAccount"] - before.Throttled["CreateAccount"]
		wallSum += wall
		boundSum += time.Duration(float64(instances*5) / (quota.Default("CreateAccount") * serverScale) * float64(time.Second))
		b.StartTimer()
	}
	b.ReportMetric(float64(wallSum)/float64(boundSum), "wall/server-bound")
	b.ReportMetric(100*float64(throttled)/float64(calls), "throttled-%")
	b.ReportMetric(float64(throttled)/float64(b.N), "throttled/op")
}
