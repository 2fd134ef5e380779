package config

import (
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// markKey is the type of the cty mark dbplan puts on sensitive values; an
// unexported type keeps other packages' marks apart.
type markKey string

// sensitiveMark marks values derived from a sensitive variable, env() or
// file().
const sensitiveMark = markKey("sensitive")

// redacted replaces a sensitive value found in diagnostic text.
const redacted = "(sensitive value)"

// minRedactLen is the shortest sensitive string the final redaction pass
// looks for: shorter strings would garble ordinary words, and every
// password is longer.
const minRedactLen = 6

// isSensitive reports whether v or anything inside it is marked sensitive.
func isSensitive(v cty.Value) bool {
	_, pvm := v.UnmarkDeepWithPaths()
	return len(pvm) > 0
}

// rememberSecret records the plain strings inside a sensitive value so that
// the final pass can redact them from any diagnostic text.
func (l *loader) rememberSecret(v cty.Value) {
	v, _ = v.UnmarkDeep()
	if !v.IsWhollyKnown() {
		return
	}
	_ = cty.Walk(v, func(_ cty.Path, e cty.Value) (bool, error) {
		e, _ = e.UnmarkDeep()
		if e.IsKnown() && !e.IsNull() && e.Type() == cty.String {
			l.addSecret(e.AsString())
		}
		return true, nil
	})
}

// addSecret records a plain secret for redaction; short strings are
// ignored (see minRedactLen).
func (l *loader) addSecret(s string) {
	if len(s) < minRedactLen {
		return
	}
	if l.secrets == nil {
		l.secrets = map[string]struct{}{}
	}
	l.secrets[s] = struct{}{}
}

// secretList returns the recorded secrets, longest first so that a secret
// containing another is replaced whole.
func (l *loader) secretList() []string {
	out := make([]string, 0, len(l.secrets))
	for s := range l.secrets {
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b string) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return strings.Compare(a, b)
	})
	return out
}

// sanitize makes diagnostics safe to print: any remembered secret in the
// text is replaced, and the expression context (which the text writer
// would print as "with var.x as …") is dropped when it refers to a
// sensitive value.
func (l *loader) sanitize(diags hcl.Diagnostics) {
	secrets := l.secretList()
	for _, d := range diags {
		for _, s := range secrets {
			d.Summary = strings.ReplaceAll(d.Summary, s, redacted)
			d.Detail = strings.ReplaceAll(d.Detail, s, redacted)
		}
		if d.Expression == nil || d.EvalContext == nil {
			continue
		}
		sensitive, unsure := sensitiveRefs(d.Expression, d.EvalContext)
		if sensitive || unsure {
			d.Expression, d.EvalContext = nil, nil
		}
		if sensitive {
			// A function error may quote a transformed secret
			// (upper(var.pw)) that the pass above cannot recognise.
			d.Detail = hiddenDetail
		}
	}
}

// hiddenDetail replaces the detail of a diagnostic about an expression
// that uses a sensitive value.
const hiddenDetail = "The details of this error are hidden because the expression uses a sensitive value, which they could reveal. Check the expression's use of the sensitive value, for example by trying it with a non-sensitive test value."

// sensitiveRefs reports whether expr refers to a sensitive value, and
// whether some reference could not be resolved (so it cannot tell).
func sensitiveRefs(expr hcl.Expression, ctx *hcl.EvalContext) (sensitive, unsure bool) {
	for _, t := range expr.Variables() {
		v, diags := t.TraverseAbs(ctx)
		if diags.HasErrors() {
			unsure = true
			continue
		}
		if isSensitive(v) {
			sensitive = true
		}
	}
	return sensitive, unsure
}

// maskVarFile records that name is a variable file, whose values
// maskedFiles hides in every source snippet.
func (l *loader) maskVarFile(name string) {
	if l.varFiles == nil {
		l.varFiles = map[string]bool{}
	}
	l.varFiles[name] = true
}

// maskedFiles returns the parsed files with every remembered secret in
// their source replaced by asterisks of the same byte length, so that
// source snippets printed under diagnostics (a literal password, the
// default of a sensitive variable) never show a secret, and with what
// RedactSource hides masked too (every value of a variable file, values
// of attributes named like secrets). Offsets stay valid; the bodies are
// shared.
func (l *loader) maskedFiles() map[string]*hcl.File {
	files := l.parser.Files()
	secrets := l.secretList()
	out := make(map[string]*hcl.File, len(files))
	for name, f := range files {
		src := string(f.Bytes)
		for _, s := range secrets {
			src = strings.ReplaceAll(src, s, strings.Repeat("*", len(s)))
		}
		body, _ := f.Body.(*hclsyntax.Body)
		if l.broken[name] {
			body = nil // partial: the broken attribute may be missing
		}
		masked := redact([]byte(src), body, l.varFiles[name])
		out[name] = &hcl.File{Body: f.Body, Bytes: masked, Nav: f.Nav}
	}
	return out
}
