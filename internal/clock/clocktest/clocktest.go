// Package clocktest drives a clock.Fake from tests without guessing when
// the code under test is done reacting.
//
// A test that advances a fake clock must know that every goroutine of the
// code under test has done all it can at the current time (made its calls,
// started its timers) before it moves time on; otherwise a slow machine
// sees timers fire "early", relative to work not yet done. Counting yields
// or pending timers is a guess that fails under CPU load. A
// testing/synctest bubble knows exactly: synctest.Wait returns when every
// other goroutine of the bubble is durably blocked (on a channel, timer,
// WaitGroup or Cond of the bubble). Drive builds on that, so the code under
// test keeps seeing its injected clock.Clock, a clock.Fake, and the test
// moves it deterministically.
//
// Everything the code under test blocks on must belong to the bubble:
// create the fake clock, contexts, channels and the code's state inside
// synctest.Test. A goroutine blocked on network I/O, a mutex or a channel
// from outside the bubble is not durably blocked, and Drive waits for it.
package clocktest

import (
	"testing"
	"testing/synctest"

	"github.com/dbplan/dbplan/internal/clock"
)

// Drive advances f until done delivers a value, and returns that value. It
// must be called inside a synctest bubble (synctest.Test), by the only
// goroutine of the bubble that advances f. Each step waits until every
// other goroutine of the bubble is durably blocked; then, if done has
// nothing, it moves f to its earliest pending timer and fires the timers
// due then.
//
// When every goroutine is blocked, done has nothing and no timer of f is
// pending, nothing can ever happen: Drive fails tb with a deadlock.
func Drive[T any](tb testing.TB, f *clock.Fake, done <-chan T) T {
	tb.Helper()
	for {
		synctest.Wait()
		select {
		case v := <-done:
			return v
		default:
		}
		if !f.AdvanceToNext() {
			tb.Fatalf("deadlock: every goroutine is blocked, nothing is done and no timer of the fake clock (now %v) is pending", f.Now())
		}
	}
}

// Go runs fn in a new goroutine of the caller's bubble and returns a
// channel that delivers its result, for Drive.
func Go[T any](fn func() T) <-chan T {
	ch := make(chan T, 1)
	go func() { ch <- fn() }()
	return ch
}
