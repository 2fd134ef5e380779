package retry

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/dbplan/dbplan/internal/apiclient"
)

// DefaultBreakerThreshold is how many attempts in a row, across every call
// sharing a Breaker, may fail to reach the endpoint before it counts as
// down.
const DefaultBreakerThreshold = 5

// ErrEndpointDown is wrapped by Do's error when its Breaker is open: the
// endpoint stopped answering, so Do made no further attempt.
var ErrEndpointDown = errors.New("the API endpoint stopped answering")

// Breaker tells every call of a run that the endpoint is down, so that
// they stop instead of each spending its whole retry budget. It counts
// attempts in a row that did not reach the service (apiclient.Unreachable:
// the connection could not be made, or nothing at all came back before the
// attempt's timeout), across every Do that shares it; any answer (a
// success or any API error) resets the count. At the threshold it opens
// for good: Do makes no more attempts, and waits for a rate-limit token or
// a backoff end at once, with an error wrapping ErrEndpointDown.
//
// Failures after the service answered (resets, HTTP 5xx, error codes) never
// count: an endpoint that drops some connections still works, and the
// retries and re-reads ride it out.
//
// A Breaker is safe for concurrent use. The zero value is not usable; use
// NewBreaker.
type Breaker struct {
	threshold int
	ctx       context.Context // done once open
	open      context.CancelFunc

	mu   sync.Mutex
	n    int
	last error
	err  error // set when open
}

// NewBreaker returns a closed breaker that opens after threshold
// unreachable attempts in a row (DefaultBreakerThreshold when threshold <=
// 0).
func NewBreaker(threshold int) *Breaker {
	if threshold <= 0 {
		threshold = DefaultBreakerThreshold
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Breaker{threshold: threshold, ctx: ctx, open: cancel}
}

// Done is closed when the breaker opens (nil for a nil Breaker, which
// never opens).
func (b *Breaker) Done() <-chan struct{} {
	if b == nil {
		return nil
	}
	return b.ctx.Done()
}

// Err is nil while the breaker is closed; once open, an error wrapping
// ErrEndpointDown and the last unreachable attempt's error.
func (b *Breaker) Err() error {
	if b == nil {
		return nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.err
}

// record notes the outcome of one attempt.
func (b *Breaker) record(err error) {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.err != nil {
		return
	}
	if err == nil || !apiclient.Unreachable(err) {
		b.n, b.last = 0, nil
		return
	}
	b.n++
	b.last = err
	if b.n >= b.threshold {
		b.err = fmt.Errorf("%w: %d attempts in a row could not reach it (last: %w)", ErrEndpointDown, b.n, err)
		b.open()
	}
}

// bind returns ctx, also ended when the breaker opens: for waits (a
// rate-limit token, a backoff), never for a call in flight.
func (b *Breaker) bind(ctx context.Context) (context.Context, context.CancelFunc) {
	if b == nil {
		return ctx, func() {}
	}
	wctx, cancel := context.WithCancel(ctx)
	stop := context.AfterFunc(b.ctx, cancel)
	return wctx, func() { stop(); cancel() }
}
