package reportview

import (
	"encoding/json"
	"io"
	"sync"
	"time"

	"github.com/dbplan/dbplan/internal/clock"
	"github.com/dbplan/dbplan/internal/exec"
	"github.com/dbplan/dbplan/internal/plan"
	"github.com/dbplan/dbplan/internal/retry"
)

// The event stream (`dbplan apply -json`, FormatVersion "1") has one JSON
// object per line, each with "format_version", "type" and "time":
//
//	run_start        "total"
//	action_start     "id", "address", "kind"
//	retry            "id", "address", "kind", "attempt", "class",
//	                 "delay_seconds", "error"
//	action_complete  "action" (as in the JSON report): outcome succeeded,
//	                 adopted or already_done
//	action_error     "action": any other outcome (failed, skipped,
//	                 drifted, unconfirmed, canceled)
//	summary          "report": the JSON report without its "actions"
type jsonEvent struct {
	FormatVersion string       `json:"format_version"`
	Type          string       `json:"type"`
	Time          time.Time    `json:"time"`
	Total         int          `json:"total,omitempty"`
	ID            string       `json:"id,omitempty"`
	Address       string       `json:"address,omitempty"`
	Kind          string       `json:"kind,omitempty"`
	Attempt       int          `json:"attempt,omitempty"`
	Class         string       `json:"class,omitempty"`
	DelaySeconds  float64      `json:"delay_seconds,omitempty"`
	Error         *jsonError   `json:"error,omitempty"`
	Action        *jsonAction  `json:"action,omitempty"`
	Report        *jsonSummary `json:"report,omitempty"`
}

// Events is an exec.Observer writing the event stream to w. It is safe
// for concurrent use; Err returns the first write error.
type Events struct {
	clk clock.Clock
	mu  sync.Mutex
	enc *json.Encoder
	err error
}

// NewEvents returns an Events writing to w, timestamping with clk (nil
// means clock.Real{}).
func NewEvents(w io.Writer, clk clock.Clock) *Events {
	if clk == nil {
		clk = clock.Real{}
	}
	return &Events{clk: clk, enc: json.NewEncoder(w)}
}

// Err returns the first error writing an event.
func (e *Events) Err() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.err
}

func (e *Events) emit(ev jsonEvent) {
	ev.FormatVersion = FormatVersion
	if ev.Time.IsZero() {
		ev.Time = e.clk.Now()
	}
	ev.Time = ev.Time.UTC()
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.err == nil {
		e.err = e.enc.Encode(ev)
	}
}

// RunStarted emits run_start.
func (e *Events) RunStarted(total int, at time.Time) {
	e.emit(jsonEvent{Type: "run_start", Time: at, Total: total})
}

// ActionStarted emits action_start.
func (e *Events) ActionStarted(a *plan.Action, at time.Time) {
	e.emit(jsonEvent{Type: "action_start", Time: at, ID: a.ID, Address: a.Addr, Kind: a.Kind.String()})
}

// ActionRetrying emits retry.
func (e *Events) ActionRetrying(a *plan.Action, ev retry.Event) {
	e.emit(jsonEvent{Type: "retry", ID: a.ID, Address: a.Addr, Kind: a.Kind.String(), Attempt: ev.Attempt,
		Class: ev.Class.String(), DelaySeconds: ev.Delay.Seconds(), Error: wireError(exec.ErrorInfoOf(ev.Err))})
}

// ActionFinished emits action_complete or action_error.
func (e *Events) ActionFinished(r exec.ActionResult) {
	typ := "action_error"
	if r.Outcome.OK() {
		typ = "action_complete"
	}
	act := wireAction(r)
	e.emit(jsonEvent{Type: typ, Action: &act})
}

// RunFinished emits summary.
func (e *Events) RunFinished(r *exec.Report) {
	s := summaryOf(r)
	e.emit(jsonEvent{Type: "summary", Report: &s})
}

var (
	_ exec.Observer = (*Events)(nil)
	_ exec.Observer = (*Progress)(nil)
)
