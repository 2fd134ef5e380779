// Package tcsim is a local simulator of the Tencent Cloud API 3.0 for the
// postgres (2017-03-12), cynosdb/LibraDB (2019-01-07) and sts (2018-08-13)
// actions dbplan uses. It serves every product on one HTTP endpoint and
// behaves like the documented service closely enough that unmodified
// clients, such as the official Go SDK's generic CommonClient, work
// against it. It is the test
// bed of dbplan and the default a new user runs against (`dbplan sim
// serve`). It shares no code with internal/apiclient on purpose, so a
// wire-name mistake on one side is caught by the other.
//
// # Using it
//
// Load a world (the JSON format is in WORLD.md; an example is
// testdata/world.json) and serve it:
//
//	w, err := tcsim.LoadWorld("world.json")
//	srv, err := tcsim.New(w, tcsim.Options{Clock: fakeClock})  // an http.Handler
//	run, err := tcsim.Start("127.0.0.1:0", w, opts)            // a real listener; run.Endpoint()
//	run := tcsim.NewTestServer(t, w, opts)                      // httptest, closed with the test
//
// Tests read Server.Counters (calls, throttles, faults, mutations, peak
// calls per second, account creations and deletions) and Server.Snapshot
// (a deep copy of the world). A separate `dbplan sim serve` process shows the same at
// GET /_tcsim/counters and GET /_tcsim/world (keys redacted); the API
// itself is served only at "/". A world without credentials accepts
// DefaultSecretID / DefaultSecretKey; DemoWorld is the built-in world.
//
// # Protocol
//
// Only POST with Content-Type application/json (charset allowed) and a
// TC3-HMAC-SHA256 signature is served. Checks run in the order the
// reference suggests: protocol (other methods, GET included →
// UnsupportedProtocol; other content types → InvalidRequest; body over
// 10 MB → RequestSizeLimitExceeded) → signature (AuthFailure.*) → action
// and version (MissingParameter, NoSuchProduct, InvalidAction,
// NoSuchVersion) → rate limit (RequestLimitExceeded) → fault injection →
// region (MissingParameter, UnsupportedRegion) → parameters
// (UnknownParameter, MissingParameter, InvalidParameter, then the
// per-field value codes) → resource existence → resource state.
//
// Hostile clients are bounded: the signature checks that need no body (a
// well-formed Authorization, a known SecretId, a fresh timestamp) run
// before the body is read, so an unauthenticated request never has its
// body buffered; a body above 64 KiB is read only while holding one of two
// slots (an unsigned request's body may not exceed 64 KiB at all); array
// parameters hold at most 100 items (InvalidParameterValue.
// InvalidParameterValueError; no bound is documented, page sizes are at
// most 100: UNCONFIRMED). Start holds at most MaxConnections connections,
// with 10 s to send the headers and 30 s for the whole request.
//
// The signature is verified over the SignedHeaders the client declares
// (they must include content-type and host), against the header values as
// received; the host is tried as received and without its port, and
// values both lowercased (the documented canonical form) and as sent (the
// Go SDK's form). The Host selects the product as on the service:
// postgres.…, cynosdb.… and sts.… hosts (any domain, region-pinned ones
// included) and every *.tencentcloudapi.com host serve only their product,
// and a request signed for another service gets
// AuthFailure.SignatureFailure (UNCONFIRMED: the service derives the
// signing key from its own product, so such a signature cannot verify).
// A Host that names no product (an address, localhost, a simulator name)
// takes the product from the credential scope. Requests through the
// simulator as an HTTP proxy (absolute-form URI) are routed the same way. X-TC-Content-SHA256: UNSIGNED-PAYLOAD is honoured. A timestamp
// more than 5 minutes from the simulator clock → AuthFailure.SignatureExpire;
// an unknown SecretId → AuthFailure.SecretIdNotFound; a missing or garbled
// Authorization → AuthFailure.InvalidAuthorization; a credential with a
// token requires the same X-TC-Token → AuthFailure.TokenFailure.
//
// Errors use {"Response":{"Error":{"Code","Message"},"RequestId"}} with
// HTTP 200 [error-status=http: 500 for InternalError* and
// ServiceUnavailable, 400 otherwise] (the reference marks the status
// UNCONFIRMED; the Go SDK reads
// the body first either way). Success answers carry RequestId too.
//
// # Rate limits
//
// Each (account, action) has a token bucket on the simulator clock: a
// capacity of one second's worth of the documented limit (reference §4:
// 20/s for account and privilege changes and reads and DescribeTasks, 100/s for remark and network
// changes, 1000/s for postgres describes, 20/s for LibraDB accounts, 70/s
// for DescribeLibraDBClusters; sts: 600/s AssumeRole, 20/s
// AssumeRoleWithWebIdentity and GetCallerIdentity), refilled at that
// rate, all multiplied by Options.RateScale. A call beyond it gets
// RequestLimitExceeded. The account is the uin of the key or temporary
// credentials (UNCONFIRMED whether the service counts per account, per
// sub-user or per key; per account is the strictest reading).
//
// # Accounts and sts
//
// A world holds one or more cloud accounts (see WORLD.md), each with its
// keys, resources, flows, roles, OIDC providers and rate limits; a
// request acts in the account of its credentials. sts serves
// GetCallerIdentity, AssumeRole (cross-account, with trusted accounts and
// external ids) and AssumeRoleWithWebIdentity (unsigned, with RS256 tokens
// verified against the provider's JWKS; OIDCIssuer mints them for tests).
// Temporary credentials expire on the simulator clock and then get
// AuthFailure.TokenFailure (UNCONFIRMED: the common code for a bad token).
// Options.TimeControl lets a separate test process move the clock.
//
// # Choices where the reference is UNCONFIRMED
//
// Where a choice matters to a client, Options.Variants (`dbplan sim serve
// --variant NAME=VALUE`, listed by `dbplan sim serve -h`) selects another
// plausible answer; the switch is named in brackets below, and dbplan's CI
// runs its workflow under each value of PlausibleVariants.
//
//   - Creating an existing postgres account → InvalidParameterValue.AccountExist
//     (defined in the SDK's errors.go). LibraDB uses the same code (of its
//     two listed "exists" codes). [account-exists=CODE]
//   - CreateLibraDBClusterAccounts and DeleteLibraDBClusterAccounts are
//     atomic: every account is checked first and one bad, duplicate or
//     missing account fails the whole batch with nothing changed. Built-in
//     LibraDB accounts (world "builtin": true, e.g. root) →
//     InvalidParameterValue.InternalAccount. [libra-batch=partial: the
//     accounts before the bad one are created.] At most 100 accounts per
//     call. [libra-batch-max=N] LibraDB Limit defaults to 20 (max 100; 0 is
//     an error [libra-limit0=default]); DescribeLibraDBClusters accepts
//     filter names ClusterId, ClusterName and Status [libra-filters=schema:
//     ClusterId, InstanceId, InstanceName in any case, as the current
//     QueryFilter description says]; a Description may have 255
//     characters. ModifyLibraDBClusterAccountDescription on a missing
//     account → InvalidParameterValue.AccountNotExistError
//     [libra-account-missing=CODE].
//   - Postgres names follow the documented 63-character rule
//     (InvalidAccountNameFormatError), with the prefix/postgres checks
//     case-insensitive; no reserved-keyword list. Passwords: 8–32
//     characters (InvalidPasswordLengthError), not starting with '/', all
//     four classes, specials from the wider set of the error text
//     ()`~!@#$%^&*-+=_|{}[]:;'<>,.?/ (InvalidPasswordValueError).
//     CreateAccount needs Password unless OpenCam is true
//     (InvalidParameter.ParameterCheckError). CloseAccountCAM validates the
//     password only when PasswordEncrypt is false.
//   - Accounts created by CreateAccount have Status 2 at once (the call
//     is synchronous). DescribeAccounts' TotalCount is the number of all
//     accounts of the instance [account-total=page]; ties in the order are
//     broken by name. AccountInfo always has OpenCam (the schema says its
//     output is not guaranteed) [opencam=absent].
//   - LockAccount and UnlockAccount (quota unpublished: 20/s, the common
//     default) set Status 5 and 2. Repeating one succeeds without change;
//     an absent account → FailedOperation.PreCheckError (the action's
//     error list has no "account does not exist" code).
//   - ResetAccountPassword and RefreshAccountPassword set the account's
//     PasswordUpdateTime (and UpdateTime) to now; a reset on a CAM account
//     → FailedOperation.CheckAccountCAMCloseError, a refresh without CAM →
//     FailedOperation.CheckAccountCAMOpenError. ResetLibraDBClusterAccountPassword
//     sets the account's UpdateTime (LibraDB reports no password time),
//     checks 8–64 characters unless EncryptMethod is given, and refuses
//     built-in accounts. No password is ever kept.
//   - Account changes (create, delete, CAM, remark, lock) need the instance
//     running: while an extranet flow runs ("network changing") they get
//     OperationDenied.InstanceStatusLimitOpError, like a second extranet
//     call does.
//   - OpenDBExtranetAccess on an already opened entry (and Close on a
//     closed one) succeeds and runs a flow that changes nothing
//     [reopen-extranet=CODE]. IPv6 (IsIpv6=1) uses a second public entry
//     that appears on first open; its Ip contains ':' [ipv6=nettype: its
//     NetType is publicIpv6; ipv6=address: the literal is only in Address,
//     and the entry is listed first]. IsIpv6=1 open on an instance with
//     SupportIpv6 false → OperationDenied.InstanceIpv6NotSupportedError.
//     Reads show a flow's effect (opening, closing, network changing,
//     modifying) from the call on [stale-polls=N: the next N reads of the
//     instance or group still show the state before the call].
//   - Flows last Options.FlowDuration; DescribeTasks shows TaskType equal
//     to the starting action's name, Running (Progress by elapsed time)
//     then Success. RO group network changes set the group to modifying
//     (OperationDenied.ROGroupStatusError meanwhile); a new network is
//     opening then opened, a deleted one closing then removed. Deleting a
//     network that does not exist → InvalidParameter.VpcNotFoundError.
//   - DescribeReadOnlyGroups without the db-master-instance-id filter →
//     MissingParameter; PageNumber starts at 1.
//   - Region: missing → MissingParameter; outside the documented list of
//     the product (18 postgres regions, 17 LibraDB ones) → UnsupportedRegion.
//     A request sees only resources of its region.
//   - Times are rendered as "YYYY-MM-DD hh:mm:ss" in UTC+8.
//   - Privileges (DescribeAccountPrivileges, ModifyAccountPrivileges): an
//     object the catalog does not have, or an unknown ObjectType →
//     InvalidParameterValue.InvalidDatabaseObjectName; a name missing for
//     the type (DatabaseName, SchemaName, TableName) → MissingParameter; a
//     privilege the type does not take (the PostgreSQL GRANT lists; a
//     matview takes only SELECT), an empty PrivilegeSet, a bad ModifyType
//     or an alterRole not naming the account itself with ["normal"] or
//     ["tencentDBSuper"] → InvalidParameter.ParameterCheckError; 0 or more
//     than 50 changes → InvalidParameterValue.ParameterOutOfRange; an
//     account that does not exist →
//     InvalidParameterValue.InvalidAccountNameError (the actions list no
//     "account does not exist" code). Privilege names are
//     case-insensitive. ModifyAccountPrivileges is atomic, needs the
//     instance running (like other account changes) and ignores
//     IsCascade; granting what is held or revoking what is not changes
//     nothing. DescribeAccountPrivileges answers every requested object,
//     in request order, with [] when nothing is held; it sets no limit on
//     the number of objects.
//   - LibraDB privileges: ModifyLibraDBClusterAccountPrivilege replaces
//     only the scopes it names (GlobalPrivileges when present, each
//     database and table entry; an empty list clears that scope) and is
//     atomic; names are MySQL's per level (InvalidParameterValue.InvalidParameterValueError
//     otherwise); a database or table the cluster's catalog lacks →
//     InvalidParameterValue.ParamError. DescribeLibraDBClusterAccountPrivileges
//     reads one level: Db "*" global, Type "table" with TableName a
//     table, otherwise the database Db. DescribeLibraDBClusterAccountAllPrivileges
//     answers null for empty lists, as the documented example does. A
//     privilege change leaves the account's UpdateTime as it is.
//
// # Faults and persistence
//
// Options.Faults injects deterministic faults (see FaultRule and
// ParseFaultFlag). Options.StatePath persists the world after every change
// by writing a temporary file (".NAME.tmp"), fsyncing and renaming it over
// the state file, so the file is never half-written; a temporary file a
// killed simulator left is removed at the next start, and a state file
// that is a symbolic link stays one (the file it points to is replaced).
// The state file has the world file's format without its credentials (a
// resumed simulator takes them from the world it is given). World and
// state files must be regular files (not /dev/zero, a FIFO or a
// directory) of at most 256 MB.
package tcsim
