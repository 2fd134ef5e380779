package tcsim

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// Running is a simulator listening on a real socket.
type Running struct {
	// Server is the simulator (for Counters, Snapshot, Credentials).
	Server *Server
	// URL is the base URL, e.g. "http://127.0.0.1:41234".
	URL string

	close func() error
}

// Endpoint returns host:port, the form SDK HttpProfile.Endpoint and
// DBPLAN_ENDPOINT take.
func (r *Running) Endpoint() string {
	return strings.TrimPrefix(r.URL, "http://")
}

// Credential returns the first accepted credential of the world.
func (r *Running) Credential() Credential { return r.Server.Credentials()[0] }

// Close stops accepting requests, waits up to 5 s for in-flight ones and
// closes the listener. It is safe to call more than once.
func (r *Running) Close() error {
	if r.close == nil {
		return nil
	}
	c := r.close
	r.close = nil
	return c()
}

// Start serves a new simulator (see New) on addr, e.g. "127.0.0.1:0" for a
// free port. It holds at most MaxConnections connections, and has header
// and read timeouts, so stalled or many clients cannot hold it (or its
// memory) for long.
func Start(addr string, w *World, opts Options) (*Running, error) {
	s, err := New(w, opts)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	ln = newLimitListener(ln, MaxConnections)
	hs := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          nil,
	}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	return &Running{
		Server: s,
		URL:    "http://" + ln.Addr().String(),
		close: func() error {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			err := hs.Shutdown(ctx)
			if err != nil {
				err = errors.Join(err, hs.Close())
			}
			if serr := <-done; !errors.Is(serr, http.ErrServerClosed) {
				err = errors.Join(err, serr)
			}
			return err
		},
	}, nil
}

// NewTestServer starts a simulator on a loopback httptest server for a
// test and closes it when the test ends. It fails the test if w or opts
// are invalid.
func NewTestServer(t testing.TB, w *World, opts Options) *Running {
	t.Helper()
	s, err := New(w, opts)
	if err != nil {
		t.Fatalf("tcsim.New: %v", err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return &Running{Server: s, URL: ts.URL, close: func() error { ts.Close(); return nil }}
}
