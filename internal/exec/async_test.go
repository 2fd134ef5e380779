package exec

import (
	"context"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/dbplan/dbplan/internal/plan"
)

func TestAsyncExtranet(t *testing.T) {
	tests := []struct {
		name      string
		flowTime  time.Duration
		noEffect  bool
		hook      func(string, int, any) (error, bool)
		want      Outcome
		wantCalls int
		detail    string
	}{
		{name: "completes", flowTime: 9 * time.Second, want: Succeeded, wantCalls: 1, detail: "flow 7"},
		{name: "timeout is unconfirmed", flowTime: time.Hour, want: Unconfirmed, wantCalls: 1, detail: "not seen"},
		{name: "no effect after grace polls fails", noEffect: true, want: Failed, wantCalls: 1, detail: "polls later"},
		{name: "lost response, flow running: adopted", flowTime: 9 * time.Second, want: Adopted, wantCalls: 1,
			hook: failFirst("OpenDBExtranetAccess", 1, "InternalError", true)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				h := newHarness(t)
				h.opts.Timeout = time.Minute
				h.api.FlowTime, h.api.NoEffect, h.api.Hook = tc.flowTime, tc.noEffect, tc.hook
				h.api.addInstance("i1", "initing")
				a := openExtranet("i1")
				got := result(t, h.run(context.Background(), a), a.ID)
				if got.Outcome != tc.want || !strings.Contains(got.Detail, tc.detail) {
					t.Errorf("result = %s (%q), want %s with %q", got.Outcome, got.Detail, tc.want, tc.detail)
				}
				if n := h.api.count("OpenDBExtranetAccess"); n != tc.wantCalls {
					t.Errorf("OpenDBExtranetAccess calls = %d, want %d", n, tc.wantCalls)
				}
			})
		})
	}
}

func TestAsyncPollsAreBatched(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.api.FlowTime = 5 * time.Second
		var actions []plan.Action
		for i := range 150 {
			id := "i" + string(rune('A'+i/26)) + string(rune('a'+i%26))
			h.api.addInstance(id, "closed")
			actions = append(actions, openExtranet(id))
		}
		r := h.run(context.Background(), actions...)
		if got := r.Count(Succeeded); got != 150 {
			t.Fatalf("succeeded = %d, want 150", got)
		}
		// Prechecks share a read only when they overlap one in flight (the
		// fake answers at once, so here they mostly do not): up to 150. Polls
		// on the shared tick are batched 100 ids per call: 3 ticks of 150
		// waiters would be 450 calls unbatched, and are a few dozen at most.
		if n := h.api.count("DescribeDBInstances"); n > 150+40 {
			t.Errorf("DescribeDBInstances calls = %d for 150 instances, want <= 150 prechecks + 40 batched polls", n)
		}
	})
}

func TestRONetwork(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.api.groups["g1"] = &fakeGroup{master: "m1", status: "ok"}
		a := plan.Action{ID: "ro.g1.network#create_ro_network", Addr: "ro.g1.network", Kind: plan.CreateRONetwork,
			Target: plan.Target{ROGroupID: "g1", MasterInstanceID: "m1"}, Params: plan.Params{VpcID: "vpc-1", SubnetID: "sub-1"},
			Precondition: plan.Precondition{Expect: plan.ExpectAbsent}}
		got := result(t, h.run(context.Background(), a), a.ID)
		if got.Outcome != Succeeded || got.FlowID != 9 {
			t.Errorf("result = %+v, want succeeded with flow 9", got)
		}
	})
}

func TestFlowWaitsDoNotHoldWorkers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.opts.Parallelism = 1
		h.api.FlowTime = time.Minute
		var mu sync.Mutex
		var calls []time.Time
		h.api.Hook = func(action string, _ int, _ any) (error, bool) {
			if action == "OpenDBExtranetAccess" || action == "CreateAccount" {
				mu.Lock()
				calls = append(calls, h.clk.Now())
				mu.Unlock()
			}
			return nil, false
		}
		h.api.addInstance("i1", "closed")
		h.api.addInstance("i2", "closed")
		h.api.addInstance("i3", "closed")
		r := h.run(context.Background(), openExtranet("i1"), openExtranet("i2"), createAccount("i3", "u"))
		if got := r.Count(Succeeded); got != 3 {
			t.Fatalf("succeeded = %d, want 3: %+v", got, r.Actions)
		}
		// With one worker, every call is made before the first flow (1 min)
		// completes: the flow waits run outside the pool.
		if len(calls) != 3 || calls[2].Sub(calls[0]) >= time.Minute {
			t.Errorf("calls at %v, want all three within the first flow's minute", calls)
		}
	})
}
