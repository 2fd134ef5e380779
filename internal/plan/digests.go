package plan

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dbplan/dbplan/internal/config"
)

// A saved plan records, for every object its actions touch, the digest of
// that object's desired state (config.Config.Meanings): the object acted
// on and every declared object above it (an account's instance, a
// network's group). Apply recomputes the digests from the configuration
// it loads and refuses the plan when one differs or is gone, naming the
// object; a change anywhere else (comments, formatting, another block, a
// new account next to the planned one) leaves the plan applicable.

// touchedDigests returns the digests of the declared objects the actions
// touch, from meanings (config.Config.Meanings).
func touchedDigests(actions []Action, meanings map[string]string) map[string]string {
	out := map[string]string{}
	for _, a := range actions {
		for _, d := range declaredAbove(a.Addr, meanings) {
			if m, ok := meanings[d]; ok {
				out[d] = m
			} else {
				out[d] = undeclaredDigest
			}
		}
	}
	return out
}

// undeclaredDigest is recorded for an object a plan acts on that no block
// declares (an account a prune_accounts block deletes): it must still be
// undeclared at apply.
const undeclaredDigest = "undeclared"

// declaredAbove returns the declared addresses of the object at addr and
// of every declared object above it, outermost first. An object of an
// instance a selector matched (`postgres_instance.L["postgres-…"]…`) is
// declared under the selector block's address (`postgres_instance.L…`).
// An address nothing declares yields its own address alone (as its
// declaration would be written), so a check reports it as missing.
func declaredAbove(addr string, meanings map[string]string) []string {
	decl := DeclaredAddr(addr, func(a string) bool { _, ok := meanings[a]; return ok })
	var out []string
	for _, p := range addrPrefixes(decl) {
		if _, ok := meanings[p]; ok {
			out = append(out, p)
		}
	}
	// An address that is not a declared object of its own is covered by
	// the declared object above it when that is more than its resource
	// block (an account's privileges on one database are part of the
	// account); otherwise it stands for itself (an account a prune
	// deletes, or one no longer declared).
	if len(out) == 0 || out[len(out)-1] != decl && out[len(out)-1] == ResourceAddr(decl) {
		out = append(out, decl)
	}
	return out
}

// DeclaredAddr maps the address of a planned object to the address of
// the block declaring it: addr itself when declared(addr), else, for an
// object of an instance a selector matched (SelectedAddr), the same
// address under the selector block; otherwise addr unchanged.
func DeclaredAddr(addr string, declared func(string) bool) string {
	if declared(addr) {
		return addr
	}
	r := ResourceAddr(addr)
	// A resource address is TYPE.LABEL[KEY]: labels are identifiers, so
	// the first '[' opens the key.
	if i := strings.IndexByte(r, '['); i > 0 && declared(r[:i]) {
		return r[:i] + addr[len(r):]
	}
	return addr
}

// addrPrefixes returns addr cut before each dot that separates its
// blocks (blockCuts), then addr itself: "a.b.c" gives "a", "a.b", "a.b.c".
func addrPrefixes(addr string) []string {
	var out []string
	for _, i := range blockCuts(addr) {
		out = append(out, addr[:i])
	}
	return append(out, addr)
}

// StaleError says which objects of a saved plan no longer mean what they
// meant when it was made.
type StaleError struct {
	// Changed are declared addresses whose desired state changed since.
	Changed []string
	// Missing are addresses the configuration no longer declares.
	Missing []string
	// Touched counts the declared objects the plan touches.
	Touched int
}

// ElsewhereRoot reports whether the configuration declares none of the
// objects the plan touches: most likely the plan was made for another
// configuration root.
func (e *StaleError) ElsewhereRoot() bool {
	return len(e.Changed) == 0 && len(e.Missing) == e.Touched
}

// Error names the first objects concerned, in one line.
func (e *StaleError) Error() string {
	var parts []string
	if len(e.Changed) > 0 {
		parts = append(parts, "changed since the plan: "+listSome(e.Changed))
	}
	if len(e.Missing) > 0 {
		parts = append(parts, "no longer declared: "+listSome(e.Missing))
	}
	return strings.Join(parts, "; ")
}

// listSome lists up to three items and counts the rest.
func listSome(items []string) string {
	const most = 3
	if len(items) <= most {
		return strings.Join(items, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(items[:most], ", "), len(items)-most)
}

// CheckDigests compares the desired state of every object the saved
// plan's actions touch with cfg, the configuration loaded at apply time.
// It returns nil when each still has the digest the plan recorded, and a
// *StaleError naming the others. The touched objects are derived from the
// actions, not from the recorded list, so a plan file stripped of its
// digests is refused, not waved through.
func CheckDigests(p *Plan, cfg *config.Config) error {
	now := cfg.Meanings()
	e := &StaleError{}
	seen := map[string]bool{}
	for _, a := range p.Actions {
		for _, d := range declaredAbove(a.Addr, now) {
			if seen[d] {
				continue
			}
			seen[d] = true
			e.Touched++
			cur, declared := now[d]
			switch {
			case !declared && p.ObjectDigests[d] == undeclaredDigest:
				e.Touched-- // undeclared then and now: its parent's digest decides
			case !declared:
				e.Missing = append(e.Missing, d)
			case p.ObjectDigests[d] != cur:
				e.Changed = append(e.Changed, d)
			}
		}
	}
	if len(e.Changed) == 0 && len(e.Missing) == 0 {
		return nil
	}
	slices.Sort(e.Changed)
	slices.Sort(e.Missing)
	return e
}
