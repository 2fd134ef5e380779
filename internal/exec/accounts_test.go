package exec

import (
	"context"
	"fmt"
	"testing"
	"testing/synctest"

	"github.com/dbplan/dbplan/internal/plan"
	"github.com/dbplan/dbplan/internal/quota"
)

// accountAPI is the fake API acting in one account of several.
type accountAPI struct {
	*fakeAPI
	account string
}

func (a accountAPI) Account() string { return a.account }

// TestAccountsRunSideBySide: quotas are per account, so the dispatcher
// gives every account's bucket workers at once, even when the plan lists
// each account's actions together: the first four actions started belong
// to four accounts (with one bucket per API action they were all the first
// account's, queued on its limiter). The report sums up each account.
func TestAccountsRunSideBySide(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.opts.Parallelism = 8
		h.opts.Limits = quota.NewSet(h.clk, map[string]float64{"CreateAccount": 1}) // 1/s per account
		h.opts.Clients = func(provider, _ string) (API, error) { return accountAPI{h.api, "uin-" + provider}, nil }
		var actions []plan.Action
		for _, acct := range []string{"a", "b", "c", "d"} {
			for i := range 5 {
				id := fmt.Sprintf("%s%d", acct, i)
				h.api.addInstance(id, "closed")
				a := createAccount(id, "u")
				a.Target.Provider = acct
				actions = append(actions, a)
			}
		}
		r := h.run(context.Background(), actions...)
		if !r.AllOK() {
			t.Fatalf("not all OK: %v", r.Totals)
		}
		h.rec.mu.Lock()
		first := map[string]bool{}
		for _, id := range h.rec.started[:4] {
			first[id[3:4]] = true // pg.a0.account.u#create_account → a
		}
		h.rec.mu.Unlock()
		if len(first) != 4 {
			t.Errorf("the first four actions started belong to %d accounts, want 4 (side by side)", len(first))
		}
		if len(r.Accounts) != 4 {
			t.Fatalf("Accounts = %+v, want 4", r.Accounts)
		}
		for _, as := range r.Accounts {
			if as.Actions != 5 || as.Counts[Succeeded] != 5 || as.Calls != 5 || as.Rate <= 0 || as.Rate > 1.0 ||
				len(as.Providers) != 1 || "uin-"+as.Providers[0] != as.Account {
				t.Errorf("account %s (%v): %d actions, %d succeeded, %d calls at %.2f/s; want 5, 5, 5 at most 1/s",
					as.Account, as.Providers, as.Actions, as.Counts[Succeeded], as.Calls, as.Rate)
			}
		}
		for _, a := range r.Actions {
			if a.Account != "uin-"+a.ID[3:4] {
				t.Errorf("%s ran in account %q", a.ID, a.Account)
			}
		}
	})
}
