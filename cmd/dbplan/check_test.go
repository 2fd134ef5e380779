package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/dbplan/dbplan/internal/tcsim"
)

// dropFirst serves next, but closes the connection of its first n
// requests without an answer (the client sees EOF).
func dropFirst(n int64, next http.Handler) http.Handler {
	var seen atomic.Int64
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if seen.Add(1) <= n {
			if hj, ok := w.(http.Hijacker); ok {
				if conn, _, err := hj.Hijack(); err == nil {
					conn.Close()
					return
				}
			}
			panic(http.ErrAbortHandler)
		}
		next.ServeHTTP(w, r)
	})
}

// TestStartupCheckRetriesADroppedConnection: the start-up check goes
// through the retry layer like every call, so one (or two) dropped
// connections do not abort a run against an endpoint that answers.
func TestStartupCheckRetriesADroppedConnection(t *testing.T) {
	dir := writeFixture(t, fixtureHCL, "")
	srv, err := tcsim.New(mustParseWorld(t, fixtureWorld), tcsim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(dropFirst(2, srv))
	t.Cleanup(ts.Close)
	vars := map[string]string{"TENCENTCLOUD_SECRET_ID": tcsim.DefaultSecretID, "TENCENTCLOUD_SECRET_KEY": tcsim.DefaultSecretKey}
	code, out, errs := runPlanCmdFakeClock(t, vars, "-endpoint", ts.URL, "-detailed-exitcode", dir)
	if code != exitChanges || !strings.Contains(out, "to create") {
		t.Errorf("plan exit %d, want %d with a plan; stderr:\n%s", code, exitChanges, errs)
	}
	if got := srv.Counters().Calls["DescribeDBInstances"]; got < 1 {
		t.Errorf("DescribeDBInstances reached the simulator %d times, want the retried check to get through", got)
	}
}
