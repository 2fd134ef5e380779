package quota

import (
	"context"
	"fmt"
	"math"
	"sort"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/dbplan/dbplan/internal/clock"
)

// Adaptation constants (see the package doc).
const (
	// decreaseFactor multiplies a bucket's rate when the server throttles.
	decreaseFactor = 0.5
	// decreaseGuard is the minimum time between two decreases of one
	// bucket: the throttled answers of calls already in flight are one
	// signal, not many.
	decreaseGuard = time.Second
	// minRateDivisor bounds the rate from below at quota/minRateDivisor.
	minRateDivisor = 64
	// recoverDivisor: a slowed bucket regains quota/recoverDivisor calls
	// per second for every second in which its calls succeed without a
	// throttle, so it climbs from half the quota back to the quota in
	// recoverDivisor/2 seconds. Recovery is paced by time, not by the
	// number of successes: per-success increments recover faster the
	// more calls succeed, overshooting a shared account's real limit
	// within seconds and throttling again.
	recoverDivisor = 60
)

// Set holds the token buckets of every (account, action) pair. Create it
// with NewSet; it is safe for concurrent use.
type Set struct {
	clock clock.Clock

	mu        sync.Mutex
	overrides map[string]float64            // action → quota, for every account
	perAcct   map[string]map[string]float64 // account → action → quota
	buckets   map[key]*bucket
}

type key struct{ account, action string }

// bucket is one (account, action) token bucket plus its statistics.
type bucket struct {
	mu           sync.Mutex
	lim          *rate.Limiter
	quota        float64 // configured calls/s, the ceiling
	rate         float64 // current target calls/s, ≤ quota
	lastDecrease time.Time
	lastIncrease time.Time
	// lastCall is when the latest token was handed out.
	lastCall time.Time
	// rebooked is closed (and replaced) when a decrease replaces lim, so
	// callers waiting on reservations made at the old rate book again.
	rebooked  chan struct{}
	calls     int64
	waits     int64
	waited    time.Duration
	throttles int64
}

// NewSet returns an empty Set that reads time from c. overrides maps API
// action names to quotas in calls per second (a provider block's
// rate_limits) and replaces the documented quota for every account;
// entries that are not finite positive numbers are ignored (configuration
// validation rejects them). The map is copied.
func NewSet(c clock.Clock, overrides map[string]float64) *Set {
	return &Set{
		clock:     c,
		overrides: validOverrides(overrides),
		perAcct:   map[string]map[string]float64{},
		buckets:   map[key]*bucket{},
	}
}

// OverrideAccount sets quotas for one account only (a provider block whose
// credential differs from the others), taking precedence over NewSet's
// overrides. Buckets already created for the account take the new quota
// at once. Invalid entries are ignored as in NewSet.
func (s *Set) OverrideAccount(account string, overrides map[string]float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.perAcct[account] = validOverrides(overrides)
	now := s.clock.Now()
	for k, b := range s.buckets {
		if k.account == account {
			b.setQuota(now, s.quotaLocked(account, k.action))
		}
	}
}

func validOverrides(in map[string]float64) map[string]float64 {
	out := make(map[string]float64, len(in))
	for action, q := range in {
		if q > 0 && !math.IsInf(q, 0) && !math.IsNaN(q) {
			out[action] = q
		}
	}
	return out
}

// Quota returns the configured quota of action for account: the account
// override, else the Set-wide override, else Default(action).
func (s *Set) Quota(account, action string) float64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.quotaLocked(account, action)
}

func (s *Set) quotaLocked(account, action string) float64 {
	if q, ok := s.perAcct[account][action]; ok {
		return q
	}
	if q, ok := s.overrides[action]; ok {
		return q
	}
	return Default(action)
}

func (s *Set) bucket(account, action string) *bucket {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := key{account, action}
	b, ok := s.buckets[k]
	if !ok {
		q := s.quotaLocked(account, action)
		b = &bucket{quota: q, rate: q, lim: rate.NewLimiter(limitFor(q), 1), rebooked: make(chan struct{})}
		s.buckets[k] = b
	}
	return b
}

// limitFor is the refill rate of a bucket whose target is r calls/s.
func limitFor(r float64) rate.Limit { return rate.Limit(r * (1 - SafetyMargin)) }

// Wait blocks until account may make one more call of action, and takes
// that token. Call it before every attempt: first calls, retries and
// status polls alike. It returns ctx.Err() (without taking the token) when
// ctx ends first, and an error wrapping context.DeadlineExceeded at once
// when the wait would outlast ctx's deadline (compared on the Set's clock).
func (s *Set) Wait(ctx context.Context, account, action string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	b := s.bucket(account, action)
	counted := false
	for {
		// Reading the clock under the bucket's lock keeps reservation
		// times non-decreasing (see the package doc).
		b.mu.Lock()
		lim, rebooked := b.lim, b.rebooked
		now := s.clock.Now()
		r := lim.ReserveN(now, 1)
		d := r.DelayFrom(now)
		if dl, ok := ctx.Deadline(); ok && d > 0 && now.Add(d).After(dl) {
			r.CancelAt(now)
			b.mu.Unlock()
			return fmt.Errorf("quota: a %s call would have to wait %v, past the deadline: %w", action, d, context.DeadlineExceeded)
		}
		if d > 0 && !counted {
			counted = true
			b.waits++
			b.waited += d
		}
		b.mu.Unlock()

		again, err := sleepUnlessRebooked(ctx, s.clock, d, rebooked)
		if err != nil {
			b.mu.Lock()
			r.CancelAt(s.clock.Now())
			b.mu.Unlock()
			return err
		}
		if again {
			// The reservation was made on a limiter a decrease has
			// replaced: book again at the new rate.
			continue
		}
		b.mu.Lock()
		if b.lim != lim {
			// Replaced just as the timer fired: the slot belongs to the
			// old schedule, so book again.
			b.mu.Unlock()
			continue
		}
		b.calls++
		b.lastCall = s.clock.Now()
		b.mu.Unlock()
		return nil
	}
}

