// Package planview renders a plan.Plan for people and machines: Human
// (terminal text), JSON (a versioned document, the machine contract; see
// JSON.md) and Markdown (a pull-request comment). Human and Markdown
// wording is not a contract; only the JSON format is.
//
// No view can print a secret: a Plan holds none, and passwords appear
// only as the marker secret.Redacted.
package planview

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/dbplan/dbplan/internal/plan"
)

// group is the actions on one top-level object (instance, RO group,
// cluster), in plan order.
type group struct {
	addr    string
	id      string // cloud id, e.g. "postgres-1"
	actions []plan.Action
}

// groupActions groups actions by plan.ResourceAddr, groups sorted by
// address.
func groupActions(actions []plan.Action) []group {
	idx := map[string]int{}
	var gs []group
	for _, a := range actions {
		r := plan.ResourceAddr(a.Addr)
		i, ok := idx[r]
		if !ok {
			i = len(gs)
			idx[r] = i
			gs = append(gs, group{addr: r, id: cloudID(a.Target)})
		}
		gs[i].actions = append(gs[i].actions, a)
	}
	slices.SortStableFunc(gs, func(x, y group) int { return cmp.Compare(x.addr, y.addr) })
	return gs
}

func cloudID(t plan.Target) string {
	return cmp.Or(t.InstanceID, t.ROGroupID, t.ClusterID)
}

// relAddr is addr relative to its group ("account.app", "extranet").
func relAddr(addr, group string) string {
	if rel := strings.TrimPrefix(strings.TrimPrefix(addr, group), "."); rel != "" && rel != addr {
		return rel
	}
	return addr
}

// Symbol is the diff marker of a kind's effect: "+" for a create, "-"
// for a delete, "~" for everything else. The apply report uses the same
// markers.
func Symbol(k plan.Kind) string {
	switch k.Effect() {
	case plan.EffectCreate:
		return "+"
	case plan.EffectDelete:
		return "-"
	}
	return "~"
}

// attrLine is one attribute of an action: "name = after" for creates,
// "name = before -> after" for changes, "name = before" for destroys
// (what is removed). A list that changes (privileges) is shown as what
// it gains and loses instead: sign "+" or "-" and the items,
// "+ privileges: INSERT, UPDATE".
type attrLine struct{ name, value, sign string }

// String renders the line, its name padded to width.
func (l attrLine) String(width int) string {
	if l.sign != "" {
		return l.sign + " " + l.name + ": " + l.value
	}
	return fmt.Sprintf("%-*s = %s", width, l.name, l.value)
}

// nameWidth is the widest name of the lines written "name = value".
func nameWidth(lines []attrLine) int {
	w := 0
	for _, l := range lines {
		if l.sign == "" {
			w = max(w, len(l.name))
		}
	}
	return w
}

// listChange returns the lines of a list attribute that changes from
// before to after (HCL list literals of strings), and false when either
// side is not such a list.
func listChange(name, before, after string) ([]attrLine, bool) {
	var b, a []string
	if json.Unmarshal([]byte(before), &b) != nil || json.Unmarshal([]byte(after), &a) != nil || b == nil || a == nil {
		return nil, false
	}
	var lines []attrLine
	if add := missing(a, b); len(add) > 0 {
		lines = append(lines, attrLine{name: name, value: strings.Join(add, ", "), sign: "+"})
	}
	if del := missing(b, a); len(del) > 0 {
		lines = append(lines, attrLine{name: name, value: strings.Join(del, ", "), sign: "-"})
	}
	return lines, true
}

