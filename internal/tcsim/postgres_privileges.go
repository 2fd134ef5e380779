package tcsim

import (
	"fmt"
	"slices"
	"strings"
)

// DescribeAccountPrivileges and ModifyAccountPrivileges: privileges of
// accounts on the instance's catalog, and the account type (alterRole).

// maxPrivilegeChanges is the documented ModifyPrivilegeSet limit.
const maxPrivilegeChanges = 50

// Codes of the privilege actions (their documented lists; see doc.go for
// the choices).
const (
	codeUnknownObject     = "InvalidParameterValue.InvalidDatabaseObjectName"
	codeOutOfRange        = "InvalidParameterValue.ParameterOutOfRange"
	codePrivAccountAbsent = "InvalidParameterValue.InvalidAccountNameError"
)

// pgPrivileges are the privileges PostgreSQL's GRANT takes per object
// type, in the order answers list them.
var pgPrivileges = map[string][]string{
	"database":  {"CREATE", "CONNECT", "TEMPORARY"},
	"schema":    {"CREATE", "USAGE"},
	"table":     {"SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"},
	"view":      {"SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"},
	"matview":   {"SELECT"},
	"sequence":  {"USAGE", "SELECT", "UPDATE"},
	"function":  {"EXECUTE"},
	"procedure": {"EXECUTE"},
	"type":      {"USAGE"},
	"column":    {"SELECT", "INSERT", "UPDATE", "REFERENCES"},
}

// pgObjectTypes is the documented ObjectType list.
var pgObjectTypes = []string{"account", "database", "schema", "sequence", "procedure", "type", "function", "table", "view", "matview", "column"}

type objectParam struct {
	ObjectType   *string `tc:"required" json:"ObjectType"`
	ObjectName   *string `tc:"required" json:"ObjectName"`
	DatabaseName *string `json:"DatabaseName"`
	SchemaName   *string `json:"SchemaName"`
	TableName    *string `json:"TableName"`
}

type privilegeParam struct {
	Object       *objectParam `json:"Object"`
	PrivilegeSet []string     `json:"PrivilegeSet"`
}

type modifyPrivilegeParam struct {
	DatabasePrivilege *privilegeParam `json:"DatabasePrivilege"`
	ModifyType        *string         `json:"ModifyType"`
	IsCascade         *bool           `json:"IsCascade"`
}

type describePrivilegesReq struct {
	DBInstanceId      *string       `tc:"required" json:"DBInstanceId"`
	UserName          *string       `tc:"required" json:"UserName"`
	DatabaseObjectSet []objectParam `tc:"required" json:"DatabaseObjectSet"`
}

func (r *describePrivilegesReq) userName() string { return *r.UserName }

type modifyPrivilegesReq struct {
	DBInstanceId       *string                `tc:"required" json:"DBInstanceId"`
	UserName           *string                `tc:"required" json:"UserName"`
	ModifyPrivilegeSet []modifyPrivilegeParam `tc:"required" json:"ModifyPrivilegeSet"`
}

func (r *modifyPrivilegesReq) userName() string { return *r.UserName }

// objectView is DatabaseObject as answers render it: every name present,
// "" when not applicable (as in the documented examples).
type objectView struct {
	ObjectType   string
	ObjectName   string
	DatabaseName string
	SchemaName   string
	TableName    string
}

