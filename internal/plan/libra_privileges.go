package plan

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/dbplan/dbplan/internal/config"
)

// LibraScope is where a LibraDB privilege applies: Level is
// config.LibraGlobal, LibraDatabase (Database) or LibraTable (Database,
// Table).
type LibraScope struct {
	Level    string
	Database string
	Table    string
}

// Key is the scope's identity and display name: "global",
// "database sales", "table sales.orders" (names quoted as in DBObject.Key
// when needed). ParseLibraScope reverses it.
func (s LibraScope) Key() string {
	switch s.Level {
	case config.LibraDatabase:
		return s.Level + " " + quoteIdent(s.Database)
	case config.LibraTable:
		return s.Level + " " + quoteIdent(s.Database) + "." + quoteIdent(s.Table)
	}
	return config.LibraGlobal
}

// ParseLibraScope is the inverse of LibraScope.Key.
func ParseLibraScope(key string) (LibraScope, error) {
	if key == config.LibraGlobal {
		return LibraScope{Level: config.LibraGlobal}, nil
	}
	// The names parse like a DBObject key's: reuse that parser with a
	// type of the right arity.
	level, rest, _ := strings.Cut(key, " ")
	switch level {
	case config.LibraDatabase:
		o, err := ParseDBObjectKey(config.ObjectDatabase + " " + rest)
		return LibraScope{Level: level, Database: o.Name}, err
	case config.LibraTable:
		o, err := ParseDBObjectKey(config.ObjectSchema + " " + rest)
		return LibraScope{Level: level, Database: o.Database, Table: o.Name}, err
	}
	return LibraScope{}, fmt.Errorf("LibraDB privilege scope %q is not global, database or table", key)
}

// GrantScopes returns the scopes a LibraDB grant names.
func GrantScopes(g *config.Grant) []LibraScope {
	switch g.ObjectType {
	case config.LibraGlobal:
		return []LibraScope{{Level: g.ObjectType}}
	case config.LibraDatabase:
		return []LibraScope{{Level: g.ObjectType, Database: g.Database}}
	}
	out := make([]LibraScope, len(g.Objects))
	for i, t := range g.Objects {
		out[i] = LibraScope{Level: g.ObjectType, Database: g.Database, Table: t}
	}
	return out
}

// libraDeclared returns the privileges a LibraDB account's grants declare,
// by scope key (the union where several grants name one scope), and the
// first grant naming each scope.
func libraDeclared(grants []*config.Grant) (map[string][]string, map[string]*config.Grant) {
	privs, first := map[string][]string{}, map[string]*config.Grant{}
	for _, g := range grants {
		for _, s := range GrantScopes(g) {
			k := s.Key()
			if _, ok := first[k]; !ok {
				first[k] = g
			}
			privs[k] = append(privs[k], g.Privileges...)
		}
	}
	for k, p := range privs {
		privs[k] = sortedSet(p)
	}
	return privs, first
}

// libraState renders a LibraDB account's privileges, by scope, as the
// Precondition.Expect of its privilege action: JSON with sorted keys and
// no empty scope.
func libraState(privs map[string][]string) string {
	m := map[string][]string{}
	for k, p := range privs {
		if len(p) > 0 {
			m[k] = sortedSet(p)
		}
	}
	b, err := json.Marshal(m)
	if err != nil {
		panic("plan: marshal LibraDB privileges: " + err.Error()) // strings always marshal
	}
	return string(b)
}

// sameLibraState reports whether two privilege states are equal (empty
// scopes ignored).
func sameLibraState(a, b map[string][]string) bool { return libraState(a) == libraState(b) }

// libraScopes returns the keys of the scopes with privileges in any of
// ms, sorted.
func libraScopes(ms ...map[string][]string) []string {
	var keys []string
	for _, m := range ms {
		for k := range maps.Keys(m) {
			if !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
	}
	slices.Sort(keys)
	return keys
}
