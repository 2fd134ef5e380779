package retry

import (
	"context"
	"errors"
	"math/rand/v2"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/clock"
	"github.com/dbplan/dbplan/internal/clock/clocktest"
	"github.com/dbplan/dbplan/internal/quota"
)

var epoch = time.Date(2026, 11, 22, 20, 0, 0, 0, time.UTC)

func apiErr(code string) error {
	return &apiclient.Error{Action: "CreateAccount", Code: code, Message: "m", RequestID: "req-1"}
}

// fakeLimiter records what Do tells it.
type fakeLimiter struct {
	mu                          sync.Mutex
	waits, throttled, succeeded int
	waitErr                     error
}

func (l *fakeLimiter) Wait(ctx context.Context, _, _ string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.waits++
	if l.waitErr != nil {
		return l.waitErr
	}
	return ctx.Err()
}
func (l *fakeLimiter) Throttled(_, _ string, _ time.Time) { l.mu.Lock(); l.throttled++; l.mu.Unlock() }
func (l *fakeLimiter) Succeeded(_, _ string)              { l.mu.Lock(); l.succeeded++; l.mu.Unlock() }

// script returns an fn that fails with errs in turn, then succeeds, and
// counts its calls.
func script(errs ...error) (func(context.Context) error, *int) {
	n := 0
	return func(context.Context) error {
		n++
		if n <= len(errs) {
			return errs[n-1]
		}
		return nil
	}, &n
}

// drive runs Do and advances the fake clock whenever Do is blocked on it
// (clocktest.Drive), so backoffs take no real time. Call it inside a
// synctest bubble that also created f.
func drive(t *testing.T, ctx context.Context, f *clock.Fake, o *Options, op Op, fn func(context.Context) error) (Result, error) {
	t.Helper()
	type out struct {
		r   Result
		err error
	}
	res := clocktest.Drive(t, f, clocktest.Go(func() out {
		r, err := Do(ctx, o, op, fn)
		return out{r, err}
	}))
	return res.r, res.err
}

func TestDoClasses(t *testing.T) {
	throttle, transient, busy := apiErr("RequestLimitExceeded"), apiErr("ServiceUnavailable"), apiErr("OperationDenied.InstanceStatusLimitOpError")
	exists, terminal := apiErr("InvalidParameterValue.AccountExist"), apiErr("InvalidParameterValue.InvalidPasswordValueError")
	type want struct {
		Attempts, Throttles         int
		Waits, Throttled, Succeeded int
		Err                         error // errors.Is target; nil = success
		Exhausted                   bool
	}
	tests := []struct {
		name string
		errs []error
		want want
	}{
		{name: "success", errs: nil, want: want{Attempts: 1, Waits: 1, Succeeded: 1}},
		{name: "throttled then ok", errs: []error{throttle, throttle}, want: want{Attempts: 3, Throttles: 2, Waits: 3, Throttled: 2, Succeeded: 1}},
		{name: "transient then ok", errs: []error{transient, transient, transient}, want: want{Attempts: 4, Waits: 4, Succeeded: 4}},
		{name: "busy returned", errs: []error{busy}, want: want{Attempts: 1, Waits: 1, Succeeded: 1, Err: busy}},
		{name: "already done returned", errs: []error{exists}, want: want{Attempts: 1, Waits: 1, Succeeded: 1, Err: exists}},
		{name: "terminal returned", errs: []error{terminal}, want: want{Attempts: 1, Waits: 1, Succeeded: 1, Err: terminal}},
		{name: "attempt limit", errs: []error{transient, throttle, transient, transient, transient, transient, transient, transient, transient},
			want: want{Attempts: 8, Throttles: 1, Waits: 8, Throttled: 1, Succeeded: 7, Err: transient, Exhausted: true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := clock.NewFake(epoch)
				lim := &fakeLimiter{}
				fn, calls := script(tc.errs...)
				o := &Options{Clock: f, Limiter: lim, Rand: func() float64 { return 0.5 }}
				res, err := drive(t, context.Background(), f, o, Op{Account: "a", Action: "CreateAccount"}, fn)
				got := want{Attempts: res.Attempts, Throttles: res.Throttles, Waits: lim.waits, Throttled: lim.throttled,
					Succeeded: lim.succeeded, Err: tc.want.Err, Exhausted: errors.Is(err, ErrExhausted)}
				if diff := cmp.Diff(tc.want, got, cmp.Comparer(func(a, b error) bool { return a == b })); diff != "" {
					t.Errorf("Do() mismatch (-want +got):\n%s", diff)
				}
				if *calls != res.Attempts {
					t.Errorf("fn called %d times, Result.Attempts = %d", *calls, res.Attempts)
				}
				switch {
				case tc.want.Err == nil && err != nil:
					t.Errorf("Do() = %v, want nil", err)
				case tc.want.Err != nil && !errors.Is(err, tc.want.Err):
					t.Errorf("Do() = %v, want it to wrap %v", err, tc.want.Err)
				}
				var ae *apiclient.Error
				if tc.want.Err != nil && !errors.As(err, &ae) {
					t.Errorf("Do() = %v: no *apiclient.Error in the chain", err)
				}
			})
		})
	}
}

