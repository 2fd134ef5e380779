package plan

import "slices"

// addDependencies fills DependsOn, given actions sorted by Addr then Kind:
//   - an action on an object being created depends on that create;
//   - public access flows lock their instance ("network changing"), so
//     they run after every account action on the same instance;
//   - a read-only group is "modifying" while a network flow runs, so the
//     group's network actions run one after the other, in plan order.
func addDependencies(actions []Action) {
	creates := map[string]string{}      // Addr → create action ID
	accountIDs := map[string][]string{} // InstanceID → account action IDs
	lastNetwork := map[string]string{}  // ROGroupID → previous create ID
	for i := range actions {
		a := &actions[i]
		if a.Kind.Effect() == EffectCreate {
			creates[a.Addr] = a.ID
		}
		if a.Kind.Spec().Object == ObjectAccount {
			accountIDs[a.Target.InstanceID] = append(accountIDs[a.Target.InstanceID], a.ID)
		}
	}
	for i := range actions {
		a := &actions[i]
		if id, ok := creates[a.Addr]; ok && id != a.ID {
			a.DependsOn = append(a.DependsOn, id)
		}
		switch a.Kind.Spec().Object {
		case ObjectPublicAccess:
			a.DependsOn = append(a.DependsOn, accountIDs[a.Target.InstanceID]...)
		case ObjectRONetwork:
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
