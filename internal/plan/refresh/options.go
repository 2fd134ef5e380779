package refresh

import (
	"context"
	"sync"

	"github.com/dbplan/dbplan/internal/retry"
)

// DefaultParallelism is the number of reads in flight when
// Options.Parallelism is 0: enough to keep 1000 calls/s going at 60 ms
// per call, so the quotas, not the workers, bound a refresh.
const DefaultParallelism = 64

// Options configures a refresh. The zero value reads with the default
// retry policy and no client-side rate limiting, which only tests should
// do.
type Options struct {
	// Retry is the retry policy and rate limiter shared with the executor:
	// every call is one retry.Do, and every attempt, retries included,
	// takes a token from Retry.Limiter (the run's *quota.Set) first. Nil
	// means retry.Do's defaults with no limiter.
	Retry *retry.Options
	// Parallelism bounds the calls in flight; 0 means DefaultParallelism.
	Parallelism int
	// Progress, when set, is called with the running count of objects read
	// (instances, accounts, groups, LibraDB accounts) after every page.
	// Calls are serialized; it must not block for long.
	Progress func(objectsRead int)
}

func (o Options) parallelism() int {
	if o.Parallelism > 0 {
		return o.Parallelism
	}
	return DefaultParallelism
}

// reader makes rate-limited, retried calls and counts what they read.
type reader struct {
	opts  Options
	slots chan struct{} // one per call in flight
	mu    sync.Mutex
	n     int
}

func newReader(opts Options) *reader {
	return &reader{opts: opts, slots: make(chan struct{}, opts.parallelism())}
}

// call runs one API call through retry.Do: throttled and transient
// failures are retried with backoff, every attempt waits for a quota
// token, anything else is returned as is.
func (r *reader) call(ctx context.Context, src Source, action string, fn func(context.Context) error) error {
	select {
	case r.slots <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-r.slots }()
	_, err := retry.Do(ctx, r.opts.Retry, retry.Op{Account: src.Account(), Action: action}, fn)
	return err
}

// read adds n objects to the progress count.
func (r *reader) read(n int) {
	if n == 0 || r.opts.Progress == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.n += n
	r.opts.Progress(r.n)
}
