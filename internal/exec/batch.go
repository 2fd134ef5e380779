package exec

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/plan"
	"github.com/dbplan/dbplan/internal/retry"
	"github.com/dbplan/dbplan/internal/secret"
)

// runBatch runs actions of one batched kind (plan.Spec.BatchMax > 1) on
// one parent object (a LibraDB cluster, a PostgreSQL account) in one
// SendBatch call. Actions
// whose password is missing or whose re-check says done or drifted stay
// out of it. If the batch call fails, each action is retried alone so only
// the culprit fails (and an object the failed batch did change is
// adopted, not changed twice). Batched kinds are synchronous.
func (x *executor) runBatch(ctx context.Context, as []*plan.Action) []ActionResult {
	if len(as) == 1 {
		r, _ := x.runOne(ctx, as[0])
		return []ActionResult{r}
	}
	spec := as[0].Kind.Spec()
	start := x.o.Clock.Now()
	res := make([]ActionResult, len(as))
	for i, a := range as {
		res[i] = ActionResult{ID: a.ID, Addr: a.Addr, Kind: a.Kind}
	}
	defer func() {
		for i := range res {
			res[i].Duration = x.o.Clock.Now().Sub(start)
		}
	}()
	api, err := x.o.Clients(as[0].Target.Provider, as[0].Target.Region)
	if err != nil {
		for i := range res {
			res[i].fail(err, "No API client for this action.")
		}
		return res
	}

	if x.stop.Err() != nil {
		for i := range res {
			res[i].notStarted()
		}
		return res
	}
	pws := make([]secret.Value, len(as))
	var pending []int
	obs, err := x.reads.observeAll(ctx, api, as, time.Time{}) // one read serves the whole parent
	switch {
	case err != nil && x.stop.Err() != nil:
		for i := range res {
			res[i].notStarted() // the re-read was cut off by the interrupt
		}
		return res
	case errors.Is(err, retry.ErrEndpointDown):
		for i := range res {
			res[i].endpointDown(err)
		}
		return res
	}
	for i, a := range as {
		var perr error
		if pws[i], perr = x.password(a); perr != nil {
			res[i].fail(perr, "")
			continue
		}
		if err != nil {
			res[i].fail(err, "Could not re-read the object before running the action.")
			continue
		}
		switch pr := plan.CheckPrecondition(*a, obs); pr.Verdict {
		case plan.Done:
			res[i].Outcome, res[i].Detail = AlreadyDone, pr.Detail
		case plan.Drifted:
			res[i].Outcome, res[i].Detail = Drifted, pr.Detail
		default:
			pending = append(pending, i)
		}
	}

	deadline := x.o.Clock.Now().Add(x.o.Timeout)
	g, rctx, done := x.firstCallGuard(ctx)
	defer done()
	for len(pending) > 0 {
		inCall := append([]int(nil), pending...)
		attempt := x.attempt(api, as[0].Kind, func(ctx context.Context) error {
			batch := make([]*plan.Action, len(pending))
			batchPws := make([]secret.Value, len(pending))
			for k, i := range pending {
				batch[k], batchPws[k] = as[i], pws[i]
			}
			return spec.SendBatch(ctx, api, batch, batchPws)
		})
		r, err := retry.Do(rctx, x.ropts, retry.Op{Account: api.Account(), Action: spec.API,
			Key: as[pending[0]].ID, Reconcile: x.batchReconciler(api, as, res, &pending)},
			g.wrap(attempt))
		if g.interrupted() {
			for _, i := range pending {
				res[i].notStarted()
			}
			return res
		}
		for _, i := range inCall {
			res[i].Attempts += r.Attempts
			res[i].Throttles += r.Throttles
		}
		switch {
		case err == nil:
			for _, i := range pending {
				res[i].Outcome = Succeeded
				res[i].Detail = fmt.Sprintf("Done in one %s call with %d actions.", spec.API, len(pending))
			}
			return res
		case ctx.Err() != nil:
			for _, i := range pending {
				res[i].cancel(err)
			}
			return res
		case errors.Is(err, retry.ErrUnconfirmed) || errors.Is(err, retry.ErrEndpointDown):
			// No account alone either: the batch may have been applied
			// and could not be checked, or nothing answers any more.
			for _, i := range pending {
				res[i].settle(err, r.LastErr)
			}
			return res
		case apiclient.Classify(err) == apiclient.Busy:
			if werr := x.waitUntilFree(ctx, api, as[pending[0]], deadline); werr == nil {
				continue
			}
		}
		x.batchFallback(ctx, api, as, pws, pending, err, res)
		return res
	}
	return res
}

// batchReconciler re-reads the parent after an ambiguous batch failure:
// actions whose change is now there are adopted and leave the batch.
func (x *executor) batchReconciler(api API, as []*plan.Action, res []ActionResult, pending *[]int) func(context.Context) (bool, error) {
	return func(ctx context.Context) (bool, error) {
		obs, err := x.reads.observeAll(ctx, api, as, time.Time{})
		if err != nil {
			return false, err
		}
		var kept []int
		for _, i := range *pending {
			if plan.CheckPrecondition(*as[i], obs).Verdict == plan.Done {
				res[i].Outcome = Adopted
				res[i].Detail = "The batch response was lost, but a re-read shows the change applied; it was not sent again."
				continue
			}
			kept = append(kept, i)
		}
		*pending = kept
		return len(kept) == 0, nil
	}
}

// batchFallback retries the actions of a failed batch one per call.
func (x *executor) batchFallback(ctx context.Context, api API, as []*plan.Action, pws []secret.Value, pending []int, cause error, res []ActionResult) {
	if len(pending) == 1 {
		i := pending[0]
		if apiclient.Classify(cause) == apiclient.AlreadyDone {
			x.adoptOrFail(ctx, api, as[i], cause, &res[i])
			return
		}
		res[i].fail(cause, "")
		return
	}
	code := "an error"
	var ae *apiclient.Error
	if errors.As(cause, &ae) {
		code = ae.Code
	}
	for _, i := range pending {
		x.execute(ctx, api, as[i], pws[i], &res[i]) // synchronous: no flow wait
		note := fmt.Sprintf("The batch call failed with %s; the action then succeeded alone.", code)
		if res[i].Outcome != Succeeded {
			note = fmt.Sprintf("The batch call failed with %s; retried alone.", code)
		}
		if res[i].Detail == "" {
			res[i].Detail = note
		} else {
			res[i].Detail = note + " " + res[i].Detail
		}
	}
}
