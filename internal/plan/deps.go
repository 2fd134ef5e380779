package plan

import "slices"

// isAccountKind reports whether k is a PostgreSQL account call: quick,
// synchronous, and refused while a flow locks the instance.
func isAccountKind(k Kind) bool {
	switch k {
	case CreateAccount, ModifyAccountRemark, OpenAccountCAM, CloseAccountCAM:
		return true
	}
	return false
}

// addDependencies fills DependsOn, given actions sorted by Addr then Kind:
//   - an action on an object being created depends on that create;
//   - extranet flows lock their instance ("network changing"), so they
//     run after every account action on the same instance;
//   - a read-only group is "modifying" while a network is added, so the
//     group's network creates run one after the other, in address order.
func addDependencies(actions []Action) {
	creates := map[string]string{}      // Addr → create action ID
	accountIDs := map[string][]string{} // InstanceID → account action IDs
	lastNetwork := map[string]string{}  // ROGroupID → previous create ID
	for i := range actions {
		a := &actions[i]
		if a.Kind.Effect() == EffectCreate {
			creates[a.Addr] = a.ID
		}
		if isAccountKind(a.Kind) {
			accountIDs[a.Target.InstanceID] = append(accountIDs[a.Target.InstanceID], a.ID)
		}
	}
	for i := range actions {
		a := &actions[i]
		if id, ok := creates[a.Addr]; ok && id != a.ID {
			a.DependsOn = append(a.DependsOn, id)
		}
		switch a.Kind {
		case OpenExtranet, CloseExtranet:
			a.DependsOn = append(a.DependsOn, accountIDs[a.Target.InstanceID]...)
		case CreateRONetwork:
			if prev, ok := lastNetwork[a.Target.ROGroupID]; ok {
				a.DependsOn = append(a.DependsOn, prev)
			}
			lastNetwork[a.Target.ROGroupID] = a.ID
		}
		if len(a.DependsOn) > 1 {
			slices.Sort(a.DependsOn)
			a.DependsOn = slices.Compact(a.DependsOn)
		}
	}
}
