// Package exec runs a plan's actions against the cloud: concurrently, at
// the API quotas, with retries, safe recovery from lost responses, waits
// for asynchronous flows, and a report of what happened.
//
// # Scheduling
//
// The actions form a DAG (plan.Action.DependsOn). Ready actions run in one
// errgroup.Group bounded by Options.Parallelism; one failed action does not
// cancel its siblings, and its dependents are reported as skipped. The
// dispatcher hands a free worker to the ready action whose API action has
// the fewest calls in flight, so every rate-limit bucket keeps workers and
// the quotas, not the workers, bound the run. Options.FailFast stops
// scheduling at the first action that does not reach its target.
//
// # Per action
//
//  1. The password (when the call sends one) is taken from Options.Secrets;
//     a missing one fails the action with a message saying how to give it.
//  2. The object is re-read (reads of one instance, group or cluster are
//     coalesced: concurrent re-checks share the next read, and instance
//     reads are batched 100 ids per DescribeDBInstances) and
//     plan.CheckPrecondition decides: Done → "already_done", Drifted →
//     "drifted" (not run), Holds → run.
//  3. The call runs through retry.Do (a quota token before every attempt;
//     throttled and transient failures back off with full jitter). After a
//     transient failure the object is re-read before any retry: if the
//     change is there the action is "adopted" and no second create is ever
//     sent; if the object is gone or changed the action is "drifted". When
//     the answer was lost and the re-read fails too, the change may or may
//     not have been made: the action is "unconfirmed" (never "failed",
//     which says nothing was applied) and its dependents are skipped. A
//     terminal error is also checked by a re-read before it fails the
//     action (an unknown code may mean "already exists").
//  4. Busy (instance or group locked by a flow): the executor polls the
//     cheap describe until the status clears, bounded by Options.Timeout,
//     then calls again. AlreadyDone ("account exists", "CAM already on"):
//     re-read; matching the desired state → "adopted", else failed.
//  5. Asynchronous kinds (extranet open/close, RO network create) wait for
//     completion by polling the batched describes (DescribeDBInstances by
//     id, DescribeReadOnlyGroups per master) on a shared tick, tolerating
//     Options.GracePolls polls that still show the old state, until
//     Options.Timeout: then the outcome is "unconfirmed" (started, not
//     confirmed). These waits run outside the worker pool, so flows that
//     take minutes never hold the workers rate-limited calls need.
//  6. Batched kinds (plan.Spec.BatchMax > 1: LibraDB account creates per
//     cluster, privilege changes per PostgreSQL account) go in one call
//     per parent object (plan.Action.BatchKey), taking ready actions in
//     order while their weights (plan.Action.BatchWeight: a privilege
//     action that grants and revokes is two of ModifyAccountPrivileges'
//     50 changes) fit BatchMax (and, for LibraDB, Options.LibraBatch
//     actions). One re-read serves the whole batch (for privileges, one
//     DescribeAccountPrivileges naming every object of it). When the batch
//     fails the actions are retried one per call, so only the culprit
//     fails.
//
// What a kind calls, re-reads and polls comes from its plan.Spec: the
// executor has no per-kind code.
//
// # A dead endpoint
//
// Every call shares one retry.Breaker: after Options.EndpointFailures
// attempts in a row (across all actions) that could not reach the
// endpoint, no action starts any more, calls waiting for a retry or a
// token stop, flow waits end as "unconfirmed", and everything not started
// is "canceled"; Report.EndpointDown says why, once.
//
// # Interrupts
//
// When ctx ends, no new action starts; actions in flight keep a context of
// their own for Options.Grace more, then are cut off (an async action cut
// off after its call is "unconfirmed"); everything not started is
// "canceled". Run still returns the full report.
//
// The executor never prints: progress goes to an Observer and the result
// is a Report value (rendered by internal/reportview). Passwords travel as
// secret.Value up to the request struct and appear in no event or report.
package exec
