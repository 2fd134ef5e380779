package refresh

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/config"
	"github.com/dbplan/dbplan/internal/plan"
)

// Refresh reads the current state of every object cfg targets: its
// instances (by id, in batches of 100, and through selectors) with their
// accounts and, for the existing accounts whose grants name objects, the
// privileges they hold on those objects (one DescribeAccountPrivileges per
// account and up to 50 objects); its read-only groups (through their
// master instances) and its LibraDB clusters with their accounts and, for
// the existing accounts with grants, all their privileges (one
// DescribeLibraDBClusterAccountAllPrivileges per account). Objects the cloud does not have are
// absent from the result; plan.Build reports them. The first API error
// stops the refresh and is returned wrapped with the address that needed
// the read. Refresh is safe to call concurrently.
func Refresh(ctx context.Context, cfg *config.Config, sources Sources, opts Options) (*plan.Observed, error) {
	ru := &run{
		r:       newReader(opts),
		sources: sources,
		srcs:    map[srcKey]Source{},
		queued:  map[string]bool{},
		obs: &plan.Observed{
			Instances:     map[string]*plan.ObservedInstance{},
			Selections:    map[string][]string{},
			ROGroups:      map[string]*plan.ObservedROGroup{},
			LibraClusters: map[string]*plan.ObservedLibraCluster{},
		},
	}
	// Second-stage reads (accounts of what the first stage found) run in
	// their own group so a first-stage job waiting for a free slot there
	// can never deadlock. The first error of either cancels both (plain
	// Groups: errgroup.WithContext would also cancel when the first stage's
	// Wait returns, while the second stage still runs).
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ru.ctx, ru.cancel = ctx, cancel
	first := &group{ru: ru}
	ru.second = &group{ru: ru}
	par := opts.parallelism()
	first.g.SetLimit(par)
	ru.second.g.SetLimit(par)

	ru.instanceJobs(first, cfg.Instances)
	ru.selectorJobs(first, cfg.Instances)
	ru.groupJobs(first, cfg.ROGroups)
	ru.clusterJobs(first, cfg.LibraClusters)

	err1 := first.g.Wait()
	err2 := ru.second.g.Wait()
	if err := firstCause(err1, err2); err != nil {
		return nil, err
	}
	// Third stage: privileges, once every account is known.
	third := &group{ru: ru}
	third.g.SetLimit(par)
	ru.privilegeJobs(third, cfg.Instances)
	ru.libraPrivilegeJobs(third, cfg.LibraClusters)
	if err := third.g.Wait(); err != nil {
		return nil, err
	}
	return ru.obs, nil
}

