// Package retry runs one API call to completion: it takes a rate-limit
// token before every attempt, classifies failures with apiclient.Classify,
// and retries throttled and transient failures with full-jitter exponential
// backoff, bounded by attempts and elapsed time. It is the only retry layer
// in dbplan: apiclient makes exactly one attempt per call (the SDK's own
// retries stay off), and every attempt is a fresh call, hence freshly
// signed.
//
// What Do does per class:
//
//   - Throttled: tells the Limiter (which slows that bucket), backs off,
//     retries.
//   - Transient: backs off and retries. When the Op has a Reconcile
//     function, Do calls it before retrying, so that a create whose
//     response was lost (Ambiguous: timeout, reset or 5xx after sending) is
//     never sent twice, and a code that meant "already exists" is
//     recognised at once. When the re-read fails after an ambiguous
//     failure, Do stops with ErrUnconfirmed: the change may have been made.
//   - Busy, AlreadyDone, Terminal: returned to the caller at once. The
//     executor handles busy (waits for the status to clear) and
//     already-done (verifies and adopts) itself; refresh treats them as
//     failures.
//
// A Breaker shared by every Do of a run stops them all once the endpoint
// stopped answering (several attempts in a row could not reach it), instead
// of each call spending its own retry budget.
//
// Do never sleeps on the wall clock directly: waits go through the
// injected clock.Clock and end when ctx ends.
package retry

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// Default policy values.
const (
	// DefaultMaxAttempts bounds the attempts of one call. Eight attempts
	// ride out about 25 s of backoff ceilings (0.2+0.4+…+12.8 s), enough
	// for a burst of throttling or a short service hiccup.
	DefaultMaxAttempts = 8
	// DefaultMaxElapsed bounds the time one call may spend retrying.
	DefaultMaxElapsed = 5 * time.Minute
	// DefaultBaseDelay is the backoff ceiling after the first failure.
	DefaultBaseDelay = 200 * time.Millisecond
	// DefaultMaxDelay caps the backoff ceiling.
	DefaultMaxDelay = 20 * time.Second
)

// Policy bounds retries. A zero field takes its Default* value, so the
// zero Policy is the default policy.
type Policy struct {
	// MaxAttempts is the most attempts of one call, the first included.
	MaxAttempts int
	// MaxElapsed is the most time one call may take, waits included: Do
	// gives up instead of starting a backoff that would end past it.
	MaxElapsed time.Duration
	// BaseDelay is the backoff ceiling after the first failure; it doubles
	// per further failure.
	BaseDelay time.Duration
	// MaxDelay caps the backoff ceiling.
	MaxDelay time.Duration
}

// withDefaults returns p with zero fields set to the defaults.
func (p Policy) withDefaults() Policy {
	if p.MaxAttempts == 0 {
		p.MaxAttempts = DefaultMaxAttempts
	}
	if p.MaxElapsed == 0 {
		p.MaxElapsed = DefaultMaxElapsed
	}
	if p.BaseDelay == 0 {
		p.BaseDelay = DefaultBaseDelay
	}
	if p.MaxDelay == 0 {
		p.MaxDelay = DefaultMaxDelay
	}
	return p
}

// Validate reports a policy that cannot work (negative values, a base
// delay above the cap) with an error saying which setting to fix.
func (p Policy) Validate() error {
	var errs []error
	if p.MaxAttempts < 0 {
		errs = append(errs, fmt.Errorf("max attempts is %d: use 1 or more (0 means the default, %d)", p.MaxAttempts, DefaultMaxAttempts))
	}
	if p.MaxElapsed < 0 {
		errs = append(errs, fmt.Errorf("max retry time is %v: use a positive duration such as 5m (0 means the default)", p.MaxElapsed))
	}
	if p.BaseDelay < 0 || p.MaxDelay < 0 {
		errs = append(errs, errors.New("retry delays must not be negative"))
	}
	if d := p.withDefaults(); d.BaseDelay > d.MaxDelay {
		errs = append(errs, fmt.Errorf("base retry delay %v exceeds the maximum delay %v", d.BaseDelay, d.MaxDelay))
	}
	return errors.Join(errs...)
}

// Ceiling returns the backoff ceiling before retry n (n = 1 after the
// first failure): min(MaxDelay, BaseDelay·2^(n-1)).
func (p Policy) Ceiling(n int) time.Duration {
	p = p.withDefaults()
	if n < 1 {
		n = 1
	}
	c := float64(p.BaseDelay) * math.Pow(2, float64(n-1))
	if c >= float64(p.MaxDelay) {
		return p.MaxDelay
	}
	return time.Duration(c)
}

// Backoff returns the full-jitter delay before retry n: uniform in
// [0, Ceiling(n)], drawn from rnd (which returns values in [0, 1)).
func (p Policy) Backoff(n int, rnd func() float64) time.Duration {
	return time.Duration(rnd() * float64(p.Ceiling(n)))
}
