package plan

import (
	"fmt"
	"strings"
)

// objectKey identifies the cloud object an action acts on, so that two
// actions on one object are recognised whatever their addresses: the
// account on its instance, the LibraDB account (name and host) on its
// cluster, the network (VPC and subnet) on its group. Public access has
// no create or delete and is keyed by instance.
func objectKey(a *Action) string {
	t := a.Target
	switch a.Kind.Spec().Object {
	case ObjectAccount:
		return "account " + t.InstanceID + "/" + t.UserName
	case ObjectLibraAccount:
		return "libradb_account " + t.ClusterID + "/" + LibraKey(t.UserName, t.Host)
	case ObjectRONetwork:
		return "network " + t.ROGroupID + "/" + a.Params.VpcID + "/" + a.Params.SubnetID
	}
	return "instance " + t.InstanceID
}

// checkNoRecreate returns an error naming every object that actions both
// delete and create: one apply never deletes an object and creates it
// again (or the reverse). Build cannot produce such a plan (an object is
// declared once: absent or present); a plan file that has one was edited
// or corrupted.
func checkNoRecreate(actions []Action) error {
	effects := map[string]Effect{}
	var both []string
	for i := range actions {
		a := &actions[i]
		e := a.Kind.Effect()
		if e != EffectCreate && e != EffectDelete {
			continue
		}
		k := objectKey(a)
		if prev, ok := effects[k]; ok && prev != e {
			both = append(both, k)
		}
		effects[k] = e
	}
	if len(both) > 0 {
		return fmt.Errorf("the plan both deletes and creates %s", strings.Join(both, ", "))
	}
	return nil
}
