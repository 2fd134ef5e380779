package exec

import (
	"context"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/dbplan/dbplan/internal/clock"
)

// coalescer shares reads between concurrent callers without ever handing
// one a stale answer: a caller joins the next read of its group that has
// not been sent yet. While a read of a group is in flight, callers queue;
// when it returns, one read is sent for everything queued (up to perCall
// ids per call). Reads run on the coalescer's base context, not on a
// caller's, so a caller giving up does not fail the others.
//
// getAt serves pollers instead: every caller asking for a read of a group
// at the same tick shares the one read sent at that tick.
type coalescer[V any] struct {
	base context.Context
	bg   *sync.WaitGroup
	clk  clock.Clock

	mu     sync.Mutex
	groups map[string]*cgroup[V]
	ticks  map[tickKey]map[string][]chan cresult[V]
}

type tickKey struct {
	group string
	at    time.Time
}

type cgroup[V any] struct {
	busy    bool
	waiting map[string][]chan cresult[V]
}

type cresult[V any] struct {
	v   V
	ok  bool
	err error
}

// fetchFunc reads ids (at most perCall of them) and returns what it found;
// an id missing from the map is reported absent.
type fetchFunc[V any] func(ctx context.Context, ids []string) (map[string]V, error)

func newCoalescer[V any](base context.Context, bg *sync.WaitGroup, clk clock.Clock) *coalescer[V] {
	return &coalescer[V]{base: base, bg: bg, clk: clk, groups: map[string]*cgroup[V]{}, ticks: map[tickKey]map[string][]chan cresult[V]{}}
}

// get returns the value of id in group from a read sent after this call
// began. ok is false when the read did not find it.
func (c *coalescer[V]) get(ctx context.Context, group, id string, perCall int, fetch fetchFunc[V]) (V, bool, error) {
	rs, err := c.getMany(ctx, group, []string{id}, perCall, fetch)
	if err != nil {
		var zero V
		return zero, false, err
	}
	return rs[0].v, rs[0].ok, rs[0].err
}

// getMany is get for several ids of one group, all joining the same next
// read (up to perCall ids per call); the results are in the order of ids.
// err is set only when ctx ended first.
func (c *coalescer[V]) getMany(ctx context.Context, group string, ids []string, perCall int, fetch fetchFunc[V]) ([]cresult[V], error) {
	chs := make([]chan cresult[V], len(ids))
	c.mu.Lock()
	g := c.groups[group]
	if g == nil {
		g = &cgroup[V]{waiting: map[string][]chan cresult[V]{}}
		c.groups[group] = g
	}
	for i, id := range ids {
		chs[i] = make(chan cresult[V], 1)
		g.waiting[id] = append(g.waiting[id], chs[i])
	}
	if !g.busy {
		g.busy = true
		c.bg.Add(1)
		go c.flights(group, g, perCall, fetch)
	}
	c.mu.Unlock()
	out := make([]cresult[V], len(ids))
	for i, ch := range chs {
		select {
		case out[i] = <-ch:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return out, nil
}

func wait[V any](ctx context.Context, ch chan cresult[V]) (V, bool, error) {
	select {
	case r := <-ch:
		return r.v, r.ok, r.err
	case <-ctx.Done():
		var zero V
		return zero, false, ctx.Err()
	}
}

// getAt returns the value of id in group from the read sent at time at
// (on the coalescer's clock), shared by every caller asking for that
// group at that tick. A tick already past is read at once.
func (c *coalescer[V]) getAt(ctx context.Context, at time.Time, group, id string, perCall int, fetch fetchFunc[V]) (V, bool, error) {
	ch := make(chan cresult[V], 1)
	k := tickKey{group, at}
	c.mu.Lock()
	w := c.ticks[k]
	if w == nil {
		w = map[string][]chan cresult[V]{}
		c.ticks[k] = w
		c.bg.Add(1)
		go c.tick(k, perCall, fetch)
	}
	w[id] = append(w[id], ch)
	c.mu.Unlock()
	return wait(ctx, ch)
}

// tick sends the read of one tick.
func (c *coalescer[V]) tick(k tickKey, perCall int, fetch fetchFunc[V]) {
	defer c.bg.Done()
	err := clock.Sleep(c.base, c.clk, k.at.Sub(c.clk.Now()))
	c.mu.Lock()
	waiting := c.ticks[k]
	delete(c.ticks, k)
	c.mu.Unlock()
	c.flush(waiting, perCall, fetch, err)
}

// flush reads the ids waiting (unless err is already set) and answers
// every waiter.
func (c *coalescer[V]) flush(waiting map[string][]chan cresult[V], perCall int, fetch fetchFunc[V], pre error) {
	ids := slices.Sorted(maps.Keys(waiting))
	for chunk := range slices.Chunk(ids, max(perCall, 1)) {
		got, err := map[string]V(nil), pre
		if err == nil {
			got, err = fetch(c.base, chunk)
		}
		for _, id := range chunk {
			v, ok := got[id]
			for _, ch := range waiting[id] {
				ch <- cresult[V]{v: v, ok: ok, err: err}
			}
		}
	}
}

// flights sends reads for group until nobody waits.
func (c *coalescer[V]) flights(group string, g *cgroup[V], perCall int, fetch fetchFunc[V]) {
	defer c.bg.Done()
	for {
		c.mu.Lock()
		if len(g.waiting) == 0 {
			g.busy = false
			delete(c.groups, group)
			c.mu.Unlock()
			return
		}
		waiting := g.waiting
		g.waiting = map[string][]chan cresult[V]{}
		c.mu.Unlock()

		c.flush(waiting, perCall, fetch, nil)
	}
}
