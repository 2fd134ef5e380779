package main

import (
	"context"
	"os"
	"os/signal"
	"sync"
	"syscall"
)

// interrupts is how a run is stopped: the first SIGINT or SIGTERM cancels
// the run's context (apply stops starting actions and prints its report),
// the second ends the process at once, killed by that signal as the
// default handling would. Commands with nothing to finish cleanly
// (validate, fmt) release the signals, so the first one ends them.
//
// Signals are counted by one goroutine reading one channel: the previous
// design (signal.NotifyContext, then restoring the default handling from
// context.AfterFunc) could swallow a quick second signal delivered before
// the handling was restored.
type interrupts struct {
	// ctrlC is false when the process started with SIGINT ignored (a
	// background job of a non-interactive shell): SIGINT stays ignored, as
	// for any Unix tool, and messages do not offer Ctrl-C.
	ctrlC  bool
	sigs   chan os.Signal
	wanted []os.Signal
	// raise ends the process with sig, by its default handling.
	raise func(sig os.Signal)

	done   chan struct{} // closed to stop counting
	exited chan struct{} // closed when counting stopped
	first  os.Signal     // the first signal counted; read after exited
	once   sync.Once
}

// notifyInterrupts starts handling SIGINT (unless ignored at start) and
// SIGTERM. ctx is canceled at the first signal; stop ends the handling.
func notifyInterrupts(parent context.Context) (ctx context.Context, in *interrupts, stop func()) {
	in = &interrupts{ctrlC: !signal.Ignored(os.Interrupt), raise: raise}
	in.wanted = []os.Signal{syscall.SIGTERM}
	if in.ctrlC {
		in.wanted = append(in.wanted, os.Interrupt)
	}
	ctx, cancel := context.WithCancel(parent)
	in.start(cancel)
	signal.Notify(in.sigs, in.wanted...)
	return ctx, in, func() {
		in.shutdown()
		cancel()
	}
}

// start makes the channels and starts counting the signals of in.sigs.
func (in *interrupts) start(cancel func()) {
	in.sigs = make(chan os.Signal, 2)
	in.done, in.exited = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(in.exited)
		in.first = countSignals(in.sigs, in.done, cancel, func(sig os.Signal) {
			// Restore the default handling and take the signal again:
			// the process ends as if dbplan had never handled it.
			signal.Reset(in.wanted...)
			in.raise(sig)
		})
	}()
}

// raise sends sig to this process.
func raise(sig os.Signal) {
	if p, err := os.FindProcess(os.Getpid()); err == nil {
		_ = p.Signal(sig)
	}
}

// shutdown stops the handling and the counting, once.
func (in *interrupts) shutdown() {
	in.once.Do(func() {
		signal.Stop(in.sigs)
		close(in.done)
		<-in.exited
	})
}

// release gives SIGINT and SIGTERM back to their default handling, for a
// command with nothing to finish cleanly: a signal then ends the process at
// once, and one received before ends it now. A nil *interrupts (tests)
// does nothing.
func (in *interrupts) release() {
	if in == nil {
		return
	}
	in.shutdown()
	sig := in.first
	select {
	case s := <-in.sigs: // delivered, but not counted before the stop
		if sig == nil {
			sig = s
		}
	default:
	}
	if sig != nil {
		in.raise(sig)
	}
}

// countSignals cancels at the first signal from sigs and calls die with
// the second; it returns the first signal (nil if none) after die, or when
// done is closed.
func countSignals(sigs <-chan os.Signal, done <-chan struct{}, cancel func(), die func(os.Signal)) os.Signal {
	var first os.Signal
	for {
		select {
		case sig := <-sigs:
			if first == nil {
				first = sig
				cancel()
				continue
			}
			die(sig)
			return first
		case <-done:
			return first
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
