package exec

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/clock"
	"github.com/dbplan/dbplan/internal/plan"
	"github.com/dbplan/dbplan/internal/retry"
	"github.com/dbplan/dbplan/internal/secret"
)

// runOne runs a single action from its re-check to its outcome. For an
// async action whose call succeeded it returns, instead of the final
// result, a function that waits for the flow and returns it: the
// dispatcher runs that wait outside the worker pool, so flows that take
// minutes never hold workers the rate-limited calls need.
func (x *executor) runOne(ctx context.Context, a *plan.Action) (ActionResult, func() ActionResult) {
	start := x.o.Clock.Now()
	res := &ActionResult{ID: a.ID, Addr: a.Addr, Kind: a.Kind}
	wait := x.perform(ctx, a, res)
	if wait == nil {
		res.Duration = x.o.Clock.Now().Sub(start)
		return *res, nil
	}
	return *res, func() ActionResult {
		wait()
		res.Duration = x.o.Clock.Now().Sub(start)
		return *res
	}
}

// perform runs a; it returns the flow wait of an async action (nil when
// the outcome is already set).
func (x *executor) perform(ctx context.Context, a *plan.Action, res *ActionResult) func() {
	api, err := x.o.Clients(a.Target.Provider, a.Target.Region)
	if err != nil {
		res.fail(err, "No API client for this action.")
		return nil
	}
	pw, err := x.password(a)
	if err != nil {
		res.fail(err, "")
		return nil
	}
	if x.stop.Err() != nil {
		res.notStarted()
		return nil
	}
	if !x.precheck(ctx, api, a, res) {
		return nil
	}
	return x.execute(ctx, api, a, pw, res)
}

// password returns the password a's call sends, or an error saying how to
// provide it.
func (x *executor) password(a *plan.Action) (secret.Value, error) {
	if !a.NeedsPassword {
		return secret.Value{}, nil
	}
	if v, ok := x.o.Secrets(a.SecretAddr); ok && v.IsSet() {
		return v, nil
	}
	return secret.Value{}, fmt.Errorf("the password of %s is not available at apply time: give it as when planning "+
		"(-var, -var-file or its environment variable) and run apply again", a.SecretAddr)
}

// precheck re-reads the object and reports whether the action should run;
// when not, it sets the outcome.
func (x *executor) precheck(ctx context.Context, api API, a *plan.Action, res *ActionResult) bool {
	obs, err := x.reads.observe(ctx, api, a, time.Time{})
	switch {
	case err != nil && x.stop.Err() != nil:
		// The re-read was cut off by the interrupt: nothing was sent.
		res.notStarted()
		return false
	case errors.Is(err, retry.ErrEndpointDown):
		res.endpointDown(err)
		return false
	case err != nil:
		res.fail(err, "Could not re-read the object before running the action.")
		return false
	}
	switch pr := plan.CheckPrecondition(*a, obs); pr.Verdict {
	case plan.Done:
		res.Outcome, res.Detail = AlreadyDone, pr.Detail
		return false
	case plan.Drifted:
		res.Outcome, res.Detail = Drifted, pr.Detail
		return false
	}
	return true
}

// execute makes the call (with retries) and resolves busy, already-done
// and ambiguous answers. For an async kind whose call succeeded it returns
// the wait for the flow (see runOne) and leaves the outcome to it.
func (x *executor) execute(ctx context.Context, api API, a *plan.Action, pw secret.Value, res *ActionResult) func() {
	deadline := x.o.Clock.Now().Add(x.o.Timeout)
	g, rctx, done := x.firstCallGuard(ctx)
	defer done()
	for {
		var flow int64
		attempt := x.attempt(api, a.Kind, func(ctx context.Context) error {
			f, err := a.Kind.Spec().Send(ctx, api, a, pw)
			flow = f
			return err
		})
		r, err := retry.Do(rctx, x.ropts,
			retry.Op{Account: api.Account(), Action: a.Kind.APIAction(), Key: a.ID, Reconcile: x.reconciler(api, a)},
			g.wrap(attempt))
		if g.interrupted() {
			res.notStarted()
			return nil
		}
		res.Attempts += r.Attempts
		res.Throttles += r.Throttles
		if err == nil {
			res.FlowID = flow
			if a.Kind.Async() {
				return func() { x.awaitFlow(ctx, api, a, r.Reconciled, res) }
			}
			res.Outcome = Succeeded
			if r.Reconciled {
				res.Outcome, res.Detail = Adopted, reconciledDetail(r.Attempts)
			}
			return nil
		}
		if ctx.Err() != nil {
			res.cancel(err)
			return nil
		}
		if res.settle(err, r.LastErr) {
			return nil
		}
		switch apiclient.Classify(err) {
		case apiclient.Busy:
			if werr := x.waitUntilFree(ctx, api, a, deadline); werr != nil {
				switch {
				case errors.Is(werr, errInterrupted) || ctx.Err() != nil:
					res.cancel(err)
				case errors.Is(werr, retry.ErrEndpointDown):
					res.endpointDown(werr)
				default:
					res.fail(err, fmt.Sprintf("The object stayed locked by another operation: %v.", werr))
				}
				return nil
			}
			// Free again: the change may have been made meanwhile (by the
			// flow of a call whose answer was lost, or by someone else):
			// look before calling again.
			if x.settledWhileBusy(ctx, api, a, res) {
				return nil
			}
			continue
		case apiclient.AlreadyDone:
			x.adoptOrFail(ctx, api, a, err, res)
			return nil
		case apiclient.Terminal:
			x.lookBeforeFailing(ctx, api, a, err, res)
			return nil
		}
		res.fail(err, "")
		return nil
	}
}

