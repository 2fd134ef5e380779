package tcsim

import (
	"maps"
	"slices"
	"sync"
	"time"
)

// Counters is a snapshot of what the simulator observed. Maps are keyed by
// action name; a missing key means zero.
type Counters struct {
	// Calls counts authenticated requests per action (throttled, faulted
	// and failed ones included).
	Calls map[string]int
	// Throttled counts RequestLimitExceeded answers per action.
	Throttled map[string]int
	// Faults counts injected faults per action (any mode).
	Faults map[string]int
	// FaultsByMode counts injected faults per mode (all actions).
	FaultsByMode map[FaultMode]int
	// Mutations counts handler runs per action that changed the world,
	// including those whose answer a commit-then-* fault replaced.
	Mutations map[string]int
	// MaxPerSecond is, per action, the largest number of calls whose
	// arrival times (on the simulator clock, read when the request
	// reaches the handler) fell within any one-second window [t, t+1s).
	// Windows are per account (the quotas are), the largest is reported.
	// Network and scheduling jitter between a client and the simulator
	// can move an arrival by a few milliseconds.
	MaxPerSecond map[string]int
	// AccountCreates counts successful account creations per account:
	// "postgres-xxx/user" for postgres, "libradb-xxx/name@host" for
	// LibraDB. A value above 1 means an account was created twice.
	AccountCreates map[string]int
	// CallsByAccount counts authenticated requests per cloud account
	// (uin; "unsigned" for AssumeRoleWithWebIdentity).
	CallsByAccount map[string]int
	// AccountDeletes counts account deletions per account, keyed like
	// AccountCreates (deleting an absent account is not counted).
	AccountDeletes map[string]int
}

// Counters returns a snapshot of the counters.
func (s *Server) Counters() Counters { return s.counters.snapshot() }

type counterSet struct {
	mu             sync.Mutex
	calls          map[string]int
	throttled      map[string]int
	faults         map[string]int
	faultsByMode   map[FaultMode]int
	mutations      map[string]int
	maxPerSecond   map[string]int
	byAccount      map[string]int
	accountCreates map[string]int
	accountDeletes map[string]int
	window         map[string][]time.Time // recent arrivals per action and account, sorted
}

func newCounterSet() *counterSet {
	return &counterSet{
		calls: map[string]int{}, throttled: map[string]int{}, faults: map[string]int{}, faultsByMode: map[FaultMode]int{},
		mutations: map[string]int{}, maxPerSecond: map[string]int{}, accountCreates: map[string]int{}, accountDeletes: map[string]int{},
		window: map[string][]time.Time{}, byAccount: map[string]int{},
	}
}

// arrive counts a call of action by account (uin) that arrived at now.
// Concurrent requests record their arrival in any order, so the recent
// arrivals of each (action, account) are kept sorted, and the windows
// checked are every one-second window [t, t+1s) that starts at a recorded
// arrival and holds this one.
func (c *counterSet) arrive(action, account string, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls[action]++
	c.byAccount[account]++
	key := action + "\x00" + account
	win := c.window[key]
	k, _ := slices.BinarySearchFunc(win, now, time.Time.Compare)
	win = slices.Insert(win, k, now)
	// Keep two seconds behind the latest arrival: enough for any window
	// that a request arriving late (by less than a second) falls into.
	latest := win[len(win)-1]
	drop := 0
	for drop < len(win) && latest.Sub(win[drop]) > 2*time.Second {
		drop++
	}
	win = win[drop:]
	c.window[key] = win
	c.maxPerSecond[action] = max(c.maxPerSecond[action], maxInWindow(win, now))
}

// maxInWindow returns the most arrivals of sorted that fall in one window
// [s, s+1s) with s an arrival and t inside it.
func maxInWindow(sorted []time.Time, t time.Time) int {
	best, end := 0, 0
	for i, s := range sorted {
		if t.Sub(s) >= time.Second {
			continue // a window from s ends before t
		}
		if s.After(t) {
			break
		}
		end = max(end, i)
		for end < len(sorted) && sorted[end].Sub(s) < time.Second {
			end++
		}
		best = max(best, end-i)
	}
	return best
}

func (c *counterSet) add(m map[string]int, key string) {
	c.mu.Lock()
	m[key]++
	c.mu.Unlock()
}

func (c *counterSet) throttle(action string)    { c.add(c.throttled, action) }
func (c *counterSet) mutation(action string)    { c.add(c.mutations, action) }
func (c *counterSet) accountCreated(key string) { c.add(c.accountCreates, key) }
func (c *counterSet) accountDeleted(key string) { c.add(c.accountDeletes, key) }

func (c *counterSet) fault(action string, mode FaultMode) {
	c.mu.Lock()
	c.faults[action]++
	c.faultsByMode[mode]++
	c.mu.Unlock()
}

func (c *counterSet) snapshot() Counters {
	c.mu.Lock()
	defer c.mu.Unlock()
	return Counters{
		Calls: maps.Clone(c.calls), Throttled: maps.Clone(c.throttled), Faults: maps.Clone(c.faults), FaultsByMode: maps.Clone(c.faultsByMode),
		Mutations: maps.Clone(c.mutations), MaxPerSecond: maps.Clone(c.maxPerSecond),
		AccountCreates: maps.Clone(c.accountCreates), CallsByAccount: maps.Clone(c.byAccount),
		AccountDeletes: maps.Clone(c.accountDeletes),
	}
}
