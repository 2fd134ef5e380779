package refresh

import (
	"context"
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/config"
)

// selectInstances returns the primary instances of src's region that sel
// matches, ordered by id. The listing is narrowed server-side where that is
// safe (see narrowing); the match itself is always exact and client-side.
func (r *reader) selectInstances(ctx context.Context, src Source, sel *config.Selector) ([]apiclient.DBInstance, error) {
	if sel.NamePattern != "" {
		if _, err := path.Match(sel.NamePattern, ""); err != nil {
			return nil, fmt.Errorf("name pattern %q: %w", sel.NamePattern, err)
		}
	}
	extra := narrowing(sel)
	var listed []apiclient.DBInstance
	if len(sel.InstanceIDs) == 0 {
		all, err := r.listInstances(ctx, src, extra, 0)
		if err != nil {
			return nil, err
		}
		listed = all
	} else {
		ids := slices.Compact(slices.Sorted(slices.Values(sel.InstanceIDs)))
		for chunk := range slices.Chunk(ids, instancePage) {
			filters := append([]apiclient.Filter{{Name: "db-instance-id", Values: chunk}}, extra...)
			got, err := r.listInstances(ctx, src, filters, len(chunk))
			if err != nil {
				return nil, err
			}
			listed = append(listed, got...)
		}
	}
	var out []apiclient.DBInstance
	seen := map[string]bool{}
	for _, in := range listed {
		if !seen[in.DBInstanceId] && matches(sel, &in) {
			seen[in.DBInstanceId] = true
			out = append(out, in)
		}
	}
	slices.SortFunc(out, func(a, b apiclient.DBInstance) int { return strings.Compare(a.DBInstanceId, b.DBInstanceId) })
	return out, nil
}

// narrowing returns the server-side filters that can only shrink a
// selector's listing without losing a match:
//   - db-tag-key with the first required tag key (one key: whether several
//     values of one filter AND or OR is not documented for tags, and
//     values within one Filter OR);
//   - db-instance-name (documented as fuzzy) with the literal prefix of the
//     name pattern, which a substring match and a prefix match both keep.
func narrowing(sel *config.Selector) []apiclient.Filter {
	var fs []apiclient.Filter
	if len(sel.Tags) > 0 {
		first := slices.Sorted(maps.Keys(sel.Tags))[0]
		fs = append(fs, apiclient.Filter{Name: "db-tag-key", Values: []string{first}})
	}
	if p := literalPrefix(sel.NamePattern); p != "" {
		fs = append(fs, apiclient.Filter{Name: "db-instance-name", Values: []string{p}})
	}
	return fs
}

// literalPrefix returns the part of a path.Match pattern before its first
// special character, with escapes removed.
func literalPrefix(pattern string) string {
	var b strings.Builder
	for i := 0; i < len(pattern); i++ {
		switch c := pattern[i]; c {
		case '*', '?', '[':
			return b.String()
		case '\\':
			if i+1 == len(pattern) {
				return b.String()
			}
			i++
			b.WriteByte(pattern[i])
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// matches reports whether in is a primary instance the selector matches
// (config.Selector.Matches). Read-only, guard and temp instances never
// match: the accounts of a read-only instance are its master's.
func matches(sel *config.Selector, in *apiclient.DBInstance) bool {
	return instanceOf(in).Primary() && sel.Matches(in.DBInstanceId, in.DBInstanceName, tagMap(in.TagList))
}
