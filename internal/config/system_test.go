package config

import (
	"path"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSystemAccounts(t *testing.T) {
	for name, want := range map[string]bool{
		"root": true, "ROOT": true, "postgres": true, "pg_monitor": true, "PG_X": true, "tencentdb_admin": true,
		"app": false, "rooted": false, "pgx": false, "my_postgres": false,
	} {
		if got := IsPostgresSystemAccount(name); got != want {
			t.Errorf("IsPostgresSystemAccount(%q) = %v, want %v", name, got, want)
		}
	}
	for name, want := range map[string]bool{"root": true, "tencentroot": true, "Tencent_x": true, "etl": false, "roots": false} {
		if got := IsLibraSystemAccount(name); got != want {
			t.Errorf("IsLibraSystemAccount(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestPruneReach: which system names a prune pattern could match.
func TestPruneReach(t *testing.T) {
	tests := map[string][]string{
		"app_*":      nil,
		"*":          {"root", "postgres", "pg_…", "tencentdb_…"},
		"r*":         {"root"},
		"?oot":       {"root"},
		"*_*":        {"pg_…", "tencentdb_…"},
		"p*":         {"postgres", "pg_…"},
		"P*":         {"postgres", "pg_…"},
		"[a-o]*":     nil,
		"[^r]*":      {"root", "postgres", "pg_…", "tencentdb_…"}, // Root
		"[^rR]*":     {"postgres", "pg_…", "tencentdb_…"},
		"pg":         nil,
		"pg_stat_*":  {"pg_…"},
		"tmp_[0-9]?": nil,
		`\r*`:        {"root"},
		"*x":         {"pg_…", "tencentdb_…"},
		"*t":         {"root", "pg_…", "tencentdb_…"}, // pg_t
		"[!]":        nil,
	}
	for pat, want := range tests {
		if _, err := path.Match(pat, ""); err != nil {
			t.Fatalf("%q is not a valid pattern: %v", pat, err)
		}
		got := postgresSystem.reachable(pat)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("reachable(%q) mismatch (-want +got):\n%s", pat, diff)
		}
	}
}

// TestPruneReachAgreesWithMatch cross-checks the automaton against
// path.Match on concrete system names: a pattern path.Match finds
// matching one must be reported as reaching some system name.
func TestPruneReachAgreesWithMatch(t *testing.T) {
	names := []string{"root", "Root", "postgres", "pg_monitor", "pg_", "PG_stat", "tencentdb_admin", "tencentdb_"}
	pats := []string{"*", "r*", "*t", "?o?t", "p?_*", "[pq]g_m*", "*_a*", "*n*", "[^a]*", "t*_", "P*", "*[_]*"}
	for _, pat := range pats {
		reach := postgresSystem.reachable(pat)
		for _, n := range names {
			if ok, _ := path.Match(pat, n); !ok {
				continue
			}
			if len(reach) == 0 {
				t.Errorf("%q matches system account %q but reachable() = %v", pat, n, reach)
			}
		}
	}
}
