package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

// interrupts is how a run is stopped: the first SIGINT or SIGTERM cancels
// the run's context (apply stops starting actions and prints its report),
// the second ends the process at once, killed by that signal as the
// default handling would.
//
// Signals are counted by one goroutine reading one channel: the previous
// design (signal.NotifyContext, then restoring the default handling from
// context.AfterFunc) could swallow a quick second signal delivered before
// the handling was restored.
type interrupts struct {
	// ctrlC is false when the process started with SIGINT ignored (a
	// background job of a non-interactive shell): SIGINT stays ignored, as
	// for any Unix tool, and messages do not offer Ctrl-C.
	ctrlC bool
	sigs  chan os.Signal
}

// notifyInterrupts starts handling SIGINT (unless ignored at start) and
// SIGTERM. ctx is canceled at the first signal; stop ends the handling.
func notifyInterrupts(parent context.Context) (ctx context.Context, in *interrupts, stop func()) {
	in = &interrupts{ctrlC: !signal.Ignored(os.Interrupt), sigs: make(chan os.Signal, 2)}
	wanted := []os.Signal{syscall.SIGTERM}
	if in.ctrlC {
		wanted = append(wanted, os.Interrupt)
	}
	ctx, cancel := context.WithCancel(parent)
	signal.Notify(in.sigs, wanted...)
	done := make(chan struct{})
	go countSignals(in.sigs, done, cancel, func(sig os.Signal) {
		// Restore the default handling and take the signal again: the
		// process ends as if dbplan had never handled it.
		signal.Reset(wanted...)
		if p, err := os.FindProcess(os.Getpid()); err == nil {
			_ = p.Signal(sig)
		}
	})
	return ctx, in, func() {
		signal.Stop(in.sigs)
		close(done)
		cancel()
	}
}

// countSignals cancels at the first signal from sigs and calls die with
// the second; it returns after die, or when done is closed.
func countSignals(sigs <-chan os.Signal, done <-chan struct{}, cancel func(), die func(os.Signal)) {
	for n := 0; ; n++ {
		select {
		case sig := <-sigs:
			if n == 0 {
				cancel()
				continue
			}
			die(sig)
			return
		case <-done:
			return
		}
	}
}

// againHint tells how to end an interrupted run at once.
func (in *interrupts) againHint() string {
	if in == nil || in.ctrlC {
		return "Press Ctrl-C again to exit at once."
	}
	return "Send SIGTERM again (kill PID) to exit at once; Ctrl-C does not reach this process, which was started with SIGINT ignored, as background jobs are."
}
