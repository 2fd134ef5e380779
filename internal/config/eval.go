package config

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/dbplan/dbplan/internal/secret"
)

// local is one local value.
type local struct {
	attr  *hcl.Attribute
	state int // 0 not evaluated, 1 evaluating, 2 done
	val   cty.Value
	cycle bool // part of a reported cycle
}

// evalLocals evaluates every local value in dependency order; a cycle is
// reported once and its members become unknown.
func (l *loader) evalLocals(blocks []*hcl.Block) {
	l.locals = map[string]*local{}
	for _, b := range blocks {
		attrs, diags := b.Body.JustAttributes()
		l.diags = append(l.diags, diags...)
		for name, a := range attrs {
			if prev, ok := l.locals[name]; ok {
				l.errorf(a.NameRange, "Duplicate local value", "The local value %q was already defined at %s. Remove one of the definitions.", name, where(prev.attr.NameRange))
				continue
			}
			l.locals[name] = &local{attr: a}
		}
	}
	names := make([]string, 0, len(l.locals))
	for n := range l.locals {
		names = append(names, n)
	}
	slices.Sort(names)
	locals := make(map[string]cty.Value, len(names))
	for _, n := range names {
		locals[n] = l.evalLocal(n, nil)
	}
	l.localObj = cty.ObjectVal(locals)
}

// evalLocal evaluates one local after its dependencies; stack holds the
// locals being evaluated, to report a cycle.
func (l *loader) evalLocal(name string, stack []string) cty.Value {
	lv := l.locals[name]
	switch lv.state {
	case 2:
		return lv.val
	case 1:
		i := slices.Index(stack, name)
		chain := append(slices.Clone(stack[i:]), name)
		for j := range chain {
			chain[j] = "local." + chain[j]
		}
		l.errorf(lv.attr.NameRange, "Cycle in local values", "The local values refer to each other in a cycle: %s. Break the cycle by computing one of them without the others.", strings.Join(chain, " → "))
		for _, n := range stack[i:] {
			l.locals[n].cycle = true
		}
		return cty.DynamicVal
	}
	lv.state = 1
	stack = append(stack, name)
	deps := map[string]cty.Value{}
	ok := l.checkRefs(lv.attr.Expr, false)
	for _, t := range lv.attr.Expr.Variables() {
		if t.RootName() == "local" && len(t) > 1 {
			dep := attrName(t[1])
			if _, declared := l.locals[dep]; declared {
				deps[dep] = l.evalLocal(dep, stack)
			}
		}
	}
	val := cty.DynamicVal
	if !lv.cycle && ok {
		ctx := l.evalContext(nil)
		ctx.Variables["local"] = cty.ObjectVal(deps)
		v, diags := lv.attr.Expr.Value(ctx)
		l.diags = append(l.diags, diags...)
		if !diags.HasErrors() {
			val = v
		}
	}
	if lv.cycle {
		val = cty.DynamicVal
	}
	lv.val = val
	lv.state = 2
	return lv.val
}

// evalContext returns an evaluation context with var, the given locals
// and, when each is not nil, each.key and each.value.
func (l *loader) evalContext(each *cty.Value) *hcl.EvalContext {
	ctx := &hcl.EvalContext{
		Variables: map[string]cty.Value{"var": l.varObj},
		Functions: l.funcs,
	}
	if each != nil {
		ctx.Variables["each"] = *each
	}
	return ctx
}

// resourceContext returns the context resource blocks evaluate in: every
// local value, and each when expanding a for_each.
func (l *loader) resourceContext(each *cty.Value) *hcl.EvalContext {
	ctx := l.evalContext(each)
	ctx.Variables["local"] = l.localObj
	return ctx
}

// checkRefs reports references to undeclared variables or locals, and to
// each outside for_each. It returns false when it reported a problem.
func (l *loader) checkRefs(expr hcl.Expression, inForEach bool) bool {
	ok := true
	for _, t := range expr.Variables() {
		switch t.RootName() {
		case "var":
			if len(t) < 2 {
				l.errorf(t.SourceRange(), "Invalid reference", "Refer to a variable as var.NAME.")
				ok = false
			} else if _, declared := l.vars[attrName(t[1])]; !declared {
				n := attrName(t[1])
				l.errorf(t.SourceRange(), "Reference to undeclared variable", "No variable named %q is declared. Declare it with a variable %q block, or correct the name.", n, n)
				ok = false
			}
		case "local":
			if len(t) < 2 {
				l.errorf(t.SourceRange(), "Invalid reference", "Refer to a local value as local.NAME.")
				ok = false
			} else if _, declared := l.locals[attrName(t[1])]; !declared {
				l.errorf(t.SourceRange(), "Reference to undeclared local value", "No local value named %q is defined. Define it in a locals block, or correct the name.", attrName(t[1]))
				ok = false
			}
		case "each":
			if !inForEach {
				l.errorf(t.SourceRange(), "Reference to \"each\" without for_each", "each.key and each.value exist only inside a block that sets for_each. Add for_each to the block, or remove the reference.")
				ok = false
			}
		}
	}
	return ok
}

