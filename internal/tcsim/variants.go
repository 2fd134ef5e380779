package tcsim

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Variants selects, for behaviours the documentation leaves open
// (UNCONFIRMED in the reference), another plausible answer than the
// simulator's default choice (see the package doc). The zero value is the
// default of every one. A client that must work against the real service
// should work under every variant; `dbplan sim serve --variant` and
// Options.Variants select them, and CI runs dbplan's workflow under each
// value of PlausibleVariants.
type Variants struct {
	// AccountExists is the error code for creating an account that
	// exists (postgres CreateAccount, LibraDB CreateLibraDBClusterAccounts);
	// "" means InvalidParameterValue.AccountExist.
	AccountExists string
	// OpenCamAbsent leaves OpenCam out of DescribeAccounts' AccountInfo
	// (the schema says its output is not guaranteed).
	OpenCamAbsent bool
	// IPv6 is how IPv6 public access shows in DBInstanceNetInfo: IPv6Entry
	// (default, ""), IPv6NetType or IPv6Address.
	IPv6 string
	// StalePolls is how many reads of an instance or read-only group after
	// an extranet or network call still show its state from before the
	// call (the Terraform provider tolerates 5).
	StalePolls int
	// ReopenExtranet is the error code for opening an opened public entry
	// or closing a closed one; "" accepts it and runs a flow that changes
	// nothing.
	ReopenExtranet string
	// LibraAccountMissing is the code ModifyLibraDBClusterAccountDescription
	// answers for an account that does not exist; "" means
	// InvalidParameterValue.AccountNotExistError.
	LibraAccountMissing string
	// LibraLimitZero makes Limit 0 in the LibraDB describes mean the
	// default page size (the documented examples of other cynosdb
	// describes send 0) instead of an error.
	LibraLimitZero bool
	// LibraSchemaFilters makes DescribeLibraDBClusters accept the filter
	// names of the current QueryFilter description (ClusterId, InstanceId,
	// InstanceName, case-insensitive; InstanceName by substring unless
	// ExactMatch) instead of ClusterId, ClusterName and Status.
	LibraSchemaFilters bool
	// LibraPartialBatch makes a CreateLibraDBClusterAccounts batch with a
	// bad or existing account create the accounts before it, then fail.
	LibraPartialBatch bool
	// LibraBatchMax bounds the accounts of one CreateLibraDBClusterAccounts
	// call (0 means the bound of every array parameter, 100).
	LibraBatchMax int
	// ErrorHTTPStatus answers API errors with HTTP 500 (InternalError*,
	// ServiceUnavailable) or 400 (every other code) instead of 200.
	ErrorHTTPStatus bool
	// TotalCountPage makes DescribeAccounts' TotalCount the number of
	// accounts in the page (its description says "returned by this call")
	// instead of all the instance's accounts.
	TotalCountPage bool
}

// How IPv6 public access shows (Variants.IPv6).
const (
	// IPv6Entry: a second "public" entry, added on the first IPv6 open,
	// whose Ip is an IPv6 literal.
	IPv6Entry = "entry"
	// IPv6NetType: an entry of its own NetType, "publicIpv6".
	IPv6NetType = "nettype"
	// IPv6Address: a "public" entry whose IPv6 literal is only in Address
	// (Ip empty), listed before the IPv4 entry.
	IPv6Address = "address"
)

// netTypeIPv6 is the NetType of the IPv6 entry under IPv6NetType.
const netTypeIPv6 = "publicIpv6"

// variantSpec is one --variant switch.
type variantSpec struct {
	name, values, help string
	set                func(v *Variants, value string) error
}

var errorCode = regexp.MustCompile(`^[A-Z][A-Za-z]*(\.[A-Za-z0-9]+)*$`)

