// Package refresh reads the current cloud state of exactly the objects a
// configuration targets, and nothing else, into a plan.Observed.
//
// # What is read, and how
//
//   - Instances named by id: DescribeDBInstances with a db-instance-id
//     filter of up to 100 ids per call, per provider and region.
//   - Selectors: DescribeDBInstances in the selector's region, with its ids
//     (100 per call) and narrowing filters that can only shrink the listing
//     (db-tag-key with one required key; db-instance-name, documented as a
//     fuzzy match, with the literal prefix of the name glob, which both a
//     substring and a prefix match keep). Matching is then exact and
//     client-side: ids, every tag with its exact value, path.Match on the
//     name. Only primary instances match (the accounts of a read-only
//     instance are its master's). Observed.Selections holds the sorted ids.
//   - Accounts: DescribeAccounts once per distinct instance found, Limit
//     100 ordered by name, every page until a short one (TotalCount is
//     ambiguous). Never one call per account.
//   - Read-only groups: DescribeReadOnlyGroups once per distinct master
//     instance (the filter the API requires), PageSize 99, until a short
//     page; only the configured groups are kept. A group's networks are its
//     "private" DBInstanceNetInfo entries.
//   - LibraDB: DescribeLibraDBClusters with no filter (the accepted filter
//     names are unconfirmed, reference §6.5) once per provider and region,
//     matched by ClusterId client-side, for each cluster's region and
//     status; then DescribeLibraDBClusterAccounts per cluster found. Since
//     neither the LibraDB page cap nor TotalCount can be trusted, those
//     listings stop at an empty page, or at a short one once TotalCount is
//     reached.
//   - Privileges, once every account is known: for each existing
//     PostgreSQL account whose grants name objects (over every block
//     reaching its instance), DescribeAccountPrivileges naming those
//     objects, up to ObjectsPerPrivilegeRead per call; a call the API
//     refuses for an object the instance lacks is split until that object
//     is found (Observed as Missing). For each existing LibraDB account
//     with grants, one DescribeLibraDBClusterAccountAllPrivileges. Accounts
//     being created are not read.
//
// Every call (every page) is one retry.Do with the run's shared options:
// each attempt waits for a token of the (credential, action) bucket of the
// quota set shared with the executor, and throttled or transient failures
// are retried with full-jitter backoff. Reads run concurrently, at most
// Options.Parallelism at a time, so the quotas (1000/s for the postgres
// describes, 70/s for DescribeLibraDBClusters, 20/s for LibraDB account
// reads and for both privilege reads) and not the workers bound a refresh.
//
// # Public network states
//
// PublicIPv4 and PublicIPv6 are the Status of the instance's "public"
// DBInstanceNetInfo entries. The API has no address-family field and how
// an IPv6 public address shows is unconfirmed (reference §5.10). The
// simulator's default is a second "public" entry that appears when IPv6
// access is first opened and whose Ip is an IPv6 literal from then on;
// dbplan also reads the other plausible forms (the simulator's ipv6
// variants). The IPv6 entry is the first entry whose NetType names IPv6
// (e.g. publicIpv6), or a "public" entry whose Ip or Address holds an IPv6
// literal (contains ':'), or, failing those, a second "public" entry; the
// first other "public" entry is the IPv4 entry. An instance without an
// IPv6 entry has PublicIPv6 "" (never opened, like "initing").
//
// # Absent objects and errors
//
// An instance, group or cluster the API does not return is absent from the
// result, and so is one that a later read reports as not found (deleted
// meanwhile); plan.Build turns absence into a diagnostic at the declaring
// block. Any other error stops the refresh and is returned wrapped with the
// address(es) that needed the read; errors.As still finds the
// *apiclient.Error.
package refresh
