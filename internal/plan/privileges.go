package plan

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/dbplan/dbplan/internal/config"
)

// DBObject is a PostgreSQL object privileges are held on, named as the
// API's DatabaseObject names it: Type is a config.Object* constant; Name
// is the database of a database, the schema of a schema, the column of a
// column (in Table), and otherwise the object in Database.Schema.
type DBObject struct {
	Type     string
	Database string
	Schema   string
	Table    string
	Name     string
}

// Key is the object's stable identity and display name, e.g.
// "database orders", "schema orders.public", "table orders.public.items",
// "column orders.public.items.price". A name that is not a plain
// identifier is double-quoted as in SQL ("my.schema"), so keys are
// unambiguous; ParseDBObjectKey reverses it.
func (o DBObject) Key() string {
	var parts []string
	switch o.Type {
	case config.ObjectDatabase:
		parts = []string{o.Name}
	case config.ObjectSchema:
		parts = []string{o.Database, o.Name}
	case config.ObjectColumn:
		parts = []string{o.Database, o.Schema, o.Table, o.Name}
	default:
		parts = []string{o.Database, o.Schema, o.Name}
	}
	for i, p := range parts {
		parts[i] = quoteIdent(p)
	}
	return o.Type + " " + strings.Join(parts, ".")
}

var plainIdent = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

func quoteIdent(s string) string {
	if plainIdent.MatchString(s) {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// ParseDBObjectKey is the inverse of DBObject.Key.
func ParseDBObjectKey(key string) (DBObject, error) {
	typ, rest, ok := strings.Cut(key, " ")
	if !ok {
		return DBObject{}, fmt.Errorf("object key %q has no type", key)
	}
	var parts []string
	for rest != "" {
		var p string
		if rest[0] == '"' {
			end := 1
			var b strings.Builder
			for {
				i := strings.IndexByte(rest[end:], '"')
				if i < 0 {
					return DBObject{}, fmt.Errorf("object key %q has an unterminated quote", key)
				}
				b.WriteString(rest[end : end+i])
				end += i + 1
				if end < len(rest) && rest[end] == '"' {
					b.WriteByte('"')
					end++
					continue
				}
				break
			}
			p, rest = b.String(), rest[end:]
		} else {
			i := strings.IndexByte(rest, '.')
			if i < 0 {
				i = len(rest)
			}
			p, rest = rest[:i], rest[i:]
		}
		parts = append(parts, p)
		if rest != "" {
			if rest[0] != '.' {
				return DBObject{}, fmt.Errorf("object key %q is malformed", key)
			}
			rest = rest[1:]
		}
	}
	want := map[string]int{config.ObjectDatabase: 1, config.ObjectSchema: 2, config.ObjectColumn: 4}[typ]
	if want == 0 {
		want = 3
	}
	if len(parts) != want || slices.Contains(parts, "") {
		return DBObject{}, fmt.Errorf("object key %q does not name a %s", key, typ)
	}
	switch typ {
	case config.ObjectDatabase:
		return DBObject{Type: typ, Name: parts[0]}, nil
	case config.ObjectSchema:
		return DBObject{Type: typ, Database: parts[0], Name: parts[1]}, nil
	case config.ObjectColumn:
		return DBObject{Type: typ, Database: parts[0], Schema: parts[1], Table: parts[2], Name: parts[3]}, nil
	}
	return DBObject{Type: typ, Database: parts[0], Schema: parts[1], Name: parts[2]}, nil
}

// GrantObjects returns the objects a PostgreSQL grant names.
func GrantObjects(g *config.Grant) []DBObject {
	switch g.ObjectType {
	case config.ObjectDatabase:
		return []DBObject{{Type: g.ObjectType, Name: g.Database}}
	case config.ObjectSchema:
		return []DBObject{{Type: g.ObjectType, Database: g.Database, Name: g.Schema}}
	}
	out := make([]DBObject, len(g.Objects))
	for i, name := range g.Objects {
		out[i] = DBObject{Type: g.ObjectType, Database: g.Database, Schema: g.Schema, Table: g.Table, Name: name}
	}
	return out
}

// ObjectOf returns the PostgreSQL object an action's target names (the
// zero DBObject when it names none).
func (t Target) ObjectOf() DBObject {
	return DBObject{Type: t.ObjectType, Database: t.Database, Schema: t.Schema, Table: t.Table, Name: t.Object}
}

// withObject returns t naming object o.
func (t Target) withObject(o DBObject) Target {
	t.ObjectType, t.Database, t.Schema, t.Table, t.Object = o.Type, o.Database, o.Schema, o.Table, o.Name
	return t
}

// privilegeList renders a privilege set as an HCL list literal, the form
// of Before, After and Precondition.Expect: ["INSERT", "SELECT"].
func privilegeList(privs []string) string {
	q := make([]string, len(privs))
	for i, p := range privs {
		q[i] = strconv.Quote(p)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// parsePrivilegeList is the inverse of privilegeList.
func parsePrivilegeList(s string) ([]string, error) {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "[") || !strings.HasSuffix(s, "]") {
		return nil, errors.New("not a list")
	}
	inner := strings.TrimSpace(s[1 : len(s)-1])
	if inner == "" {
		return []string{}, nil
	}
	var out []string
	for _, item := range strings.Split(inner, ", ") {
		p, err := strconv.Unquote(item)
		if err != nil {
			return nil, fmt.Errorf("list item %s: %w", item, err)
		}
		out = append(out, p)
	}
	return out, nil
}

// setDiff returns the names of a not in b, sorted.
func setDiff(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	slices.Sort(out)
	return out
}

// sortedSet returns s sorted, without duplicates, never nil.
func sortedSet(s []string) []string {
	out := append([]string{}, s...)
	slices.Sort(out)
	return slices.Compact(out)
}
