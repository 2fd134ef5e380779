// Package proctest starts child processes for tests so that none outlives
// its test. A `dbplan sim serve` started by the e2e harness was found
// running 35 minutes after its test process had gone: cleanups do not run
// when a test binary is killed, panics on a timeout or is interrupted.
//
// Start covers both ends: on Linux the child is started in a process group
// of its own with a parent-death signal (SIGKILL when the test process
// dies, however it dies), and a t.Cleanup kills the group and reaps the
// child when the test ends. Elsewhere only the cleanup applies.
//
// The parent-death signal follows the OS thread that started the child:
// Go ends a thread only when a goroutine locked to it
// (runtime.LockOSThread) returns, so do not start children from such a
// goroutine.
package proctest

import (
	"os"
	"os/exec"
	"testing"
)

// Proc is a child process started by Start.
type Proc struct {
	// Cmd is the started command. Do not call Cmd.Wait; use Wait.
	Cmd  *exec.Cmd
	done chan struct{}
	err  error
}

// Start starts cmd so that it dies with the test process (see the package
// doc) and is killed and reaped, if still running, when tb ends. A
// goroutine waits for it at once, so use Wait or Done instead of
// cmd.Wait, and give cmd.Stdout an *os.File or a writer rather than
// cmd.StdoutPipe (whose read end Wait closes, losing unread output).
func Start(tb testing.TB, cmd *exec.Cmd) (*Proc, error) {
	tb.Helper()
	dieWithParent(cmd)
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &Proc{Cmd: cmd, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	tb.Cleanup(p.kill)
	return p, nil
}

// Wait waits for the process to exit and returns what exec.Cmd.Wait
// returned. It may be called any number of times.
func (p *Proc) Wait() error {
	<-p.done
	return p.err
}

// Done is closed once the process has exited and been reaped.
func (p *Proc) Done() <-chan struct{} { return p.done }

// Signal sends sig to the process (an error once it has exited).
func (p *Proc) Signal(sig os.Signal) error { return p.Cmd.Process.Signal(sig) }

// kill ends the process (and on Linux its process group) unless it has
// exited, and waits until it is reaped.
func (p *Proc) kill() {
	select {
	case <-p.done:
		return
	default:
	}
	killGroup(p.Cmd)
	<-p.done
}
