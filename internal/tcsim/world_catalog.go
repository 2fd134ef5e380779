package tcsim

import (
	"errors"
	"fmt"
)

// The catalog of an instance or cluster (what privileges can name) and
// the privileges accounts hold on it. See WORLD.md.

// Database is one database of a postgres instance, with its schemas.
type Database struct {
	Name    string   `json:"name"`
	Schemas []Schema `json:"schemas,omitempty"`
}

// Schema is one schema and the objects in it, by name.
type Schema struct {
	Name       string   `json:"name"`
	Tables     []Table  `json:"tables,omitempty"`
	Views      []string `json:"views,omitempty"`
	Matviews   []string `json:"matviews,omitempty"`
	Sequences  []string `json:"sequences,omitempty"`
	Functions  []string `json:"functions,omitempty"`
	Procedures []string `json:"procedures,omitempty"`
	Types      []string `json:"types,omitempty"`
}

// Table is one table and its columns.
type Table struct {
	Name    string   `json:"name"`
	Columns []string `json:"columns,omitempty"`
}

// Privilege is what an account holds on one object, named as the API's
// DatabaseObject names it: object_name is the database for a database,
// the schema for a schema (in database_name), the column for a column
// (of table_name); every other type lives in database_name.schema_name.
// Privileges are upper-case names valid for the type.
type Privilege struct {
	ObjectType   string   `json:"object_type"`
	ObjectName   string   `json:"object_name"`
	DatabaseName string   `json:"database_name,omitempty"`
	SchemaName   string   `json:"schema_name,omitempty"`
	TableName    string   `json:"table_name,omitempty"`
	Privileges   []string `json:"privileges"`
}

// LibraDatabase is one database of a LibraDB cluster and its tables.
type LibraDatabase struct {
	Name   string   `json:"name"`
	Tables []string `json:"tables,omitempty"`
}

// LibraPrivileges is everything a LibraDB account may do: global
// privileges, and privileges per database and per table (MySQL names such
// as SELECT or CREATE VIEW).
type LibraPrivileges struct {
	Global    []string               `json:"global,omitempty"`
	Databases []LibraDatabasePrivs   `json:"databases,omitempty"`
	Tables    []LibraTablePrivileges `json:"tables,omitempty"`
}

// LibraDatabasePrivs is the privileges on one database.
type LibraDatabasePrivs struct {
	DB         string   `json:"db"`
	Privileges []string `json:"privileges"`
}

// LibraTablePrivileges is the privileges on one table.
type LibraTablePrivileges struct {
	DB         string   `json:"db"`
	Table      string   `json:"table"`
	Privileges []string `json:"privileges"`
}

// normalizeCatalog checks an instance's catalog (unique, non-empty names)
// and its accounts' privileges (existing objects, privileges valid for
// the type, upper-cased).
func (in *Instance) normalizeCatalog() error {
	dbs := map[string]bool{}
	for i, d := range in.Databases {
		if err := uniqueName(dbs, d.Name, fmt.Sprintf("databases[%d]", i)); err != nil {
			return err
		}
		schemas := map[string]bool{}
		for j, s := range d.Schemas {
			where := fmt.Sprintf("database %s: schemas[%d]", d.Name, j)
			if err := uniqueName(schemas, s.Name, where); err != nil {
				return err
			}
			objects := map[string]bool{}
			for k, t := range s.Tables {
				if err := uniqueName(objects, t.Name, fmt.Sprintf("%s: tables[%d]", where, k)); err != nil {
					return err
				}
				cols := map[string]bool{}
				for m, col := range t.Columns {
					if err := uniqueName(cols, col, fmt.Sprintf("%s: table %s: columns[%d]", where, t.Name, m)); err != nil {
						return err
					}
				}
			}
			for _, list := range []struct {
				kind  string
				names []string
			}{{"views", s.Views}, {"matviews", s.Matviews}, {"sequences", s.Sequences},
				{"functions", s.Functions}, {"procedures", s.Procedures}, {"types", s.Types}} {
				seen := map[string]bool{}
				for k, n := range list.names {
					if err := uniqueName(seen, n, fmt.Sprintf("%s: %s[%d]", where, list.kind, k)); err != nil {
						return err
					}
				}
			}
		}
	}
	for j := range in.Accounts {
		a := &in.Accounts[j]
		for k := range a.Privileges {
			p := &a.Privileges[k]
			v := objectView{ObjectType: p.ObjectType, ObjectName: p.ObjectName, DatabaseName: p.DatabaseName,
				SchemaName: p.SchemaName, TableName: p.TableName}
			where := fmt.Sprintf("account %s: privileges[%d]", a.UserName, k)
			if _, ok := pgPrivileges[p.ObjectType]; !ok {
				return fmt.Errorf("%s: object_type %q must be one of database, schema, table, view, matview, sequence, function, procedure, type, column", where, p.ObjectType)
			}
			if !catalogHas(in, v) {
				return fmt.Errorf("%s: the %s %s is not in the instance's databases", where, p.ObjectType, objectText(v))
			}
			privs, aerr := normalizePrivileges(p.ObjectType, p.Privileges, where)
			if aerr != nil {
				return errors.New(aerr.Message)
			}
			p.Privileges = privs
		}
	}
	return nil
}

// normalizeCatalog checks a cluster's catalog and its accounts'
// privileges.
func (c *Cluster) normalizeCatalog() error {
	dbs := map[string]bool{}
	for i, d := range c.Databases {
		if err := uniqueName(dbs, d.Name, fmt.Sprintf("databases[%d]", i)); err != nil {
			return err
		}
		tables := map[string]bool{}
		for k, t := range d.Tables {
			if err := uniqueName(tables, t, fmt.Sprintf("database %s: tables[%d]", d.Name, k)); err != nil {
				return err
			}
		}
	}
	for j := range c.Accounts {
		a := &c.Accounts[j]
		p := a.Privileges
		if p == nil {
			continue
		}
		where := "account " + a.AccountName + "@" + a.Host + ": privileges"
		var aerr *apiError
		if p.Global, aerr = libraPrivNames(p.Global, libraGlobalPrivileges, where+": global", "global"); aerr != nil {
			return errors.New(aerr.Message)
		}
		for k := range p.Databases {
			d := &p.Databases[k]
			path := fmt.Sprintf("%s: databases[%d]", where, k)
			if aerr = checkLibraScope(c, d.DB, "", path); aerr == nil {
				d.Privileges, aerr = libraPrivNames(d.Privileges, libraDatabasePrivileges, path, "database")
			}
			if aerr != nil {
				return errors.New(aerr.Message)
			}
		}
		for k := range p.Tables {
			t := &p.Tables[k]
			path := fmt.Sprintf("%s: tables[%d]", where, k)
			if aerr = checkLibraScope(c, t.DB, t.Table, path); aerr == nil {
				t.Privileges, aerr = libraPrivNames(t.Privileges, libraTablePrivileges, path, "table")
			}
			if aerr != nil {
				return errors.New(aerr.Message)
			}
		}
	}
	return nil
}

func uniqueName(seen map[string]bool, name, where string) error {
	switch {
	case name == "":
		return fmt.Errorf("%s: name is required", where)
	case seen[name]:
		return fmt.Errorf("%s: duplicate name %q", where, name)
	}
	seen[name] = true
	return nil
}
