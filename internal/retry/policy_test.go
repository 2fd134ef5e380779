package retry

import (
	"math/rand/v2"
	"testing"
	"time"
)

func TestCeiling(t *testing.T) {
	p := Policy{} // defaults: 200ms base, 20s cap
	tests := map[int]time.Duration{
		0:    200 * time.Millisecond,
		1:    200 * time.Millisecond,
		2:    400 * time.Millisecond,
		5:    3200 * time.Millisecond,
		7:    12800 * time.Millisecond,
		8:    20 * time.Second,
		100:  20 * time.Second,
		5000: 20 * time.Second,
	}
	for n, want := range tests {
		if got := p.Ceiling(n); got != want {
			t.Errorf("Ceiling(%d) = %v, want %v", n, got, want)
		}
	}
}

func TestBackoffFullJitterBounds(t *testing.T) {
	p := Policy{BaseDelay: 100 * time.Millisecond, MaxDelay: 5 * time.Second}
	r := rand.New(rand.NewPCG(7, 7))
	var sawLow, sawHigh bool
	for n := 1; n <= 30; n++ {
		c := p.Ceiling(n)
		for range 1000 {
			d := p.Backoff(n, r.Float64)
			if d < 0 || d > c {
				t.Fatalf("Backoff(%d) = %v, want within [0, %v]", n, d, c)
			}
			sawLow = sawLow || d < c/10
			sawHigh = sawHigh || d > c*9/10
		}
	}
	if !sawLow || !sawHigh {
		t.Errorf("Backoff does not spread over [0, ceiling] (low seen %v, high seen %v)", sawLow, sawHigh)
	}
	if got := p.Backoff(3, func() float64 { return 0 }); got != 0 {
		t.Errorf("Backoff with rnd=0 = %v, want 0", got)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		p    Policy
		ok   bool
	}{
		{name: "zero is default", p: Policy{}, ok: true},
		{name: "explicit", p: Policy{MaxAttempts: 3, MaxElapsed: time.Minute, BaseDelay: time.Second, MaxDelay: 10 * time.Second}, ok: true},
		{name: "negative attempts", p: Policy{MaxAttempts: -1}},
		{name: "negative elapsed", p: Policy{MaxElapsed: -time.Second}},
		{name: "base above cap", p: Policy{BaseDelay: time.Minute, MaxDelay: time.Second}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.p.Validate(); (err == nil) != tc.ok {
				t.Errorf("Validate() = %v, want ok=%v", err, tc.ok)
			}
		})
	}
}
