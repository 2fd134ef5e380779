package clock

import (
	"context"
	"sort"
	"sync"
	"time"
)

// Fake is a Clock whose time only moves when Advance or Set is called. Use
// NewFake to create one; it is safe for concurrent use.
//
// Tests drive code that waits on timers by advancing the fake; BlockUntil
// lets a test wait (without sleeping) until the code under test has
// started the expected number of timers. To drive concurrent code (many
// goroutines, each starting timers after work of its own), run the test in
// a testing/synctest bubble and use clocktest.Drive, which advances only
// when every goroutine is blocked: counting timers cannot tell a goroutine
// that is still working from one that is done.
type Fake struct {
	mu      sync.Mutex
	now     time.Time
	timers  []*fakeTimer
	changed chan struct{} // closed and replaced whenever timers change
}

// NewFake returns a fake clock reading start.
func NewFake(start time.Time) *Fake {
	return &Fake{now: start, changed: make(chan struct{})}
}

// Now returns the fake's current time.
func (f *Fake) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

// NewTimer returns a timer that fires when the fake reaches Now()+d.
func (f *Fake) NewTimer(d time.Duration) Timer {
	f.mu.Lock()
	defer f.mu.Unlock()
	t := &fakeTimer{f: f, when: f.now.Add(d), c: make(chan time.Time, 1)}
	if d <= 0 {
		t.c <- f.now
		t.fired = true
		return t
	}
	f.timers = append(f.timers, t)
	f.notifyLocked()
	return t
}

// Advance moves the fake forward by d, firing every timer that comes due,
// in deadline order.
func (f *Fake) Advance(d time.Duration) {
	f.mu.Lock()
	f.setLocked(f.now.Add(d))
	f.mu.Unlock()
}

// Set moves the fake to t (which must not be before Now) and fires the
// timers that come due.
func (f *Fake) Set(t time.Time) {
	f.mu.Lock()
	if t.After(f.now) {
		f.setLocked(t)
	}
	f.mu.Unlock()
}

// AdvanceToNext moves the fake to the earliest pending timer's deadline and
// fires it (and any others due then). It reports false, without moving,
// when no timer is pending.
func (f *Fake) AdvanceToNext() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.timers) == 0 {
		return false
	}
	next := f.timers[0].when
	for _, t := range f.timers[1:] {
		if t.when.Before(next) {
			next = t.when
		}
	}
	if next.Before(f.now) {
		next = f.now
	}
	f.setLocked(next)
	return true
}

// Pending returns the number of timers waiting to fire.
func (f *Fake) Pending() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.timers)
}

// BlockUntil waits until at least n timers are pending or ctx ends. It
// reports whether the count was reached.
func (f *Fake) BlockUntil(ctx context.Context, n int) bool {
	return f.blockUntil(ctx, func(pending int) bool { return pending >= n })
}

// BlockUntilNone waits until no timer is pending (every one fired or was
// stopped) or ctx ends. It reports whether that happened.
func (f *Fake) BlockUntilNone(ctx context.Context) bool {
	return f.blockUntil(ctx, func(pending int) bool { return pending == 0 })
}

// blockUntil waits, without polling, until cond holds for the number of
// pending timers or ctx ends.
func (f *Fake) blockUntil(ctx context.Context, cond func(pending int) bool) bool {
	for {
		f.mu.Lock()
		if cond(len(f.timers)) {
			f.mu.Unlock()
			return true
		}
		ch := f.changed
		f.mu.Unlock()
		select {
		case <-ctx.Done():
			return false
		case <-ch:
		}
	}
}

func (f *Fake) setLocked(t time.Time) {
	f.now = t
	sort.SliceStable(f.timers, func(i, j int) bool { return f.timers[i].when.Before(f.timers[j].when) })
	kept := f.timers[:0]
	for _, tm := range f.timers {
		if !tm.when.After(t) {
			tm.fired = true
			tm.c <- tm.when
			continue
		}
		kept = append(kept, tm)
	}
	for i := len(kept); i < len(f.timers); i++ {
		f.timers[i] = nil
	}
	f.timers = kept
	f.notifyLocked()
}

func (f *Fake) notifyLocked() {
	close(f.changed)
	f.changed = make(chan struct{})
}

type fakeTimer struct {
	f     *Fake
	when  time.Time
	c     chan time.Time
	fired bool
}

func (t *fakeTimer) C() <-chan time.Time { return t.c }

func (t *fakeTimer) Stop() bool {
	t.f.mu.Lock()
	defer t.f.mu.Unlock()
	if t.fired {
		return false
	}
	for i, x := range t.f.timers {
		if x == t {
			t.f.timers = append(t.f.timers[:i], t.f.timers[i+1:]...)
			t.fired = true
			t.f.notifyLocked()
			return true
		}
	}
	return false
}
