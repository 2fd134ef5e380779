package config

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// Grants are declared in an account block as grant blocks, or all at once
// with the grants attribute (a list of objects with the same arguments),
// which is what makes "the same grants for every app account" one line:
// grants = local.app_writer. Both forms may be mixed.

// grantArgs are the arguments of a grant block and of a grants element.
var grantArgs = []string{"object_type", "database", "schema", "table", "objects", "privileges"}

func grantSchema() *hcl.BodySchema {
	return &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
		{Name: "object_type", Required: true}, {Name: "database"}, {Name: "schema"}, {Name: "table"},
		{Name: "objects"}, {Name: "privileges", Required: true},
	}}
}

// grantElementType is the type each grants element converts to.
var grantElementType = cty.ObjectWithOptionalAttrs(map[string]cty.Type{
	"object_type": cty.String, "database": cty.String, "schema": cty.String, "table": cty.String,
	"objects": cty.List(cty.String), "privileges": cty.List(cty.String),
}, []string{"database", "schema", "table", "objects"})

// grantRules says, per object type, which arguments a grant needs and
// which it must not have, and which privileges the type takes.
type grantRules struct {
	product string // "PostgreSQL", "LibraDB"
	// what names an object of a type in messages ("a table").
	what       func(typ string) string
	types      []string
	privileges map[string][]string
	// arg returns need (1), forbid (-1) or allow (0) for an argument of a
	// type.
	arg func(typ, arg string) int
}

const (
	forbid = -1
	allow  = 0
	need   = 1
)

var postgresGrants = grantRules{
	product: "PostgreSQL", types: postgresObjectTypes, privileges: postgresPrivileges, what: article,
	arg: func(typ, arg string) int {
		switch arg {
		case "database":
			return need
		case "schema":
			if typ == ObjectDatabase {
				return forbid
			}
			return need
		case "objects":
			if typ == ObjectDatabase || typ == ObjectSchema {
				return forbid
			}
			return need
		case "table":
			if typ == ObjectColumn {
				return need
			}
			return forbid
		}
		return allow
	},
}

var libraGrants = grantRules{
	product: "LibraDB", types: libraObjectTypes, privileges: libraPrivileges,
	what: func(typ string) string { return article(typ) + " grant" },
	arg: func(typ, arg string) int {
		switch arg {
		case "database":
			if typ == LibraGlobal {
				return forbid
			}
			return need
		case "objects":
			if typ == LibraTable {
				return need
			}
			return forbid
		case "schema", "table":
			return forbid
		}
		return allow
	},
}

// rawGrant is one grant as written, before validation, with the range
// each argument's diagnostics point at.
type rawGrant struct {
	// where prefixes messages ("" for a block, "grants[2]: " for an
	// element of the attribute).
	where  string
	decl   hcl.Range
	values map[string]cty.Value // known, non-null arguments
	ranges map[string]hcl.Range
	// items are the ranges of the elements of a literal privileges list,
	// to point at the invalid one.
	items []hcl.Range
}

// decodeGrants decodes an account's grant blocks and grants attribute.
func (l *loader) decodeGrants(blocks []*hcl.Block, attr *hcl.Attribute, ctx *hcl.EvalContext, rules grantRules) []*Grant {
	var out []*Grant
	for _, b := range blocks {
		content, diags := b.Body.Content(grantSchema())
		l.diags = append(l.diags, diags...)
		r := rawGrant{decl: b.DefRange, values: map[string]cty.Value{}, ranges: map[string]hcl.Range{}}
		usable := true
		for _, name := range slices.Sorted(maps.Keys(content.Attributes)) {
			a := content.Attributes[name]
			ty := cty.String
			if name == "objects" || name == "privileges" {
				ty = cty.List(cty.String)
			}
			v, ok := l.attrValue(a, ctx, ty)
			switch {
			case !ok:
				usable = false
			case !v.IsNull():
				r.values[name], r.ranges[name] = v, a.Expr.Range()
			}
			if tup, ok := a.Expr.(*hclsyntax.TupleConsExpr); ok && name == "privileges" {
				for _, e := range tup.Exprs {
					r.items = append(r.items, e.Range())
				}
			}
		}
		if usable && !diags.HasErrors() {
			if g := l.checkGrant(r, rules); g != nil {
				out = append(out, g)
			}
		}
	}
	if attr != nil {
		out = append(out, l.decodeGrantsAttr(attr, ctx, rules)...)
	}
	return out
}