// attrValue evaluates a non-secret attribute and converts it to ty. It
// returns false when the value is unusable: a problem was reported, or the
// value depends on one reported earlier (unknown). A null value is
// returned as is.
func (l *loader) attrValue(a *hcl.Attribute, ctx *hcl.EvalContext, ty cty.Type) (cty.Value, bool) {
	if !l.checkRefs(a.Expr, inForEach(ctx)) {
		return cty.NilVal, false
	}
	val, diags := a.Expr.Value(ctx)
	l.diags = append(l.diags, diags...)
	if diags.HasErrors() {
		return cty.NilVal, false
	}
	if isSensitive(val) {
		l.errorf(a.Expr.Range(), "Sensitive value not allowed here", "The argument %q is derived from a sensitive value (a sensitive variable, env() or file()). dbplan keeps sensitive values only in password arguments, so it cannot be used here. Use a non-sensitive value, or wrap it in nonsensitive() if it is not a secret.", a.Name)
		return cty.NilVal, false
	}
	if !val.IsWhollyKnown() {
		return cty.NilVal, false
	}
	out, err := convert.Convert(val, ty)
	if err != nil {
		l.errorf(a.Expr.Range(), "Incorrect attribute value type", "The argument %q has the wrong type: %s. Give a value of type %s.", a.Name, err, ty.FriendlyName())
		return cty.NilVal, false
	}
	return out, true
}

// stringAttr evaluates an optional string attribute; ok is false when it is
// absent, null or unusable.
func (l *loader) stringAttr(attrs hcl.Attributes, name string, ctx *hcl.EvalContext) (string, *hcl.Attribute, bool) {
	a := attrs[name]
	if a == nil {
		return "", nil, false
	}
	v, ok := l.attrValue(a, ctx, cty.String)
	if !ok || v.IsNull() {
		return "", a, false
	}
	return v.AsString(), a, true
}

// boolAttr evaluates an optional bool attribute; nil when absent or
// unusable.
func (l *loader) boolAttr(attrs hcl.Attributes, name string, ctx *hcl.EvalContext) *bool {
	a := attrs[name]
	if a == nil {
		return nil
	}
	v, ok := l.attrValue(a, ctx, cty.Bool)
	if !ok || v.IsNull() {
		return nil
	}
	b := v.True()
	return &b
}

// secretAttr evaluates a password attribute. The value is absent when the
// attribute is absent or null, or when it derives from a secret not given
// (allowed outside apply). check validates a known password; its error
// must not contain the password.
func (l *loader) secretAttr(a *hcl.Attribute, ctx *hcl.EvalContext, check func(string) error) (secret.Value, string) {
	if a == nil {
		return secret.Value{}, ""
	}
	source := passwordSource(a.Expr)
	if !l.checkRefs(a.Expr, inForEach(ctx)) {
		return secret.Value{}, source
	}
	val, diags := a.Expr.Value(ctx)
	l.diags = append(l.diags, diags...)
	if diags.HasErrors() {
		return secret.Value{}, source
	}
	sensitive := isSensitive(val)
	val, _ = val.UnmarkDeep()
	if sensitive {
		l.rememberSecret(val)
	}
	if val.IsNull() {
		return secret.Value{}, ""
	}
	if !val.IsKnown() {
		return secret.Value{}, source
	}
	val, err := convert.Convert(val, cty.String)
	if err != nil {
		l.errorf(a.Expr.Range(), "Incorrect attribute value type", "The password must be a string.")
		return secret.Value{}, source
	}
	pw := val.AsString()
	if !sensitive {
		l.warnf(a.Expr.Range(), "Password not sensitive", "This password is written in the configuration or comes from a variable that is not sensitive, so it can end up in version control and in logs. Pass it through a variable with sensitive = true, env() or file().")
		l.addSecret(pw)
	}
	if err := check(pw); err != nil {
		l.errorf(a.Expr.Range(), "Invalid password", "%s. Choose a password that satisfies the rule; dbplan checks it before calling the API.", capitalize(err.Error()))
	}
	return secret.New(pw), source
}

// passwordSource describes where a password expression takes its value
// from, without the value: "var.app_password", `env("PG_PW")`, "literal"
// or "expression".
func passwordSource(expr hcl.Expression) string {
	switch e := expr.(type) {
	case *hclsyntax.ScopeTraversalExpr:
		return traversalString(e.Traversal)
	case *hclsyntax.FunctionCallExpr:
		if len(e.Args) == 1 && (e.Name == "env" || e.Name == "file") {
			if v, diags := e.Args[0].Value(nil); !diags.HasErrors() && v.Type() == cty.String && v.IsKnown() && !v.IsNull() {
				return fmt.Sprintf("%s(%q)", e.Name, v.AsString())
			}
		}
	}
	if len(expr.Variables()) == 0 {
		if _, ok := expr.(*hclsyntax.FunctionCallExpr); !ok {
			return "literal"
		}
	}
	return "expression"
}

// traversalString renders a traversal like var.x or each.value["pw"].
func traversalString(t hcl.Traversal) string {
	var b strings.Builder
	for _, s := range t {
		switch s := s.(type) {
		case hcl.TraverseRoot:
			b.WriteString(s.Name)
		case hcl.TraverseAttr:
			b.WriteString("." + s.Name)
		case hcl.TraverseIndex:
			if s.Key.Type() == cty.String && s.Key.IsKnown() {
				fmt.Fprintf(&b, "[%q]", s.Key.AsString())
			} else {
				b.WriteString("[…]")
			}
		default:
			b.WriteString("[*]")
		}
	}
	return b.String()
}

// capitalize upper-cases the first letter of an error message so it reads
// as a sentence in a diagnostic detail.
func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// inForEach reports whether ctx belongs to a for_each expansion.
func inForEach(ctx *hcl.EvalContext) bool {
	_, ok := ctx.Variables["each"]
	return ok
}