// firstCause prefers an error that is not a cancellation (a cancellation is
// usually the consequence of the other group's failure).
func firstCause(errs ...error) error {
	for _, err := range errs {
		if err != nil && !errors.Is(err, context.Canceled) {
			return err
		}
	}
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// run is the state of one Refresh.
type run struct {
	r       *reader
	sources Sources
	ctx     context.Context
	cancel  context.CancelFunc
	second  *group

	srcMu sync.Mutex
	srcs  map[srcKey]Source

	mu     sync.Mutex
	obs    *plan.Observed
	queued map[string]bool // instance ids whose accounts are being read
}

// group runs jobs with bounded concurrency; a failing job cancels the run.
type group struct {
	ru *run
	g  errgroup.Group
}

// Go runs fn in the group, blocking while the group is full.
func (g *group) Go(fn func() error) {
	g.g.Go(func() error {
		err := fn()
		if err != nil {
			g.ru.cancel()
		}
		return err
	})
}

// srcKey identifies a Source: provider name and region.
type srcKey struct{ provider, region string }

// source returns the cached Source of a provider and region.
func (ru *run) source(provider, region string) (Source, error) {
	ru.srcMu.Lock()
	defer ru.srcMu.Unlock()
	k := srcKey{provider, region}
	if s, ok := ru.srcs[k]; ok {
		return s, nil
	}
	s, err := ru.sources(provider, region)
	if err != nil {
		return nil, err
	}
	ru.srcs[k] = s
	return s, nil
}

// instanceJobs reads every instance named by id, batched per provider and
// region, 100 ids per call.
func (ru *run) instanceJobs(g *group, insts []*config.Instance) {
	byKey := map[srcKey]map[string]string{} // id -> first declaring address
	for _, in := range insts {
		if in.Selector != nil || in.InstanceID == "" {
			continue
		}
		k := srcKey{in.Provider, in.Region}
		if byKey[k] == nil {
			byKey[k] = map[string]string{}
		}
		if _, ok := byKey[k][in.InstanceID]; !ok {
			byKey[k][in.InstanceID] = in.Addr
		}
	}
	for _, k := range sortedKeys(byKey) {
		addrOf := byKey[k]
		ids := sortedIDs(addrOf)
		for chunk := range slices.Chunk(ids, instancePage) {
			addrs := make([]string, len(chunk))
			for i, id := range chunk {
				addrs[i] = addrOf[id]
			}
			g.Go(func() error {
				if err := ru.readInstances(k, chunk, addrOf); err != nil {
					return fmt.Errorf("reading %s: %w", addrList(addrs), err)
				}
				return nil
			})
		}
	}
}

func (ru *run) readInstances(k srcKey, ids []string, addrOf map[string]string) error {
	src, err := ru.source(k.provider, k.region)
	if err != nil {
		return err
	}
	found, err := ru.r.listInstances(ru.ctx, src, []apiclient.Filter{{Name: "db-instance-id", Values: ids}}, len(ids))
	if err != nil {
		return err
	}
	for i := range found {
		if addr, ok := addrOf[found[i].DBInstanceId]; ok {
			ru.addInstance(src, &found[i], addr)
		}
	}
	return nil
}

// selectorJobs resolves every selector and reads what it matched.
func (ru *run) selectorJobs(g *group, insts []*config.Instance) {
	for _, in := range insts {
		if in.Selector == nil {
			continue
		}
		g.Go(func() error {
			src, err := ru.source(in.Provider, in.Region)
			if err != nil {
				return fmt.Errorf("resolving the selector of %s: %w", in.Addr, err)
			}
			matched, err := ru.r.selectInstances(ru.ctx, src, in.Selector)
			if err != nil {
				return fmt.Errorf("resolving the selector of %s: %w", in.Addr, err)
			}
			ids := make([]string, len(matched))
			for i := range matched {
				ids[i] = matched[i].DBInstanceId
				ru.addInstance(src, &matched[i], in.Addr)
			}
			sort.Strings(ids)
			ru.mu.Lock()
			ru.obs.Selections[in.Addr] = ids
			ru.mu.Unlock()
			return nil
		})
	}
}

// addInstance records an instance and, the first time it is seen,
// schedules the read of its accounts.
func (ru *run) addInstance(src Source, in *apiclient.DBInstance, addr string) {
	id := in.DBInstanceId
	ru.mu.Lock()
	if _, ok := ru.obs.Instances[id]; !ok {
		ru.obs.Instances[id] = instanceOf(in)
	}
	first := !ru.queued[id]
	ru.queued[id] = true
	ru.mu.Unlock()
	if !first {
		return
	}
	ru.second.Go(func() error {
		accts, err := ru.r.listAccounts(ru.ctx, src, id)
		ru.mu.Lock()
		defer ru.mu.Unlock()
		switch {
		case apiclient.IsNotFound(err):
			// Deleted between the two reads: absent, like any other.
			delete(ru.obs.Instances, id)
			return nil
		case err != nil:
			return fmt.Errorf("reading the accounts of %s (%s): %w", addr, id, err)
		}
		ru.obs.Instances[id].Accounts = accts
		return nil
	})
}

// groupJobs reads the read-only groups, one listing per distinct master
// instance (the API lists groups only by master).
func (ru *run) groupJobs(g *group, groups []*config.ROGroup) {
	type masterKey struct {
		srcKey
		master string
	}
	byMaster := map[masterKey]map[string]string{} // group id -> address
	var keys []masterKey
	for _, gr := range groups {
		k := masterKey{srcKey{gr.Provider, gr.Region}, gr.MasterInstanceID}
		if byMaster[k] == nil {
			byMaster[k] = map[string]string{}
			keys = append(keys, k)
		}
		if _, ok := byMaster[k][gr.ROGroupID]; !ok {
			byMaster[k][gr.ROGroupID] = gr.Addr
		}
	}
	for _, k := range keys {
		want := byMaster[k]
		g.Go(func() error {
			src, err := ru.source(k.provider, k.region)
			if err == nil {
				var found []apiclient.ReadOnlyGroup
				found, err = ru.r.listGroups(ru.ctx, src, k.master)
				ru.mu.Lock()
				for i := range found {
					if _, ok := want[found[i].ReadOnlyGroupId]; ok {
						ru.obs.ROGroups[found[i].ReadOnlyGroupId] = groupOf(&found[i])
					}
				}
				ru.mu.Unlock()
			}
			if apiclient.IsNotFound(err) {
				return nil // the master instance is gone: its groups are absent
			}
			if err != nil {
				return fmt.Errorf("reading %s: %w", addrList(sortedAddrs(want)), err)
			}
			return nil
		})
	}
}

// clusterJobs lists the LibraDB clusters once per provider and region,
// keeps the configured ones and reads their accounts.
func (ru *run) clusterJobs(g *group, clusters []*config.LibraCluster) {
	byKey := map[srcKey]map[string]string{} // cluster id -> address
	for _, c := range clusters {
		k := srcKey{c.Provider, c.Region}
		if byKey[k] == nil {
			byKey[k] = map[string]string{}
		}
		if _, ok := byKey[k][c.ClusterID]; !ok {
			byKey[k][c.ClusterID] = c.Addr
		}
	}
	for _, k := range sortedKeys(byKey) {
		want := byKey[k]
		g.Go(func() error {
			src, err := ru.source(k.provider, k.region)
			if err != nil {
				return fmt.Errorf("reading %s: %w", addrList(sortedAddrs(want)), err)
			}
			found, err := ru.r.listClusters(ru.ctx, src)
			if err != nil {
				return fmt.Errorf("reading %s: %w", addrList(sortedAddrs(want)), err)
			}
			for i := range found {
				addr, ok := want[found[i].ClusterId]
				if !ok {
					continue
				}
				ru.addCluster(src, &found[i], addr)
			}
			return nil
		})
	}
}

// addCluster records a cluster and schedules the read of its accounts.
func (ru *run) addCluster(src Source, c *apiclient.LibraDBCluster, addr string) {
	id := c.ClusterId
	ru.mu.Lock()
	ru.obs.LibraClusters[id] = clusterOf(c)
	ru.mu.Unlock()
	ru.second.Go(func() error {
		accts, err := ru.r.listLibraAccounts(ru.ctx, src, id)
		ru.mu.Lock()
		defer ru.mu.Unlock()
		switch {
		case apiclient.IsNotFound(err):
			delete(ru.obs.LibraClusters, id)
			return nil
		case err != nil:
			return fmt.Errorf("reading the accounts of %s (%s): %w", addr, id, err)
		}
		ru.obs.LibraClusters[id].Accounts = accts
		return nil
	})
}
