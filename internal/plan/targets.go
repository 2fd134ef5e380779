package plan

import (
	"fmt"
	"regexp"
	"strings"
)

// targets is the -target filter of one Build call. It also remembers
// which prefixes selected something, so that a mistyped target is
// reported instead of silently planning nothing.
type targets struct {
	prefixes []string
	used     []bool
}

func newTargets(prefixes []string) *targets {
	norm := make([]string, len(prefixes))
	for i, p := range prefixes {
		norm[i] = NormalizeTarget(p)
	}
	return &targets{prefixes: norm, used: make([]bool, len(prefixes))}
}

var (
	tfAccountKey = regexp.MustCompile(`\.account\["((?:[^"\\]|\\.)*)"\]`)
	tfNetworkKey = regexp.MustCompile(`\.network\["((?:[^"\\]|\\.)*)"\]`)
)

// NormalizeTarget accepts the Terraform habit of indexing named blocks:
// `….account["NAME"]` means dbplan's `….account.NAME`, and
// `….network["VPC/SUBNET"]` means `….network[VPC/SUBNET]`. Other
// addresses are returned unchanged.
func NormalizeTarget(p string) string {
	p = tfAccountKey.ReplaceAllString(p, ".account.$1")
	return tfNetworkKey.ReplaceAllString(p, ".network[$1]")
}

// Within reports whether addr equals prefix or continues it with "." or
// "[", so that "postgres_instance.a" selects "postgres_instance.a.account.x"
// and `postgres_instance.a["k"]` but not "postgres_instance.ab".
func Within(addr, prefix string) bool {
	if !strings.HasPrefix(addr, prefix) {
		return false
	}
	if len(addr) == len(prefix) {
		return true
	}
	c := addr[len(prefix)]
	return c == '.' || c == '['
}

// MatchesTargets reports whether addr is selected by the -target prefixes:
// true when there are none, or when addr is Within one of them. The
// executor and views can use it to apply the same rule as Build.
func MatchesTargets(addr string, prefixes []string) bool {
	if len(prefixes) == 0 {
		return true
	}
	for _, p := range prefixes {
		if Within(addr, p) {
			return true
		}
	}
	return false
}

// matches reports whether the object at addr is in scope: with no
// targets everything is; otherwise addr must be Within a target.
func (t *targets) matches(addr string) bool {
	if len(t.prefixes) == 0 {
		return true
	}
	ok := false
	for i, p := range t.prefixes {
		if Within(addr, p) {
			t.used[i] = true
			ok = true
		}
	}
	return ok
}

// touches reports whether addr or anything under it is in scope, for
// checks on a parent object (not found, status) whose children may be
// targeted individually.
func (t *targets) touches(addr string) bool {
	if len(t.prefixes) == 0 {
		return true
	}
	ok := false
	for i, p := range t.prefixes {
		switch {
		case Within(addr, p):
			t.used[i] = true
			ok = true
		case Within(p, addr):
			// A target below addr (one account of an instance) keeps
			// the parent in scope, but it is used only if it selects a
			// declared child (matches marks it then).
			ok = true
		}
	}
	return ok
}

// noteUnmatchedTargets warns about -target prefixes that selected nothing
// the configuration declares.
func (b *builder) noteUnmatchedTargets() {
	for i, p := range b.targets.prefixes {
		if !b.targets.used[i] {
			b.note(Warning, p, fmt.Sprintf("The target %s matches nothing in the configuration; check the address (e.g. postgres_instance.LABEL.account.NAME).", p))
		}
	}
}

// ResourceAddr returns the address of the top-level block an address
// belongs to: "postgres_instance.a" for "postgres_instance.a.account.x",
// `postgres_instance.s["postgres-1"]` for
// `postgres_instance.s["postgres-1"].account.x`. Views group by it.
func ResourceAddr(addr string) string {
	if cuts := blockCuts(addr); len(cuts) > 1 {
		return addr[:cuts[1]]
	}
	return addr
}

// blockCuts returns the positions of the dots that separate the blocks of
// an address: outside quotes and brackets, so `a.b["k.x"].c` is cut
// before ".b" and ".c" only.
func blockCuts(addr string) []int {
	var cuts []int
	quoted, depth := false, 0
	for i := 0; i < len(addr); i++ {
		switch c := addr[i]; {
		case quoted && c == '\\':
			i++
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '[':
			depth++
		case c == ']':
			depth--
		case c == '.' && depth == 0:
			cuts = append(cuts, i)
		}
	}
	return cuts
}
