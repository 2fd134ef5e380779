package tcsim

import (
	"cmp"
	"slices"
)

// Helpers shared by the Describe actions: paging parameters, filtering,
// ordering and rendering of one page.

const maxInt = int64(^uint64(0) >> 1)

// page returns the [offset, offset+limit) window of n items.
func page(n int, offset, limit int64) (int, int) {
	lo := min(int64(n), offset)
	return int(lo), int(min(int64(n), lo+limit))
}

// offsetLimit reads the Limit and Offset of an offset-paged call: Limit
// defaults to def and must lie in lo..hi; Offset defaults to 0 and must not
// be negative. Limit is checked first.
func offsetLimit(limitP, offsetP *int64, def, lo, hi int64) (offset, limit int64, aerr *apiError) {
	if limit, aerr = intParam("Limit", limitP, def, lo, hi); aerr != nil {
		return 0, 0, aerr
	}
	if offset, aerr = intParam("Offset", offsetP, 0, 0, maxInt); aerr != nil {
		return 0, 0, aerr
	}
	return offset, limit, nil
}

// ordering reads an OrderBy and OrderByType pair: OrderBy defaults to
// byDef and must be one of byAllowed; OrderByType defaults to typeDef and
// must be one of typeAllowed. OrderBy is checked first.
func ordering(by, byType *string, byDef string, byAllowed []string, typeDef string, typeAllowed ...string) (string, string, *apiError) {
	orderBy, aerr := enumParam("OrderBy", by, byDef, byAllowed...)
	if aerr != nil {
		return "", "", aerr
	}
	orderType, aerr := enumParam("OrderByType", byType, typeDef, typeAllowed...)
	if aerr != nil {
		return "", "", aerr
	}
	return orderBy, orderType, nil
}

// matchesAll reports whether item matches every filter. Every filter is
// evaluated, so an unsupported one is reported even after a mismatch.
func matchesAll[T, F any](item T, filters []F, match func(T, F) (bool, *apiError)) (bool, *apiError) {
	ok := true
	for _, f := range filters {
		m, aerr := match(item, f)
		if aerr != nil {
			return false, aerr
		}
		ok = ok && m
	}
	return ok, nil
}

// selectMatching returns pointers to the items for which keep holds and
// that match every filter (see matchesAll); filters are not evaluated on
// items keep rejects.
func selectMatching[T, F any](items []T, keep func(*T) bool, filters []F, match func(*T, F) (bool, *apiError)) ([]*T, *apiError) {
	var found []*T
	for i := range items {
		it := &items[i]
		if !keep(it) {
			continue
		}
		ok, aerr := matchesAll(it, filters, match)
		if aerr != nil {
			return nil, aerr
		}
		if ok {
			found = append(found, it)
		}
	}
	return found, nil
}

// sortDir sorts items by compare, reversing the whole order when desc.
func sortDir[T any](items []T, desc bool, compare func(a, b T) int) {
	slices.SortFunc(items, func(a, b T) int {
		if desc {
			return -compare(a, b)
		}
		return compare(a, b)
	})
}

// sortListing sorts items by key, breaking ties by tie (usually the id),
// reversing the whole order when desc.
func sortListing[T any, K, I cmp.Ordered](items []T, desc bool, key func(T) K, tie func(T) I) {
	sortDir(items, desc, func(a, b T) int {
		return cmp.Or(cmp.Compare(key(a), key(b)), cmp.Compare(tie(a), tie(b)))
	})
}

// renderPage renders the [offset, offset+limit) window of items. The
// result is never nil, so an empty page encodes as [] rather than null.
func renderPage[T, V any](items []T, offset, limit int64, render func(T) V) []V {
	lo, hi := page(len(items), offset, limit)
	out := make([]V, 0, hi-lo)
	for _, it := range items[lo:hi] {
		out = append(out, render(it))
	}
	return out
}