// sleepUnlessRebooked waits d on c. It returns again=true when rebooked
// closes first, and ctx's error when ctx ends first.
func sleepUnlessRebooked(ctx context.Context, c clock.Clock, d time.Duration, rebooked <-chan struct{}) (again bool, err error) {
	if d <= 0 {
		return false, ctx.Err()
	}
	t := c.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false, ctx.Err()
	case <-rebooked:
		return true, nil
	case <-t.C():
		return false, nil
	}
}

// Throttled tells the Set that the server throttled a call of action by
// account sent at sent. The bucket's rate halves (never below
// quota/minRateDivisor), but only for a fresh signal: a call sent before
// the last decrease was paced at the old rate, and with many calls in
// flight their throttled answers keep arriving after the first one, so
// counting them would collapse the rate to its floor. Decreases are also
// at least decreaseGuard apart, since the server's own bucket needs a
// moment to refill after a burst.
func (s *Set) Throttled(account, action string, sent time.Time) {
	b := s.bucket(account, action)
	b.mu.Lock()
	defer b.mu.Unlock()
	b.throttles++
	now := s.clock.Now()
	if !b.lastDecrease.IsZero() && (!sent.After(b.lastDecrease) || now.Sub(b.lastDecrease) < decreaseGuard) {
		return
	}
	b.lastDecrease = now
	b.rate = math.Max(b.rate*decreaseFactor, b.quota/minRateDivisor)
	// Callers already waiting hold reservations booked at the old rate
	// (with many workers, seconds of them); SetLimitAt would not move
	// those, so the server would keep seeing the old rate. A fresh
	// limiter paced from the last call actually sent replaces the old
	// one, and every waiter books again on it.
	b.lim = rate.NewLimiter(limitFor(b.rate), 1)
	if !b.lastCall.IsZero() {
		b.lim.ReserveN(b.lastCall, 1)
	}
	close(b.rebooked)
	b.rebooked = make(chan struct{})
}

// Succeeded tells the Set that a call of action by account was not
// throttled. A slowed bucket regains quota/recoverDivisor calls/s per
// second elapsed since its last decrease or increase, up to the quota.
func (s *Set) Succeeded(account, action string) {
	b := s.bucket(account, action)
	b.mu.Lock()
	defer b.mu.Unlock()
	now := s.clock.Now()
	since := b.lastIncrease
	if b.lastDecrease.After(since) {
		since = b.lastDecrease
	}
	b.lastIncrease = now
	if b.rate >= b.quota || since.IsZero() {
		return
	}
	elapsed := now.Sub(since).Seconds()
	if elapsed <= 0 {
		return
	}
	b.rate = math.Min(b.quota, b.rate+b.quota/recoverDivisor*elapsed)
	b.lim.SetLimitAt(now, limitFor(b.rate))
}

// setQuota changes the ceiling (and resets the current rate to it).
func (b *bucket) setQuota(now time.Time, q float64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.quota, b.rate = q, q
	b.lim.SetLimitAt(now, limitFor(q))
}

// Stat is the record of one (account, action) bucket.
type Stat struct {
	Account string
	Action  string
	// Quota is the configured ceiling in calls/s; Rate the current
	// (possibly slowed) target.
	Quota, Rate float64
	// Calls counts tokens taken (attempts and polls that went out).
	Calls int64
	// Waits counts the calls that had to wait for a token and Waited the
	// total wait reserved for them.
	Waits  int64
	Waited time.Duration
	// Throttles counts the server's rate-limit answers reported.
	Throttles int64
}

// Stats returns a snapshot of every bucket, sorted by action, then account.
func (s *Set) Stats() []Stat {
	s.mu.Lock()
	keys := make([]key, 0, len(s.buckets))
	bs := make([]*bucket, 0, len(s.buckets))
	for k, b := range s.buckets {
		keys = append(keys, k)
		bs = append(bs, b)
	}
	s.mu.Unlock()
	out := make([]Stat, len(keys))
	for i, b := range bs {
		b.mu.Lock()
		out[i] = Stat{
			Account: keys[i].account, Action: keys[i].action,
			Quota: b.quota, Rate: b.rate,
			Calls: b.calls, Waits: b.waits, Waited: b.waited, Throttles: b.throttles,
		}
		b.mu.Unlock()
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Action != out[j].Action {
			return out[i].Action < out[j].Action
		}
		return out[i].Account < out[j].Account
	})
	return out
}
