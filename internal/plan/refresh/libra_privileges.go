package refresh

import (
	"context"
	"fmt"
	"slices"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/config"
	"github.com/dbplan/dbplan/internal/plan"
)

// LibraPrivileges reads every privilege of the LibraDB account name@host,
// by plan.LibraScope key (canonical names, sorted; scopes without
// privileges left out). A missing cluster or account is returned as the
// API's not-found error.
func LibraPrivileges(ctx context.Context, src Source, opts Options, clusterID, name, host string) (map[string][]string, error) {
	return newReader(Options{Retry: opts.Retry}).readLibraPrivileges(ctx, src, clusterID, name, host)
}

func (r *reader) readLibraPrivileges(ctx context.Context, src Source, clusterID, name, host string) (map[string][]string, error) {
	var resp *apiclient.DescribeLibraDBClusterAccountAllPrivilegesResponse
	err := r.call(ctx, src, "DescribeLibraDBClusterAccountAllPrivileges", func(ctx context.Context) (err error) {
		resp, err = src.DescribeLibraDBClusterAccountAllPrivileges(ctx, apiclient.DescribeLibraDBClusterAccountAllPrivilegesRequest{
			ClusterId: clusterID, Account: apiclient.InputAccount{AccountName: name, Host: host}})
		return err
	})
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	add := func(s plan.LibraScope, privs []string) {
		k := s.Key()
		for _, p := range privs {
			out[k] = append(out[k], config.CanonicalPrivilege(p))
		}
	}
	add(plan.LibraScope{Level: config.LibraGlobal}, resp.GlobalPrivileges)
	for _, d := range resp.DatabasePrivileges {
		add(plan.LibraScope{Level: config.LibraDatabase, Database: d.Db}, d.Privileges)
	}
	for _, t := range resp.TablePrivileges {
		add(plan.LibraScope{Level: config.LibraTable, Database: t.Db, Table: t.TableName}, t.Privileges)
	}
	for k, p := range out {
		out[k] = sortedUnique(p)
	}
	r.read(1)
	return out, nil
}

// libraPrivilegeJobs reads all the privileges of every existing LibraDB
// account with grants.
func (ru *run) libraPrivilegeJobs(g *group, clusters []*config.LibraCluster) {
	for _, c := range clusters {
		oc := ru.obs.LibraClusters[c.ClusterID]
		if oc == nil {
			continue
		}
		for _, la := range c.Accounts {
			host := la.Host
			if host == "" {
				host = plan.DefaultLibraHost
			}
			key := plan.LibraKey(la.Name, host)
			if len(la.Grants) == 0 || la.Absent || oc.Accounts[key] == nil {
				continue
			}
			g.Go(func() error {
				src, err := ru.source(c.Provider, c.Region)
				if err != nil {
					return fmt.Errorf("reading the privileges of %s: %w", la.Addr, err)
				}
				privs, err := ru.r.readLibraPrivileges(ru.ctx, src, c.ClusterID, la.Name, host)
				ru.mu.Lock()
				defer ru.mu.Unlock()
				oc := ru.obs.LibraClusters[c.ClusterID]
				switch {
				case oc == nil || oc.Accounts[key] == nil:
					return nil // removed by another read that found it gone
				case apiclient.IsAccountNotFound(err):
					delete(oc.Accounts, key)
					return nil
				case apiclient.IsNotFound(err):
					delete(ru.obs.LibraClusters, c.ClusterID)
					return nil
				case err != nil:
					return fmt.Errorf("reading the privileges of %s (%s on %s): %w", la.Addr, key, c.ClusterID, err)
				}
				oc.Accounts[key].Privileges = privs
				return nil
			})
		}
	}
}

// sortedUnique returns s sorted without duplicates.
func sortedUnique(s []string) []string {
	slices.Sort(s)
	return slices.Compact(s)
}
