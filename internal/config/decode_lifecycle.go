package config

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// absentAttr decodes the absent attribute of a block whose other
// attributes are attrs. absent = true deletes the object, so every other
// attribute except those in keep (the ones that identify it) is an error
// at its own line: it would change an object about to be deleted.
func (l *loader) absentAttr(attrs hcl.Attributes, ctx *hcl.EvalContext, what string, keep ...string) bool {
	v := l.boolAttr(attrs, "absent", ctx)
	if v == nil || !*v {
		return false
	}
	var names []string
	for name := range attrs {
		if name != "absent" && !slices.Contains(keep, name) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		l.errorf(attrs[name].NameRange, "Conflicting attributes with absent",
			"absent = true deletes the %s, so %s would never apply. Remove %s, or remove absent = true to keep the %s.", what, name, name, what)
	}
	return true
}

// absentBlocks reports every nested block (a grant) of an object declared
// absent: like an attribute, it would change an object about to go.
func (l *loader) absentBlocks(absent bool, blocks hcl.Blocks, what string) {
	if !absent {
		return
	}
	for _, b := range blocks {
		l.errorf(b.DefRange, "Conflicting attributes with absent",
			"absent = true deletes the %s, so this %s block would never apply. Remove it, or remove absent = true to keep the %s.", what, b.Type, what)
	}
}

// checkNotSystem reports an account declared absent that is a system
// account: dbplan never deletes one.
func (l *loader) checkNotSystem(attrs hcl.Attributes, name string, sys systemNames, list string) {
	if a := attrs["absent"]; a != nil && sys.has(name) {
		l.errorf(a.Range, "System account cannot be deleted",
			"%s is a system account (%s), which the service itself needs; dbplan never deletes one. Remove absent = true.", name, list)
	}
}

const (
	postgresSystemList = "root, postgres, pg_…, tencentdb_…"
	libraSystemList    = "root, tencent…"
)

func pruneSchema() *hcl.BodySchema {
	return &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
		{Name: "name_pattern", Required: true}, {Name: "except"},
	}}
}

// decodePrune decodes a prune_accounts block. Its name_pattern must be a
// valid glob that no system account name (sys) can ever match.
func (l *loader) decodePrune(b *hcl.Block, ctx *hcl.EvalContext, sys systemNames, list string) *Prune {
	content, diags := b.Body.Content(pruneSchema())
	l.diags = append(l.diags, diags...)
	p := &Prune{DeclRange: b.DefRange}
	attrs := content.Attributes
	if pat, a, ok := l.stringAttr(attrs, "name_pattern", ctx); ok {
		switch err := CheckNamePattern(pat); {
		case err != nil:
			l.errorf(a.Expr.Range(), "Invalid name pattern", "%s. Use shell glob syntax: * any text, ? one character, [abc] a class.", capitalize(err.Error()))
		case pat == "":
			l.errorf(a.Expr.Range(), "Empty name pattern", "An empty name_pattern matches no account. Give the names to prune as a glob, for example \"app_*\".")
		default:
			if reach := sys.reachable(pat); len(reach) > 0 {
				l.errorf(a.Expr.Range(), "Prune pattern matches system accounts",
					"name_pattern %q could match the system account(s) %s (system accounts are %s), which dbplan never deletes. Use a pattern only your own accounts match, such as a prefix: \"app_*\".", pat, strings.Join(reach, ", "), list)
			}
			p.NamePattern = pat
		}
	}
	if a := attrs["except"]; a != nil {
		if v, ok := l.attrValue(a, ctx, cty.List(cty.String)); ok && !v.IsNull() {
			for it := v.ElementIterator(); it.Next(); {
				if _, e := it.Element(); !e.IsNull() {
					p.Except = append(p.Except, e.AsString())
				}
			}
		}
	}
	return p
}

// Matches reports whether the undeclared account name is to be pruned:
// it matches NamePattern and is not in Except. System accounts never
// match (the pattern cannot reach one; checked again here).
func (p *Prune) Matches(name string, system func(string) bool) bool {
	if p == nil || p.NamePattern == "" || system(name) || slices.Contains(p.Except, name) {
		return false
	}
	ok, err := pathMatch(p.NamePattern, name)
	return ok && err == nil
}

// String describes the block for messages: `prune_accounts "app_*"`.
func (p *Prune) String() string { return fmt.Sprintf("prune_accounts %q", p.NamePattern) }
