package reportview

import (
	"fmt"
	"strings"

	"github.com/dbplan/dbplan/internal/exec"
)

// Per-account figures: quotas are per account, so a run spanning several
// accounts shows what each did and at which rate. Views show them only
// for runs in more than one account.

// accountName is "100000000001 (tencentcloud, tencentcloud.sh)".
func accountName(a exec.AccountSummary) string {
	name := a.Account
	if name == "" {
		name = "(no client)"
	}
	if len(a.Providers) > 0 {
		name += " (" + strings.Join(a.Providers, ", ") + ")"
	}
	return name
}

// accountCalls is "250 calls at 19.6/s, 0 throttled".
func accountCalls(a exec.AccountSummary) string {
	rate := ""
	if a.Rate > 0 {
		rate = fmt.Sprintf(" at %.1f/s", a.Rate)
	}
	return fmt.Sprintf("%d calls%s, %d throttled", a.Calls, rate, a.Throttles)
}

// multiAccount reports whether the run's actions ran in several accounts.
func multiAccount(r *exec.Report) bool { return len(r.Accounts) > 1 }

type jsonAccount struct {
	Account   string         `json:"account"`
	Providers []string       `json:"providers"`
	Actions   int            `json:"actions"`
	Outcomes  map[string]int `json:"outcomes"`
	Calls     int            `json:"calls"`
	Throttles int            `json:"throttles"`
	Rate      float64        `json:"rate_per_second"`
}

func wireAccounts(as []exec.AccountSummary) []jsonAccount {
	out := make([]jsonAccount, 0, len(as))
	for _, a := range as {
		providers := a.Providers
		if providers == nil {
			providers = []string{}
		}
		out = append(out, jsonAccount{Account: a.Account, Providers: providers, Actions: a.Actions, Outcomes: counts(a.Counts),
			Calls: a.Calls, Throttles: a.Throttles, Rate: a.Rate})
	}
	return out
}
