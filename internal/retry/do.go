package retry

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/clock"
)

// Limiter is the rate limiting Do applies to every attempt. *quota.Set
// satisfies it.
type Limiter interface {
	// Wait takes one token for a call of action by account, blocking until
	// one is available or ctx ends.
	Wait(ctx context.Context, account, action string) error
	// Throttled reports that the server throttled a call anyway; sent is
	// when the call went out, so answers to calls sent before the limiter
	// last slowed down are not counted as a new signal.
	Throttled(account, action string, sent time.Time)
	// Succeeded reports a call the server did not throttle.
	Succeeded(account, action string)
}

// Options are the shared settings of Do. The zero Options retries with the
// default Policy on the real clock with no rate limiting; callers normally
// build one Options per run and share it (it is only read).
type Options struct {
	Policy Policy
	// Clock times backoffs and MaxElapsed; nil means clock.Real{}.
	Clock clock.Clock
	// Limiter, when non-nil, is waited on before every attempt.
	Limiter Limiter
	// Rand returns uniform values in [0, 1) for jitter; nil means
	// math/rand/v2.Float64. It must be safe for concurrent use.
	Rand func() float64
	// OnRetry, when non-nil, is called before each backoff (for progress
	// and reports). It must be safe for concurrent use and must not block.
	OnRetry func(op Op, ev Event)
	// Breaker, when non-nil, is shared by every Do of a run: once it is
	// open (the endpoint stopped answering) Do makes no further attempt.
	Breaker *Breaker
}

// Op describes the call Do runs.
type Op struct {
	// Account is the credential key ((*apiclient.Client).Account()) and
	// Action the API action name: together they pick the rate-limit bucket.
	Account, Action string
	// Key identifies the call to OnRetry (e.g. a plan action ID); Do does
	// not interpret it.
	Key string
	// Reconcile, when set, is called after every transient failure and
	// before the retry, to re-read the object: done=true means the change
	// holds after all (an applied request whose answer was lost, or a
	// code that meant "already exists"), and Do returns success with
	// Result.Reconciled set, without another attempt. An error wrapping a
	// *Finding (the re-read worked and shows the change can no longer be
	// made) stops Do with that error. Any other error is a failed re-read:
	// after an Ambiguous failure Do stops with an error wrapping
	// ErrUnconfirmed (the change may or may not have been made); after a
	// failure that certainly changed nothing it retries as usual. Set it
	// for every non-idempotent call (creates).
	Reconcile func(ctx context.Context) (done bool, err error)
}

// Finding is the error Reconcile returns when its re-read worked and shows
// that the change can no longer be made (its object is gone or changed in
// another way): a result, not a failure to read.
type Finding struct {
	// Detail is one sentence saying what the re-read found.
	Detail string
}

// Error returns Detail.
func (f *Finding) Error() string { return f.Detail }

// Event describes one failed attempt that Do is about to retry.
type Event struct {
	// Attempt is the number of the attempt that failed (1 = first).
	Attempt int
	Class   apiclient.Class
	Err     error
	// Delay is the backoff about to be waited.
	Delay time.Duration
}

// Result is the record of one Do.
type Result struct {
	// Attempts counts calls of fn; Throttles those answered Throttled.
	Attempts, Throttles int
	// Elapsed is the time Do took, rate-limit and backoff waits included.
	Elapsed time.Duration
	// Reconciled is true when Do ended because Reconcile found the change
	// applied.
	Reconciled bool
	// LastErr is the error of the last attempt (nil after a success).
	LastErr error
}

// ErrExhausted is wrapped by Do's error when the attempt or time budget ran
// out; the error also wraps the last attempt's error.
var ErrExhausted = errors.New("retries exhausted")

// ErrUnconfirmed is wrapped by Do's error when an attempt may have been
// applied (its answer was lost: Ambiguous) and Reconcile could not re-read
// the object to tell: whether the change was made is unknown. The error
// also wraps the attempt's error.
var ErrUnconfirmed = errors.New("the call may have been applied, but that could not be checked")