// missing returns the items of a that b lacks, in a's order.
func missing(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

func attributes(a plan.Action) []attrLine {
	keys := make([]string, 0, len(a.Before)+len(a.After))
	for k := range a.After {
		keys = append(keys, k)
	}
	for k := range a.Before {
		if _, ok := a.After[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(x, y string) int {
		return cmp.Or(cmp.Compare(attrRank(x), attrRank(y)), cmp.Compare(x, y))
	})
	lines := make([]attrLine, 0, len(keys))
	for _, k := range keys {
		before, hasBefore := a.Before[k]
		after, hasAfter := a.After[k]
		if hasBefore && hasAfter {
			if ls, ok := listChange(k, before, after); ok {
				lines = append(lines, ls...)
				continue
			}
		}
		switch {
		case hasBefore && hasAfter:
			lines = append(lines, attrLine{name: k, value: before + " -> " + after})
		case hasAfter:
			lines = append(lines, attrLine{name: k, value: after})
		case a.Kind.Effect() == plan.EffectDelete:
			lines = append(lines, attrLine{name: k, value: before})
		default:
			lines = append(lines, attrLine{name: k, value: before + " -> (unset)"})
		}
	}
	return lines
}

// attrRank orders attributes the way they read in a block: identity
// first, the password marker last.
func attrRank(name string) int {
	switch name {
	case "user_name":
		return -1
	case "type", "host", "vpc_id":
		return 0
	case "password":
		return 2
	}
	return 1
}

// summaryLine is the final line of human output.
func summaryLine(s plan.Summary) string {
	tail := fmt.Sprintf("%d unchanged, %d unmanaged.", s.Unchanged, s.Unmanaged)
	if s.Create+s.Change+s.Destroy == 0 {
		return "No changes. " + tail
	}
	return fmt.Sprintf("Plan: %d to create, %d to change, %d to destroy. %s", s.Create, s.Change, s.Destroy, tail)
}

// staleText describes a max_password_age finding in one sentence.
func staleText(sp plan.StalePassword) string {
	what, field := "password last set", "PasswordUpdateTime"
	if sp.Basis == plan.BasisUpdateTime {
		what, field = "account last changed", "LibraDB reports no password time"
	}
	var s string
	if sp.LastSet == "" {
		s = fmt.Sprintf("password age unknown (%s not reported), max_password_age %s", field, sp.MaxAge)
		if sp.Basis == plan.BasisUpdateTime {
			s = fmt.Sprintf("password age unknown (%s), max_password_age %s", field, sp.MaxAge)
		}
	} else {
		s = fmt.Sprintf("%s %s (%s), %d days ago, older than max_password_age %s", what, sp.LastSet, field, sp.AgeDays, sp.MaxAge)
	}
	if sp.ResetPlanned {
		return s + "; this plan resets it"
	}
	return s + "; set a new password and password_changed_after to rotate it"
}

// unmanagedByParent groups unmanaged objects per parent address, in plan
// order, as "kind name" lists.
func unmanagedByParent(us []plan.Unmanaged) (parents []string, items map[string][]string) {
	items = map[string][]string{}
	for _, u := range us {
		if _, ok := items[u.Parent]; !ok {
			parents = append(parents, u.Parent)
		}
		items[u.Parent] = append(items[u.Parent], u.Kind+" "+u.Name)
	}
	return parents, items
}

// maxListedParents is how many objects sharing the same unmanaged set
// are listed one per line before they are folded into one line.
const maxListedParents = 3

// compactUnmanaged renders the unmanaged objects one line per parent,
// except that parents with identical unmanaged sets (typically a built-in
// account on every instance of a fleet) are folded into one line once
// there are more than maxListedParents of them, so a 300-instance plan
// does not print 300 identical lines. The JSON output keeps the full list.
func compactUnmanaged(parents []string, items map[string][]string) []string {
	var sets []string
	bySet := map[string][]string{}
	for _, parent := range parents {
		set := strings.Join(items[parent], ", ")
		if _, ok := bySet[set]; !ok {
			sets = append(sets, set)
		}
		bySet[set] = append(bySet[set], parent)
	}
	var lines []string
	for _, parent := range parents {
		set := strings.Join(items[parent], ", ")
		ps := bySet[set]
		switch {
		case len(ps) <= maxListedParents:
			lines = append(lines, parent+": "+set)
		case ps[0] == parent:
			lines = append(lines, fmt.Sprintf("%s: on %d objects (%s, %s, … and %d more; -json lists all)",
				set, len(ps), ps[0], ps[1], len(ps)-2))
		}
	}
	return lines
}

// errWriter remembers the first write error so rendering code can write
// unconditionally and check once.
type errWriter struct {
	w   io.Writer
	n   int
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err != nil {
		return
	}
	n, err := fmt.Fprintf(e.w, format, args...)
	e.n += n
	e.err = err
}
