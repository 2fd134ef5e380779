package refresh

import (
	"context"
	"fmt"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/plan"
)

// Page sizes: the documented maxima (reference §5.3, §5.12, §5.13); the
// LibraDB maximum is unconfirmed, so those loops do not assume it holds.
const (
	instancePage = 100
	accountPage  = 100
	groupPage    = 99
	libraPage    = 100
	// maxPages bounds every pagination loop, so a server that never
	// returns a short page cannot make refresh loop forever.
	maxPages = 10000
)

// tooManyPages is the error of a listing that never ended.
func tooManyPages(action string) error {
	return fmt.Errorf("%s: gave up after %d pages: the listing never ended", action, maxPages)
}

// listInstances returns every instance DescribeDBInstances matches with
// filters, in pages of 100 ordered by id. When max > 0 the listing cannot
// hold more than max instances (it is filtered by max ids), so it stops
// once max arrived instead of asking for an empty page.
func (r *reader) listInstances(ctx context.Context, src Source, filters []apiclient.Filter, max int) ([]apiclient.DBInstance, error) {
	var all []apiclient.DBInstance
	for page := 0; ; page++ {
		if page >= maxPages {
			return nil, tooManyPages("DescribeDBInstances")
		}
		var resp *apiclient.DescribeDBInstancesResponse
		err := r.call(ctx, src, "DescribeDBInstances", func(ctx context.Context) (err error) {
			resp, err = src.DescribeDBInstances(ctx, apiclient.DescribeDBInstancesRequest{
				Filters: filters, Limit: instancePage, Offset: int64(len(all)),
				OrderBy: "DBInstanceId", OrderByType: "asc",
			})
			return err
		})
		if err != nil {
			return nil, err
		}
		all = append(all, resp.DBInstanceSet...)
		r.read(len(resp.DBInstanceSet))
		if len(resp.DBInstanceSet) < instancePage || (max > 0 && len(all) >= max) {
			return all, nil
		}
	}
}

// listAccounts returns every account of an instance, in pages of 100
// ordered by name, stopping at the first short page (TotalCount is
// ambiguous, reference §5.3).
func (r *reader) listAccounts(ctx context.Context, src Source, instanceID string) (map[string]*plan.ObservedAccount, error) {
	accts := map[string]*plan.ObservedAccount{}
	for page, offset := 0, 0; ; page++ {
		if page >= maxPages {
			return nil, tooManyPages("DescribeAccounts")
		}
		var resp *apiclient.DescribeAccountsResponse
		err := r.call(ctx, src, "DescribeAccounts", func(ctx context.Context) (err error) {
			resp, err = src.DescribeAccounts(ctx, apiclient.DescribeAccountsRequest{
				DBInstanceId: instanceID, Limit: accountPage, Offset: int64(offset),
				OrderBy: "name", OrderByType: "asc",
			})
			return err
		})
		if err != nil {
			return nil, err
		}
		for i := range resp.Details {
			a := accountOf(&resp.Details[i])
			accts[a.Name] = a
		}
		offset += len(resp.Details)
		r.read(len(resp.Details))
		if len(resp.Details) < accountPage {
			return accts, nil
		}
	}
}

// listGroups returns every read-only group of a master instance, in pages
// of 99 (the maximum) ordered by id; the response has no total, so a short
// page ends the listing (reference §5.13).
func (r *reader) listGroups(ctx context.Context, src Source, masterID string) ([]apiclient.ReadOnlyGroup, error) {
	var all []apiclient.ReadOnlyGroup
	for page := 1; ; page++ {
		if page > maxPages {
			return nil, tooManyPages("DescribeReadOnlyGroups")
		}
		var resp *apiclient.DescribeReadOnlyGroupsResponse
		err := r.call(ctx, src, "DescribeReadOnlyGroups", func(ctx context.Context) (err error) {
			resp, err = src.DescribeReadOnlyGroups(ctx, apiclient.DescribeReadOnlyGroupsRequest{
				Filters:  []apiclient.Filter{{Name: "db-master-instance-id", Values: []string{masterID}}},
				PageSize: groupPage, PageNumber: int64(page),
				OrderBy: "ROGroupId", OrderByType: "asc",
			})
			return err
		})
		if err != nil {
			return nil, err
		}
		all = append(all, resp.ReadOnlyGroupList...)
		r.read(len(resp.ReadOnlyGroupList))
		if len(resp.ReadOnlyGroupList) < groupPage {
			return all, nil
		}
	}
}

// libraDone decides whether a LibraDB listing is complete: neither the page
// cap nor TotalCount can be trusted (reference §6.2), so an empty page
// always ends it and a short page ends it once the reported total is
// reached.
func libraDone(got, seen int, total int64) bool {
	return got == 0 || (got < libraPage && int64(seen) >= total)
}

// listClusters returns every LibraDB cluster the source's region has. The
// filter names DescribeLibraDBClusters accepts are unconfirmed (reference
// §6.5), so it sends none and callers match ids client-side.
func (r *reader) listClusters(ctx context.Context, src Source) ([]apiclient.LibraDBCluster, error) {
	var all []apiclient.LibraDBCluster
	for page := 0; ; page++ {
		if page >= maxPages {
			return nil, tooManyPages("DescribeLibraDBClusters")
		}
		var resp *apiclient.DescribeLibraDBClustersResponse
		err := r.call(ctx, src, "DescribeLibraDBClusters", func(ctx context.Context) (err error) {
			resp, err = src.DescribeLibraDBClusters(ctx, apiclient.DescribeLibraDBClustersRequest{
				Limit: libraPage, Offset: int64(len(all)),
			})
			return err
		})
		if err != nil {
			return nil, err
		}
		all = append(all, resp.ClusterSet...)
		if libraDone(len(resp.ClusterSet), len(all), resp.TotalCount) {
			return all, nil
		}
	}
}

// listLibraAccounts returns every account of a LibraDB cluster keyed by
// plan.LibraKey.
func (r *reader) listLibraAccounts(ctx context.Context, src Source, clusterID string) (map[string]*plan.ObservedLibraAccount, error) {
	accts := map[string]*plan.ObservedLibraAccount{}
	for page, offset := 0, 0; ; page++ {
		if page >= maxPages {
			return nil, tooManyPages("DescribeLibraDBClusterAccounts")
		}
		var resp *apiclient.DescribeLibraDBClusterAccountsResponse
		err := r.call(ctx, src, "DescribeLibraDBClusterAccounts", func(ctx context.Context) (err error) {
			resp, err = src.DescribeLibraDBClusterAccounts(ctx, apiclient.DescribeLibraDBClusterAccountsRequest{
				ClusterId: clusterID, Limit: libraPage, Offset: int64(offset),
			})
			return err
		})
		if err != nil {
			return nil, err
		}
		for i := range resp.AccountSet {
			a := libraAccountOf(&resp.AccountSet[i])
			accts[plan.LibraKey(a.Name, a.Host)] = a
		}
		offset += len(resp.AccountSet)
		r.read(len(resp.AccountSet))
		if libraDone(len(resp.AccountSet), offset, resp.TotalCount) {
			return accts, nil
		}
	}
}