// Do calls fn until it succeeds or a stop condition holds (see the package
// doc). It returns nil on success; the error of fn itself for Busy,
// AlreadyDone and Terminal failures; an error wrapping ErrExhausted and the
// last error when MaxAttempts or MaxElapsed ran out; the errors described
// at Op.Reconcile; an error wrapping ErrEndpointDown (and the last error,
// if any) once o.Breaker is open; and an error wrapping ctx.Err() (and the
// last error, if any) when ctx ended. o may be nil.
func Do(ctx context.Context, o *Options, op Op, fn func(ctx context.Context) error) (Result, error) {
	if o == nil {
		o = &Options{}
	}
	p := o.Policy.withDefaults()
	clk := o.Clock
	if clk == nil {
		clk = clock.Real{}
	}
	rnd := o.Rand
	if rnd == nil {
		rnd = rand.Float64
	}
	start := clk.Now()
	var res Result
	finish := func(err error) (Result, error) {
		res.Elapsed = clk.Now().Sub(start)
		return res, err
	}
	// Waits (for a token, for a backoff) also end when the breaker opens;
	// calls in flight do not.
	wctx, unbind := o.Breaker.bind(ctx)
	defer unbind()
	down := func() (Result, error) {
		if res.LastErr == nil {
			return finish(o.Breaker.Err())
		}
		return finish(fmt.Errorf("%w (last error: %w)", o.Breaker.Err(), res.LastErr))
	}
	for {
		if o.Breaker.Err() != nil {
			return down()
		}
		if o.Limiter != nil {
			if err := o.Limiter.Wait(wctx, op.Account, op.Action); err != nil {
				if ctx.Err() == nil && o.Breaker.Err() != nil {
					return down()
				}
				return finish(stopped(ctx, err, res.LastErr))
			}
		}
		res.Attempts++
		sent := clk.Now()
		err := fn(ctx)
		res.LastErr = err
		o.Breaker.record(err)
		class := apiclient.Classify(err)
		if o.Limiter != nil {
			if err != nil && class == apiclient.Throttled {
				o.Limiter.Throttled(op.Account, op.Action, sent)
			} else {
				o.Limiter.Succeeded(op.Account, op.Action)
			}
		}
		if err == nil {
			return finish(nil)
		}
		if class == apiclient.Throttled {
			res.Throttles++
		}
		if ctx.Err() != nil {
			return finish(stopped(ctx, ctx.Err(), err))
		}
		if class != apiclient.Throttled && class != apiclient.Transient {
			return finish(err)
		}
		if class == apiclient.Transient && op.Reconcile != nil {
			done, rerr := op.Reconcile(ctx)
			var found *Finding
			switch {
			case rerr == nil && done:
				res.Reconciled = true
				res.LastErr = nil
				return finish(nil)
			case errors.As(rerr, &found):
				return finish(fmt.Errorf("%w (a re-read after %w)", rerr, err))
			case rerr != nil && apiclient.Ambiguous(err):
				return finish(fmt.Errorf("%w: its answer was lost (%w) and re-reading failed: %w", ErrUnconfirmed, err, rerr))
			}
		}
		if o.Breaker.Err() != nil {
			return down()
		}
		if res.Attempts >= p.MaxAttempts {
			return finish(fmt.Errorf("%w after %d attempts: %w", ErrExhausted, res.Attempts, err))
		}
		delay := p.Backoff(res.Attempts, rnd)
		if clk.Now().Add(delay).Sub(start) > p.MaxElapsed {
			return finish(fmt.Errorf("%w: %v retry time limit reached after %d attempts: %w", ErrExhausted, p.MaxElapsed, res.Attempts, err))
		}
		if o.OnRetry != nil {
			o.OnRetry(op, Event{Attempt: res.Attempts, Class: class, Err: err, Delay: delay})
		}
		if serr := clock.Sleep(wctx, clk, delay); serr != nil {
			if ctx.Err() == nil && o.Breaker.Err() != nil {
				return down()
			}
			return finish(stopped(ctx, serr, err))
		}
	}
}

// stopped builds the error of a Do interrupted by ctx (or by a limiter
// wait that could not finish before ctx's deadline).
func stopped(ctx context.Context, cause, last error) error {
	if ctx.Err() == nil {
		cause = fmt.Errorf("rate-limit wait: %w", cause)
	}
	if last == nil {
		return cause
	}
	return fmt.Errorf("%w (last error: %w)", cause, last)
}