// variantSpecs lists the switches, in help order.
func variantSpecs() []variantSpec {
	code := func(field func(*Variants) *string, keep string) func(*Variants, string) error {
		return func(v *Variants, value string) error {
			if value == keep {
				*field(v) = ""
				return nil
			}
			if !errorCode.MatchString(value) {
				return fmt.Errorf("%q is not an error code such as FailedOperation.FailedOperationError", value)
			}
			*field(v) = value
			return nil
		}
	}
	choice := func(field func(*Variants) *bool, off, on string) func(*Variants, string) error {
		return func(v *Variants, value string) error {
			switch value {
			case off:
				*field(v) = false
			case on:
				*field(v) = true
			default:
				return fmt.Errorf("want %s or %s", off, on)
			}
			return nil
		}
	}
	count := func(field func(*Variants) *int, lo, hi int) func(*Variants, string) error {
		return func(v *Variants, value string) error {
			n, err := strconv.Atoi(value)
			if err != nil || n < lo || n > hi {
				return fmt.Errorf("want a number from %d to %d", lo, hi)
			}
			*field(v) = n
			return nil
		}
	}
	return []variantSpec{
		{"account-exists", "CODE", "error code for creating an account that exists (default InvalidParameterValue.AccountExist)",
			code(func(v *Variants) *string { return &v.AccountExists }, codeAccountExist)},
		{"opencam", "shown|absent", "whether DescribeAccounts reports OpenCam",
			choice(func(v *Variants) *bool { return &v.OpenCamAbsent }, "shown", "absent")},
		{"ipv6", "entry|nettype|address", "how IPv6 public access shows: a second public entry with an IPv6 Ip, NetType " +
			netTypeIPv6 + ", or a public entry with the IPv6 literal only in Address", func(v *Variants, value string) error {
			if !slices.Contains([]string{IPv6Entry, IPv6NetType, IPv6Address}, value) {
				return fmt.Errorf("want %s, %s or %s", IPv6Entry, IPv6NetType, IPv6Address)
			}
			v.IPv6 = value
			if value == IPv6Entry {
				v.IPv6 = ""
			}
			return nil
		}},
		{"stale-polls", "N", "reads of an instance or RO group after a network call that still show the old state (default 0)",
			count(func(v *Variants) *int { return &v.StalePolls }, 0, 20)},
		{"reopen-extranet", "noop|CODE", "answer to opening an opened public entry or closing a closed one (default noop: a flow that changes nothing)",
			code(func(v *Variants) *string { return &v.ReopenExtranet }, "noop")},
		{"libra-account-missing", "CODE", "ModifyLibraDBClusterAccountDescription's code for a missing account (default InvalidParameterValue.AccountNotExistError)",
			code(func(v *Variants) *string { return &v.LibraAccountMissing }, codeLibraAccountMissing)},
		{"libra-limit0", "reject|default", "LibraDB describes with Limit 0: an error, or the default page size",
			choice(func(v *Variants) *bool { return &v.LibraLimitZero }, "reject", "default")},
		{"libra-filters", "sim|schema", "DescribeLibraDBClusters filter names: ClusterId, ClusterName, Status; or the schema's ClusterId, InstanceId, InstanceName (any case)",
			choice(func(v *Variants) *bool { return &v.LibraSchemaFilters }, "sim", "schema")},
		{"libra-batch", "atomic|partial", "a LibraDB create batch with a bad account: nothing created, or the accounts before it",
			choice(func(v *Variants) *bool { return &v.LibraPartialBatch }, "atomic", "partial")},
		{"libra-batch-max", "N", "most accounts in one CreateLibraDBClusterAccounts call (default 100)",
			count(func(v *Variants) *int { return &v.LibraBatchMax }, 1, maxArrayItems)},
		{"error-status", "200|http", "HTTP status of API errors: 200, or 500 for internal errors and 400 for the rest",
			choice(func(v *Variants) *bool { return &v.ErrorHTTPStatus }, "200", "http")},
		{"account-total", "all|page", "DescribeAccounts' TotalCount: all accounts of the instance, or those of the page",
			choice(func(v *Variants) *bool { return &v.TotalCountPage }, "all", "page")},
	}
}

// ParseVariant applies one --variant switch, NAME=VALUE (see VariantHelp),
// to v.
func ParseVariant(s string, v *Variants) error {
	name, value, ok := strings.Cut(s, "=")
	if !ok || value == "" {
		return fmt.Errorf("variant %q: want NAME=VALUE, e.g. opencam=absent", s)
	}
	for _, sp := range variantSpecs() {
		if sp.name == name {
			if err := sp.set(v, value); err != nil {
				return fmt.Errorf("variant %s: %w", name, err)
			}
			return nil
		}
	}
	var names []string
	for _, sp := range variantSpecs() {
		names = append(names, sp.name)
	}
	return fmt.Errorf("variant %q: unknown name %q; one of %s", s, name, strings.Join(names, ", "))
}

// VariantHelp lists the --variant switches, one per line: NAME=VALUES and
// what they change.
func VariantHelp() string {
	var b strings.Builder
	for _, sp := range variantSpecs() {
		fmt.Fprintf(&b, "  %s=%s\n      %s\n", sp.name, sp.values, sp.help)
	}
	return b.String()
}

// PlausibleVariants are the switch values, other than the defaults, that
// dbplan must converge under; CI runs the plan → apply → plan workflow
// under each.
func PlausibleVariants() []string {
	return []string{
		"account-exists=FailedOperation.FailedOperationError",
		"account-exists=InvalidParameterValue.AccountAlreadyExistError",
		"account-exists=InvalidParameter.ParameterCheckError",
		"opencam=absent",
		"ipv6=nettype",
		"ipv6=address",
		"stale-polls=3",
		"reopen-extranet=FailedOperation.FailedOperationError",
		"libra-account-missing=FailedOperation.OperationFailedError",
		"libra-limit0=default",
		"libra-filters=schema",
		"libra-batch=partial",
		"libra-batch-max=2",
		"error-status=http",
		"account-total=page",
	}
}
