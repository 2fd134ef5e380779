package quota

import (
	"context"
	"errors"
	"math"
	"sort"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/dbplan/dbplan/internal/clock"
	"github.com/dbplan/dbplan/internal/clock/clocktest"
)

var epoch = time.Date(2026, 11, 22, 20, 0, 0, 0, time.UTC)

// runCallers starts workers goroutines that each take perWorker tokens of
// action through s, and drives the fake clock until all are done (see
// startCallers). Call it inside a synctest bubble that also created f and s.
func runCallers(t *testing.T, f *clock.Fake, s *Set, action string, workers, perWorker int) []time.Time {
	t.Helper()
	return startCallers(t, f, s, action, workers, perWorker)()
}

// startCallers starts the callers of runCallers; wait drives the fake
// clock until all are done (clocktest.Drive: it advances only when every
// caller is blocked), so the call times it returns, sorted, are exactly
// the times the Set released the calls.
func startCallers(t *testing.T, f *clock.Fake, s *Set, action string, workers, perWorker int) (wait func() []time.Time) {
	t.Helper()
	var (
		mu    sync.Mutex
		times []time.Time
		wg    sync.WaitGroup
	)
	for range workers {
		wg.Go(func() {
			for range perWorker {
				if err := s.Wait(context.Background(), "acct", action); err != nil {
					t.Errorf("Wait() = %v", err)
					return
				}
				mu.Lock()
				times = append(times, f.Now())
				mu.Unlock()
			}
		})
	}
	return func() []time.Time {
		clocktest.Drive(t, f, clocktest.Go(func() bool { wg.Wait(); return true }))
		sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })
		return times
	}
}

// maxInWindow returns the largest number of calls in any half-open window
// [t, t+1s), checking a window starting at every call.
func maxInWindow(times []time.Time) int {
	best, j := 0, 0
	for i := range times {
		for j < len(times) && times[j].Before(times[i].Add(time.Second)) {
			j++
		}
		best = max(best, j-i)
	}
	return best
}

func TestWaitNeverExceedsQuotaInAnySecond(t *testing.T) {
	tests := []struct {
		name    string
		action  string
		quota   float64
		workers int
	}{
		{name: "20/s create", action: "CreateAccount", quota: 20, workers: 16},
		{name: "70/s truncation-prone", action: "DescribeLibraDBClusters", quota: 70, workers: 32},
		{name: "100/s extranet", action: "OpenDBExtranetAccess", quota: 100, workers: 64},
		{name: "1000/s describe", action: "DescribeDBInstances", quota: 1000, workers: 8},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := clock.NewFake(epoch)
				s := NewSet(f, nil)
				calls := int(tc.quota) * 3
				times := runCallers(t, f, s, tc.action, tc.workers, calls/tc.workers)
				n := len(times)
				if got := maxInWindow(times); got > int(tc.quota) {
					t.Errorf("max calls in a 1s window = %d, want <= %v", got, tc.quota)
				}
				// The bound is also tight: n calls take about (n-1)/(0.98·quota).
				elapsed := times[n-1].Sub(times[0]).Seconds()
				want := float64(n-1) / (tc.quota * (1 - SafetyMargin))
				if elapsed < want*0.999 || elapsed > want*1.001 {
					t.Errorf("%d calls took %.4fs, want %.4fs (rate = quota less the safety margin)", n, elapsed, want)
				}
			})
		})
	}
}

func TestOverrides(t *testing.T) {
	s := NewSet(clock.NewFake(epoch), map[string]float64{"CreateAccount": 5, "OpenAccountCAM": -1})
	s.OverrideAccount("b", map[string]float64{"CreateAccount": 7})
	got := map[string]float64{
		"a/CreateAccount":  s.Quota("a", "CreateAccount"),
		"b/CreateAccount":  s.Quota("b", "CreateAccount"),
		"a/OpenAccountCAM": s.Quota("a", "OpenAccountCAM"),
		"a/Unknown":        s.Quota("a", "SomethingNew"),
	}
	want := map[string]float64{
		"a/CreateAccount":  5,
		"b/CreateAccount":  7,
		"a/OpenAccountCAM": 20, // negative override ignored
		"a/Unknown":        Unconfirmed,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Quota() mismatch (-want +got):\n%s", diff)
	}
}