// decodeGrantsAttr decodes grants = [ {…}, … ]; every diagnostic points
// at the attribute and names the element.
func (l *loader) decodeGrantsAttr(a *hcl.Attribute, ctx *hcl.EvalContext, rules grantRules) []*Grant {
	v, ok := l.attrValue(a, ctx, cty.DynamicPseudoType)
	if !ok || v.IsNull() {
		return nil
	}
	if ty := v.Type(); !ty.IsListType() && !ty.IsTupleType() && !ty.IsSetType() {
		l.errorf(a.Expr.Range(), "Invalid grants", "grants must be a list of objects with the arguments of a grant block (%s), e.g. grants = [{ object_type = \"table\", database = \"app\", schema = \"public\", objects = [\"orders\"], privileges = [\"SELECT\"] }].", strings.Join(grantArgs, ", "))
		return nil
	}
	var out []*Grant
	i := 0
	for it := v.ElementIterator(); it.Next(); i++ {
		_, e := it.Element()
		where := fmt.Sprintf("grants[%d]: ", i)
		if e.IsNull() || !e.Type().IsObjectType() && !e.Type().IsMapType() {
			l.errorf(a.Expr.Range(), "Invalid grants", "%severy element of grants must be an object with the arguments of a grant block (%s).", where, strings.Join(grantArgs, ", "))
			continue
		}
		if e.Type().IsObjectType() {
			unknown := false
			for _, name := range slices.Sorted(maps.Keys(e.Type().AttributeTypes())) {
				if !slices.Contains(grantArgs, name) {
					l.errorf(a.Expr.Range(), "Unsupported argument in grants", "%s%q is not an argument of a grant; use %s.", where, name, strings.Join(grantArgs, ", "))
					unknown = true
				}
			}
			if unknown {
				continue
			}
		}
		ce, err := convert.Convert(e, grantElementType)
		if err != nil {
			l.errorf(a.Expr.Range(), "Invalid grants", "%s%s. Give object_type and database as strings and objects and privileges as lists of strings.", where, err)
			continue
		}
		r := rawGrant{where: where, decl: a.Expr.Range(), values: map[string]cty.Value{}, ranges: map[string]hcl.Range{}}
		for name, av := range ce.AsValueMap() {
			if !av.IsNull() {
				r.values[name], r.ranges[name] = av, a.Expr.Range()
			}
		}
		for _, req := range []string{"object_type", "privileges"} {
			if _, ok := r.values[req]; !ok {
				l.errorf(a.Expr.Range(), "Missing argument in grants", "%severy grant needs %s.", where, req)
			}
		}
		if _, ok := r.values["object_type"]; !ok {
			continue
		}
		if _, ok := r.values["privileges"]; !ok {
			continue
		}
		if g := l.checkGrant(r, rules); g != nil {
			out = append(out, g)
		}
	}
	return out
}

