package config

import (
	"fmt"
	"strconv"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/dynblock"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// expansion is one instance of a resource block: its address and the
// context its arguments evaluate in.
type expansion struct {
	addr string
	ctx  *hcl.EvalContext
	// body is the block body with dynamic blocks expanded in ctx.
	body hcl.Body
}

// expand returns the instances of a resource block: one without for_each,
// one per key with it (sorted by key). It also reports a block label used
// twice for the same type.
func (l *loader) expand(b *hcl.Block) []expansion {
	label := b.Labels[0]
	base := b.Type + "." + label
	if !hclsyntax.ValidIdentifier(label) {
		l.errorf(b.LabelRanges[0], "Invalid block name", "%q is not a valid name. A name starts with a letter or \"_\" and contains letters, digits, \"_\" and \"-\".", label)
		return nil
	}
	if prev, ok := l.labels[base]; ok {
		l.errorf(b.DefRange, "Duplicate "+b.Type+" block", "%s is already declared at %s. Give each block a different name.", base, where(prev))
		return nil
	}
	l.labels[base] = b.DefRange

	content, _, _ := b.Body.PartialContent(&hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "for_each"}}})
	fe := content.Attributes["for_each"]
	if fe == nil {
		ctx := l.resourceContext(nil)
		return []expansion{{addr: base, ctx: ctx, body: dynblock.Expand(b.Body, ctx)}}
	}
	keys, values, ok := l.forEach(fe)
	if !ok {
		return nil
	}
	out := make([]expansion, len(keys))
	for i, k := range keys {
		each := cty.ObjectVal(map[string]cty.Value{"key": cty.StringVal(k), "value": values[i]})
		ctx := l.resourceContext(&each)
		out[i] = expansion{addr: fmt.Sprintf("%s[%s]", base, strconv.Quote(k)), ctx: ctx, body: dynblock.Expand(b.Body, ctx)}
	}
	return out
}

// forEach evaluates a for_each argument: a map (or object), or a set of
// strings. It returns the keys in order and each.value for each key.
func (l *loader) forEach(a *hcl.Attribute) ([]string, []cty.Value, bool) {
	rng := a.Expr.Range()
	if !l.checkRefs(a.Expr, false) {
		return nil, nil, false
	}
	val, diags := a.Expr.Value(l.resourceContext(nil))
	l.diags = append(l.diags, diags...)
	if diags.HasErrors() {
		return nil, nil, false
	}
	if isSensitive(val) {
		l.errorf(rng, "Sensitive for_each", "The for_each value is derived from a sensitive value, and its keys would appear in addresses and plans. Use a non-sensitive value, or wrap it in nonsensitive() if it is not a secret.")
		return nil, nil, false
	}
	if !val.IsWhollyKnown() {
		return nil, nil, false // depends on a problem reported elsewhere
	}
	if val.IsNull() {
		l.errorf(rng, "Invalid for_each argument", "The for_each value is null. Give a map or a set of strings.")
		return nil, nil, false
	}
	ty := val.Type()
	var keys []string
	var values []cty.Value
	switch {
	case ty.IsMapType() || ty.IsObjectType():
		for it := val.ElementIterator(); it.Next(); {
			k, v := it.Element()
			keys = append(keys, k.AsString())
			values = append(values, v)
		}
	case ty.IsSetType() && ty.ElementType().Equals(cty.String):
		for it := val.ElementIterator(); it.Next(); {
			_, v := it.Element()
			if v.IsNull() {
				l.errorf(rng, "Invalid for_each argument", "The for_each set contains null. Remove the null element.")
				return nil, nil, false
			}
			keys = append(keys, v.AsString())
			values = append(values, v)
		}
	case ty.IsListType() || ty.IsTupleType():
		l.errorf(rng, "Invalid for_each argument", "The for_each value is a list; for_each needs a map or a set of strings. Convert it with toset(...) so each element becomes a key.")
		return nil, nil, false
	default:
		l.errorf(rng, "Invalid for_each argument", "The for_each value is %s; give a map or a set of strings.", ty.FriendlyName())
		return nil, nil, false
	}
	return keys, values, true
}
