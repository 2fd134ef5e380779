package tcsim

import (
	"fmt"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/dbplan/dbplan/internal/clock"
)

// offsetClock is the real clock moved forward by an offset that POST
// /_tcsim/advance raises. Timers run on real time (the simulator only
// uses them for injected latency).
type offsetClock struct{ offset atomic.Int64 }

// Now returns the real time plus the offset.
func (c *offsetClock) Now() time.Time { return time.Now().Add(time.Duration(c.offset.Load())) }

// NewTimer returns a real timer.
func (c *offsetClock) NewTimer(d time.Duration) clock.Timer { return clock.Real{}.NewTimer(d) }

// advanceLimit is the largest total advance: clients sign with the real
// time, and a simulator clock more than 5 minutes ahead would answer
// every request with AuthFailure.SignatureExpire.
const advanceLimit = 4 * time.Minute

// advance serves POST /_tcsim/advance?by=DURATION (Options.TimeControl):
// the simulator clock jumps forward, so flows end and temporary
// credentials expire without waiting. It answers the new simulator time.
func (s *Server) advance(w http.ResponseWriter, r *http.Request) {
	oc, ok := s.clk.(*offsetClock)
	if !ok {
		http.Error(w, "time control is off: start the simulator with --time-control (Options.TimeControl)", http.StatusNotFound)
		return
	}
	d, err := time.ParseDuration(r.URL.Query().Get("by"))
	if err != nil || d <= 0 {
		http.Error(w, "give a positive duration: POST /_tcsim/advance?by=90s", http.StatusBadRequest)
		return
	}
	if total := time.Duration(oc.offset.Load()) + d; total > advanceLimit {
		http.Error(w, fmt.Sprintf("the simulator clock would be %s ahead of real time; at most %s keeps clients' signatures valid", total, advanceLimit), http.StatusBadRequest)
		return
	}
	oc.offset.Add(int64(d))
	writeJSON(w, map[string]string{"now": s.clk.Now().UTC().Format(time.RFC3339Nano)})
}
