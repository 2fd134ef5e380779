package plan

import "slices"

// addDependencies fills DependsOn, given actions sorted by Addr then Kind
// and the number of networks each read-only group has (groupLive):
//   - an action on an object being created, or on anything under it (the
//     privileges of a new account), depends on that create;
//   - public access flows lock their instance ("network changing"), so
//     they run after every account and privilege action on the same
//     instance;
//   - a read-only group is "modifying" while a network flow runs, so the
//     group's network actions run one after the other, ordered so that
//     the group always has between 1 and MaxGroupNetworks networks
//     (networkOrder): a full group removes before it adds, a group with
//     one network adds before it removes.
func addDependencies(actions []Action, groupLive map[string]int) {
	creates := map[string]string{}      // Addr → create action ID
	accountIDs := map[string][]string{} // InstanceID → account action IDs
	groupActs := map[string][]int{}     // ROGroupID → network action indexes
	var groups []string
	for i := range actions {
		a := &actions[i]
		if a.Kind.Effect() == EffectCreate {
			creates[a.Addr] = a.ID
		}
		switch a.Kind.Spec().Object {
		case ObjectAccount, ObjectPrivileges:
			accountIDs[a.Target.InstanceID] = append(accountIDs[a.Target.InstanceID], a.ID)
		case ObjectRONetwork:
			if _, ok := groupActs[a.Target.ROGroupID]; !ok {
				groups = append(groups, a.Target.ROGroupID)
			}
			groupActs[a.Target.ROGroupID] = append(groupActs[a.Target.ROGroupID], i)
		}
	}
	for _, g := range groups {
		order := networkOrder(actions, groupActs[g], groupLive[g])
		for k := 1; k < len(order); k++ {
			a := &actions[order[k]]
			a.DependsOn = append(a.DependsOn, actions[order[k-1]].ID)
		}
	}
	for i := range actions {
		a := &actions[i]
		for _, addr := range selfAndAncestors(a.Addr) {
			if id, ok := creates[addr]; ok && id != a.ID {
				a.DependsOn = append(a.DependsOn, id)
			}
		}
		if a.Kind.Spec().Object == ObjectPublicAccess {
			a.DependsOn = append(a.DependsOn, accountIDs[a.Target.InstanceID]...)
		}
		if len(a.DependsOn) > 1 {
			slices.Sort(a.DependsOn)
			a.DependsOn = slices.Compact(a.DependsOn)
		}
	}
}

// networkOrder orders the network actions idx of one group that has live
// networks: a removal goes first while the group keeps at least one
// network after it (or nothing is left to add), else an addition; each
// keeps its plan order among its own effect. With at most
// MaxGroupNetworks before and after, the group never exceeds the limit
// nor drops to zero on the way.
func networkOrder(actions []Action, idx []int, live int) []int {
	var adds, removes []int
	for _, i := range idx {
		if actions[i].Kind.Effect() == EffectDelete {
			removes = append(removes, i)
		} else {
			adds = append(adds, i)
		}
	}
	order := make([]int, 0, len(idx))
	for len(adds)+len(removes) > 0 {
		if len(removes) > 0 && (live > 1 || len(adds) == 0) {
			order, removes = append(order, removes[0]), removes[1:]
			live--
			continue
		}
		order, adds = append(order, adds[0]), adds[1:]
		if actions[order[len(order)-1]].Kind.Effect() == EffectCreate {
			live++
		}
	}
	return order
}

// selfAndAncestors returns addr and the addresses of the blocks it is
// nested in, longest first: `a.b["k.x"].c.d` → itself, `a.b["k.x"].c`,
// `a.b["k.x"]`, `a`. Only a "." outside brackets starts a nested block,
// so `a.b["k"]` (a key, such as a LibraDB account's host) is not under
// `a.b`.
func selfAndAncestors(addr string) []string {
	cuts := blockCuts(addr)
	out := []string{addr}
	for j := len(cuts) - 1; j >= 0; j-- {
		out = append(out, addr[:cuts[j]])
	}
	return out
}
