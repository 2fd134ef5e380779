package exec

import (
	"errors"
	"time"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/plan"
	"github.com/dbplan/dbplan/internal/retry"
)

// Outcome is how an action ended.
type Outcome string

// Outcomes. Succeeded, Adopted and AlreadyDone mean the target state holds
// (dependents may run); every other outcome leaves work for a later apply.
const (
	// Succeeded: the call was made and (for async kinds) completion seen.
	Succeeded Outcome = "succeeded"
	// Adopted: the target state turned out to hold after an ambiguous or
	// "already exists / already on" answer; no second change was made.
	Adopted Outcome = "adopted"
	// AlreadyDone: the re-check before running found the target state.
	AlreadyDone Outcome = "already_done"
	// Failed: the action was tried and did not reach its target.
	Failed Outcome = "failed"
	// Skipped: not run because an action it depends on did not succeed.
	Skipped Outcome = "skipped"
	// Drifted: not run because the object changed since the plan.
	Drifted Outcome = "drifted"
	// Unconfirmed: an async flow was started but its completion was not
	// seen before the timeout (or the interrupt grace ran out).
	Unconfirmed Outcome = "unconfirmed"
	// Canceled: not run (or cut off before its call) because the run was
	// interrupted or stopped by fail-fast.
	Canceled Outcome = "canceled"
)

// Outcomes lists every outcome in report order.
func Outcomes() []Outcome {
	return []Outcome{Succeeded, Adopted, AlreadyDone, Failed, Skipped, Drifted, Unconfirmed, Canceled}
}

// OK reports whether the outcome means the target state holds.
func (o Outcome) OK() bool { return o == Succeeded || o == Adopted || o == AlreadyDone }

// ActionResult is the record of one action. It never holds a secret.
type ActionResult struct {
	ID   string
	Addr string
	Kind plan.Kind
	// Account is the account the action ran in (API.Account: the uin, or
	// a key when the account is unknown; "" without a client).
	Account string
	// Outcome is set for every action of the plan.
	Outcome Outcome
	// Attempts counts the calls of the action's write API (a LibraDB
	// batch call counts for each account in it); Throttles those answered
	// with a rate-limit error. Reads are not counted here.
	Attempts, Throttles int
	// Duration runs from the action's start to its end (0 if not started).
	Duration time.Duration
	// Detail is one sentence about the outcome: the precondition found,
	// the dependency that failed, the flow id waited for, why it stopped.
	Detail string
	// FlowID is the id of the async flow started (0 if none).
	FlowID int64
	// Err describes the error that failed the action (nil otherwise).
	Err *ErrorInfo
}

// ErrorInfo is the reportable part of an error: everything an operator
// needs to act or to open a ticket, and no secret (apiclient scrubs
// request secrets from messages).
type ErrorInfo struct {
	// Code is the API error code ("" for errors that are not API errors).
	Code string
	// Class is apiclient's classification ("terminal", "transient", …).
	Class string
	// Message is the error text.
	Message   string
	RequestID string
	// Hint says what to do, for terminal errors with a known cause.
	Hint string
}

// ErrorInfoOf extracts the reportable ErrorInfo of err (nil for nil); the
// progress renderers use it for retry events.
func ErrorInfoOf(err error) *ErrorInfo {
	if err == nil {
		return nil
	}
	class := apiclient.Classify(err)
	info := &ErrorInfo{Message: err.Error(), Class: class.String(), Hint: apiclient.Hint(err)}
	var ae *apiclient.Error
	if errors.As(err, &ae) {
		info.Code, info.RequestID = ae.Code, ae.RequestID
		// The code and RequestId have fields of their own; the message is
		// the API's text, so reports do not say everything twice.
		if ae.Message != "" {
			info.Message = ae.Message
		}
	}
	if info.Hint == "" && errors.Is(err, retry.ErrExhausted) {
		info.Hint = exhaustedHint(class)
	}
	return info
}

// Hints for a call that failed every attempt.
const (
	hintKeptThrottling = "the API kept throttling this action: another process may use the same account's quota; " +
		"apply again later (only what is missing runs), or lower provider rate_limits to leave it room"
	hintKeptFailing = "the service kept failing: apply again later (only what is missing runs); " +
		"if it persists, give Tencent Cloud support the RequestId"
)

// exhaustedHint says what to do after the retry budget ran out.
func exhaustedHint(c apiclient.Class) string {
	if c == apiclient.Throttled {
		return hintKeptThrottling
	}
	return hintKeptFailing
}
