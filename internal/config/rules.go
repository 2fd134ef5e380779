package config

import (
	"errors"
	"fmt"
	"net/netip"
	"path"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Account types accepted by CreateAccount.
const (
	AccountTypeNormal = "normal"
	AccountTypeSuper  = "tencentDBSuper"
)

// MaxNetworksPerROGroup is the documented limit of VPC networks on one
// read-only group.
const MaxNetworksPerROGroup = 2

// MaxLibraUserConnections is the documented upper bound of
// max_user_connections on a LibraDB account.
const MaxLibraUserConnections = 10240

// PasswordSpecialChars is the documented set of special characters for
// PostgreSQL passwords (tencent-api.md §7.2).
const PasswordSpecialChars = "()`~!@#$%^&*-+=_|{}[]:<>,.?/"

var (
	reIdent     = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	reLibraName = regexp.MustCompile(`^[A-Za-z]([A-Za-z0-9_]*[A-Za-z0-9])?$`)
	reID        = map[string]*regexp.Regexp{
		"postgres-": regexp.MustCompile(`^postgres-[a-z0-9]+$`),
		"pgrogrp-":  regexp.MustCompile(`^pgrogrp-[a-z0-9]+$`),
		"libradb-":  regexp.MustCompile(`^libradb-[a-z0-9]+$`),
		"vpc-":      regexp.MustCompile(`^vpc-[a-z0-9]+$`),
		"subnet-":   regexp.MustCompile(`^subnet-[a-z0-9]+$`),
	}
)

// postgresRegions are the regions the postgres account and network actions
// support (tencent-api.md §8).
var postgresRegions = []string{
	"ap-bangkok", "ap-beijing", "ap-chengdu", "ap-chongqing", "ap-guangzhou",
	"ap-hongkong", "ap-jakarta", "ap-nanjing", "ap-seoul", "ap-shanghai",
	"ap-shanghai-fsi", "ap-shenzhen-fsi", "ap-singapore", "ap-tokyo",
	"eu-frankfurt", "na-ashburn", "na-siliconvalley", "sa-saopaulo",
}

// PostgresRegions returns the regions supported by the PostgreSQL actions,
// sorted. The caller owns the returned slice.
func PostgresRegions() []string { return slices.Clone(postgresRegions) }

// LibraRegions returns the regions supported by the LibraDB actions (the
// PostgreSQL list without ap-shanghai-fsi), sorted. The caller owns the
// returned slice.
func LibraRegions() []string {
	return slices.DeleteFunc(PostgresRegions(), func(r string) bool { return r == "ap-shanghai-fsi" })
}

// CheckPostgresRegion returns an error unless region is one of
// PostgresRegions.
func CheckPostgresRegion(region string) error {
	if slices.Contains(postgresRegions, region) {
		return nil
	}
	return fmt.Errorf("%q is not a region where TencentDB for PostgreSQL is available; use one of %s", region, strings.Join(postgresRegions, ", "))
}

// CheckLibraRegion returns an error unless region is one of LibraRegions.
func CheckLibraRegion(region string) error {
	if region != "ap-shanghai-fsi" && slices.Contains(postgresRegions, region) {
		return nil
	}
	return fmt.Errorf("%q is not a region where LibraDB is available; use one of %s", region, strings.Join(LibraRegions(), ", "))
}

// CheckAccountName returns an error unless name is a valid PostgreSQL
// account name: letters, digits and "_", starting with a letter or "_", at
// most 63 characters, not "postgres", not starting with "pg_" or
// "tencentdb_" (compared case-insensitively).
func CheckAccountName(name string) error {
	lower := strings.ToLower(name)
	switch {
	case name == "":
		return errors.New("the account name is empty")
	case len(name) > 63:
		return fmt.Errorf("the account name has %d characters; at most 63 are allowed", len(name))
	case !reIdent.MatchString(name):
		return errors.New("an account name may contain only letters, digits and \"_\", and must start with a letter or \"_\"")
	case lower == "postgres":
		return errors.New("\"postgres\" is reserved for the system")
	case strings.HasPrefix(lower, "pg_"):
		return errors.New("names starting with \"pg_\" are reserved for the system")
	case strings.HasPrefix(lower, "tencentdb_"):
		return errors.New("names starting with \"tencentdb_\" are reserved for the system")
	}
	return nil
}

// CheckAccountType returns an error unless t is AccountTypeNormal or
// AccountTypeSuper.
func CheckAccountType(t string) error {
	if t == AccountTypeNormal || t == AccountTypeSuper {
		return nil
	}
	return fmt.Errorf("the account type must be %q or %q", AccountTypeNormal, AccountTypeSuper)
}

// CheckPostgresPassword returns an error unless pw satisfies the
// documented PostgreSQL password rules: 8–32 characters, at least one
// lowercase letter, uppercase letter, digit and character of
// PasswordSpecialChars, nothing outside these classes, and no leading "/".
// The error never contains the password.
func CheckPostgresPassword(pw string) error {
	n := utf8.RuneCountInString(pw)
	if n < 8 || n > 32 {
		return fmt.Errorf("the password has %d characters; it must have 8 to 32", n)
	}
	if strings.HasPrefix(pw, "/") {
		return errors.New("the password must not start with \"/\"")
	}
	var lower, upper, digit, special bool
	for _, r := range pw {
		switch {
		case r >= 'a' && r <= 'z':
			lower = true
		case r >= 'A' && r <= 'Z':
			upper = true
		case r >= '0' && r <= '9':
			digit = true
		case strings.ContainsRune(PasswordSpecialChars, r):
			special = true
		default:
			return fmt.Errorf("the password contains a character outside letters, digits and the special characters %s", PasswordSpecialChars)
		}
	}
	var missing []string
	if !lower {
		missing = append(missing, "a lowercase letter")
	}
	if !upper {
		missing = append(missing, "an uppercase letter")
	}
	if !digit {
		missing = append(missing, "a digit")
	}
	if !special {
		missing = append(missing, "a special character from "+PasswordSpecialChars)
	}
	if len(missing) > 0 {
		return fmt.Errorf("the password lacks %s", strings.Join(missing, ", "))
	}
	return nil
}

// CheckRemark returns an error unless remark has at most 60 characters,
// each an English letter, digit, "_", "-" or Chinese (Han) character. The
// empty remark is valid.
func CheckRemark(remark string) error {
	if n := utf8.RuneCountInString(remark); n > 60 {
		return fmt.Errorf("the remark has %d characters; at most 60 are allowed", n)
	}
	for _, r := range remark {
		ok := r < utf8.RuneSelf && (r == '_' || r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
		if !ok && !unicode.Is(unicode.Han, r) {
			return fmt.Errorf("the remark contains %q; only letters, digits, \"_\", \"-\" and Chinese characters are allowed", r)
		}
	}
	return nil
}

// CheckLibraAccountName returns an error unless name is a valid LibraDB
// account name: 1–30 letters, digits or "_", starting with a letter and
// ending with a letter or digit.
func CheckLibraAccountName(name string) error {
	if len(name) < 1 || len(name) > 30 {
		return fmt.Errorf("the account name has %d characters; it must have 1 to 30", len(name))
	}
	if !reLibraName.MatchString(name) {
		return errors.New("a LibraDB account name may contain only letters, digits and \"_\", must start with a letter and end with a letter or digit")
	}
	return nil
}

// CheckLibraHost returns an error unless host is "%" or an IPv4 address.
func CheckLibraHost(host string) error {
	if host == "%" {
		return nil
	}
	if a, err := netip.ParseAddr(host); err == nil && a.Is4() {
		return nil
	}
	return fmt.Errorf("the host %q is neither \"%%\" nor an IPv4 address", host)
}

// CheckLibraPassword returns an error unless pw has 8 to 64 characters.
// The error never contains the password.
func CheckLibraPassword(pw string) error {
	if n := utf8.RuneCountInString(pw); n < 8 || n > 64 {
		return fmt.Errorf("the password has %d characters; it must have 8 to 64", n)
	}
	return nil
}

// CheckLibraMaxUserConnections returns an error unless n is between 1 and
// MaxLibraUserConnections.
func CheckLibraMaxUserConnections(n int64) error {
	if n < 1 || n > MaxLibraUserConnections {
		return fmt.Errorf("max_user_connections is %d; it must be between 1 and %d", n, MaxLibraUserConnections)
	}
	return nil
}

// CheckInstanceID returns an error unless id looks like "postgres-…".
func CheckInstanceID(id string) error { return checkID(id, "postgres-", "a PostgreSQL instance id") }

// CheckROGroupID returns an error unless id looks like "pgrogrp-…".
func CheckROGroupID(id string) error { return checkID(id, "pgrogrp-", "a read-only group id") }

// CheckClusterID returns an error unless id looks like "libradb-…".
func CheckClusterID(id string) error { return checkID(id, "libradb-", "a LibraDB cluster id") }

// CheckVpcID returns an error unless id looks like "vpc-…".
func CheckVpcID(id string) error { return checkID(id, "vpc-", "a VPC id") }

// CheckSubnetID returns an error unless id looks like "subnet-…".
func CheckSubnetID(id string) error { return checkID(id, "subnet-", "a subnet id") }

func checkID(id, prefix, what string) error {
	if reID[prefix].MatchString(id) {
		return nil
	}
	return fmt.Errorf("%q is not %s: expected %q followed by lowercase letters and digits", id, what, prefix)
}

// CheckVIP returns an error unless vip is a valid IPv4 address.
func CheckVIP(vip string) error {
	if a, err := netip.ParseAddr(vip); err == nil && a.Is4() {
		return nil
	}
	return fmt.Errorf("%q is not a valid IPv4 address", vip)
}

// pathMatch is path.Match, the glob every name_pattern uses.
var pathMatch = path.Match

// CheckNamePattern returns an error unless pattern is a valid path.Match
// pattern.
func CheckNamePattern(pattern string) error {
	if _, err := path.Match(pattern, ""); err != nil {
		return fmt.Errorf("%q is not a valid glob pattern: %w", pattern, err)
	}
	return nil
}
