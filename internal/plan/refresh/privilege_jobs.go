package refresh

import (
	"fmt"
	"maps"
	"slices"
	"sort"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/config"
	"github.com/dbplan/dbplan/internal/plan"
)

// privilegeRead is the read of one account's privileges on the objects
// the configuration names for it, over every block reaching its instance.
type privilegeRead struct {
	src  srcKey
	addr string // the first declaring account address, for errors
	id   string
	user string
	objs map[string]plan.DBObject
}

// privilegeJobs reads the privileges of every existing account whose
// grants name objects, on every instance its block reaches (by id or
// through a selector).
func (ru *run) privilegeJobs(g *group, insts []*config.Instance) {
	reads := map[string]*privilegeRead{}
	for _, in := range insts {
		ids := ru.obs.Selections[in.Addr]
		if in.Selector == nil {
			ids = []string{in.InstanceID}
		}
		for _, id := range ids {
			oi := ru.obs.Instances[id]
			if oi == nil {
				continue
			}
			for _, acc := range in.Accounts {
				if len(acc.Grants) == 0 || oi.Accounts[acc.Name] == nil {
					continue
				}
				k := id + "\x00" + acc.Name
				pr := reads[k]
				if pr == nil {
					pr = &privilegeRead{src: srcKey{in.Provider, in.Region}, addr: acc.Addr, id: id, user: acc.Name, objs: map[string]plan.DBObject{}}
					reads[k] = pr
				}
				for _, o := range plan.DeclaredObjects(acc.Grants) {
					pr.objs[o.Key()] = o
				}
			}
		}
	}
	keys := make([]string, 0, len(reads))
	for k := range reads {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		pr := reads[k]
		g.Go(func() error { return ru.readAccountPrivileges(pr) })
	}
}

// readAccountPrivileges runs one privilegeRead. An account or instance
// deleted since it was listed is removed from the observed state (as if
// never seen), so the plan creates it or reports it missing.
func (ru *run) readAccountPrivileges(pr *privilegeRead) error {
	src, err := ru.source(pr.src.provider, pr.src.region)
	if err != nil {
		return fmt.Errorf("reading the privileges of %s: %w", pr.addr, err)
	}
	objs := make([]plan.DBObject, 0, len(pr.objs))
	for _, k := range slices.Sorted(maps.Keys(pr.objs)) {
		objs = append(objs, pr.objs[k])
	}
	privs, err := ru.r.readPrivileges(ru.ctx, src, pr.id, pr.user, objs)
	ru.mu.Lock()
	defer ru.mu.Unlock()
	oi := ru.obs.Instances[pr.id]
	switch {
	case oi == nil || oi.Accounts[pr.user] == nil:
		return nil // removed by another read that found it gone
	case apiclient.IsAccountNotFound(err):
		delete(oi.Accounts, pr.user)
		return nil
	case apiclient.IsNotFound(err):
		delete(ru.obs.Instances, pr.id)
		return nil
	case err != nil:
		return fmt.Errorf("reading the privileges of %s (%s on %s): %w", pr.addr, pr.user, pr.id, err)
	}
	oi.Accounts[pr.user].Privileges = privs
	return nil
}
