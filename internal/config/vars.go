package config

import (
	"fmt"
	"slices"

	"github.com/agext/levenshtein"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// variable is one declared input variable and the value it got.
type variable struct {
	name        string
	typ         cty.Type
	defaults    *typeexpr.Defaults
	sensitive   bool
	validations []*hcl.Block
	declRange   hcl.Range

	val    cty.Value
	hasVal bool
	// valRange is where the value was written (default or var file); nil
	// for -var and environment values.
	valRange *hcl.Range
	// from describes the value's origin for messages.
	from string
	// failed is set when a given value was invalid (already reported).
	failed bool
}

// literal reports whether -var and environment values are taken as raw
// strings rather than parsed as HCL expressions.
func (v *variable) literal() bool {
	return v.typ.Equals(cty.DynamicPseudoType) || v.typ.IsPrimitiveType()
}

func variableSchema() *hcl.BodySchema {
	return &hcl.BodySchema{
		Attributes: []hcl.AttributeSchema{
			{Name: "type"}, {Name: "default"}, {Name: "description"}, {Name: "sensitive"},
		},
		Blocks: []hcl.BlockHeaderSchema{{Type: "validation"}},
	}
}

func validationSchema() *hcl.BodySchema {
	return &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
		{Name: "condition", Required: true}, {Name: "error_message", Required: true},
	}}
}

// declareVariables decodes the variable blocks.
func (l *loader) declareVariables(blocks []*hcl.Block) {
	l.vars = map[string]*variable{}
	for _, b := range blocks {
		name := b.Labels[0]
		if !hclsyntax.ValidIdentifier(name) {
			l.errorf(b.LabelRanges[0], "Invalid variable name", "%q is not a valid name. A name starts with a letter or \"_\" and contains letters, digits, \"_\" and \"-\".", name)
			continue
		}
		if prev, ok := l.vars[name]; ok {
			l.errorf(b.DefRange, "Duplicate variable", "The variable %q was already declared at %s. Remove one of the declarations.", name, where(prev.declRange))
			continue
		}
		v := &variable{name: name, typ: cty.DynamicPseudoType, declRange: b.DefRange}
		l.vars[name] = v
		content, diags := b.Body.Content(variableSchema())
		l.diags = append(l.diags, diags...)
		if a := content.Attributes["type"]; a != nil {
			ty, defaults, diags := typeexpr.TypeConstraintWithDefaults(a.Expr)
			l.diags = append(l.diags, diags...)
			if diags.HasErrors() {
				v.failed = true
			} else {
				v.typ, v.defaults = ty, defaults
			}
		}
		if a := content.Attributes["sensitive"]; a != nil {
			if val, ok := l.constant(a, cty.Bool); ok && !val.IsNull() {
				v.sensitive = val.True()
			}
		}
		if a := content.Attributes["description"]; a != nil {
			l.constant(a, cty.String)
		}
		if a := content.Attributes["default"]; a != nil {
			if val, ok := l.constant(a, cty.DynamicPseudoType); ok {
				r := a.Expr.Range()
				l.setVar(v, val, &r, "its default")
			}
		}
		for _, vb := range content.Blocks {
			_, diags := vb.Body.Content(validationSchema())
			l.diags = append(l.diags, diags...)
			if !diags.HasErrors() {
				v.validations = append(v.validations, vb)
			}
		}
	}
}

// constant evaluates an expression that may not refer to anything.
func (l *loader) constant(a *hcl.Attribute, ty cty.Type) (cty.Value, bool) {
	val, diags := a.Expr.Value(nil)
	l.diags = append(l.diags, diags...)
	if diags.HasErrors() {
		return cty.NilVal, false
	}
	out, err := convert.Convert(val, ty)
	if err != nil {
		l.errorf(a.Expr.Range(), "Incorrect value type", "The argument %q has the wrong type: %s.", a.Name, err)
		return cty.NilVal, false
	}
	return out, true
}

// setVar converts val to the variable's type and records it as the
// current value, overriding lower-precedence ones.
func (l *loader) setVar(v *variable, val cty.Value, rng *hcl.Range, from string) {
	if v.sensitive {
		l.rememberSecret(val)
	}
	if v.defaults != nil {
		val = v.defaults.Apply(val)
	}
	out, err := convert.Convert(val, v.typ)
	if err != nil {
		subject := v.declRange
		if rng != nil {
			subject = *rng
		}
		l.errorf(subject, "Invalid value for variable", "The value for variable %q from %s is not valid: %s. Give a value of type %s.", v.name, from, err, v.typ.FriendlyName())
		v.failed = true
		return
	}
	v.val, v.valRange, v.from, v.hasVal = out, rng, from, true
}

