package exec

import (
	"context"
	"sync"
	"time"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/clock"
	"github.com/dbplan/dbplan/internal/plan"
	"github.com/dbplan/dbplan/internal/plan/refresh"
	"github.com/dbplan/dbplan/internal/retry"
)

// instancesPerCall is the most ids one DescribeDBInstances call filters on.
const instancesPerCall = 100

// reads re-reads single objects for the executor through refresh's
// helpers (same paging, quota tokens and retries as a refresh), coalescing
// concurrent reads of the same object and batching instance reads.
type reads struct {
	opts      refresh.Options
	instances *coalescer[*plan.ObservedInstance]
	accounts  *coalescer[map[string]*plan.ObservedAccount]
	groups    *coalescer[*plan.ObservedROGroup]
	libra     *coalescer[map[string]*plan.ObservedLibraAccount]
	privs     *coalescer[privAnswer]
	libraPriv *coalescer[map[string][]string]
}

func newReads(base context.Context, bg *sync.WaitGroup, clk clock.Clock, ropts *retry.Options) *reads {
	return &reads{
		opts:      refresh.Options{Retry: ropts},
		instances: newCoalescer[*plan.ObservedInstance](base, bg, clk),
		accounts:  newCoalescer[map[string]*plan.ObservedAccount](base, bg, clk),
		groups:    newCoalescer[*plan.ObservedROGroup](base, bg, clk),
		libra:     newCoalescer[map[string]*plan.ObservedLibraAccount](base, bg, clk),
		privs:     newCoalescer[privAnswer](base, bg, clk),
		libraPriv: newCoalescer[map[string][]string](base, bg, clk),
	}
}

// clientKey identifies the client an action uses.
func clientKey(t plan.Target) string { return t.Provider + "\x00" + t.Region }

// instance reads one instance (without accounts); ok is false when it
// does not exist. A zero at reads as soon as possible; otherwise the read
// is the one shared by every poller of the client at tick at.
func (r *reads) instance(ctx context.Context, api API, t plan.Target, at time.Time) (*plan.ObservedInstance, bool, error) {
	fetch := func(ctx context.Context, ids []string) (map[string]*plan.ObservedInstance, error) {
		return refresh.Instances(ctx, api, r.opts, ids)
	}
	if !at.IsZero() {
		return r.instances.getAt(ctx, at, clientKey(t), t.InstanceID, instancesPerCall, fetch)
	}
	return r.instances.get(ctx, clientKey(t), t.InstanceID, instancesPerCall, fetch)
}

// group reads one read-only group (through its master instance), at tick
// at when it is not zero.
func (r *reads) group(ctx context.Context, api API, t plan.Target, at time.Time) (*plan.ObservedROGroup, bool, error) {
	fetch := func(ctx context.Context, _ []string) (map[string]*plan.ObservedROGroup, error) {
		return refresh.ROGroups(ctx, api, r.opts, t.MasterInstanceID)
	}
	group := clientKey(t) + "\x00" + t.MasterInstanceID
	if !at.IsZero() {
		return r.groups.getAt(ctx, at, group, t.ROGroupID, 1<<30, fetch)
	}
	return r.groups.get(ctx, group, t.ROGroupID, 1<<30, fetch)
}

// observe reads what plan.CheckPrecondition needs for a, by the kind's
// Spec.Object: the instance's accounts, the instance, the group, the
// cluster's accounts or the account's privileges on the action's object.
// An object that does not exist is absent from the result. A non-zero at
// makes the instance and group reads the shared reads of that tick
// (polling).
func (r *reads) observe(ctx context.Context, api API, a *plan.Action, at time.Time) (*plan.Observed, error) {
	return r.observeAll(ctx, api, []*plan.Action{a}, at)
}

// observeAll is observe for the actions of one batch (one parent): one
// read serves them all (for privileges, one read names every action's
// object).
func (r *reads) observeAll(ctx context.Context, api API, as []*plan.Action, at time.Time) (*plan.Observed, error) {
	a := as[0]
	t := a.Target
	obs := &plan.Observed{
		Instances:     map[string]*plan.ObservedInstance{},
		ROGroups:      map[string]*plan.ObservedROGroup{},
		LibraClusters: map[string]*plan.ObservedLibraCluster{},
	}
	switch a.Kind.Spec().Object {
	case plan.ObjectPrivileges:
		if err := r.privileges(ctx, api, as, obs); err != nil {
			return nil, err
		}
	case plan.ObjectLibraPrivileges:
		if err := r.libraPrivileges(ctx, api, t, obs); err != nil {
			return nil, err
		}
	case plan.ObjectAccount:
		accts, ok, err := r.accounts.get(ctx, clientKey(t)+"\x00"+t.InstanceID, t.InstanceID, 1,
			func(ctx context.Context, _ []string) (map[string]map[string]*plan.ObservedAccount, error) {
				m, err := refresh.Accounts(ctx, api, r.opts, t.InstanceID)
				return absentIfNotFound(t.InstanceID, m, err)
			})
		if err != nil {
			return nil, err
		}
		if ok {
			obs.Instances[t.InstanceID] = &plan.ObservedInstance{ID: t.InstanceID, Accounts: accts}
		}
	case plan.ObjectPublicAccess:
		oi, ok, err := r.instance(ctx, api, t, at)
		if err != nil {
			return nil, err
		}
		if ok {
			obs.Instances[t.InstanceID] = oi
		}
	case plan.ObjectRONetwork:
		og, ok, err := r.group(ctx, api, t, at)
		if err != nil {
			return nil, err
		}
		if ok {
			obs.ROGroups[t.ROGroupID] = og
		}
	case plan.ObjectLibraAccount:
		accts, ok, err := r.libra.get(ctx, clientKey(t)+"\x00"+t.ClusterID, t.ClusterID, 1,
			func(ctx context.Context, _ []string) (map[string]map[string]*plan.ObservedLibraAccount, error) {
				m, err := refresh.LibraAccounts(ctx, api, r.opts, t.ClusterID)
				return absentIfNotFound(t.ClusterID, m, err)
			})
		if err != nil {
			return nil, err
		}
		if ok {
			obs.LibraClusters[t.ClusterID] = &plan.ObservedLibraCluster{ID: t.ClusterID, Accounts: accts}
		}
	}
	return obs, nil
}

// absentIfNotFound turns a "not found" error for the parent object into
// an absent result, so CheckPrecondition reports the object as deleted.
func absentIfNotFound[V any](id string, v V, err error) (map[string]V, error) {
	if err != nil {
		if apiclient.IsNotFound(err) {
			return map[string]V{}, nil
		}
		return nil, err
	}
	return map[string]V{id: v}, nil
}
