package exec

import (
	"time"

	"github.com/dbplan/dbplan/internal/plan"
	"github.com/dbplan/dbplan/internal/retry"
)

// Observer receives the executor's progress. Methods are called from the
// executor's goroutines, concurrently: implementations must be safe for
// concurrent use and must not block for long. Arguments never hold a
// secret.
type Observer interface {
	// RunStarted is called once, before any action, with the number of
	// actions in the plan.
	RunStarted(total int, at time.Time)
	// ActionStarted is called when an action is handed to a worker.
	ActionStarted(a *plan.Action, at time.Time)
	// ActionRetrying is called before each backoff of an action's call;
	// ev.Class tells throttling (apiclient.Throttled) from other causes.
	ActionRetrying(a *plan.Action, ev retry.Event)
	// ActionFinished is called once per action with its final result,
	// including actions that never started (skipped, canceled).
	ActionFinished(r ActionResult)
	// RunFinished is called once with the report, after every action.
	RunFinished(r *Report)
}

// NopObserver ignores every event. Embed it to implement only some
// methods.
type NopObserver struct{}

// RunStarted does nothing.
func (NopObserver) RunStarted(int, time.Time) {}

// ActionStarted does nothing.
func (NopObserver) ActionStarted(*plan.Action, time.Time) {}

// ActionRetrying does nothing.
func (NopObserver) ActionRetrying(*plan.Action, retry.Event) {}

// ActionFinished does nothing.
func (NopObserver) ActionFinished(ActionResult) {}

// RunFinished does nothing.
func (NopObserver) RunFinished(*Report) {}

// Observers fans every event out to each observer in order.
type Observers []Observer

// RunStarted forwards to each observer.
func (os Observers) RunStarted(total int, at time.Time) {
	for _, o := range os {
		o.RunStarted(total, at)
	}
}

// ActionStarted forwards to each observer.
func (os Observers) ActionStarted(a *plan.Action, at time.Time) {
	for _, o := range os {
		o.ActionStarted(a, at)
	}
}

// ActionRetrying forwards to each observer.
func (os Observers) ActionRetrying(a *plan.Action, ev retry.Event) {
	for _, o := range os {
		o.ActionRetrying(a, ev)
	}
}

// ActionFinished forwards to each observer.
func (os Observers) ActionFinished(r ActionResult) {
	for _, o := range os {
		o.ActionFinished(r)
	}
}

// RunFinished forwards to each observer.
func (os Observers) RunFinished(r *Report) {
	for _, o := range os {
		o.RunFinished(r)
	}
}
