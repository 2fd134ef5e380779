// Package quota keeps dbplan's API calls under Tencent Cloud's per-action
// request quotas.
//
// The documented quotas (reference tencent-api.md §4) are in one table,
// read through Default. A Set holds one token bucket per (account, action),
// where the account is the credential key of the API client
// ((*apiclient.Client).Account()): quotas are enforced by the server per
// credential, so two providers sharing one key share one bucket. Buckets
// are created lazily and the Set is safe for concurrent use; refresh and
// the executor share one Set so that reads and writes of one action never
// add up past the quota.
//
// # Never more than the quota in any second
//
// Every attempt, retries and status polls included, takes one token with
// Wait before it is sent. A bucket holds at most one token (burst 1) and
// refills at the action's rate, so consecutive calls of one action are at
// least 1/rate apart and any half-open one-second window holds at most
// rate calls. Two details keep that true in practice:
//
//   - The refill rate is the quota minus SafetyMargin (2%). golang.org/x/time/rate
//     truncates the interval to whole nanoseconds (at 70/s, 70 intervals
//     are 20ns short of a second, which lets a 71st call into the window),
//     and the server counts arrivals, not departures: with the margin, a
//     call may arrive up to 20 ms later than the one a quota's worth after
//     it before the server could see quota+1 calls in one second.
//   - The clock is read under the bucket's lock, so reservations are made
//     at non-decreasing times (rate.Limiter treats an earlier time as
//     "now" and would hand out a token early).
//
// The buckets are golang.org/x/time/rate Limiters driven with explicit
// times (ReserveN(now, 1), DelayFrom(now)) and the waiting is done with
// clock.Sleep on the injected clock, so tests drive a clock.Fake and never
// sleep.
//
// # Adapting to throttling
//
// If the server throttles anyway (another process uses the same account),
// Throttled halves that bucket's rate (at most once per second, so a burst
// of throttled in-flight calls counts as one signal, and never below
// 1/64 of the quota); while calls succeed, the rate then grows back by 1/60
// of the quota per second, never exceeding it (additive increase,
// multiplicative decrease). Growth is paced by time rather than by the
// number of successes, so it stays gradual however many calls succeed.
package quota

// SafetyMargin is the fraction by which a bucket's refill rate stays below
// its quota (see the package doc).
const SafetyMargin = 0.02

// Unconfirmed is the rate used for actions whose quota no public page
// states (ModifyLibraDBClusterAccountHost, DescribeLibraDBClusterDetail,
// LockAccount, UnlockAccount) and for any action not in the table: 20/s,
// the most common default across these APIs.
const Unconfirmed = 20

// documented returns the per-action quota in calls per second per
// credential from tencent-api.md §4, and false for an action not listed.
// The privilege actions' 20/s are from their API pages (postgres
// 409/78816 ModifyAccountPrivileges, 409/78818 DescribeAccountPrivileges;
// cynosdb 1098/80039 DescribeLibraDBClusterAccountAllPrivileges).
// It is a switch rather than a map so the table cannot be mutated.
func documented(action string) (float64, bool) {
	switch action {
	case "CreateAccount",
		"DeleteAccount",
		"OpenAccountCAM",
		"CloseAccountCAM",
		"RefreshAccountPassword",
		"DescribeTasks",
		"DescribeAccountPrivileges",
		"ModifyAccountPrivileges",
		"CreateLibraDBClusterAccounts",
		"DescribeLibraDBClusterAccounts",
		"DeleteLibraDBClusterAccounts",
		"ModifyLibraDBClusterAccountDescription",
		"ResetLibraDBClusterAccountPassword",
		"ModifyLibraDBClusterAccountPrivilege",
		"DescribeLibraDBClusterAccountPrivileges",
		"DescribeLibraDBClusterAccountAllPrivileges",
		"CreateLibraDBClusters":
		return 20, true
	case "DescribeLibraDBClusters":
		return 70, true
	case "GetCallerIdentity", "AssumeRoleWithWebIdentity": // sts (intl 1150/49443)
		return 20, true
	case "AssumeRole":
		return 600, true
	case "ModifyAccountRemark",
		"ResetAccountPassword",
		"OpenDBExtranetAccess",
		"CloseDBExtranetAccess",
		"CreateReadOnlyGroupNetworkAccess",
		"DeleteReadOnlyGroupNetworkAccess":
		return 100, true
	case "DescribeAccounts",
		"DescribeDBInstanceAttribute",
		"DescribeDBInstances",
		"DescribeReadOnlyGroups":
		return 1000, true
	}
	return 0, false
}

// Default returns the documented quota of an API action in calls per
// second per credential, or Unconfirmed (20) for an action whose quota is
// not documented.
func Default(action string) float64 {
	if q, ok := documented(action); ok {
		return q
	}
	return Unconfirmed
}

// Documented reports whether action has a documented quota (as opposed to
// the Unconfirmed default).
func Documented(action string) bool {
	_, ok := documented(action)
	return ok
}