func TestOverrideSlowsCalls(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := clock.NewFake(epoch)
		s := NewSet(f, map[string]float64{"CreateAccount": 2})
		times := runCallers(t, f, s, "CreateAccount", 4, 3)
		if got := maxInWindow(times); got > 2 {
			t.Errorf("max calls in a 1s window = %d, want <= 2 (override)", got)
		}
	})
}

func TestThrottledHalvesAndSucceededRecovers(t *testing.T) {
	f := clock.NewFake(epoch)
	s := NewSet(f, nil)
	rateOf := func() float64 {
		for _, st := range s.Stats() {
			if st.Action == "CreateAccount" {
				return st.Rate
			}
		}
		return -1
	}
	s.Throttled("acct", "CreateAccount", f.Now())
	if got := rateOf(); got != 10 {
		t.Errorf("rate after one throttle = %v, want 10", got)
	}
	s.Throttled("acct", "CreateAccount", f.Now()) // same second: one signal
	if got := rateOf(); got != 10 {
		t.Errorf("rate after a second throttle within 1s = %v, want 10", got)
	}
	// A throttled answer to a call sent before the decrease is stale: it
	// was paced at the old rate, however late it arrives.
	sentBefore := f.Now().Add(-time.Millisecond)
	f.Advance(5 * time.Second)
	s.Throttled("acct", "CreateAccount", sentBefore)
	if got := rateOf(); got != 10 {
		t.Errorf("rate after a stale throttle = %v, want 10", got)
	}
	for range 10 {
		f.Advance(time.Second)
		s.Throttled("acct", "CreateAccount", f.Now())
	}
	if got, want := rateOf(), 20.0/minRateDivisor; got != want {
		t.Errorf("rate after many throttles = %v, want floor %v", got, want)
	}
	floor := rateOf()
	// Recovery is paced by time, not by the number of successes: a burst
	// of successes in one instant changes nothing.
	for range 100 {
		s.Succeeded("acct", "CreateAccount")
	}
	if got := rateOf(); got != floor {
		t.Errorf("rate after 100 successes at one instant = %v, want it unchanged at %v", got, floor)
	}
	// Each second of successes adds quota/60 = 1/3 call/s.
	f.Advance(3 * time.Second)
	s.Succeeded("acct", "CreateAccount")
	if got, want := rateOf(), floor+1; math.Abs(got-want) > 1e-9 {
		t.Errorf("rate after 3 s of successes = %v, want %v", got, want)
	}
	f.Advance(time.Minute)
	s.Succeeded("acct", "CreateAccount")
	if got := rateOf(); got != 20 {
		t.Errorf("rate after a minute of successes = %v, want the quota 20", got)
	}
	var st Stat
	for _, x := range s.Stats() {
		st = x
	}
	if st.Throttles != 13 {
		t.Errorf("Throttles = %d, want 13 (stale ones count too)", st.Throttles)
	}
}

func TestSlowedBucketStillRespectsWindow(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := clock.NewFake(epoch)
		s := NewSet(f, nil)
		s.Throttled("acct", "CreateAccount", f.Now())
		times := runCallers(t, f, s, "CreateAccount", 4, 10)
		if got := maxInWindow(times); got > 10 {
			t.Errorf("max calls in a 1s window after a throttle = %d, want <= 10", got)
		}
	})
}

