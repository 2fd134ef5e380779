package exec

import (
	"sort"
	"sync"
	"time"

	"github.com/dbplan/dbplan/internal/plan"
)

// Report is the result of a run. It is a plain value with no secret in
// it; internal/reportview renders it.
type Report struct {
	// Started is when Run began; Wall how long it took.
	Started time.Time
	Wall    time.Duration
	// Interrupted is true when ctx ended before every action ran.
	Interrupted bool
	// StoppedEarly is true when fail-fast stopped scheduling.
	StoppedEarly bool
	// EndpointDown, when not empty, says why the run stopped starting
	// actions: the API endpoint stopped answering (Options.EndpointFailures
	// attempts in a row could not reach it).
	EndpointDown string
	// Actions has one entry per plan action, in plan order.
	Actions []ActionResult
	// Effects has one entry per effect present (create, update, delete),
	// in that order: what was created, changed and destroyed.
	Effects []EffectSummary
	// Kinds has one entry per action kind present, in kind order.
	Kinds []KindSummary
	// Accounts has one entry per account the actions ran in, sorted.
	Accounts []AccountSummary
	// Totals counts actions by outcome.
	Totals map[Outcome]int
}

// EffectSummary counts the outcomes of the actions of one effect, so
// deletions are reported apart from creates and changes.
type EffectSummary struct {
	Effect  plan.Effect
	Actions int
	Counts  map[Outcome]int
}

// KindSummary aggregates the actions of one kind.
type KindSummary struct {
	Kind plan.Kind
	// APIAction is the write call the kind makes.
	APIAction string
	Actions   int
	Counts    map[Outcome]int
	// Calls counts the write calls made (attempts; a LibraDB batch is one
	// call) and Throttles those answered with a rate-limit error.
	Calls, Throttles int
	// Quota is the calls/s allowed for APIAction (summed over the
	// credentials used); Rate the calls/s achieved between the kind's
	// first and last call (0 with fewer than two calls).
	Quota, Rate float64
}

// Count returns the number of actions with outcome o.
func (r *Report) Count(o Outcome) int { return r.Totals[o] }

// AllOK reports whether every action reached its target state (true for
// an empty plan).
func (r *Report) AllOK() bool {
	for o, n := range r.Totals {
		if n > 0 && !o.OK() {
			return false
		}
	}
	return true
}

// callStats counts the write calls per kind while the run goes on.
type callStats struct {
	mu       sync.Mutex
	kinds    map[plan.Kind]*kindCalls
	accounts map[string]*spanCalls
}

type kindCalls struct {
	calls, throttles int
	first, last      time.Time
	quota            map[string]float64 // account → quota
}

func (s *callStats) record(k plan.Kind, account string, quota float64, at time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.kinds == nil {
		s.kinds = map[plan.Kind]*kindCalls{}
	}
	kc := s.kinds[k]
	if kc == nil {
		kc = &kindCalls{first: at, quota: map[string]float64{}}
		s.kinds[k] = kc
	}
	kc.calls++
	kc.last = at
	kc.quota[account] = quota
	s.recordAccount(account, at)
}

func (s *callStats) throttled(k plan.Kind) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if kc := s.kinds[k]; kc != nil {
		kc.throttles++
	}
}

// summarize fills Effects, Kinds, Accounts and Totals from Actions (the
// results of actions, in the same order) and the call counts.
func (r *Report) summarize(cs *callStats, actions []plan.Action) {
	r.Totals = map[Outcome]int{}
	byKind := map[plan.Kind]*KindSummary{}
	byEffect := map[plan.Effect]*EffectSummary{}
	for _, a := range r.Actions {
		r.Totals[a.Outcome]++
		es := byEffect[a.Kind.Effect()]
		if es == nil {
			es = &EffectSummary{Effect: a.Kind.Effect(), Counts: map[Outcome]int{}}
			byEffect[a.Kind.Effect()] = es
		}
		es.Actions++
		es.Counts[a.Outcome]++
		ks := byKind[a.Kind]
		if ks == nil {
			ks = &KindSummary{Kind: a.Kind, APIAction: a.Kind.APIAction(), Counts: map[Outcome]int{}}
			byKind[a.Kind] = ks
		}
		ks.Actions++
		ks.Counts[a.Outcome]++
	}
	cs.mu.Lock()
	for k, kc := range cs.kinds {
		ks := byKind[k]
		if ks == nil {
			continue
		}
		ks.Calls, ks.Throttles = kc.calls, kc.throttles
		for _, q := range kc.quota {
			ks.Quota += q
		}
		if span := kc.last.Sub(kc.first); kc.calls > 1 && span > 0 {
			ks.Rate = float64(kc.calls-1) / span.Seconds()
		}
	}
	cs.mu.Unlock()
	for _, ks := range byKind {
		r.Kinds = append(r.Kinds, *ks)
	}
	sort.Slice(r.Kinds, func(i, j int) bool { return r.Kinds[i].Kind < r.Kinds[j].Kind })
	for _, e := range []plan.Effect{plan.EffectCreate, plan.EffectUpdate, plan.EffectDelete} {
		if es := byEffect[e]; es != nil {
			r.Effects = append(r.Effects, *es)
		}
	}
	r.summarizeAccounts(cs, actions)
}
