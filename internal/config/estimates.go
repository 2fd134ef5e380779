package config

import (
	"math/big"
	"regexp"
	"strconv"
	"strings"

	"github.com/zclconf/go-cty/cty"
)

// estimates bound, from their arguments and before they run, what the
// functions that can multiply their input produce, so that the budget
// refuses them before the memory is taken (see guardFunc). Every other
// function produces at most about what it is given, and its result is
// measured after the call.
var estimates = map[string]func(args []cty.Value) int64{
	"join":         joinEstimate,
	"replace":      replaceEstimate,
	"format":       formatEstimate,
	"formatlist":   formatlistEstimate,
	"indent":       indentEstimate,
	"setproduct":   setproductEstimate,
	"concat":       sumEstimate,
	"merge":        sumEstimate,
	"setunion":     sumEstimate,
	"coalescelist": sumEstimate,
	"zipmap":       sumEstimate,
	"flatten":      flattenEstimate,
}

// elemCost is what valueSize counts per collection element: about what a
// cty value in a collection takes in memory.
const elemCost = 64

// shallowSize is the size of v without walking into it: the bytes of a
// string, elemCost per element of a collection; a known number or bool
// costs elemCost, an unknown or null value nothing.
func shallowSize(v cty.Value) int64 {
	v, _ = v.Unmark()
	switch {
	case !v.IsKnown() || v.IsNull():
		return 0
	case v.Type() == cty.String:
		return int64(len(v.AsString()))
	case v.CanIterateElements():
		return elemCost * int64(v.LengthInt())
	}
	return elemCost
}

// sumEstimate is for functions whose result holds their arguments'
// elements: the sum of their shallow sizes.
func sumEstimate(args []cty.Value) int64 {
	var n int64
	for _, a := range args {
		n += shallowSize(a)
	}
	return n
}

// flattenEstimate bounds flatten(list): every element at every depth.
func flattenEstimate(args []cty.Value) int64 {
	return valueSize(args[0], MaxEvalBytes+1)
}

// joinEstimate bounds join(sep, lists...): every element and a separator
// between each two.
func joinEstimate(args []cty.Value) int64 {
	sep := shallowSize(args[0])
	var n int64
	for _, l := range args[1:] {
		n += valueSize(l, MaxEvalBytes+1)
		if k := shallowSize(l) / elemCost; k > 0 {
			n += sep * k
		}
	}
	return n
}

// replaceEstimate bounds replace(str, substr, replacement): each match
// replaced (an empty or regular-expression substr matches anywhere, up to
// once per byte).
func replaceEstimate(args []cty.Value) int64 {
	str, sub, rep := shallowSize(args[0]), shallowSize(args[1]), shallowSize(args[2])
	matches := str + 1
	if s, _ := args[1].Unmark(); sub > 0 && s.IsKnown() && !s.IsNull() && !isRegexpArg(s.AsString()) {
		matches = str/sub + 1
	}
	return str + matches*rep
}

// isRegexpArg reports whether replace takes its substr as a regular
// expression (written /…/).
func isRegexpArg(s string) bool {
	return len(s) > 1 && strings.HasPrefix(s, "/") && strings.HasSuffix(s, "/")
}

// verbNumbers finds the width and precision numbers of format verbs.
var verbNumbers = regexp.MustCompile(`%[-+# 0]*(\d*)(?:\.(\d*))?`)

// formatPadding is the most padding a format string's verbs ask for.
func formatPadding(f cty.Value) int64 {
	f, _ = f.Unmark()
	if !f.IsKnown() || f.IsNull() || f.Type() != cty.String {
		return 0
	}
	var n int64
	for _, m := range verbNumbers.FindAllStringSubmatch(f.AsString(), -1) {
		for _, d := range m[1:] {
			if d == "" {
				continue
			}
			w, err := strconv.ParseInt(d, 10, 64)
			if err != nil {
				return MaxEvalBytes + 1
			}
			n += w
		}
	}
	return n
}

// formatEstimate bounds format(spec, values...).
func formatEstimate(args []cty.Value) int64 {
	n := shallowSize(args[0]) + formatPadding(args[0])
	for _, a := range args[1:] {
		n += valueSize(a, MaxEvalBytes+1)
	}
	return n
}

// formatlistEstimate bounds formatlist(spec, values...): one format per
// element of the longest list.
func formatlistEstimate(args []cty.Value) int64 {
	rows := int64(1)
	for _, a := range args[1:] {
		if k := shallowSize(a) / elemCost; a.Type().IsListType() || a.Type().IsTupleType() {
			rows = max(rows, k)
		}
	}
	return rows*(shallowSize(args[0])+formatPadding(args[0])) + sumEstimate(args[1:])
}

// indentEstimate bounds indent(spaces, str): spaces on every line.
func indentEstimate(args []cty.Value) int64 {
	str, _ := args[1].Unmark()
	if !str.IsKnown() || str.IsNull() {
		return 0
	}
	lines := int64(strings.Count(str.AsString(), "\n") + 1)
	return int64(len(str.AsString())) + lines*numberArg(args[0])
}

// setproductEstimate bounds setproduct(sets...): the product of their
// lengths, each a tuple of one element per set.
func setproductEstimate(args []cty.Value) int64 {
	n := int64(elemCost * len(args))
	for _, a := range args {
		k := shallowSize(a) / elemCost
		if k == 0 {
			return 0
		}
		if n > (MaxEvalBytes+1)/k {
			return MaxEvalBytes + 1
		}
		n *= k
	}
	return n
}

// numberArg returns a known whole number argument, or more than the
// budget when it is too large for an int64.
func numberArg(v cty.Value) int64 {
	v, _ = v.Unmark()
	if !v.IsKnown() || v.IsNull() || v.Type() != cty.Number {
		return 0
	}
	i, acc := v.AsBigFloat().Int64()
	if acc != big.Exact && (i == 0 || i < 0) {
		return 0
	}
	if acc != big.Exact {
		return MaxEvalBytes + 1
	}
	return max(i, 0)
}