func TestDoElapsedLimit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := clock.NewFake(epoch)
		fn, calls := script(apiErr("InternalError"), apiErr("InternalError"), apiErr("InternalError"), apiErr("InternalError"))
		o := &Options{Clock: f, Rand: func() float64 { return 0.999 },
			Policy: Policy{MaxElapsed: 3 * time.Second, BaseDelay: time.Second, MaxDelay: 10 * time.Second}}
		res, err := drive(t, context.Background(), f, o, Op{Action: "CreateAccount"}, fn)
		// Delays ~1s then ~2s fit in 3s; the third (~4s) would not.
		if !errors.Is(err, ErrExhausted) || *calls != 3 {
			t.Errorf("Do() = %v after %d calls, want ErrExhausted after 3", err, *calls)
		}
		if res.Elapsed > 3*time.Second {
			t.Errorf("Elapsed = %v, want <= 3s", res.Elapsed)
		}
	})
}

func TestDoCancelInterruptsBackoff(t *testing.T) {
	f := clock.NewFake(epoch)
	ctx, cancel := context.WithCancel(context.Background())
	o := &Options{Clock: f, Rand: func() float64 { return 0.999 }, Policy: Policy{BaseDelay: time.Hour, MaxDelay: time.Hour, MaxElapsed: 2 * time.Hour}}
	done := make(chan error, 1)
	go func() {
		_, err := Do(ctx, o, Op{Action: "CreateAccount"}, func(context.Context) error { return apiErr("RequestLimitExceeded") })
		done <- err
	}()
	bctx, bcancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer bcancel()
	if !f.BlockUntil(bctx, 1) {
		t.Fatal("Do never started its backoff")
	}
	cancel()
	err := <-done
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Do() = %v, want context.Canceled", err)
	}
	var ae *apiclient.Error
	if !errors.As(err, &ae) || ae.Code != "RequestLimitExceeded" {
		t.Errorf("Do() = %v, want the last API error wrapped too", err)
	}
}

func TestDoLimiterWaitCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	lim := &fakeLimiter{}
	called := false
	_, err := Do(ctx, &Options{Clock: clock.NewFake(epoch), Limiter: lim}, Op{}, func(context.Context) error { called = true; return nil })
	if !errors.Is(err, context.Canceled) || called {
		t.Errorf("Do() on a canceled ctx = %v (fn called: %v), want context.Canceled without a call", err, called)
	}
}

func TestDoThrottleReachesQuotaSet(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := clock.NewFake(epoch)
		set := quota.NewSet(f, nil)
		fn, _ := script(apiErr("RequestLimitExceeded.UinLimitExceeded"))
		o := &Options{Clock: f, Limiter: set, Rand: func() float64 { return 0 }}
		if _, err := drive(t, context.Background(), f, o, Op{Account: "acct", Action: "CreateAccount"}, fn); err != nil {
			t.Fatalf("Do() = %v", err)
		}
		st := set.Stats()
		if len(st) != 1 || st[0].Throttles != 1 || st[0].Calls != 2 || st[0].Rate >= st[0].Quota {
			t.Errorf("quota stats after one throttle = %+v, want 2 calls, 1 throttle, rate below quota", st)
		}
	})
}

