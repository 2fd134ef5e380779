package tcsim

import (
	"math/rand/v2"
	"testing"
	"time"
)

// TestMaxPerSecondWithArrivalsOutOfOrder: concurrent requests record their
// arrival in any order. Calls exactly 50 ms apart (20/s, as a client at
// the quota sends them) never put more than 20 in a one-second window,
// whatever order the handlers record them in.
func TestMaxPerSecondWithArrivalsOutOfOrder(t *testing.T) {
	for seed := range uint64(20) {
		c := newCounterSet()
		var times []time.Time
		for i := range 200 {
			times = append(times, testStart.Add(time.Duration(i)*50*time.Millisecond))
		}
		// Shuffle locally: each arrival is recorded up to 4 places late.
		r := rand.New(rand.NewPCG(seed, 1))
		for i := range times {
			j := min(len(times)-1, i+r.IntN(5))
			times[i], times[j] = times[j], times[i]
		}
		for _, at := range times {
			c.arrive("CreateAccount", "uin", at)
		}
		if got := c.snapshot().MaxPerSecond["CreateAccount"]; got != 20 {
			t.Errorf("seed %d: MaxPerSecond = %d for calls 50 ms apart, want 20", seed, got)
		}
	}
}

// TestMaxPerSecondCountsABurst: 25 calls within a second, recorded out of
// order, count as 25.
func TestMaxPerSecondCountsABurst(t *testing.T) {
	c := newCounterSet()
	for i := 24; i >= 0; i-- {
		c.arrive("DescribeTasks", "uin", testStart.Add(time.Duration(i)*30*time.Millisecond))
	}
	c.arrive("DescribeTasks", "uin", testStart.Add(5*time.Second))
	if got := c.snapshot().MaxPerSecond["DescribeTasks"]; got != 25 {
		t.Errorf("MaxPerSecond = %d, want 25", got)
	}
}
