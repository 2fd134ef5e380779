package plan_test

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/dbplan/dbplan/internal/config"
	"github.com/dbplan/dbplan/internal/plan"
	"github.com/dbplan/dbplan/internal/secret"
)

// fleet returns a configuration of instances×accounts declared accounts,
// every other one already present in obs (with a differing remark on
// every tenth), plus two unmanaged accounts per instance.
func fleet(instances, accounts int) (*config.Config, *plan.Observed) {
	cfg := &config.Config{Digest: "bench"}
	obs := &plan.Observed{Instances: make(map[string]*plan.ObservedInstance, instances)}
	remark := "fleet"
	for i := range instances {
		id := fmt.Sprintf("postgres-%08d", i)
		addr := fmt.Sprintf("postgres_instance.i%04d", i)
		inst := &config.Instance{Addr: addr, InstanceID: id, Region: "ap-guangzhou", Provider: "tencentcloud",
			Extranet: &config.Extranet{Enabled: true}, DeclRange: hcl.Range{Filename: "fleet.hcl", Start: hcl.Pos{Line: i + 1}}}
		oi := &plan.ObservedInstance{ID: id, Region: "ap-guangzhou", Status: "running", PublicIPv4: plan.NetOpened,
			Accounts: make(map[string]*plan.ObservedAccount, accounts/2+2)}
		for j := range accounts {
			name := fmt.Sprintf("user_%03d", j)
			inst.Accounts = append(inst.Accounts, &config.Account{
				Addr: addr + ".account." + name, Name: name, Type: "normal",
				Password: secret.New("Bench-pw-1!"), PasswordSource: "var.pw", Remark: &remark,
			})
			if j%2 == 0 {
				r := remark
				if j%10 == 0 {
					r = "old"
				}
				oi.Accounts[name] = &plan.ObservedAccount{Name: name, Type: "normal", Remark: r, Status: 2}
			}
		}
		oi.Accounts["postgres"] = &plan.ObservedAccount{Name: "postgres"}
		oi.Accounts["legacy"] = &plan.ObservedAccount{Name: "legacy", Type: "normal"}
		cfg.Instances = append(cfg.Instances, inst)
		obs.Instances[id] = oi
	}
	return cfg, obs
}

// BenchmarkBuild100kAccounts measures the diff alone for 100,000 declared
// accounts (1,000 instances × 100, half present). Run it on one core:
//
//	go test ./internal/plan -run '^$' -bench Build100k -benchmem -cpu 1
//
// alloc-MB/op is everything Build allocates with the collector off, an
// upper bound of its peak heap; plan-MB is what the returned plan keeps.
// Target: under 1 s and 256 MiB.
func BenchmarkBuild100kAccounts(b *testing.B) {
	cfg, obs := fleet(1000, 100)
	var before, after runtime.MemStats
	var allocMB, keptMB float64
	var p *plan.Plan
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		p = nil
		runtime.GC()
		runtime.ReadMemStats(&before)
		b.StartTimer()

		var diags hcl.Diagnostics
		p, diags = plan.Build(cfg, obs, plan.BuildOptions{})

		b.StopTimer()
		runtime.ReadMemStats(&after)
		allocMB = max(allocMB, float64(after.TotalAlloc-before.TotalAlloc)/(1<<20))
		runtime.GC()
		runtime.ReadMemStats(&after)
		keptMB = max(keptMB, float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/(1<<20))
		if diags.HasErrors() || len(p.Actions) != 60000 || p.Unchanged != 40000+1000 {
			b.Fatalf("Build() = %d actions, %d unchanged, diags %v; want 60000 and 41000", len(p.Actions), p.Unchanged, diags)
		}
		b.StartTimer()
	}
	b.ReportMetric(allocMB, "alloc-MB/op")
	b.ReportMetric(keptMB, "plan-MB")
	runtime.KeepAlive(p)
}