type privilegeView struct {
	Object       objectView
	PrivilegeSet []string
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// resolveObject checks that o names an object of in's catalog (or, for
// "account", an account of in) and returns it in canonical form. path is
// the parameter path of o, for messages.
func resolveObject(in *Instance, o *objectParam, path string) (objectView, *apiError) {
	v := objectView{ObjectType: *o.ObjectType, ObjectName: *o.ObjectName}
	if !slices.Contains(pgObjectTypes, v.ObjectType) {
		return v, errf(codeUnknownObject, "%s.ObjectType %q is not an object type; use one of %s.", path, v.ObjectType, strings.Join(pgObjectTypes, ", "))
	}
	need := func(p *string, name string) (string, *apiError) {
		if str(p) == "" {
			return "", errf(codeMissingParameter, "The request is missing the required parameter `%s.%s` (needed for ObjectType %s).", path, name, v.ObjectType)
		}
		return *p, nil
	}
	var aerr *apiError
	switch v.ObjectType {
	case "account":
		if findAccount(in, v.ObjectName) == nil {
			return v, errf(codeUnknownObject, "The account %s does not exist on instance %s.", v.ObjectName, in.ID)
		}
		return v, nil
	case "database":
	case "schema":
		v.DatabaseName, aerr = need(o.DatabaseName, "DatabaseName")
	default:
		if v.DatabaseName, aerr = need(o.DatabaseName, "DatabaseName"); aerr == nil {
			v.SchemaName, aerr = need(o.SchemaName, "SchemaName")
		}
		if aerr == nil && v.ObjectType == "column" {
			v.TableName, aerr = need(o.TableName, "TableName")
		}
	}
	if aerr != nil {
		return v, aerr
	}
	if !catalogHas(in, v) {
		return v, errf(codeUnknownObject, "The %s %s does not exist on instance %s.", v.ObjectType, objectText(v), in.ID)
	}
	return v, nil
}

// objectText names an object as "db.schema.name" (as far as it has them).
func objectText(v objectView) string {
	parts := []string{v.DatabaseName, v.SchemaName, v.TableName, v.ObjectName}
	return strings.Join(slices.DeleteFunc(parts, func(s string) bool { return s == "" }), ".")
}

// defaultCatalog is the catalog of an instance whose world gives none.
var defaultCatalog = []Database{{Name: "postgres", Schemas: []Schema{{Name: "public"}}}}

func catalogOf(in *Instance) []Database {
	if len(in.Databases) == 0 {
		return defaultCatalog
	}
	return in.Databases
}

// catalogHas reports whether the object v exists in in's catalog.
func catalogHas(in *Instance, v objectView) bool {
	dbName := v.DatabaseName
	if v.ObjectType == "database" {
		dbName = v.ObjectName
	}
	i := slices.IndexFunc(catalogOf(in), func(d Database) bool { return d.Name == dbName })
	if i < 0 {
		return false
	}
	if v.ObjectType == "database" {
		return true
	}
	db := catalogOf(in)[i]
	schemaName := v.SchemaName
	if v.ObjectType == "schema" {
		schemaName = v.ObjectName
	}
	j := slices.IndexFunc(db.Schemas, func(s Schema) bool { return s.Name == schemaName })
	if j < 0 {
		return false
	}
	sc := db.Schemas[j]
	tableNamed := func(name string) int {
		return slices.IndexFunc(sc.Tables, func(t Table) bool { return t.Name == name })
	}
	switch v.ObjectType {
	case "schema":
		return true
	case "table":
		return tableNamed(v.ObjectName) >= 0
	case "column":
		k := tableNamed(v.TableName)
		return k >= 0 && slices.Contains(sc.Tables[k].Columns, v.ObjectName)
	case "view":
		return slices.Contains(sc.Views, v.ObjectName)
	case "matview":
		return slices.Contains(sc.Matviews, v.ObjectName)
	case "sequence":
		return slices.Contains(sc.Sequences, v.ObjectName)
	case "function":
		return slices.Contains(sc.Functions, v.ObjectName)
	case "procedure":
		return slices.Contains(sc.Procedures, v.ObjectName)
	case "type":
		return slices.Contains(sc.Types, v.ObjectName)
	}
	return false
}

// samePrivilegeObject reports whether p is the entry of object v.
func samePrivilegeObject(p Privilege, v objectView) bool {
	return p.ObjectType == v.ObjectType && p.ObjectName == v.ObjectName && p.DatabaseName == v.DatabaseName &&
		p.SchemaName == v.SchemaName && p.TableName == v.TableName
}

// privilegesOn returns what a holds on v, in the type's order.
func privilegesOn(a *Account, v objectView) []string {
	if v.ObjectType == "account" {
		return []string{a.UserType}
	}
	out := []string{}
	for _, p := range a.Privileges {
		if samePrivilegeObject(p, v) {
			for _, name := range pgPrivileges[v.ObjectType] {
				if slices.Contains(p.Privileges, name) {
					out = append(out, name)
				}
			}
		}
	}
	return out
}

// normalizePrivileges upper-cases names (PostgreSQL keywords are
// case-insensitive) and checks each is valid for the object type.
func normalizePrivileges(typ string, names []string, path string) ([]string, *apiError) {
	out := make([]string, 0, len(names))
	for _, n := range names {
		u := strings.ToUpper(n)
		if !slices.Contains(pgPrivileges[typ], u) {
			return nil, errf(codeParameterCheck, "%s: %q is not a privilege of a %s; a %s takes %s.", path, n, typ, typ, strings.Join(pgPrivileges[typ], ", "))
		}
		if !slices.Contains(out, u) {
			out = append(out, u)
		}
	}
	return out, nil
}

// privilegeAccount finds the account a privilege action names.
func privilegeAccount(in *Instance, user string) (*Account, *apiError) {
	if a := findAccount(in, user); a != nil {
		return a, nil
	}
	return nil, errf(codePrivAccountAbsent, "The account %s does not exist on instance %s.", user, in.ID)
}

func (s *Server) describeAccountPrivileges(c *call) (any, *apiError) {
	var req describePrivilegesReq
	if aerr := decodeAccountParams(c, &req); aerr != nil {
		return nil, aerr
	}
	in, aerr := s.instanceLocked(c, *req.DBInstanceId)
	if aerr != nil {
		return nil, aerr
	}
	a, aerr := privilegeAccount(in, *req.UserName)
	if aerr != nil {
		return nil, aerr
	}
	set := make([]privilegeView, 0, len(req.DatabaseObjectSet))
	for i := range req.DatabaseObjectSet {
		v, aerr := resolveObject(in, &req.DatabaseObjectSet[i], fmt.Sprintf("DatabaseObjectSet.%d", i))
		if aerr != nil {
			return nil, aerr
		}
		set = append(set, privilegeView{Object: v, PrivilegeSet: privilegesOn(a, v)})
	}
	return struct{ PrivilegeSet []privilegeView }{set}, nil
}

// privilegeChange is one validated entry of a ModifyAccountPrivileges call.
type privilegeChange struct {
	modify string
	object objectView
	privs  []string
}

// modifyAccountPrivileges is atomic: every entry is checked first, and one
// bad entry fails the call with nothing changed.
func (s *Server) modifyAccountPrivileges(c *call) (any, *apiError) {
	var req modifyPrivilegesReq
	if aerr := decodeAccountParams(c, &req); aerr != nil {
		return nil, aerr
	}
	if n := len(req.ModifyPrivilegeSet); n == 0 || n > maxPrivilegeChanges {
		return nil, errf(codeOutOfRange, "ModifyPrivilegeSet has %d entries; one call takes 1 to %d.", n, maxPrivilegeChanges)
	}
	in, aerr := s.instanceForAccountOp(c, *req.DBInstanceId)
	if aerr != nil {
		return nil, aerr
	}
	a, aerr := privilegeAccount(in, *req.UserName)
	if aerr != nil {
		return nil, aerr
	}
	changes := make([]privilegeChange, len(req.ModifyPrivilegeSet))
	for i, m := range req.ModifyPrivilegeSet {
		ch, aerr := checkPrivilegeChange(in, a, m, fmt.Sprintf("ModifyPrivilegeSet.%d", i))
		if aerr != nil {
			return nil, aerr
		}
		changes[i] = ch
	}
	for _, ch := range changes {
		c.changed = applyPrivilegeChange(a, ch) || c.changed
	}
	if c.changed {
		a.UpdateTime = formatWire(c.now)
	}
	return empty{}, nil
}

func checkPrivilegeChange(in *Instance, a *Account, m modifyPrivilegeParam, path string) (privilegeChange, *apiError) {
	if m.ModifyType == nil {
		return privilegeChange{}, errf(codeMissingParameter, "The request is missing the required parameter `%s.ModifyType`.", path)
	}
	if m.DatabasePrivilege == nil || m.DatabasePrivilege.Object == nil {
		return privilegeChange{}, errf(codeMissingParameter, "The request is missing the required parameter `%s.DatabasePrivilege.Object`.", path)
	}
	ch := privilegeChange{modify: *m.ModifyType}
	obj, aerr := resolveObject(in, m.DatabasePrivilege.Object, path+".DatabasePrivilege.Object")
	if aerr != nil {
		return ch, aerr
	}
	ch.object = obj
	privs := m.DatabasePrivilege.PrivilegeSet
	switch ch.modify {
	case "alterRole":
		if obj.ObjectType != "account" || obj.ObjectName != a.UserName {
			return ch, errf(codeParameterCheck, "%s: alterRole changes the type of the account itself: name ObjectType account and ObjectName %s.", path, a.UserName)
		}
		if len(privs) != 1 || (privs[0] != "normal" && privs[0] != "tencentDBSuper") {
			return ch, errf(codeParameterCheck, "%s: alterRole takes PrivilegeSet [\"normal\"] or [\"tencentDBSuper\"].", path)
		}
		ch.privs = privs
		return ch, nil
	case "grantObject", "revokeObject":
	default:
		return ch, errf(codeParameterCheck, "%s.ModifyType %q is invalid: use grantObject, revokeObject or alterRole.", path, ch.modify)
	}
	if obj.ObjectType == "account" {
		return ch, errf(codeParameterCheck, "%s: an account object takes only alterRole.", path)
	}
	if len(privs) == 0 {
		return ch, errf(codeParameterCheck, "%s.DatabasePrivilege.PrivilegeSet is empty: name the privileges to %s.", path, strings.TrimSuffix(ch.modify, "Object"))
	}
	ch.privs, aerr = normalizePrivileges(obj.ObjectType, privs, path+".DatabasePrivilege.PrivilegeSet")
	return ch, aerr
}

// applyPrivilegeChange makes one checked change and reports whether the
// account changed.
func applyPrivilegeChange(a *Account, ch privilegeChange) bool {
	if ch.modify == "alterRole" {
		changed := a.UserType != ch.privs[0]
		a.UserType = ch.privs[0]
		return changed
	}
	i := slices.IndexFunc(a.Privileges, func(p Privilege) bool { return samePrivilegeObject(p, ch.object) })
	if i < 0 {
		if ch.modify == "revokeObject" {
			return false
		}
		o := ch.object
		a.Privileges = append(a.Privileges, Privilege{ObjectType: o.ObjectType, ObjectName: o.ObjectName,
			DatabaseName: o.DatabaseName, SchemaName: o.SchemaName, TableName: o.TableName})
		i = len(a.Privileges) - 1
	}
	p := &a.Privileges[i]
	before := len(p.Privileges)
	if ch.modify == "grantObject" {
		for _, n := range ch.privs {
			if !slices.Contains(p.Privileges, n) {
				p.Privileges = append(p.Privileges, n)
			}
		}
	} else {
		p.Privileges = slices.DeleteFunc(p.Privileges, func(n string) bool { return slices.Contains(ch.privs, n) })
	}
	changed := len(p.Privileges) != before
	if len(p.Privileges) == 0 {
		a.Privileges = slices.Delete(a.Privileges, i, i+1)
	}
	return changed
}