// attempt wraps one attempt of kind k's write call to count it.
func (x *executor) attempt(api API, k plan.Kind, fn func(context.Context) error) func(context.Context) error {
	return func(ctx context.Context) error {
		acct := api.Account()
		x.calls.record(k, acct, x.quota(acct, k.APIAction()), x.o.Clock.Now())
		err := fn(ctx)
		if err != nil && apiclient.Classify(err) == apiclient.Throttled {
			x.calls.throttled(k)
		}
		return err
	}
}

// reconciler re-reads the object after a transient failure: done when
// the target state holds or (async kinds) the flow is under way; a
// *retry.Finding when the object is gone or changed otherwise.
func (x *executor) reconciler(api API, a *plan.Action) func(context.Context) (bool, error) {
	return func(ctx context.Context) (bool, error) {
		obs, err := x.reads.observe(ctx, api, a, time.Time{})
		if err != nil {
			return false, err
		}
		pr := plan.CheckPrecondition(*a, obs)
		if pr.Verdict == plan.Done {
			return true, nil
		}
		if a.Kind.Async() {
			if state, _ := plan.FlowOf(a, obs); state == plan.FlowRunning {
				return true, nil
			}
		}
		if pr.Verdict == plan.Drifted {
			return false, &retry.Finding{Detail: pr.Detail}
		}
		return false, nil
	}
}

// adoptOrFail handles an "already exists / already on" answer: the
// action is adopted when a re-read shows the desired state.
func (x *executor) adoptOrFail(ctx context.Context, api API, a *plan.Action, cause error, res *ActionResult) {
	obs, err := x.reads.observe(ctx, api, a, time.Time{})
	if err != nil {
		res.Outcome, res.Err = Unconfirmed, ErrorInfoOf(cause)
		res.Detail = fmt.Sprintf("The service said the change is already made, but re-reading to compare it with the plan failed (%v); plan again to check.", err)
		return
	}
	pr := plan.CheckPrecondition(*a, obs)
	switch {
	case pr.Verdict == plan.Holds && pr.Unknown:
		// The API does not report this state: the answer is all there is.
		res.Outcome = Adopted
		res.Detail = fmt.Sprintf("The service answered %s; the API does not report this state, so its answer is taken.", codeOf(cause))
	case pr.Verdict != plan.Done:
		res.fail(cause, "The service said the change is already made, but the object differs from the plan: "+pr.Detail)
	default:
		res.Outcome = Adopted
		res.Detail = fmt.Sprintf("The service answered %s and a re-read shows the desired state.", codeOf(cause))
	}
}

// waitUntilFree polls the instance (or group) status on the shared tick
// until it no longer blocks changes, or deadline passes.
func (x *executor) waitUntilFree(ctx context.Context, api API, a *plan.Action, deadline time.Time) error {
	for {
		at, err := x.nextTick(deadline)
		if err != nil {
			return err
		}
		wctx, cancel := x.waitCtx(ctx)
		free, err := x.free(wctx, api, a, at)
		cancel()
		switch {
		case x.stop.Err() != nil:
			return errInterrupted
		case err != nil && (ctx.Err() != nil || errors.Is(err, retry.ErrEndpointDown)):
			return err
		case free:
			return nil
		}
	}
}

