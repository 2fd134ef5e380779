package exec

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/plan"
	"github.com/dbplan/dbplan/internal/retry"
)

// Outcomes of calls whose effect is not simply "applied" or "refused":
// the answer was lost and could not be checked, a re-read found the object
// gone, or the endpoint stopped answering.

// hintUnconfirmed says what to do about an unconfirmed change.
const hintUnconfirmed = "plan again to see whether the change was made; applying again makes it only if it is still missing (it is never made twice)"

// hintEndpointDown says what to do when the endpoint stopped answering.
const hintEndpointDown = "check the endpoint and the network, then apply again: only what is still missing runs"

// settle records the outcomes that retry.Do's error decides by itself: a
// change that may have been made but could not be checked (unconfirmed),
// a re-read that found the object gone or changed (drifted), and a stop
// because the endpoint stopped answering. last is the error of the call's
// last attempt. It reports whether it set the outcome.
func (r *ActionResult) settle(err, last error) bool {
	var found *retry.Finding
	switch {
	case errors.Is(err, retry.ErrUnconfirmed):
		r.unconfirmed(err, "Its answer was lost and the re-read to check it failed, so whether the change was made is unknown; plan again to see.")
	case errors.As(err, &found):
		r.Outcome, r.Err = Drifted, ErrorInfoOf(last)
		r.Detail = "The call failed, and a re-read shows why: " + found.Detail
	case errors.Is(err, retry.ErrEndpointDown):
		r.endpointDown(err)
	default:
		return false
	}
	return true
}

// unconfirmed records a change that may or may not have been made.
func (r *ActionResult) unconfirmed(err error, detail string) {
	r.Outcome, r.Err, r.Detail = Unconfirmed, ErrorInfoOf(err), detail
	if r.Err != nil && r.Err.Hint == "" {
		r.Err.Hint = hintUnconfirmed
	}
}

// endpointDown records an action stopped, with nothing of it applied,
// because the endpoint stopped answering.
func (r *ActionResult) endpointDown(err error) {
	r.Outcome, r.Err = Canceled, ErrorInfoOf(err)
	if r.Err != nil {
		r.Err.Hint = hintEndpointDown
	}
	r.Detail = "Stopped: the API endpoint stopped answering; nothing of this action was applied."
}

// reconciledDetail is the detail of an action adopted by retry.Do's
// re-read after a failed attempt.
func reconciledDetail(attempts int) string {
	return fmt.Sprintf("A re-read after a failed call (attempt %d) shows the change in place; it was not sent again.", attempts)
}

// lookBeforeFailing handles a terminal error: the request may have been
// applied after all (an unreadable success body), or the code may mean
// that the change already holds (an "exists" code dbplan does not know).
// A re-read decides: the target state holds → adopted; the re-read fails
// after an ambiguous answer → unconfirmed; otherwise the action fails.
func (x *executor) lookBeforeFailing(ctx context.Context, api API, a *plan.Action, cause error, res *ActionResult) {
	obs, err := x.reads.observe(ctx, api, a, time.Time{})
	switch {
	case err == nil && plan.CheckPrecondition(*a, obs).Verdict == plan.Done:
		res.Outcome, res.Err = Adopted, nil
		res.Detail = fmt.Sprintf("The service answered %s, but a re-read shows the change in place.", codeOf(cause))
	case err != nil && apiclient.Ambiguous(cause):
		res.unconfirmed(cause, fmt.Sprintf("The answer could not be read and the re-read to check it failed (%v); plan again to see.", err))
	default:
		res.fail(cause, "")
	}
}

// settledWhileBusy re-checks a after the object it waited for is free
// again, and reports whether that settled the action: the change is in
// place (adopted) or the object changed in another way (drifted). A failed
// read settles nothing; the call is made again.
func (x *executor) settledWhileBusy(ctx context.Context, api API, a *plan.Action, res *ActionResult) bool {
	obs, err := x.reads.observe(ctx, api, a, time.Time{})
	if err != nil {
		return false
	}
	switch pr := plan.CheckPrecondition(*a, obs); pr.Verdict {
	case plan.Done:
		res.Outcome, res.Err = Adopted, nil
		res.Detail = "The object was busy; once free, a re-read shows the change in place: " + pr.Detail
	case plan.Drifted:
		res.Outcome, res.Err, res.Detail = Drifted, nil, pr.Detail
	default:
		return false
	}
	return true
}

// codeOf is the API error code of err, or "an error".
func codeOf(err error) string {
	if info := ErrorInfoOf(err); info != nil && info.Code != "" {
		return info.Code
	}
	return "an error"
}
