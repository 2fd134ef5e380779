package main

import (
	"context"
	"os"
	"syscall"
	"testing"
)

// TestCountSignals: two signals delivered before the counter runs (the
// race that made a quick second Ctrl-C get lost) still cancel and then
// end the process, with the second signal.
func TestCountSignals(t *testing.T) {
	sigs := make(chan os.Signal, 2)
	sigs <- os.Interrupt
	sigs <- syscall.SIGTERM
	canceled := 0
	var died os.Signal
	first := countSignals(sigs, make(chan struct{}), func() { canceled++ }, func(s os.Signal) { died = s })
	if canceled != 1 || died != syscall.SIGTERM || first != os.Interrupt {
		t.Errorf("canceled %d times, died with %v, first %v; want 1 cancel, then death by the second signal (SIGTERM)", canceled, died, first)
	}

	// One signal only cancels; the counter ends when stopped (here right
	// after the cancel).
	sigs <- os.Interrupt
	done := make(chan struct{})
	canceled, died = 0, nil
	countSignals(sigs, done, func() { canceled++; close(done) }, func(s os.Signal) { died = s })
	if canceled != 1 || died != nil {
		t.Errorf("one signal: canceled %d times, died with %v; want 1 cancel and no death", canceled, died)
	}
}

// TestRelease: a command that releases the signals is ended by one that
// arrived before (counted or still in the channel), and not otherwise.
func TestRelease(t *testing.T) {
	for name, pending := range map[string]os.Signal{"none": nil, "SIGTERM before": syscall.SIGTERM} {
		var raised os.Signal
		in := &interrupts{raise: func(s os.Signal) { raised = s }}
		in.start(func() {})
		if pending != nil {
			in.sigs <- pending
		}
		in.release()
		if raised != pending {
			t.Errorf("%s: release raised %v, want %v", name, raised, pending)
		}
	}
}

// TestCommandsReleaseInterrupts: validate, fmt and version, which have
// nothing to finish cleanly, give the signals back at once; plan, apply
// and sim keep them to stop cleanly.
func TestCommandsReleaseInterrupts(t *testing.T) {
	for _, c := range commands() {
		in := &interrupts{raise: func(os.Signal) {}}
		in.start(func() {})
		e, _, _ := newTestEnv(nil)
		e.interrupts = in
		run(context.Background(), []string{c.name, "-h"}, e)
		released := false
		select {
		case <-in.exited:
			released = true
		default:
		}
		if released == c.graceful {
			t.Errorf("%s: signals released = %v, want %v", c.name, released, !c.graceful)
		}
		in.shutdown()
	}
}

func TestAgainHint(t *testing.T) {
	if got := (&interrupts{ctrlC: true}).againHint(); got != "Press Ctrl-C again to exit at once." {
		t.Errorf("againHint() with Ctrl-C = %q", got)
	}
	var none *interrupts
	if got := none.againHint(); got != "Press Ctrl-C again to exit at once." {
		t.Errorf("againHint() of nil = %q", got)
	}
}
