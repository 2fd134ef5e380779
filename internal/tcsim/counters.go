package tcsim

import (
	"maps"
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
	// arrival times (on the simulator clock) fell within any one-second
	// window.
	MaxPerSecond map[string]int
	// AccountCreates counts successful account creations per account:
	// "postgres-xxx/user" for postgres, "libradb-xxx/name@host" for
	// LibraDB. A value above 1 means an account was created twice.
	AccountCreates map[string]int
	// CallsByAccount counts authenticated requests per cloud account
	// (uin; "unsigned" for AssumeRoleWithWebIdentity).
	CallsByAccount map[string]int
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
	window         map[string][]time.Time // arrivals within the last second, per action
}

func newCounterSet() *counterSet {
	return &counterSet{
		calls: map[string]int{}, throttled: map[string]int{}, faults: map[string]int{}, faultsByMode: map[FaultMode]int{},
		mutations: map[string]int{}, maxPerSecond: map[string]int{}, accountCreates: map[string]int{},
		window: map[string][]time.Time{}, byAccount: map[string]int{},
	}
}

func (c *counterSet) arrive(action, account string, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls[action]++
	c.byAccount[account]++
	// Arrivals are recorded in (nearly) time order, so the window is a
	// queue trimmed at its front.
	win := c.window[action]
	i := 0
	for i < len(win) && now.Sub(win[i]) >= time.Second {
		i++
	}
	kept := append(win[i:], now)
	c.window[action] = kept
	c.maxPerSecond[action] = max(c.maxPerSecond[action], len(kept))
}

func (c *counterSet) add(m map[string]int, key string) {
	c.mu.Lock()
	m[key]++
	c.mu.Unlock()
}

func (c *counterSet) throttle(action string)    { c.add(c.throttled, action) }
func (c *counterSet) mutation(action string)    { c.add(c.mutations, action) }
func (c *counterSet) accountCreated(key string) { c.add(c.accountCreates, key) }

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
	}
}
