package refresh

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// addrList names the addresses a failed read was for: all of them when
// there are few, else the first ones and a count.
func addrList(addrs []string) string {
	const show = 3
	if len(addrs) <= show {
		return strings.Join(addrs, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(addrs[:show], ", "), len(addrs)-show)
}

// sortedIDs returns the keys of an id -> address map, sorted.
func sortedIDs(m map[string]string) []string {
	return slices.Sorted(maps.Keys(m))
}

// sortedAddrs returns the distinct addresses of an id -> address map,
// sorted.
func sortedAddrs(m map[string]string) []string {
	return slices.Compact(slices.Sorted(maps.Values(m)))
}

// sortedKeys returns the source keys of m in a deterministic order, so
// calls are issued in the same order on every run.
func sortedKeys[V any](m map[srcKey]V) []srcKey {
	return slices.SortedFunc(maps.Keys(m), func(a, b srcKey) int {
		if c := strings.Compare(a.provider, b.provider); c != 0 {
			return c
		}
		return strings.Compare(a.region, b.region)
	})
}
