package exec

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"testing/synctest"

	"github.com/dbplan/dbplan/internal/clock"
)

func TestCoalescerSharesTheNextRead(t *testing.T) {
	synctest.Test(t, testCoalescerSharesTheNextRead)
}

func testCoalescerSharesTheNextRead(t *testing.T) {
	var bg sync.WaitGroup
	c := newCoalescer[int](context.Background(), &bg, clock.Real{})
	release := make(chan struct{})
	var mu sync.Mutex
	var calls [][]string
	fetch := func(_ context.Context, ids []string) (map[string]int, error) {
		mu.Lock()
		calls = append(calls, ids)
		first := len(calls) == 1
		mu.Unlock()
		if first {
			<-release
		}
		out := map[string]int{}
		for _, id := range ids {
			if id != "absent" {
				out[id] = len(id)
			}
		}
		return out, nil
	}
	type got struct {
		v  int
		ok bool
	}
	results := make(chan got, 300)
	get := func(id string) {
		v, ok, err := c.get(context.Background(), "g", id, 100, fetch)
		if err != nil {
			t.Errorf("get(%s) = %v", id, err)
		}
		results <- got{v, ok}
	}
	go get("first")
	synctest.Wait() // the first read is in flight
	if len(calls) != 1 {
		t.Fatalf("fetch calls = %d, want the first one in flight", len(calls))
	}
	// 250 reads arrive while the first is in flight: they must share the
	// next flight, 100 ids per call.
	for i := range 249 {
		go get(fmt.Sprintf("id%03d", i))
	}
	go get("absent")
	synctest.Wait() // every read is queued
	if n := len(c.groups["g"].waiting); n != 250 {
		t.Fatalf("queued reads = %d, want 250", n)
	}
	close(release)
	absent := 0
	for range 251 {
		if r := <-results; !r.ok {
			absent++
		}
	}
	bg.Wait()
	if absent != 1 {
		t.Errorf("absent results = %d, want 1", absent)
	}
	if len(calls) != 4 || len(calls[1]) != 100 || len(calls[3]) != 50 {
		t.Errorf("fetch calls = %d (sizes %d…), want 4: the first, then 100+100+50", len(calls), len(calls[1]))
	}
}

func TestCoalescerCallerGivesUp(t *testing.T) {
	synctest.Test(t, testCoalescerCallerGivesUp)
}

func testCoalescerCallerGivesUp(t *testing.T) {
	var bg sync.WaitGroup
	c := newCoalescer[int](context.Background(), &bg, clock.Real{})
	release := make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, _, err := c.get(ctx, "g", "x", 1, func(context.Context, []string) (map[string]int, error) {
			<-release
			return nil, nil
		})
		done <- err
	}()
	cancel()
	if err := <-done; err != context.Canceled {
		t.Errorf("get() after cancel = %v, want context.Canceled", err)
	}
	close(release)
	bg.Wait()
}
