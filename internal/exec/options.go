package exec

import (
	"errors"
	"fmt"
	"time"

	"github.com/dbplan/dbplan/internal/clock"
	"github.com/dbplan/dbplan/internal/quota"
	"github.com/dbplan/dbplan/internal/retry"
	"github.com/dbplan/dbplan/internal/secret"
)

// Defaults for Options.
const (
	// DefaultParallelism bounds the actions in flight. A worker is busy
	// for a token wait plus one round trip (~50–200 ms to the real API);
	// the fastest write quota is 100/s, so ~20 workers saturate one
	// bucket and 64 keep every bucket of a mixed plan (accounts at 20/s,
	// CAM at 20/s, extranet and networks at 100/s) busy at once, with
	// workers to spare for async waits. Beyond that, workers only queue
	// on the limiters.
	DefaultParallelism = 64
	// DefaultTimeout bounds the wait for one async flow (and for a busy
	// instance to clear). Extranet and network flows usually take
	// seconds to a few minutes.
	DefaultTimeout = 10 * time.Minute
	// DefaultPollInterval is the tick on which flows and busy objects are
	// polled; every waiter polls on the same tick so their reads batch.
	DefaultPollInterval = 2 * time.Second
	// DefaultGracePolls is how many polls right after a flow starts may
	// still show the old state (eventual consistency) before the flow is
	// taken to have ended without effect.
	DefaultGracePolls = 5
	// DefaultGrace is how long actions in flight may go on after an
	// interrupt.
	DefaultGrace = 30 * time.Second
	// DefaultLibraBatch is the most LibraDB accounts per
	// CreateLibraDBClusterAccounts call.
	DefaultLibraBatch = 50
	// DefaultEndpointFailures is how many calls in a row (across all
	// actions) may fail to reach the endpoint before the run stops
	// starting actions (see retry.Breaker).
	DefaultEndpointFailures = retry.DefaultBreakerThreshold
)

// Options configures Run. Clients is required; Secrets is required when an
// action needs a password. Zero durations and counts take the defaults.
type Options struct {
	Clients Clients
	Secrets Secrets
	// Limits is the run's quota set, shared with refresh; nil disables
	// client-side rate limiting (tests only).
	Limits *quota.Set
	// Policy bounds the retries of every call.
	Policy retry.Policy
	// Clock is the time source; nil means clock.Real{}.
	Clock clock.Clock
	// Rand is the jitter source ([0, 1), safe for concurrent use); nil
	// means math/rand/v2.
	Rand func() float64
	// Observer receives progress; nil means none.
	Observer Observer

	Parallelism  int
	FailFast     bool
	Timeout      time.Duration
	PollInterval time.Duration
	GracePolls   int
	Grace        time.Duration
	LibraBatch   int
	// EndpointFailures is the number of attempts in a row, across all
	// actions, that could not reach the endpoint after which the run
	// stops: no new action starts, calls waiting to retry and flow waits
	// end, and Report.EndpointDown says why.
	EndpointFailures int
}

// withDefaults validates o and fills in defaults.
func (o Options) withDefaults() (Options, error) {
	var errs []error
	if o.Clients == nil {
		errs = append(errs, errors.New("exec: no API clients configured"))
	}
	if err := o.Policy.Validate(); err != nil {
		errs = append(errs, err)
	}
	for _, c := range []struct {
		name string
		v    int64
	}{
		{"parallelism", int64(o.Parallelism)}, {"timeout", int64(o.Timeout)}, {"poll interval", int64(o.PollInterval)},
		{"grace polls", int64(o.GracePolls)}, {"grace", int64(o.Grace)}, {"LibraDB batch size", int64(o.LibraBatch)},
		{"endpoint failures", int64(o.EndpointFailures)},
	} {
		if c.v < 0 {
			errs = append(errs, fmt.Errorf("%s must not be negative (0 means the default)", c.name))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return o, err
	}
	if o.Clock == nil {
		o.Clock = clock.Real{}
	}
	if o.Observer == nil {
		o.Observer = NopObserver{}
	}
	if o.Secrets == nil {
		o.Secrets = func(string) (secret.Value, bool) { return secret.Value{}, false }
	}
	o.Parallelism = orDefault(o.Parallelism, DefaultParallelism)
	o.Timeout = orDefault(o.Timeout, DefaultTimeout)
	o.PollInterval = orDefault(o.PollInterval, DefaultPollInterval)
	o.GracePolls = orDefault(o.GracePolls, DefaultGracePolls)
	o.Grace = orDefault(o.Grace, DefaultGrace)
	o.LibraBatch = orDefault(o.LibraBatch, DefaultLibraBatch)
	o.EndpointFailures = orDefault(o.EndpointFailures, DefaultEndpointFailures)
	return o, nil
}

func orDefault[T int | time.Duration](v, d T) T {
	if v == 0 {
		return d
	}
	return v
}
