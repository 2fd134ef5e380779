package plan

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/dbplan/dbplan/internal/config"
)

// diffLibraGrants plans the privileges of a LibraDB account (oa; nil when
// it is being created): one modify_libradb_privileges action when a scope
// its grants name differs from what it holds. Scopes it holds that no
// grant names stay as they are and are listed as unmanaged. A planned
// password reset (the ID reset) goes first: its re-check reads the
// account's UpdateTime, which a privilege change may move.
func (b *builder) diffLibraGrants(base Action, la *config.LibraAccount, oa *ObservedLibraAccount, key, clusterID, reset string) {
	if len(la.Grants) == 0 {
		return
	}
	declared, first := libraDeclared(la.Grants)
	held := map[string][]string{}
	if oa != nil {
		if oa.Privileges == nil {
			b.errorAt(la.DeclRange, "Privileges not read",
				fmt.Sprintf("The privileges of LibraDB account %s were not read from the cloud, so they cannot be compared. This is a bug in dbplan; please report it.", key))
			return
		}
		held = oa.Privileges
	}
	want := map[string][]string{}
	for k, p := range held {
		want[k] = p
		if _, ok := declared[k]; !ok && len(p) > 0 {
			b.unmanaged(base.Addr, "libradb_privileges", k)
		}
	}
	before, after := map[string]string{}, map[string]string{}
	var gains, losses []string
	for _, k := range libraScopes(declared) {
		want[k] = declared[k]
		had := sortedSet(held[k])
		add, del := setDiff(declared[k], had), setDiff(had, declared[k])
		if len(add) == 0 && len(del) == 0 {
			b.p.Unchanged++
			continue
		}
		before[k], after[k] = privilegeList(had), privilegeList(declared[k])
		if len(add) > 0 {
			gains = append(gains, fmt.Sprintf("%s on %s", strings.Join(add, ", "), k))
		}
		if len(del) > 0 {
			losses = append(losses, fmt.Sprintf("%s on %s", strings.Join(del, ", "), k))
		}
	}
	if len(after) == 0 {
		return
	}
	a := base
	a.Kind = ModifyLibraPrivileges
	a.Params = Params{LibraPrivileges: map[string][]string{}}
	for k, p := range want {
		if len(p) > 0 {
			a.Params.LibraPrivileges[k] = sortedSet(p)
		}
	}
	a.Before, a.After = before, after
	var says []string
	if len(gains) > 0 {
		says = append(says, "lacks "+strings.Join(gains, "; "))
	}
	if len(losses) > 0 {
		says = append(says, "holds "+strings.Join(losses, "; ")+", which the configuration does not declare")
		a.Risks = append(a.Risks, RiskRemovesAccess)
	}
	a.Reason = fmt.Sprintf("LibraDB account %s %s.", key, strings.Join(says, " and "))
	a.Range = rangeOf(first[slices.Sorted(maps.Keys(after))[0]].DeclRange)
	a.Precondition = Precondition{Description: fmt.Sprintf("the privileges of %s on %s are as read", key, clusterID), Expect: libraState(held)}
	if reset != "" {
		a.DependsOn = []string{reset}
	}
	b.add(a)
}
