// Package apiclient is dbplan's client of the Tencent Cloud API 3.0 for
// PostgreSQL (postgres 2017-03-12), LibraDB (cynosdb 2019-01-07) and the
// security token service (sts 2018-08-13). It is the only package that
// imports the Tencent Cloud SDK.
//
// # Transport
//
// Requests go through the SDK common module's generic client
// (common.NewCommonClient, tchttp.NewCommonRequest, Send), which signs them
// with TC3-HMAC-SHA256 over POST. Every SDK retry is off
// (RateLimitExceededMaxRetries and NetworkFailureMaxRetries 0, no
// UnsafeRetryOnConnectionFailure, region breaker disabled): one method call is
// one HTTP attempt, signed when it is sent. Retrying belongs to the caller,
// guided by Classify and Ambiguous. The per-attempt timeout is a context
// deadline (Config.Timeout, default 30 s), so the caller's context also
// cancels an attempt in flight. The transport keeps as many idle
// connections per host as the caller makes calls at once (Config.MaxConns,
// default 64), so concurrent calls reuse TCP and TLS connections.
//
// Request and response structs are this package's own (the SDK's typed
// postgres/cynosdb modules available here predate OpenAccountCAM, OpenCam,
// TaskId and every LibraDB action). Field names are the wire names. Optional
// wire fields are omitted when unset: pointers where the zero value is
// meaningful (CreateAccount.Remark and OpenCam, CloseAccountCAM
// PasswordEncrypt, NewAccount.PasswordRotation and MaxUserConnections),
// omitempty elsewhere. Passwords are secret.Value and are revealed only while
// the wire body is built. Request fields reach the SDK as raw JSON and the
// success body is kept byte for byte and decoded with encoding/json, so
// integers such as FlowId round-trip exactly (the SDK's generic response
// would pass them through float64).
//
// # Endpoints
//
// Each product has its own endpoint and its own SDK client per region:
// Config.Endpoints[product], else Config.Endpoint, else
// <product>.<Domain> (tencentcloudapi.com by default,
// intl.tencentcloudapi.com for the international site). In the financial
// regions (*-fsi), which the nearby endpoint does not serve, the host is
// <product>.<region>.<Domain> (INFERRED from the regional host pattern of
// the reference). An endpoint whose host is named after a product other
// than the one it would serve is refused by New, so a cynosdb call never
// goes to a postgres host.
//
// # Identities
//
// Config.Profile reads a named profile (ProfileCredential); without one the
// default chain applies (ResolveCredential). Config.AssumeRole and
// Config.WebIdentity make the client sign with temporary credentials of a
// role (sts AssumeRole with the base credentials, or
// AssumeRoleWithWebIdentity with an OIDC token read from its file at every
// renewal). They are fetched by the first call and renewed before they
// expire, a quarter of their lifetime early (at most 5 minutes), on
// Config.Clock; a call that finds them refused (AuthFailure.TokenFailure
// or SecretIdNotFound: expired early, revoked, clocks apart) renews them
// and is sent once more, which is safe because the service refused it
// before doing anything. A failed renewal fails the call with sts's code
// only once the current credentials have expired.
//
// The SDK's own role providers (common.RoleArnProvider,
// common.OIDCRoleArnProvider, v1.3.210, unchanged in the newest v1.3.212)
// are not used: they cannot take ExternalId, always use HTTPS (so no
// loopback simulator), use their own transport (no debug trace, no
// proxy-aware test transport), renew on the wall clock (no injected clock),
// log renewal failures with the standard logger and keep signing with the
// expired keys, read the OIDC token once, and renew AssumeRole credentials
// after a tenth of their lifetime. The sts calls go through the SDK's
// common client like every other call instead.
//
// # Choices where the reference is UNCONFIRMED
//
//   - DescribeAllAccounts orders by name ascending (stable while accounts are
//     created) and stops at the first page shorter than 100;
//     DescribeAllDBInstances orders by DBInstanceId and stops at a short page
//     of 100; DescribeAllReadOnlyGroups pages by PageNumber (1-based) with
//     PageSize 99 and stops at a short page. None of them reads TotalCount.
//   - The LibraDB page-size cap is undocumented and its TotalCount may differ
//     from the items returned, so DescribeAllLibraDBClusterAccounts and
//     DescribeAllLibraDBClusters ask for 100, advance Offset by what arrived
//     and stop at an empty page, or at a short page once TotalCount is
//     reached. Every helper gives up after 10000 pages (CodeClientPagination).
//   - Deleting an absent account (postgres AccountNotExist[Error], LibraDB
//     AccountNotExistError) is classified AlreadyDone.
//   - An API error is treated as applied-or-not by its code: only
//     InternalError* is Ambiguous. HTTP 5xx without an API error is Transient
//     and Ambiguous; 429 is Throttled; other non-200 statuses are Terminal.
//   - A bare "host:port" Endpoint means HTTPS, except that localhost and
//     loopback addresses mean HTTP (the simulator's printed endpoint works
//     as is).
//   - X-TC-Language defaults to en-US.
//   - Account() is the account uin once known: SetAccount (callers set it
//     from GetCallerIdentity's AccountId) or, for an assumed role, the uin
//     in the role's ARN. Quotas are taken to be per account (the
//     reference does not say whether per account, sub-user or key; per
//     account is the strictest reading, so two keys of one account never
//     exceed it together). Until then it is "cred-" plus 16 hex digits of
//     SHA-256 of the SecretId, fixed when the client is built, so rotating
//     temporary ids keep one key.
//
// # Debug trace
//
// With Config.Trace set (TraceFromEnv enables it for DBPLAN_LOG=debug), each
// request is logged at Debug level with its action, service, region, host,
// headers and body, and each response with its status and body. JSON fields
// whose name mentions a password, secret, token, signature or authorization
// are replaced at any depth, as are the Authorization and X-TC-Token headers;
// a body that is not JSON is not logged; and every literal occurrence of the
// request's passwords, the secret key and the token is scrubbed from the
// whole record as a last line of defence.
package apiclient
