package exec

import (
	"context"
	"fmt"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/dbplan/dbplan/internal/plan"
	"github.com/dbplan/dbplan/internal/quota"
	"github.com/dbplan/dbplan/internal/retry"
)

// Run executes the plan's actions and returns the report. It returns an
// error, having changed nothing, only when the options or the plan cannot
// be run (no clients, invalid limits, unknown dependencies, a cycle).
// Failures of individual actions are outcomes in the report, never an
// error. When ctx ends, Run stops scheduling, lets the actions in flight
// finish within Options.Grace and returns the report with
// Report.Interrupted set.
func Run(ctx context.Context, p *plan.Plan, opts Options) (*Report, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	g, err := newGraph(p.Actions)
	if err != nil {
		return nil, err
	}

	// Calls in flight get their own context: the interrupt stops
	// scheduling at once but cuts calls off only after the grace.
	callCtx, cancelCalls := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelCalls()
	stopGrace := context.AfterFunc(ctx, func() {
		t := o.Clock.NewTimer(o.Grace)
		go func() {
			defer t.Stop()
			select {
			case <-t.C():
				cancelCalls()
			case <-callCtx.Done():
			}
		}()
	})
	defer stopGrace()

	var bg sync.WaitGroup
	x := newExecutor(o, ctx, callCtx, &bg, p.Actions)
	rep := &Report{Started: o.Clock.Now(), Actions: make([]ActionResult, len(p.Actions))}
	o.Observer.RunStarted(len(p.Actions), rep.Started)
	x.schedule(ctx, callCtx, g, rep)
	cancelCalls()
	bg.Wait()
	rep.Wall = o.Clock.Now().Sub(rep.Started)
	rep.summarize(&x.calls, p.Actions)
	o.Observer.RunFinished(rep)
	return rep, nil
}

// executor holds what every action shares during one run.
type executor struct {
	o Options
	// stop ends with the run's context: waits for flows and busy objects
	// end at the interrupt, while calls in flight run on until the grace.
	stop  context.Context
	ropts *retry.Options
	reads *reads
	calls callStats
	byID  map[string]*plan.Action
	// accounts is the account (API.Account) of each action, "" when it
	// has no client.
	accounts []string
	// waits tracks the flow waits running outside the worker pool.
	waits sync.WaitGroup
}

func newExecutor(o Options, stop, base context.Context, bg *sync.WaitGroup, actions []plan.Action) *executor {
	x := &executor{o: o, stop: stop, byID: make(map[string]*plan.Action, len(actions)), accounts: make([]string, len(actions))}
	for i := range actions {
		a := &actions[i]
		x.byID[a.ID] = a
		if api, err := o.Clients(a.Target.Provider, a.Target.Region); err == nil {
			x.accounts[i] = api.Account()
		}
	}
	x.ropts = &retry.Options{Policy: o.Policy, Clock: o.Clock, Rand: o.Rand, OnRetry: x.onRetry,
		Breaker: retry.NewBreaker(o.EndpointFailures)}
	if o.Limits != nil {
		x.ropts.Limiter = o.Limits
	}
	x.reads = newReads(base, bg, o.Clock, x.ropts)
	return x
}

func (x *executor) onRetry(op retry.Op, ev retry.Event) {
	if a := x.byID[op.Key]; a != nil {
		x.o.Observer.ActionRetrying(a, ev)
	}
}

// quota returns the configured quota of action for account.
func (x *executor) quota(account, action string) float64 {
	if x.o.Limits == nil {
		return quota.Default(action)
	}
	return x.o.Limits.Quota(account, action)
}

// completion is what a worker sends back: the results of one unit, or
// (await set) the hand-off of an async action's flow wait.
type completion struct {
	bucket string
	idxs   []int
	res    []ActionResult
	await  func() ActionResult
	// waited marks the final result of a hand-off.
	waited bool
}

