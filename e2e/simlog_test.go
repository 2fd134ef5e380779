package e2e

import (
	"bytes"
	"context"
	"regexp"
	"sync"
	"time"
)

// logWriter keeps what a child process writes (its stderr) and lets a test
// wait, without polling, until a line matches. It is safe for concurrent
// use.
type logWriter struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	changed chan struct{} // closed and replaced on every write
}

func newLogWriter() *logWriter { return &logWriter{changed: make(chan struct{})} }

// Write appends p.
func (w *logWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	close(w.changed)
	w.changed = make(chan struct{})
	return len(p), nil
}

// String returns everything written so far.
func (w *logWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// waitFor blocks until what was written matches re, and reports true, or
// until stop is closed first (false).
func (w *logWriter) waitFor(re *regexp.Regexp, stop <-chan struct{}) bool {
	for {
		w.mu.Lock()
		ok, ch := re.Match(w.buf.Bytes()), w.changed
		w.mu.Unlock()
		if ok {
			return true
		}
		select {
		case <-ch:
		case <-stop:
			return re.MatchString(w.String())
		}
	}
}

// waitLog blocks until the simulator, started with --log, has logged a
// request line matching pattern (`tcsim ID ACTION region=R -> CODE`, after
// the request was served). It fails the test if the simulator exits first.
func (s *sim) waitLog(pattern string) {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute) // a guard against a hang, not a timing assertion
	defer cancel()
	go func() {
		select {
		case <-s.proc.Done():
			cancel()
		case <-ctx.Done():
		}
	}()
	if !s.stderr.waitFor(regexp.MustCompile(pattern), ctx.Done()) {
		s.t.Fatalf("the simulator logged no request matching %q; its log:\n%s", pattern, s.stderr.String())
	}
}
