package config

import (
	"fmt"
	"slices"
	"strings"
)

// Object types a PostgreSQL grant names (the API's DatabaseObject types
// but "account", whose type is the account's type attribute).
const (
	ObjectDatabase  = "database"
	ObjectSchema    = "schema"
	ObjectTable     = "table"
	ObjectView      = "view"
	ObjectMatview   = "matview"
	ObjectSequence  = "sequence"
	ObjectFunction  = "function"
	ObjectProcedure = "procedure"
	ObjectType      = "type"
	ObjectColumn    = "column"
)

// Levels a LibraDB grant names.
const (
	LibraGlobal   = "global"
	LibraDatabase = "database"
	LibraTable    = "table"
)

// PrivilegeAll stands for every privilege of the object type.
const PrivilegeAll = "ALL"

// postgresPrivileges are the privileges PostgreSQL's GRANT takes per
// object type. A materialized view is read-only, so it takes only SELECT.
var postgresPrivileges = map[string][]string{
	ObjectDatabase:  {"CONNECT", "CREATE", "TEMPORARY"},
	ObjectSchema:    {"CREATE", "USAGE"},
	ObjectTable:     {"DELETE", "INSERT", "REFERENCES", "SELECT", "TRIGGER", "TRUNCATE", "UPDATE"},
	ObjectView:      {"DELETE", "INSERT", "REFERENCES", "SELECT", "TRIGGER", "TRUNCATE", "UPDATE"},
	ObjectMatview:   {"SELECT"},
	ObjectSequence:  {"SELECT", "UPDATE", "USAGE"},
	ObjectFunction:  {"EXECUTE"},
	ObjectProcedure: {"EXECUTE"},
	ObjectType:      {"USAGE"},
	ObjectColumn:    {"INSERT", "REFERENCES", "SELECT", "UPDATE"},
}

// postgresObjectTypes lists the types in the order messages name them.
var postgresObjectTypes = []string{ObjectDatabase, ObjectSchema, ObjectTable, ObjectView, ObjectMatview,
	ObjectSequence, ObjectFunction, ObjectProcedure, ObjectType, ObjectColumn}

// libraPrivileges are the MySQL privilege names per level, as TencentDB
// documents them for MySQL-compatible accounts (UNCONFIRMED for LibraDB,
// whose pages list none).
var libraPrivileges = func() map[string][]string {
	table := []string{"ALTER", "CREATE", "CREATE VIEW", "DELETE", "DROP", "INDEX", "INSERT", "REFERENCES",
		"SELECT", "SHOW VIEW", "TRIGGER", "UPDATE"}
	database := append(slices.Clone(table), "ALTER ROUTINE", "CREATE ROUTINE", "CREATE TEMPORARY TABLES",
		"EVENT", "EXECUTE", "LOCK TABLES")
	global := append(slices.Clone(database), "CREATE USER", "PROCESS", "RELOAD", "REPLICATION CLIENT",
		"REPLICATION SLAVE", "SHOW DATABASES")
	slices.Sort(database)
	slices.Sort(global)
	return map[string][]string{LibraGlobal: global, LibraDatabase: database, LibraTable: table}
}()

var libraObjectTypes = []string{LibraGlobal, LibraDatabase, LibraTable}

// privilegeAliases are the accepted spellings of a privilege that differ
// from its canonical name.
var privilegeAliases = map[string]string{"TEMP": "TEMPORARY", "ALL PRIVILEGES": PrivilegeAll}

// PostgresPrivileges returns the privileges a PostgreSQL object type
// takes, sorted (nil for an unknown type). The caller owns the slice.
func PostgresPrivileges(objectType string) []string {
	return slices.Clone(postgresPrivileges[objectType])
}

// LibraPrivileges returns the privileges a LibraDB level (global,
// database, table) takes, sorted (nil for an unknown level). The caller
// owns the slice.
func LibraPrivileges(level string) []string {
	return slices.Clone(libraPrivileges[level])
}

// CanonicalPrivilege is a privilege name upper-cased with its words
// single-spaced, aliases resolved ("temp" → "TEMPORARY", "show  view" →
// "SHOW VIEW"): the form grants and observed privileges are compared in.
func CanonicalPrivilege(p string) string {
	c := strings.ToUpper(strings.Join(strings.Fields(p), " "))
	if a, ok := privilegeAliases[c]; ok {
		return a
	}
	return c
}

// NormalizePrivileges checks privilege names against those allowed (one
// of the tables above) and returns them canonical (upper-case, aliases
// resolved, ALL expanded to every allowed one), de-duplicated and sorted.
// Names compare case-insensitively. The error names the first invalid
// one and what is allowed; what is "a table", "a global grant".
func NormalizePrivileges(names, allowed []string, what string) ([]string, error) {
	out := []string{}
	for _, n := range names {
		c := CanonicalPrivilege(n)
		switch {
		case c == PrivilegeAll:
			out = append(out, allowed...)
		case slices.Contains(allowed, c):
			out = append(out, c)
		default:
			return nil, fmt.Errorf("%q is not a privilege of %s; %s takes %s (or ALL)", n, what, what, strings.Join(allowed, ", "))
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// article returns "a table", "an object" for a type name.
func article(s string) string {
	if s != "" && strings.ContainsRune("aeiou", rune(s[0])) {
		return "an " + s
	}
	return "a " + s
}
