package config

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// MaxEvalBytes bounds what evaluating a configuration may produce, in
// bytes of strings (and 64 per collection element, about what one takes in
// memory) summed over every template interpolation and function result. A
// few kilobytes of locals that each double the previous one would
// otherwise need gigabytes.
const MaxEvalBytes = 32 << 20

// MaxIterations bounds the iterations of for expressions (and their
// template form) over one evaluation of a configuration: nested for
// expressions multiply.
const MaxIterations = 100_000

// budget is what one Load may still spend evaluating expressions. Once
// spent, guarded expressions evaluate to unknown, so everything still to
// evaluate finishes at once; one diagnostic says why.
type budget struct {
	bytes      int64
	iterations int
	exhausted  bool
	// limits are MaxEvalBytes and MaxIterations but in tests.
	limits evalLimits
}

// evalLimits are the most bytes and iterations a Load evaluates.
type evalLimits struct {
	bytes      int64
	iterations int
}

// defaultLimits are the limits of every Load outside tests.
var defaultLimits = evalLimits{bytes: MaxEvalBytes, iterations: MaxIterations}

// spend takes n bytes and it iterations from the budget and reports
// whether it covered them. The first time it does not, it reports why, at
// rng; what is then left unevaluated is unknown, which the loader skips
// quietly as depending on a reported problem.
func (l *loader) spend(n int64, it int, rng *hcl.Range) bool {
	b := &l.budget
	if b.exhausted {
		return false
	}
	if b.bytes+n <= b.limits.bytes && b.iterations+it <= b.limits.iterations {
		b.bytes += n
		b.iterations += it
		return true
	}
	b.exhausted = true
	l.diags = append(l.diags, &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Configuration too large to evaluate",
		Detail: fmt.Sprintf("Evaluating the configuration up to here would produce more than %d MiB of values or run for expressions more than %d times, "+
			"the most dbplan evaluates (for instance local values that each repeat the previous one, or nested for expressions over large lists). "+
			"Simplify the expression; real configurations stay far below these limits.", MaxEvalBytes>>20, MaxIterations),
		Subject: rng,
	})
	return false
}

// guard makes the evaluation of every expression under node spend from
// the loader's budget: each for expression iteration (its value and
// condition) and the value of each template interpolation. Function
// results are guarded where the functions are made (guardFunc).
func (l *loader) guard(node hclsyntax.Node) {
	var fors []*hclsyntax.ForExpr
	var templates []*hclsyntax.TemplateExpr
	// Collect first, wrap after: VisitAll would not descend into an
	// expression already wrapped.
	_ = hclsyntax.VisitAll(node, func(n hclsyntax.Node) hcl.Diagnostics {
		switch n := n.(type) {
		case *hclsyntax.ForExpr:
			fors = append(fors, n)
		case *hclsyntax.TemplateExpr:
			templates = append(templates, n)
		}
		return nil
	})
	for _, f := range fors {
		f.CollExpr = l.guarded(f.CollExpr, false, false)
		f.ValExpr = l.guarded(f.ValExpr, true, false)
		if f.CondExpr != nil {
			f.CondExpr = l.guarded(f.CondExpr, true, false)
		}
	}
	for _, t := range templates {
		for i, p := range t.Parts {
			if _, literal := p.(*hclsyntax.LiteralValueExpr); !literal {
				t.Parts[i] = l.guarded(p, false, true)
			}
		}
	}
}

// guarded wraps expr: its evaluation spends from the loader's budget, one
// iteration when iteration is set and the size of its value when sized is
// set. With the budget spent it is unknown (a for expression over an
// unknown collection does not iterate).
func (l *loader) guarded(expr hclsyntax.Expression, iteration, sized bool) hclsyntax.Expression {
	return &guardedExpr{
		// The embedded parentheses make hcl's walks (Variables, the
		// references a local depends on) reach expr itself.
		ParenthesesExpr: &hclsyntax.ParenthesesExpr{Expression: expr, SrcRange: expr.Range()},
		l:               l, iteration: iteration, sized: sized,
	}
}

// guardedExpr is an expression made by loader.guarded.
type guardedExpr struct {
	*hclsyntax.ParenthesesExpr
	l         *loader
	iteration bool
	sized     bool
}

// Value evaluates the expression within the budget.
func (g *guardedExpr) Value(ctx *hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
	it := 0
	if g.iteration {
		it = 1
	}
	if !g.l.spend(0, it, g.Range().Ptr()) {
		return cty.DynamicVal, nil
	}
	v, diags := g.Expression.Value(ctx)
	if g.sized && !g.l.spend(valueSize(v, MaxEvalBytes+1), 0, g.Range().Ptr()) {
		return cty.DynamicVal, diags
	}
	return v, diags
}

// valueSize estimates the memory v holds: the bytes of its strings and
// elemCost per element of a collection, counting past limit no further.
func valueSize(v cty.Value, limit int64) int64 {
	v, _ = v.UnmarkDeep()
	var n int64
	_ = cty.Walk(v, func(_ cty.Path, e cty.Value) (bool, error) {
		if n > limit || !e.IsKnown() || e.IsNull() {
			return false, nil
		}
		switch {
		case e.Type() == cty.String:
			n += int64(len(e.AsString()))
		case e.Type().IsCollectionType() || e.Type().IsTupleType() || e.Type().IsObjectType():
			n += elemCost * int64(e.LengthInt())
		}
		return true, nil
	})
	return n
}

// guardFunc returns f made to spend from the loader's budget: what
// estimate says it will produce, before the call, for a function that can
// multiply its input; the size of its result otherwise. Without budget
// left it fails.
func (l *loader) guardFunc(name string, f function.Function, estimate func(args []cty.Value) int64) function.Function {
	spec := &function.Spec{
		Description: f.Description(),
		Params:      f.Params(),
		VarParam:    f.VarParam(),
		Type:        func(args []cty.Value) (cty.Type, error) { return f.ReturnTypeForValues(args) },
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			// The function call's own diagnostic says where. The estimate
			// bounds the result, which is then not measured again.
			if estimate != nil && !l.spend(estimate(args), 0, nil) {
				return cty.NilVal, fmt.Errorf("%s would produce more than dbplan evaluates (%d MiB)", name, MaxEvalBytes>>20)
			}
			v, err := f.Call(args)
			if err != nil || estimate != nil {
				return v, err
			}
			if !l.spend(valueSize(v, MaxEvalBytes+1), 0, nil) {
				return cty.NilVal, fmt.Errorf("the result of %s is more than dbplan evaluates (%d MiB)", name, MaxEvalBytes>>20)
			}
			return v, nil
		},
	}
	return function.New(spec)
}