// assignVariables applies, in increasing precedence, the environment,
// auto variable files, -var-file files and -var values, then reports
// variables left without a value.
func (l *loader) assignVariables() {
	names := make([]string, 0, len(l.vars))
	for n := range l.vars {
		names = append(names, n)
	}
	slices.Sort(names)
	if l.opts.Getenv != nil {
		for _, n := range names {
			key := "DBPLAN_VAR_" + n
			if s := l.opts.Getenv(key); s != "" {
				l.setRawVar(l.vars[n], s, "the environment variable "+key)
			}
		}
	}
	for _, f := range autoVarFiles(l.dir) {
		l.loadVarFile(f)
	}
	for _, f := range l.opts.VarFiles {
		l.loadVarFile(f)
	}
	varNames := make([]string, 0, len(l.opts.Vars))
	for n := range l.opts.Vars {
		varNames = append(varNames, n)
	}
	slices.Sort(varNames)
	for _, n := range varNames {
		v, ok := l.vars[n]
		if !ok {
			l.diags = append(l.diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Value for undeclared variable",
				Detail:   fmt.Sprintf("The option -var sets %q, but no variable of that name is declared.%s Declare it with a variable %q block or correct the name.", n, l.didYouMean(n), n),
			})
			continue
		}
		l.setRawVar(v, l.opts.Vars[n], "the -var option")
	}
	l.fillMissing(names)
}

// setRawVar assigns a -var or environment value: literally for primitive
// types, as an HCL expression otherwise.
func (l *loader) setRawVar(v *variable, raw, from string) {
	if v.sensitive {
		l.addSecret(raw)
	}
	if v.literal() {
		l.setVar(v, cty.StringVal(raw), nil, from)
		return
	}
	name := fmt.Sprintf("<value for var.%s>", v.name)
	if d := checkSource([]byte(raw), name, true); d != nil {
		d.Subject = nil // the range is in the -var value, not a file
		d.Detail = fmt.Sprintf("The value for variable %q from %s is beyond a limit: %s", v.name, from, d.Detail)
		l.diags = append(l.diags, d)
		v.failed = true
		return
	}
	expr, diags := hclsyntax.ParseExpression([]byte(raw), name, hcl.InitialPos)
	if !diags.HasErrors() {
		l.guard(expr)
		var more hcl.Diagnostics
		var val cty.Value
		val, more = expr.Value(nil)
		diags = append(diags, more...)
		if !diags.HasErrors() {
			l.setVar(v, val, nil, from)
			return
		}
	}
	l.errorf(v.declRange, "Invalid value for variable", "The value for variable %q from %s is not a valid expression of type %s: %s. Quote strings and write lists as [\"a\", \"b\"] and maps as {k = \"v\"}.", v.name, from, v.typ.FriendlyName(), diags.Errs()[0])
	v.failed = true
}

// loadVarFile applies a variable file: attributes only, literal values.
// Its values never appear in a source snippet (see maskVarFile): a file of
// values is where passwords are, and a misspelt or undeclared name
// (app_pasword) marks no value as sensitive.
func (l *loader) loadVarFile(name string) {
	l.maskVarFile(name)
	src, d := readLimited(name)
	if d != nil {
		l.diags = append(l.diags, d)
		return
	}
	if d := checkSource(src, name, false); d != nil {
		l.diags = append(l.diags, d)
		return
	}
	f, diags := l.parser.ParseHCL(src, name)
	l.diags = append(l.diags, diags...)
	if diags.HasErrors() {
		l.markBroken(name)
		return
	}
	if body, ok := f.Body.(*hclsyntax.Body); ok {
		l.guard(body)
	}
	attrs, diags := f.Body.JustAttributes()
	l.diags = append(l.diags, diags...)
	names := make([]string, 0, len(attrs))
	for n := range attrs {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		a := attrs[n]
		v, ok := l.vars[n]
		if !ok {
			l.diags = append(l.diags, &hcl.Diagnostic{
				Severity: hcl.DiagWarning,
				Summary:  "Value for undeclared variable",
				Detail:   fmt.Sprintf("The file sets %q, but no variable of that name is declared, so the value is ignored.%s Declare the variable or remove the line.", n, l.didYouMean(n)),
				Subject:  a.NameRange.Ptr(),
			})
			continue
		}
		val, diags := a.Expr.Value(nil)
		l.diags = append(l.diags, diags...)
		if diags.HasErrors() {
			continue
		}
		r := a.Expr.Range()
		l.setVar(v, val, &r, "the file "+name)
	}
}

