package clocktest

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/dbplan/dbplan/internal/clock"
)

var epoch = time.Date(2026, 11, 22, 20, 0, 0, 0, time.UTC)

// TestDriveWaitsForSlowGoroutines: a goroutine woken by a timer that takes
// long (many scheduling rounds) before starting its next timer must see
// that timer fire at its own deadline, not after a later one that another
// goroutine had pending. Advancing after a fixed number of yields, as the
// harnesses did, fires the later one first on a loaded machine.
func TestDriveWaitsForSlowGoroutines(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := clock.NewFake(epoch)
		ctx := context.Background()
		go func() { _ = clock.Sleep(ctx, f, 3*time.Second) }()
		woke := Go(func() time.Time {
			_ = clock.Sleep(ctx, f, time.Second)
			for range 10000 {
				runtime.Gosched() // slow work between the two waits
			}
			_ = clock.Sleep(ctx, f, time.Second)
			return f.Now()
		})
		if got, want := Drive(t, f, woke), epoch.Add(2*time.Second); !got.Equal(want) {
			t.Errorf("second wait ended at %v, want %v", got, want)
		}
		Drive(t, f, Go(func() bool { return clock.Sleep(ctx, f, time.Hour) == nil })) // let the 3 s sleeper finish
	})
}

// fatalTB records Fatalf and ends the goroutine, as testing.T does.
type fatalTB struct {
	testing.TB
	msg string
}

func (tb *fatalTB) Helper() {}
func (tb *fatalTB) Fatalf(format string, args ...any) {
	tb.msg = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// TestDriveReportsDeadlock: when everything is blocked with no timer
// pending, Drive fails at once instead of hanging until the test times out.
func TestDriveReportsDeadlock(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := clock.NewFake(epoch)
		block := make(chan struct{})
		never := Go(func() int { <-block; return 1 })
		tb := &fatalTB{TB: t}
		exited := make(chan struct{})
		go func() {
			defer close(exited)
			Drive(tb, f, never)
		}()
		<-exited
		if !strings.Contains(tb.msg, "deadlock") {
			t.Errorf("Drive failed with %q, want a deadlock", tb.msg)
		}
		close(block)
		<-never
	})
}
