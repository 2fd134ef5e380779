package refresh

import (
	"context"
	"testing"
	"time"

	"github.com/dbplan/dbplan/internal/clock"
	"github.com/dbplan/dbplan/internal/quota"
	"github.com/dbplan/dbplan/internal/retry"
	"github.com/dbplan/dbplan/internal/tcsim"
)

// BenchmarkRefresh2000Instances refreshes 2,000 instances with 10 accounts
// each from the in-process simulator at the documented read quotas (real
// clock, rate scale 1) and reports wall/bound: the wall time divided by
// the quota bound, the largest over actions of calls/quota. 1.00 would be
// perfect; the target is ≤ 1.10. It also reports the throttled calls the
// simulator saw (target 0).
//
//	go test -run '^$' -bench Refresh2000 ./internal/plan/refresh/
func BenchmarkRefresh2000Instances(b *testing.B) {
	w, cfg := fleetWorld(2000, 10)
	sources, srv := simSources(b, w, tcsim.Options{})
	opts := Options{Retry: &retry.Options{Limiter: quota.NewSet(clock.Real{}, nil)}}
	ctx := context.Background()
	before := srv.Counters()
	var wall time.Duration
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		obs, err := Refresh(ctx, cfg, sources, opts)
		wall += time.Since(start)
		if err != nil {
			b.Fatalf("Refresh: %v", err)
		}
		if len(obs.Instances) != 2000 || len(obs.Instances["postgres-00001999"].Accounts) != 10 {
			b.Fatalf("Refresh read %d instances, want 2000 with 10 accounts each", len(obs.Instances))
		}
	}
	after := srv.Counters()
	var bound time.Duration
	for action, n := range after.Calls {
		calls := n - before.Calls[action]
		d := time.Duration(float64(calls) / quota.Default(action) * float64(time.Second))
		bound = max(bound, d)
	}
	throttled := 0
	for action, n := range after.Throttled {
		throttled += n - before.Throttled[action]
	}
	b.ReportMetric(float64(wall)/float64(bound), "wall/bound")
	b.ReportMetric(float64(throttled), "throttled")
	b.ReportMetric(float64(bound.Seconds())/float64(b.N), "bound-s/op")
}
