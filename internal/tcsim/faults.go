package tcsim

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
)

// FaultMode says what an injected fault does.
type FaultMode string

// Fault modes. Every mode first waits the rule's Latency (if any) on the
// simulator clock, interruptible by the request's context.
const (
	// FaultLatency only adds the rule's Latency.
	FaultLatency FaultMode = "latency"
	// FaultError answers the rule's Code without applying the request.
	FaultError FaultMode = "error"
	// FaultReset closes the connection without applying the request or
	// answering.
	FaultReset FaultMode = "reset"
	// FaultCommitThen5xx applies the request, then answers HTTP 502 with a
	// non-JSON body (the SDK reports ClientError.HttpStatusCodeError).
	FaultCommitThen5xx FaultMode = "commit-then-5xx"
	// FaultCommitThenError applies the request, then answers the rule's
	// Code as an API error.
	FaultCommitThenError FaultMode = "commit-then-error"
	// FaultCommitThenDrop applies the request, then closes the connection
	// without answering.
	FaultCommitThenDrop FaultMode = "commit-then-drop"
)

var faultModes = []FaultMode{FaultLatency, FaultError, FaultReset, FaultCommitThen5xx, FaultCommitThenError, FaultCommitThenDrop}

// FaultRule injects a fault into a fraction of an action's admitted calls
// (calls that passed signature and rate-limit checks). The commit-then-*
// modes replace the answer whatever it was: if the call itself failed
// (say, validation), nothing was committed and the client still sees the
// injected 5xx, error or drop. Which calls are hit
// is a pure function of Options.Seed, the rule's position and the call's
// ordinal number for that action, so a run is reproducible.
type FaultRule struct {
	// Action is the exact action name, or "*" for every action.
	Action string
	// Rate is the probability (0..1) that a call is hit.
	Rate float64
	// Mode is what happens to a hit call.
	Mode FaultMode
	// Code is the error code answered by error and commit-then-error
	// (default InternalError).
	Code string
	// Latency is added before a hit call is handled.
	Latency time.Duration
}

func (f FaultRule) code() string {
	if f.Code == "" {
		return codeInternalError
	}
	return f.Code
}

func (f FaultRule) validate() error {
	if f.Action == "" {
		return errors.New("action is empty (use * for every action)")
	}
	if f.Rate < 0 || f.Rate > 1 {
		return fmt.Errorf("rate %g is outside 0..1", f.Rate)
	}
	ok := false
	for _, m := range faultModes {
		ok = ok || m == f.Mode
	}
	if !ok {
		return fmt.Errorf("unknown mode %q (want one of %v)", f.Mode, faultModes)
	}
	if f.Latency < 0 {
		return fmt.Errorf("negative latency %s", f.Latency)
	}
	return nil
}

// ParseFaultFlag parses the --fault flag syntax ACTION=RATE:MODE[:ARG],
// where ARG is the error code for error and commit-then-error and the
// delay (a Go duration such as 200ms) for latency. Example:
// "CreateAccount=0.2:commit-then-drop", "*=1:latency:50ms".
func ParseFaultFlag(s string) (FaultRule, error) {
	act, spec, ok := strings.Cut(s, "=")
	if !ok || act == "" {
		return FaultRule{}, fmt.Errorf("fault %q: want ACTION=RATE:MODE[:ARG]", s)
	}
	parts := strings.SplitN(spec, ":", 3)
	if len(parts) < 2 {
		return FaultRule{}, fmt.Errorf("fault %q: want ACTION=RATE:MODE[:ARG]", s)
	}
	rate, err := strconv.ParseFloat(parts[0], 64)
	if err != nil {
		return FaultRule{}, fmt.Errorf("fault %q: rate %q is not a number", s, parts[0])
	}
	r := FaultRule{Action: act, Rate: rate, Mode: FaultMode(parts[1])}
	if len(parts) == 3 {
		switch r.Mode {
		case FaultLatency:
			d, err := time.ParseDuration(parts[2])
			if err != nil {
				return FaultRule{}, fmt.Errorf("fault %q: latency %q is not a duration like 200ms", s, parts[2])
			}
			r.Latency = d
		case FaultError, FaultCommitThenError:
			r.Code = parts[2]
		default:
			return FaultRule{}, fmt.Errorf("fault %q: mode %s takes no argument", s, r.Mode)
		}
	}
	if err := r.validate(); err != nil {
		return FaultRule{}, fmt.Errorf("fault %q: %w", s, err)
	}
	return r, nil
}

type faultInjector struct {
	rules []FaultRule
	seed  uint64

	mu sync.Mutex
	n  map[string]uint64 // per action: admitted calls so far
}

func newFaultInjector(rules []FaultRule, seed int64) *faultInjector {
	return &faultInjector{rules: rules, seed: uint64(seed), n: map[string]uint64{}}
}

// pick returns the first rule that hits this call of action, or nil.
func (f *faultInjector) pick(action string) *FaultRule {
	if len(f.rules) == 0 {
		return nil
	}
	f.mu.Lock()
	f.n[action]++
	n := f.n[action]
	f.mu.Unlock()
	for i := range f.rules {
		r := &f.rules[i]
		if r.Action != "*" && r.Action != action {
			continue
		}
		h := mix64(f.seed ^ mix64(uint64(i)+1) ^ mix64(n) ^ hashString(action))
		if float64(h>>11)/(1<<53) < r.Rate {
			return r
		}
	}
	return nil
}

// mix64 is the splitmix64 finaliser.
func mix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * 1099511628211
	}
	return h
}
