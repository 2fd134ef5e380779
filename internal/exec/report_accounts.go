package exec

import (
	"slices"
	"sort"
	"time"

	"github.com/dbplan/dbplan/internal/plan"
)

// AccountSummary aggregates the actions run in one account. Quotas are
// per account, so each account's calls are bounded by its own quotas and
// the accounts of a plan run side by side.
type AccountSummary struct {
	// Account is API.Account: the account uin, or a credential key when
	// sts could not tell the account ("" for actions without a client).
	Account string
	// Providers are the providers whose actions ran in the account, sorted.
	Providers []string
	Actions   int
	Counts    map[Outcome]int
	// Calls counts the write calls sent in the account (attempts; a
	// LibraDB batch is one call); Throttles the rate-limit answers its
	// actions got.
	Calls, Throttles int
	// Rate is the write calls/s between the account's first and last
	// write call (0 with fewer than two).
	Rate float64
}

// spanCalls counts the write calls of one account and when they went out.
type spanCalls struct {
	calls       int
	first, last time.Time
}

// recordAccount notes a write call of account at at; s.mu is held.
func (s *callStats) recordAccount(account string, at time.Time) {
	if s.accounts == nil {
		s.accounts = map[string]*spanCalls{}
	}
	sc := s.accounts[account]
	if sc == nil {
		sc = &spanCalls{first: at}
		s.accounts[account] = sc
	}
	sc.calls++
	sc.last = at
}

// summarizeAccounts fills Accounts from Actions (whose providers are
// those of actions, in the same order) and the call counts.
func (r *Report) summarizeAccounts(cs *callStats, actions []plan.Action) {
	by := map[string]*AccountSummary{}
	for i, a := range r.Actions {
		as := by[a.Account]
		if as == nil {
			as = &AccountSummary{Account: a.Account, Counts: map[Outcome]int{}}
			by[a.Account] = as
		}
		as.Actions++
		as.Counts[a.Outcome]++
		as.Throttles += a.Throttles
		if i < len(actions) && !slices.Contains(as.Providers, actions[i].Target.Provider) {
			as.Providers = append(as.Providers, actions[i].Target.Provider)
		}
	}
	cs.mu.Lock()
	for acct, sc := range cs.accounts {
		as := by[acct]
		if as == nil {
			continue
		}
		as.Calls = sc.calls
		if span := sc.last.Sub(sc.first); sc.calls > 1 && span > 0 {
			as.Rate = float64(sc.calls-1) / span.Seconds()
		}
	}
	cs.mu.Unlock()
	for _, as := range by {
		slices.Sort(as.Providers)
		r.Accounts = append(r.Accounts, *as)
	}
	sort.Slice(r.Accounts, func(i, j int) bool { return r.Accounts[i].Account < r.Accounts[j].Account })
}
