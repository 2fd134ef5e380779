package exec

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/dbplan/dbplan/internal/clock"
	"github.com/dbplan/dbplan/internal/clock/clocktest"
	"github.com/dbplan/dbplan/internal/plan"
	"github.com/dbplan/dbplan/internal/retry"
	"github.com/dbplan/dbplan/internal/secret"
)

var epoch = time.Date(2026, 11, 22, 20, 0, 0, 0, time.UTC)

// harness runs the executor against a fakeAPI on a fake clock. Create it
// inside a testing/synctest bubble, with everything the run blocks on
// (contexts, limiters), so that run knows when the executor is idle.
type harness struct {
	t    *testing.T
	clk  *clock.Fake
	api  *fakeAPI
	opts Options
	rec  *recorder
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	clk := clock.NewFake(epoch)
	api := newFake(clk)
	rec := &recorder{}
	h := &harness{t: t, clk: clk, api: api, rec: rec}
	h.opts = Options{
		Clients:  func(string, string) (API, error) { return api, nil },
		Secrets:  func(addr string) (secret.Value, bool) { return secret.New("Pw-" + addr + "-9!x"), true },
		Clock:    clk,
		Rand:     func() float64 { return 0.5 },
		Observer: rec,
	}
	return h
}

// run executes actions and drives the fake clock until Run returns (see
// clocktest.Drive): whenever every goroutine of the run is blocked, it
// moves the clock to the next timer. The test must run in a synctest
// bubble that also created the harness (synctest.Test, then newHarness).
func (h *harness) run(ctx context.Context, actions ...plan.Action) *Report {
	h.t.Helper()
	type out struct {
		r   *Report
		err error
	}
	o := clocktest.Drive(h.t, h.clk, clocktest.Go(func() out {
		r, err := Run(ctx, &plan.Plan{Actions: actions}, h.opts)
		return out{r, err}
	}))
	if o.err != nil {
		h.t.Fatalf("Run() error = %v", o.err)
	}
	return o.r
}

// outcomes maps action IDs to outcomes.
func outcomes(r *Report) map[string]Outcome {
	m := map[string]Outcome{}
	for _, a := range r.Actions {
		m[a.ID] = a.Outcome
	}
	return m
}

func result(t *testing.T, r *Report, id string) ActionResult {
	t.Helper()
	for _, a := range r.Actions {
		if a.ID == id {
			return a
		}
	}
	t.Fatalf("no result for %s", id)
	return ActionResult{}
}

// recorder is an Observer that keeps every event.
type recorder struct {
	mu       sync.Mutex
	started  []string
	retries  []retry.Event
	finished []ActionResult
	total    int
	report   *Report
}

func (r *recorder) RunStarted(total int, _ time.Time) { r.mu.Lock(); r.total = total; r.mu.Unlock() }
func (r *recorder) ActionStarted(a *plan.Action, _ time.Time) {
	r.mu.Lock()
	r.started = append(r.started, a.ID)
	r.mu.Unlock()
}
func (r *recorder) ActionRetrying(_ *plan.Action, ev retry.Event) {
	r.mu.Lock()
	r.retries = append(r.retries, ev)
	r.mu.Unlock()
}
func (r *recorder) ActionFinished(res ActionResult) {
	r.mu.Lock()
	r.finished = append(r.finished, res)
	r.mu.Unlock()
}
func (r *recorder) RunFinished(rep *Report) { r.mu.Lock(); r.report = rep; r.mu.Unlock() }
