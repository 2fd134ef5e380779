package tcsim

import (
	"sync"
	"time"
)

// rateLimiter is a token bucket per (account, action) on the simulator
// clock (quotas are per account, uin; UNCONFIRMED whether the service
// counts per account, per sub-user or per key): capacity = one second's worth of the (scaled) limit, refilled
// continuously at limit per second. The service's exact algorithm is not
// documented; this admits at most about 2×limit calls in any one-second
// window after an idle period and exactly limit/s sustained.
type rateLimiter struct {
	scale float64

	mu      sync.Mutex
	buckets map[bucketKey]*bucket
}

type bucketKey struct{ account, action string }

type bucket struct {
	tokens float64
	last   time.Time
}

func newRateLimiter(scale float64) *rateLimiter {
	return &rateLimiter{scale: scale, buckets: map[bucketKey]*bucket{}}
}

// allow takes one token for (account, action) at now, reporting false when
// the bucket is empty.
func (l *rateLimiter) allow(account, action string, limit float64, now time.Time) bool {
	rate := limit * l.scale
	capacity := max(1, rate)
	l.mu.Lock()
	defer l.mu.Unlock()
	k := bucketKey{account, action}
	b := l.buckets[k]
	if b == nil {
		b = &bucket{tokens: capacity, last: now}
		l.buckets[k] = b
	}
	if el := now.Sub(b.last); el > 0 {
		b.tokens = min(capacity, b.tokens+el.Seconds()*rate)
		b.last = now
	}
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}