// schedule is the dispatcher: it alone touches the graph state, hands
// ready units to workers while a slot is free, and processes completions.
func (x *executor) schedule(ctx, callCtx context.Context, g *graph, rep *Report) {
	n := len(g.actions)
	done := make([]bool, n)
	remaining := n
	q := newReadyQueue(g.actions, x.o.LibraBatch, x.accounts)
	for i := range n {
		if g.pending[i] == 0 {
			q.push(i)
		}
	}
	comp := make(chan completion, 2*n) // at most a hand-off and a result per action
	var eg errgroup.Group
	eg.SetLimit(x.o.Parallelism)
	inflight := 0 // units holding a worker
	waiting := 0  // async actions waiting for their flow, outside the pool
	stopping := false
	ctxDone := ctx.Done()
	downDone := x.ropts.Breaker.Done()
	endpointDown := func() {
		stopping, downDone = true, nil
		rep.EndpointDown = x.ropts.Breaker.Err().Error()
	}

	finish := func(i int, r ActionResult) {
		r.Account = x.accounts[i]
		rep.Actions[i] = r
		done[i] = true
		remaining--
		x.o.Observer.ActionFinished(r)
	}
	var skip func(i int, why string)
	skip = func(i int, why string) {
		for _, d := range g.dependents[i] {
			if done[d] {
				continue
			}
			a := &g.actions[d]
			finish(d, ActionResult{ID: a.ID, Addr: a.Addr, Kind: a.Kind, Outcome: Skipped,
				Detail: fmt.Sprintf("Not run: it depends on %s, which %s.", g.actions[i].ID, why)})
			skip(d, "was skipped")
		}
	}

	for remaining > 0 {
		select {
		case <-ctxDone:
			stopping, rep.Interrupted, ctxDone = true, true, nil
		case <-downDone:
			endpointDown()
		default:
		}
		for !stopping && inflight < x.o.Parallelism {
			bucket, unit := q.pick()
			if unit == nil {
				break
			}
			inflight++
			for _, i := range unit {
				x.o.Observer.ActionStarted(&g.actions[i], x.o.Clock.Now())
			}
			eg.Go(func() error {
				res, await := x.runUnit(callCtx, g.actions, unit)
				comp <- completion{bucket: bucket, idxs: unit, res: res, await: await}
				return nil
			})
		}
		if inflight == 0 && waiting == 0 {
			break
		}
		select {
		case c := <-comp:
			switch {
			case c.waited:
				waiting--
			case c.await != nil:
				inflight--
				q.release(c.bucket)
				waiting++
				x.waits.Add(1)
				go func() {
					defer x.waits.Done()
					comp <- completion{idxs: c.idxs, res: []ActionResult{c.await()}, waited: true}
				}()
				continue
			default:
				inflight--
				q.release(c.bucket)
			}
			for k, i := range c.idxs {
				r := c.res[k]
				finish(i, r)
				if r.Outcome.OK() {
					for _, d := range g.dependents[i] {
						if g.pending[d]--; g.pending[d] == 0 && !done[d] {
							q.push(d)
						}
					}
					continue
				}
				skip(i, outcomeClause(r.Outcome))
				if x.o.FailFast && r.Outcome != Skipped && !stopping {
					stopping, rep.StoppedEarly = true, true
				}
			}
		case <-ctxDone:
			stopping, rep.Interrupted, ctxDone = true, true, nil
		case <-downDone:
			endpointDown()
		}
	}
	_ = eg.Wait()
	x.waits.Wait()
	why := "Not started: the run was interrupted."
	switch {
	case rep.Interrupted:
	case rep.EndpointDown != "":
		why = "Not started: the API endpoint stopped answering."
	default:
		why = "Not started: -fail-fast stopped the run after a failure."
	}
	for i := range n {
		if !done[i] {
			a := &g.actions[i]
			finish(i, ActionResult{ID: a.ID, Addr: a.Addr, Kind: a.Kind, Outcome: Canceled, Detail: why})
		}
	}
}

// runUnit runs one unit: a single action, or a batch of actions of one
// batched kind on one parent (see readyQueue.pick). await is the flow wait
// of an async action (see runOne).
func (x *executor) runUnit(ctx context.Context, actions []plan.Action, unit []int) (res []ActionResult, await func() ActionResult) {
	if actions[unit[0]].Kind.Spec().BatchMax > 1 {
		as := make([]*plan.Action, len(unit))
		for k, i := range unit {
			as[k] = &actions[i]
		}
		return x.runBatch(ctx, as), nil
	}
	r, await := x.runOne(ctx, &actions[unit[0]])
	return []ActionResult{r}, await
}

// outcomeClause completes "…, which …" for a dependency's outcome.
func outcomeClause(o Outcome) string {
	switch o {
	case Failed:
		return "failed"
	case Drifted:
		return "drifted since the plan"
	case Unconfirmed:
		return "was started but not confirmed"
	case Canceled:
		return "was canceled"
	}
	return "was " + string(o)
}
