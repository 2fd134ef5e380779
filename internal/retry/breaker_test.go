package retry

import (
	"context"
	"errors"
	"testing"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/clock"
)

// refused is an attempt that could not connect.
func refused() error {
	return &apiclient.Error{Action: "CreateAccount", Code: apiclient.CodeNetwork, Message: "connection refused", Sent: false}
}

// dropped is an attempt whose connection broke after the request was sent.
func dropped() error {
	return &apiclient.Error{Action: "CreateAccount", Code: apiclient.CodeNetwork, Message: "EOF", Sent: true}
}

func TestBreakerCountsOnlyUnreachableInARow(t *testing.T) {
	b := NewBreaker(3)
	for _, err := range []error{refused(), refused(), nil, refused(), refused(), dropped(), apiErr("InternalError"), refused(), refused()} {
		b.record(err)
	}
	if b.Err() != nil {
		t.Fatalf("breaker open after answers in between: %v", b.Err())
	}
	b.record(refused())
	if !errors.Is(b.Err(), ErrEndpointDown) {
		t.Fatalf("Err() = %v after 3 unreachable attempts in a row, want ErrEndpointDown", b.Err())
	}
	select {
	case <-b.Done():
	default:
		t.Error("Done() not closed when open")
	}
	b.record(nil)
	if b.Err() == nil {
		t.Error("an open breaker closed again")
	}
}

// TestDoStopsWhenTheEndpointIsDown: once the breaker opens, a call in its
// backoff returns at once, and a new call makes no attempt; neither
// spends its retry budget.
func TestDoStopsWhenTheEndpointIsDown(t *testing.T) {
	f := clock.NewFake(epoch)
	b := NewBreaker(2)
	o := &Options{Clock: f, Rand: func() float64 { return 0.5 }, Breaker: b}
	// A waits in its first backoff after one unreachable attempt.
	aDone := make(chan error, 1)
	aAttempts := 0
	go func() {
		_, err := Do(context.Background(), o, Op{Action: "CreateAccount"}, func(context.Context) error { aAttempts++; return refused() })
		aDone <- err
	}()
	if !f.BlockUntil(context.Background(), 1) {
		t.Fatal("A never backed off")
	}
	// B's unreachable attempt is the second in a row: the breaker opens.
	res, err := Do(context.Background(), &Options{Clock: f, Breaker: b, Policy: Policy{MaxAttempts: 1}}, Op{Action: "CreateAccount"},
		func(context.Context) error { return refused() })
	if !errors.Is(b.Err(), ErrEndpointDown) {
		t.Fatalf("breaker not open after two unreachable attempts: B %v (%d attempts)", err, res.Attempts)
	}
	if err := <-aDone; !errors.Is(err, ErrEndpointDown) || aAttempts != 1 {
		t.Errorf("A: %v after %d attempts, want ErrEndpointDown after 1 (no more backoff)", err, aAttempts)
	}
	calls := 0
	res, err = Do(context.Background(), o, Op{Action: "CreateAccount"}, func(context.Context) error { calls++; return nil })
	if !errors.Is(err, ErrEndpointDown) || calls != 0 || res.Attempts != 0 {
		t.Errorf("new call: %v, %d calls; want ErrEndpointDown without an attempt", err, calls)
	}
}