func TestWaitCanceled(t *testing.T) {
	f := clock.NewFake(epoch)
	s := NewSet(f, nil)
	if err := s.Wait(context.Background(), "a", "CreateAccount"); err != nil {
		t.Fatalf("first Wait() = %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Wait(ctx, "a", "CreateAccount") }()
	bctx, bcancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer bcancel()
	if !f.BlockUntil(bctx, 1) {
		t.Fatal("second Wait() never waited")
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("Wait() after cancel = %v, want context.Canceled", err)
	}
	// The canceled wait gave its token back: the next call is due one
	// interval after the first, not two.
	go func() { done <- s.Wait(context.Background(), "a", "CreateAccount") }()
	f.BlockUntil(bctx, 1)
	f.AdvanceToNext()
	if err := <-done; err != nil {
		t.Fatalf("third Wait() = %v", err)
	}
	interval := time.Second * 50 / 49 / 20 // 1/(20·(1-SafetyMargin))
	if got := f.Now().Sub(epoch); got > interval+time.Microsecond {
		t.Errorf("third call released after %v, want about %v", got, interval)
	}
}

func TestWaitPastDeadlineFailsAtOnce(t *testing.T) {
	f := clock.NewFake(epoch)
	s := NewSet(f, map[string]float64{"CreateAccount": 1})
	_ = s.Wait(context.Background(), "a", "CreateAccount")
	// The deadline is compared with the Set's clock, so build it on the
	// fake's timeline: 100ms away, while the next token is 1s away.
	ctx, cancel := context.WithDeadline(context.Background(), epoch.Add(100*time.Millisecond))
	defer cancel()
	if err := s.Wait(ctx, "a", "CreateAccount"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Wait() with a deadline before the next token = %v, want DeadlineExceeded", err)
	}
}

func TestStats(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := clock.NewFake(epoch)
		s := NewSet(f, nil)
		runCallers(t, f, s, "OpenAccountCAM", 2, 3)
		s.Throttled("acct", "OpenAccountCAM", f.Now())
		got := s.Stats()
		want := []Stat{{
			Account: "acct", Action: "OpenAccountCAM", Quota: 20, Rate: 10,
			Calls: 6, Waits: 5, Throttles: 1,
		}}
		if len(got) == 1 {
			if got[0].Waited <= 0 {
				t.Errorf("Waited = %v, want > 0", got[0].Waited)
			}
			got[0].Waited = 0
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Stats() mismatch (-want +got):\n%s", diff)
		}
	})
}

func TestDefault(t *testing.T) {
	tests := map[string]float64{
		"CreateAccount":                    20,
		"OpenAccountCAM":                   20,
		"ModifyAccountRemark":              100,
		"OpenDBExtranetAccess":             100,
		"CreateReadOnlyGroupNetworkAccess": 100,
		"DescribeDBInstances":              1000,
		"DescribeAccounts":                 1000,
		"DescribeReadOnlyGroups":           1000,
		"DescribeTasks":                    20,
		"CreateLibraDBClusterAccounts":     20,
		"DescribeLibraDBClusters":          70,
		"DescribeLibraDBClusterDetail":     Unconfirmed,
	}
	for action, want := range tests {
		if got := Default(action); got != want {
			t.Errorf("Default(%q) = %v, want %v", action, got, want)
		}
	}
	if Documented("DescribeLibraDBClusterDetail") || !Documented("CreateAccount") {
		t.Error("Documented() disagrees with the table")
	}
}

// TestThrottleRepacesCallersAlreadyWaiting: many workers book their
// tokens ahead of time; after a throttle, the calls still waiting must go
// out at the halved rate, not on the schedule booked at the old one
// (which would keep the server throttling for as long as the queue is).
func TestThrottleRepacesCallersAlreadyWaiting(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := clock.NewFake(epoch)
		s := NewSet(f, nil)
		const workers = 10
		wait := startCallers(t, f, s, "CreateAccount", workers, 1)
		// One caller got the burst token; the others wait on booked slots.
		synctest.Wait()
		if n := f.Pending(); n != workers-1 {
			t.Fatalf("%d callers waiting for a slot, want %d", n, workers-1)
		}
		throttledAt := f.Now()
		s.Throttled("acct", "CreateAccount", throttledAt)
		times := wait()
		halved := 10 * (1 - SafetyMargin)
		minGap := time.Duration(float64(time.Second) / halved)
		for i := 1; i < len(times); i++ {
			if gap := times[i].Sub(times[i-1]); gap < minGap-time.Millisecond {
				t.Errorf("call %d came %v after the previous one, want at least %v at the halved rate", i, gap, minGap)
			}
		}
	})
}
