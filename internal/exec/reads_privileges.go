package exec

import (
	"context"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/plan"
	"github.com/dbplan/dbplan/internal/plan/refresh"
)

// privAnswer is what a coalesced privilege read found for one object.
type privAnswer struct {
	held plan.ObservedPrivileges
	// noAccount: the account does not exist (any more).
	noAccount bool
}

// privileges reads what the account of as (all on one account) holds on
// their objects into obs, in one read shared with every concurrent read
// of the same account (DescribeAccountPrivileges names up to
// refresh.ObjectsPerPrivilegeRead objects per call). A missing instance
// leaves obs without it; a missing account leaves the instance without
// the account.
func (r *reads) privileges(ctx context.Context, api API, as []*plan.Action, obs *plan.Observed) error {
	t := as[0].Target
	keys := make([]string, len(as))
	for i, a := range as {
		keys[i] = a.Target.ObjectOf().Key()
	}
	group := clientKey(t) + "\x00" + t.InstanceID + "\x00" + t.UserName
	rs, err := r.privs.getMany(ctx, group, keys, refresh.ObjectsPerPrivilegeRead,
		func(ctx context.Context, ids []string) (map[string]privAnswer, error) {
			objs := make([]plan.DBObject, len(ids))
			for i, id := range ids {
				o, err := plan.ParseDBObjectKey(id)
				if err != nil {
					return nil, err
				}
				objs[i] = o
			}
			held, err := refresh.Privileges(ctx, api, r.opts, t.InstanceID, t.UserName, objs)
			out := make(map[string]privAnswer, len(ids))
			switch {
			case apiclient.IsAccountNotFound(err):
				for _, id := range ids {
					out[id] = privAnswer{noAccount: true}
				}
				return out, nil
			case apiclient.IsNotFound(err):
				return out, nil // the instance is gone: every object absent
			case err != nil:
				return nil, err
			}
			for k, v := range held {
				out[k] = privAnswer{held: v}
			}
			return out, nil
		})
	if err != nil {
		return err
	}
	acct := &plan.ObservedAccount{Name: t.UserName, Privileges: map[string]plan.ObservedPrivileges{}}
	oi := &plan.ObservedInstance{ID: t.InstanceID, Accounts: map[string]*plan.ObservedAccount{t.UserName: acct}}
	for i, res := range rs {
		switch {
		case res.err != nil:
			return res.err
		case !res.ok:
			return nil // the instance is gone
		case res.v.noAccount:
			delete(oi.Accounts, t.UserName)
		default:
			acct.Privileges[keys[i]] = res.v.held
		}
	}
	obs.Instances[t.InstanceID] = oi
	return nil
}

// libraPrivileges reads every privilege of t's LibraDB account into obs
// (the cluster holding just that account; without it when it is gone,
// without the cluster when that is gone).
func (r *reads) libraPrivileges(ctx context.Context, api API, t plan.Target, obs *plan.Observed) error {
	key := plan.LibraKey(t.UserName, t.Host)
	privs, ok, err := r.libraPriv.get(ctx, clientKey(t)+"\x00"+t.ClusterID+"\x00"+key, key, 1,
		func(ctx context.Context, _ []string) (map[string]map[string][]string, error) {
			m, err := refresh.LibraPrivileges(ctx, api, r.opts, t.ClusterID, t.UserName, t.Host)
			switch {
			case apiclient.IsAccountNotFound(err):
				return map[string]map[string][]string{key: nil}, nil
			case apiclient.IsNotFound(err):
				return map[string]map[string][]string{}, nil // the cluster is gone
			case err != nil:
				return nil, err
			}
			return map[string]map[string][]string{key: m}, nil
		})
	switch {
	case err != nil:
		return err
	case !ok:
		return nil // the cluster is gone
	}
	oc := &plan.ObservedLibraCluster{ID: t.ClusterID, Accounts: map[string]*plan.ObservedLibraAccount{}}
	if privs != nil {
		oc.Accounts[key] = &plan.ObservedLibraAccount{Name: t.UserName, Host: t.Host, Privileges: privs}
	}
	obs.LibraClusters[t.ClusterID] = oc
	return nil
}
