package main

import "github.com/dbplan/dbplan/internal/plan"

// accountOf is the account (rate-limit key) of a provider's client, ""
// when it has none.
func (c *cloud) accountOf(provider string) string {
	if cl := c.clients[provider]; cl != nil {
		return cl.Account()
	}
	return ""
}

// planQuota returns, for the progress line, the calls/s allowed for an API
// action: its quota summed over the accounts whose actions in p call it,
// since each account has quotas of its own.
func (c *cloud) planQuota(p *plan.Plan) func(apiAction string) float64 {
	accounts := map[string]map[string]bool{} // API action → accounts
	for _, a := range p.Actions {
		api := a.Kind.APIAction()
		if accounts[api] == nil {
			accounts[api] = map[string]bool{}
		}
		accounts[api][c.accountOf(a.Target.Provider)] = true
	}
	return func(apiAction string) float64 {
		var sum float64
		for acct := range accounts[apiAction] {
			sum += c.quota.Quota(acct, apiAction)
		}
		return sum
	}
}

// accountTotals counts p's actions per account.
func (c *cloud) accountTotals(p *plan.Plan) map[string]int {
	out := map[string]int{}
	for _, a := range p.Actions {
		out[c.accountOf(a.Target.Provider)]++
	}
	return out
}