// free reads a's object at tick at and reports whether it accepts changes
// again.
func (x *executor) free(ctx context.Context, api API, a *plan.Action, at time.Time) (bool, error) {
	switch a.Kind.Spec().Object {
	case plan.ObjectRONetwork:
		og, ok, err := x.reads.group(ctx, api, a.Target, at)
		return err == nil && ok && (og.Status == "ok" || og.Status == ""), err
	case plan.ObjectLibraAccount, plan.ObjectLibraPrivileges:
		// No cheap status read: wait one tick.
		return true, clock.Sleep(ctx, x.o.Clock, at.Sub(x.o.Clock.Now()))
	}
	oi, ok, err := x.reads.instance(ctx, api, a.Target, at)
	return err == nil && ok && (oi.Status == "running" || oi.Status == ""), err
}

// errInterrupted ends waits for flows and busy objects at an interrupt.
var errInterrupted = errors.New("interrupted")

// errNotSent stops an action whose first call had not gone out when the
// run was interrupted.
var errNotSent = errors.New("interrupted before the call was sent")

// callGuard keeps an action's first call from going out after the
// interrupt: until that call is sent, the interrupt also cancels the
// context of its retry loop (ending a wait for a rate-limit token at
// once); after it, the call runs on the calls' context to the grace.
type callGuard struct {
	stop context.Context
	mu   sync.Mutex
	sent bool
}

// firstCallGuard returns the guard for one action, the context for its
// retry loop, and a release function to call when the action is done.
func (x *executor) firstCallGuard(ctx context.Context) (*callGuard, context.Context, func()) {
	g := &callGuard{stop: x.stop}
	rctx, cancel := context.WithCancel(ctx)
	unwatch := context.AfterFunc(x.stop, func() {
		g.mu.Lock()
		defer g.mu.Unlock()
		if !g.sent {
			cancel()
		}
	})
	return g, rctx, func() { unwatch(); cancel() }
}

// wrap returns fn guarded: errNotSent instead of a first call after the
// interrupt.
func (g *callGuard) wrap(fn func(context.Context) error) func(context.Context) error {
	return func(ctx context.Context) error {
		g.mu.Lock()
		if !g.sent && g.stop.Err() != nil {
			g.mu.Unlock()
			return errNotSent
		}
		g.sent = true
		g.mu.Unlock()
		return fn(ctx)
	}
}

// interrupted reports whether the interrupt came before the first call
// was sent (the action then made no change).
func (g *callGuard) interrupted() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return !g.sent && g.stop.Err() != nil
}

// nextTick returns the next multiple of the poll interval: every waiter
// polls at the same instants, so their reads share calls. It fails when
// that tick is past deadline.
func (x *executor) nextTick(deadline time.Time) (time.Time, error) {
	next := x.o.Clock.Now().Truncate(x.o.PollInterval).Add(x.o.PollInterval)
	if next.After(deadline) {
		return time.Time{}, fmt.Errorf("still not done after %v (-timeout)", x.o.Timeout)
	}
	return next, nil
}

// waitCtx is ctx, also ended by the interrupt: waits for flows and busy
// objects stop at once, while calls in flight run on until the grace.
func (x *executor) waitCtx(ctx context.Context) (context.Context, context.CancelFunc) {
	wctx, cancel := context.WithCancel(ctx)
	stop := context.AfterFunc(x.stop, cancel)
	return wctx, func() { stop(); cancel() }
}

// fail records a failure; detail adds context ("" for none).
func (r *ActionResult) fail(err error, detail string) {
	r.Outcome, r.Err = Failed, ErrorInfoOf(err)
	if detail == "" && errors.Is(err, retry.ErrExhausted) {
		detail = fmt.Sprintf("Gave up after %d attempts.", r.Attempts)
	}
	r.Detail = detail
}

// notStarted records an action stopped by the interrupt before any call
// of its change was sent.
func (r *ActionResult) notStarted() {
	r.Outcome, r.Err = Canceled, nil
	r.Detail = "Not started: the run was interrupted before its call was sent."
}

// cancel records an action cut off by the end of the interrupt grace.
func (r *ActionResult) cancel(err error) {
	r.Outcome, r.Err = Canceled, ErrorInfoOf(err)
	r.Detail = "Cut off by the interrupt before the change was confirmed; plan again to see its state."
}