// checkGrant validates one grant against the rules of its product and
// returns it in the model's form (nil when it is invalid).
func (l *loader) checkGrant(r rawGrant, rules grantRules) *Grant {
	str := func(name string) string {
		if v, ok := r.values[name]; ok {
			return v.AsString()
		}
		return ""
	}
	list := func(name string) []string {
		var out []string
		if v, ok := r.values[name]; ok {
			for it := v.ElementIterator(); it.Next(); {
				if _, e := it.Element(); !e.IsNull() {
					out = append(out, e.AsString())
				}
			}
		}
		return out
	}
	if _, ok := r.values["privileges"]; !ok {
		l.errorf(r.decl, "Missing privileges", "%sprivileges is null; give the list of privileges the account must have on the objects ([] for none: every privilege it has there is revoked).", r.where)
		return nil
	}
	typ := strings.ToLower(str("object_type"))
	if !slices.Contains(rules.types, typ) {
		l.errorf(r.ranges["object_type"], "Invalid object type", "%s%q is not an object type of a %s grant; use one of %s.", r.where, str("object_type"), rules.product, strings.Join(rules.types, ", "))
		return nil
	}
	g := &Grant{ObjectType: typ, Database: str("database"), Schema: str("schema"), Table: str("table"),
		Objects: list("objects"), DeclRange: r.decl}
	ok := true
	for _, arg := range []string{"database", "schema", "table", "objects"} {
		_, set := r.values[arg]
		switch rule := rules.arg(typ, arg); {
		case rule == need && !set:
			l.errorf(r.decl, "Missing argument in grant", "%sA %s grant with object_type = %q needs %s.", r.where, rules.product, typ, argHelp(typ, arg))
			ok = false
		case rule == forbid && set:
			l.errorf(r.ranges[arg], "Unexpected argument in grant", "%sA %s grant with object_type = %q takes no %s; %s", r.where, rules.product, typ, arg, grantShape(rules, typ))
			ok = false
		}
	}
	for _, arg := range []string{"database", "schema", "table"} {
		if _, set := r.values[arg]; set && str(arg) == "" {
			l.errorf(r.ranges[arg], "Empty name in grant", "%s%s is empty; name the %s.", r.where, arg, arg)
			ok = false
		}
	}
	if _, set := r.values["objects"]; set {
		if len(g.Objects) == 0 || slices.Contains(g.Objects, "") {
			l.errorf(r.ranges["objects"], "Empty name in grant", "%sobjects must name at least one %s, and no name may be empty.", r.where, typ)
			ok = false
		}
	}
	privs, err := NormalizePrivileges(list("privileges"), rules.privileges[typ], rules.what(typ))
	if err != nil {
		rng := r.ranges["privileges"]
		if bad := badPrivilege(list("privileges"), rules.privileges[typ]); bad >= 0 && bad < len(r.items) {
			rng = r.items[bad]
		}
		l.errorf(rng, "Invalid privilege", "%s%s.", r.where, capitalize(err.Error()))
		ok = false
	}
	if !ok {
		return nil
	}
	slices.Sort(g.Objects)
	g.Objects = slices.Compact(g.Objects)
	g.Privileges = privs
	return g
}

// badPrivilege returns the index of the first name allowed does not
// take, or -1.
func badPrivilege(names, allowed []string) int {
	return slices.IndexFunc(names, func(n string) bool {
		c := CanonicalPrivilege(n)
		return c != PrivilegeAll && !slices.Contains(allowed, c)
	})
}

// argHelp says what a needed argument is for.
func argHelp(typ, arg string) string {
	switch {
	case arg == "database" && typ == ObjectDatabase:
		return "database (the database the privileges are on)"
	case arg == "schema" && typ == ObjectSchema:
		return "schema (the schema the privileges are on) and database"
	case arg == "objects" && typ == ObjectColumn:
		return "objects (the column names) and table"
	case arg == "objects":
		return fmt.Sprintf("objects (the %s names)", typ)
	case arg == "table":
		return "table (the table of the columns)"
	}
	return arg
}

// grantShape describes the arguments a grant of typ takes.
func grantShape(rules grantRules, typ string) string {
	var args []string
	for _, a := range []string{"database", "schema", "table", "objects"} {
		if rules.arg(typ, a) == need {
			args = append(args, a)
		}
	}
	if len(args) == 0 {
		return "it takes only object_type and privileges."
	}
	return fmt.Sprintf("it takes %s and privileges.", strings.Join(args, ", "))
}
