package main

import (
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
	countSignals(sigs, make(chan struct{}), func() { canceled++ }, func(s os.Signal) { died = s })
	if canceled != 1 || died != syscall.SIGTERM {
		t.Errorf("canceled %d times, died with %v; want 1 cancel, then death by the second signal (SIGTERM)", canceled, died)
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

func TestAgainHint(t *testing.T) {
	if got := (&interrupts{ctrlC: true}).againHint(); got != "Press Ctrl-C again to exit at once." {
		t.Errorf("againHint() with Ctrl-C = %q", got)
	}
	var none *interrupts
	if got := none.againHint(); got != "Press Ctrl-C again to exit at once." {
		t.Errorf("againHint() of nil = %q", got)
	}
}
