package config

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// System accounts are created and used by the service itself. dbplan never
// deletes or prunes one: declaring one absent, or a prune pattern that
// could match one, is a validation error.
//
// PostgreSQL: root (the instance's initial account) and postgres, and
// every name starting with pg_ or tencentdb_ (compared case-insensitively,
// as the name rules compare them). LibraDB: root and every name starting
// with tencent; which LibraDB names the service treats as internal is not
// documented (it answers InvalidParameterValue.InternalAccount), so the
// list is deliberately wide.
var (
	postgresSystem = systemNames{exact: []string{"root", "postgres"}, prefixes: []string{"pg_", "tencentdb_"}}
	libraSystem    = systemNames{exact: []string{"root"}, prefixes: []string{"tencent"}}
)

// systemNames is a set of reserved account names: exact names and name
// prefixes, all lower case and compared case-insensitively.
type systemNames struct {
	exact, prefixes []string
}

// IsPostgresSystemAccount reports whether name is a PostgreSQL system
// account that dbplan never deletes.
func IsPostgresSystemAccount(name string) bool { return postgresSystem.has(name) }

// IsLibraSystemAccount reports whether name is a LibraDB built-in account
// that dbplan never deletes.
func IsLibraSystemAccount(name string) bool { return libraSystem.has(name) }

func (s systemNames) has(name string) bool {
	low := strings.ToLower(name)
	for _, e := range s.exact {
		if low == e {
			return true
		}
	}
	for _, p := range s.prefixes {
		if strings.HasPrefix(low, p) {
			return true
		}
	}
	return false
}

// reachable returns the system names or prefixes the glob pattern (in
// path.Match syntax, already validated) could match, for example "root"
// or "pg_…"; none means no system account can ever match it.
func (s systemNames) reachable(pattern string) []string {
	g := parseGlob(pattern)
	var out []string
	for _, e := range s.exact {
		if g.accepts(g.run(e), true) {
			out = append(out, e)
		}
	}
	for _, p := range s.prefixes {
		if g.accepts(g.run(p), false) {
			out = append(out, p+"…")
		}
	}
	return out
}

// glob is a path.Match pattern as a sequence of single-character tokens
// and stars, run as a nondeterministic automaton: a state is the index of
// the next token to match.
type glob []globToken

type globToken struct {
	star  bool
	match func(rune) bool
}

// parseGlob tokenizes a valid path.Match pattern.
func parseGlob(p string) glob {
	var g glob
	for len(p) > 0 {
		switch p[0] {
		case '*':
			g = append(g, globToken{star: true})
			p = p[1:]
		case '?':
			g = append(g, globToken{match: func(r rune) bool { return r != '/' }})
			p = p[1:]
		case '[':
			var t globToken
			t, p = parseClass(p[1:])
			g = append(g, t)
		default:
			if p[0] == '\\' && len(p) > 1 {
				p = p[1:]
			}
			c, n := utf8.DecodeRuneInString(p)
			g = append(g, globToken{match: func(r rune) bool { return r == c }})
			p = p[n:]
		}
	}
	return g
}

// parseClass parses a character class after its '[' and returns the
// token and the rest of the pattern after its ']'.
func parseClass(p string) (globToken, string) {
	negate := false
	if len(p) > 0 && p[0] == '^' {
		negate, p = true, p[1:]
	}
	type span struct{ lo, hi rune }
	var spans []span
	char := func() rune {
		if p[0] == '\\' {
			p = p[1:]
		}
		c, n := utf8.DecodeRuneInString(p)
		p = p[n:]
		return c
	}
	for first := true; len(p) > 0 && (first || p[0] != ']'); first = false {
		lo := char()
		hi := lo
		if len(p) > 1 && p[0] == '-' && p[1] != ']' {
			p = p[1:]
			hi = char()
		}
		spans = append(spans, span{lo, hi})
	}
	if len(p) > 0 {
		p = p[1:] // ']'
	}
	return globToken{match: func(r rune) bool {
		in := false
		for _, s := range spans {
			in = in || (s.lo <= r && r <= s.hi)
		}
		return in != negate && r != '/'
	}}, p
}

// closure adds the states reachable by letting stars match nothing.
func (g glob) closure(states map[int]bool) map[int]bool {
	for i := 0; i < len(g); i++ {
		if states[i] && g[i].star {
			states[i+1] = true
		}
	}
	return states
}

// run feeds s to the automaton from its start, each letter in either
// case (system names are compared case-insensitively), and returns the
// states it can be in.
func (g glob) run(s string) map[int]bool {
	states := g.closure(map[int]bool{0: true})
	for _, c := range s {
		next := map[int]bool{}
		for _, r := range []rune{unicode.ToLower(c), unicode.ToUpper(c)} {
			for i := range states {
				switch {
				case i == len(g):
				case g[i].star:
					next[i] = true
				case g[i].match(r):
					next[i+1] = true
				}
			}
		}
		states = g.closure(next)
	}
	return states
}

// accepts reports whether states can end in a match: at the end of the
// pattern (exact), or anywhere, since any remaining tokens can still be
// matched by some continuation of the name (prefix).
func (g glob) accepts(states map[int]bool, exact bool) bool {
	if !exact {
		return len(states) > 0
	}
	return states[len(g)]
}