// fillMissing handles variables without a value: an unknown placeholder
// for sensitive ones (the passwords they feed are absent: plan says which
// apply will need, apply fails exactly the actions that send one) and for
// every one in ModeValidate, which checks the configuration without
// values; an error otherwise. It then marks sensitive values and builds
// the var object.
func (l *loader) fillMissing(names []string) {
	obj := make(map[string]cty.Value, len(names))
	for _, n := range names {
		v := l.vars[n]
		if !v.hasVal {
			if !v.failed && !v.sensitive && l.opts.Mode != ModeValidate {
				l.errorf(v.declRange, "No value for required variable", "The variable %q has no default and no value was given. Set it with -var '%s=…', a -var-file, a *.auto.vars.hcl file or the DBPLAN_VAR_%s environment variable.", n, n, n)
			}
			// Unknown: everything derived from it is skipped quietly.
			v.val = cty.UnknownVal(v.typ)
		}
		if v.sensitive {
			v.val = v.val.Mark(sensitiveMark)
		}
		obj[n] = v.val
	}
	l.varObj = cty.ObjectVal(obj)
}

// validateVariables runs the validation blocks of every variable.
func (l *loader) validateVariables() {
	names := make([]string, 0, len(l.vars))
	for n := range l.vars {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		v := l.vars[n]
		for _, b := range v.validations {
			l.runValidation(v, b)
		}
	}
}

func (l *loader) runValidation(v *variable, b *hcl.Block) {
	content, _ := b.Body.Content(validationSchema())
	cond, msg := content.Attributes["condition"], content.Attributes["error_message"]
	for _, t := range cond.Expr.Variables() {
		if t.RootName() != "var" || len(t) < 2 || attrName(t[1]) != v.name {
			l.errorf(t.SourceRange(), "Invalid validation condition", "A validation condition may refer only to the variable it validates, var.%s.", v.name)
			return
		}
	}
	ctx := &hcl.EvalContext{
		Variables: map[string]cty.Value{"var": cty.ObjectVal(map[string]cty.Value{v.name: v.val})},
		Functions: l.funcs,
	}
	res, diags := cond.Expr.Value(ctx)
	l.diags = append(l.diags, diags...)
	if diags.HasErrors() {
		return
	}
	res, _ = res.UnmarkDeep()
	res, err := convert.Convert(res, cty.Bool)
	if err != nil || res.IsNull() {
		l.errorf(cond.Expr.Range(), "Invalid validation condition", "The condition must give true or false.")
		return
	}
	if !res.IsKnown() || res.True() {
		return
	}
	text := "The value does not satisfy the validation rule."
	if m, diags := msg.Expr.Value(ctx); !diags.HasErrors() && m.Type() == cty.String && m.IsKnown() && !m.IsNull() && !isSensitive(m) {
		text = m.AsString()
	}
	subject := v.declRange
	if v.valRange != nil {
		subject = *v.valRange
	}
	l.errorf(subject, "Invalid value for variable", "%s\n\nThe value of var.%s (from %s) failed the validation rule at %s. Give a value that satisfies it.", text, v.name, v.from, where(cond.Expr.Range()))
}

// attrName returns the attribute name of a traversal step, or "".
func attrName(s hcl.Traverser) string {
	switch s := s.(type) {
	case hcl.TraverseAttr:
		return s.Name
	case hcl.TraverseIndex:
		if s.Key.Type() == cty.String && s.Key.IsKnown() && !s.Key.IsNull() {
			return s.Key.AsString()
		}
	}
	return ""
}

// where renders a range as "file:line" for diagnostic details.
func where(r hcl.Range) string {
	return fmt.Sprintf("%s:%d", r.Filename, r.Start.Line)
}

// errorf appends an error diagnostic at subject.
func (l *loader) errorf(subject hcl.Range, summary, detail string, args ...any) {
	l.diags = append(l.diags, &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  summary,
		Detail:   fmt.Sprintf(detail, args...),
		Subject:  subject.Ptr(),
	})
}

// warnf appends a warning diagnostic at subject.
func (l *loader) warnf(subject hcl.Range, summary, detail string, args ...any) {
	l.diags = append(l.diags, &hcl.Diagnostic{
		Severity: hcl.DiagWarning,
		Summary:  summary,
		Detail:   fmt.Sprintf(detail, args...),
		Subject:  subject.Ptr(),
	})
}

// didYouMean returns " Did you mean \"NAME\"?" naming the declared
// variable closest to name (Terraform's threshold: an edit distance below
// 3), or "" when none is close.
func (l *loader) didYouMean(name string) string {
	best, bestDist := "", 3
	for n := range l.vars {
		if d := levenshtein.Distance(name, n, nil); d < bestDist || (d == bestDist && best != "" && n < best) {
			best, bestDist = n, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" Did you mean %q?", best)
}