func TestDoReconcile(t *testing.T) {
	tests := []struct {
		name          string
		err           error
		found         bool
		wantReconcile int
		wantAttempts  int
		wantDone      bool
	}{
		{name: "lost response, change applied", err: apiErr("InternalError"), found: true, wantReconcile: 1, wantAttempts: 1, wantDone: true},
		{name: "lost response, not applied", err: apiErr("InternalError.SystemError"), found: false, wantReconcile: 1, wantAttempts: 2},
		{name: "not ambiguous, not applied", err: apiErr("ServiceUnavailable"), found: false, wantReconcile: 1, wantAttempts: 2},
		{name: "not ambiguous, but the change holds (a code meaning exists)", err: apiErr("FailedOperation.FailedOperationError"), found: true, wantReconcile: 1, wantAttempts: 1, wantDone: true},
		{name: "throttled is never ambiguous", err: apiErr("RequestLimitExceeded"), wantReconcile: 0, wantAttempts: 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := clock.NewFake(epoch)
				reads := 0
				fn, _ := script(tc.err)
				op := Op{Action: "CreateAccount", Reconcile: func(context.Context) (bool, error) { reads++; return tc.found, nil }}
				res, err := drive(t, context.Background(), f, &Options{Clock: f, Rand: func() float64 { return 0 }}, op, fn)
				if err != nil {
					t.Fatalf("Do() = %v", err)
				}
				got := []any{reads, res.Attempts, res.Reconciled}
				want := []any{tc.wantReconcile, tc.wantAttempts, tc.wantDone}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("Do() [reads attempts reconciled] mismatch (-want +got):\n%s", diff)
				}
			})
		})
	}
}

func TestDoOnRetryDelaysWithinCeiling(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := clock.NewFake(epoch)
		var events []Event
		r := rand.New(rand.NewPCG(1, 2))
		o := &Options{Clock: f, Rand: r.Float64, OnRetry: func(_ Op, ev Event) { events = append(events, ev) },
			Policy: Policy{MaxAttempts: 12, MaxElapsed: time.Hour}}
		fn := func(context.Context) error { return apiErr("RequestLimitExceeded") }
		_, _ = drive(t, context.Background(), f, o, Op{Action: "CreateAccount"}, fn)
		if len(events) != 11 {
			t.Fatalf("OnRetry called %d times, want 11", len(events))
		}
		for _, ev := range events {
			if c := o.Policy.Ceiling(ev.Attempt); ev.Delay < 0 || ev.Delay > c {
				t.Errorf("retry after attempt %d waited %v, want within [0, %v]", ev.Attempt, ev.Delay, c)
			}
			if ev.Class != apiclient.Throttled {
				t.Errorf("event class = %v, want throttled", ev.Class)
			}
		}
	})
}

func TestDoReconcileFailures(t *testing.T) {
	readErr := apiErr("FailedOperation.DatabaseAccessError")
	tests := []struct {
		name         string
		err          error // of the attempt (then success)
		rerr         error // of the re-read
		wantAttempts int
		wantIs       []error // Do's error wraps these; nil: Do succeeds
	}{
		{name: "lost answer, re-read fails: unconfirmed", err: apiErr("InternalError"), rerr: readErr, wantAttempts: 1,
			wantIs: []error{ErrUnconfirmed, readErr}},
		{name: "nothing applied, re-read fails: retried", err: apiErr("ServiceUnavailable"), rerr: readErr, wantAttempts: 2},
		{name: "the re-read finds the object gone", err: apiErr("FailedOperation.OperationFailedError"), rerr: &Finding{Detail: "gone"}, wantAttempts: 1,
			wantIs: []error{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := clock.NewFake(epoch)
				fn, _ := script(tc.err)
				op := Op{Action: "CreateAccount", Reconcile: func(context.Context) (bool, error) { return false, tc.rerr }}
				res, err := drive(t, context.Background(), f, &Options{Clock: f, Rand: func() float64 { return 0 }}, op, fn)
				if res.Attempts != tc.wantAttempts {
					t.Errorf("attempts = %d, want %d", res.Attempts, tc.wantAttempts)
				}
				if tc.wantIs == nil {
					if err != nil {
						t.Errorf("Do() = %v, want success", err)
					}
					return
				}
				if err == nil {
					t.Fatal("Do() succeeded, want an error")
				}
				for _, w := range tc.wantIs {
					if !errors.Is(err, w) {
						t.Errorf("Do() = %v, want it to wrap %v", err, w)
					}
				}
				var found *Finding
				if errors.As(tc.rerr, &found) && (!errors.As(err, &found) || errors.Is(err, ErrUnconfirmed)) {
					t.Errorf("Do() = %v, want the finding, not unconfirmed", err)
				}
			})
		})
	}
}
