package clock

import (
	"context"
	"errors"
	"testing"
	"time"
)

var epoch = time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)

func TestFakeFiresInDeadlineOrder(t *testing.T) {
	f := NewFake(epoch)
	late := f.NewTimer(3 * time.Second)
	early := f.NewTimer(1 * time.Second)
	f.Advance(2 * time.Second)
	select {
	case got := <-early.C():
		if want := epoch.Add(time.Second); !got.Equal(want) {
			t.Errorf("early fired at %v, want %v", got, want)
		}
	default:
		t.Fatal("early timer did not fire after Advance(2s)")
	}
	select {
	case <-late.C():
		t.Fatal("late timer fired before its deadline")
	default:
	}
	if got := f.Pending(); got != 1 {
		t.Errorf("Pending() = %d, want 1", got)
	}
	if !f.AdvanceToNext() {
		t.Fatal("AdvanceToNext() = false with a pending timer")
	}
	if got, want := f.Now(), epoch.Add(3*time.Second); !got.Equal(want) {
		t.Errorf("Now() after AdvanceToNext = %v, want %v", got, want)
	}
	if f.AdvanceToNext() {
		t.Error("AdvanceToNext() = true with no pending timer")
	}
}

func TestFakeStop(t *testing.T) {
	f := NewFake(epoch)
	tm := f.NewTimer(time.Second)
	if !tm.Stop() {
		t.Fatal("Stop() = false on a pending timer")
	}
	if tm.Stop() {
		t.Error("second Stop() = true")
	}
	f.Advance(time.Hour)
	select {
	case <-tm.C():
		t.Error("stopped timer fired")
	default:
	}
}

func TestSleepWithFake(t *testing.T) {
	f := NewFake(epoch)
	done := make(chan error, 1)
	go func() { done <- Sleep(context.Background(), f, 5*time.Second) }()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if !f.BlockUntil(ctx, 1) {
		t.Fatal("Sleep never started its timer")
	}
	f.Advance(5 * time.Second)
	if err := <-done; err != nil {
		t.Errorf("Sleep() = %v, want nil", err)
	}
}

func TestSleepCanceled(t *testing.T) {
	f := NewFake(epoch)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Sleep(ctx, f, time.Hour) }()
	wctx, wcancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer wcancel()
	f.BlockUntil(wctx, 1)
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("Sleep() = %v, want context.Canceled", err)
	}
	if got := f.Pending(); got != 0 {
		t.Errorf("Pending() after canceled Sleep = %d, want 0 (timer stopped)", got)
	}
}

func TestSleepNonPositive(t *testing.T) {
	if err := Sleep(context.Background(), NewFake(epoch), 0); err != nil {
		t.Errorf("Sleep(0) = %v", err)
	}
}

func TestBlockUntilNone(t *testing.T) {
	f := NewFake(epoch)
	ctx, cancel := context.WithCancel(context.Background())
	go func() { _ = Sleep(ctx, f, time.Hour) }()
	if !f.BlockUntil(context.Background(), 1) {
		t.Fatal("Sleep never started its timer")
	}
	ended, endedCancel := context.WithCancel(context.Background())
	endedCancel()
	if f.BlockUntilNone(ended) {
		t.Fatal("BlockUntilNone() = true with a timer pending")
	}
	cancel() // Sleep stops its timer
	if !f.BlockUntilNone(context.Background()) {
		t.Error("BlockUntilNone() = false after the only timer was stopped")
	}
}
