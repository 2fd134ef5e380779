package refresh

import (
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/dbplan/dbplan/internal/apiclient"
)

// fakeSource is an in-memory Source for one region: it filters and pages
// like the documented API and counts calls per action.
type fakeSource struct {
	account   string
	instances []apiclient.DBInstance
	accounts  map[string][]apiclient.AccountInfo
	groups    []apiclient.ReadOnlyGroup
	clusters  []apiclient.LibraDBCluster
	libra     map[string][]apiclient.LibraDBAccount
	privs     fakePrivs
	// libraPrivs answers DescribeLibraDBClusterAccountAllPrivileges, by
	// "cluster/name@host" (absent: no such account).
	libraPrivs map[string]apiclient.DescribeLibraDBClusterAccountAllPrivilegesResponse
	// fail returns an error for a call of action about key (an instance,
	// master or cluster id; "" for listings), or nil.
	fail func(action, key string) error

	mu      sync.Mutex
	calls   map[string]int
	filters [][]apiclient.Filter // DescribeDBInstances filters, in call order
}

func (f *fakeSource) Account() string { return f.account }

func (f *fakeSource) count(action, key string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.calls == nil {
		f.calls = map[string]int{}
	}
	f.calls[action]++
	if f.fail != nil {
		return f.fail(action, key)
	}
	return nil
}

// callCount returns the number of calls of action so far.
func (f *fakeSource) callCount(action string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[action]
}

func page[T any](all []T, offset, limit int64) []T {
	if offset >= int64(len(all)) {
		return nil
	}
	return all[offset:min(offset+limit, int64(len(all)))]
}

func (f *fakeSource) DescribeDBInstances(_ context.Context, req apiclient.DescribeDBInstancesRequest) (*apiclient.DescribeDBInstancesResponse, error) {
	f.mu.Lock()
	f.filters = append(f.filters, req.Filters)
	f.mu.Unlock()
	if err := f.count("DescribeDBInstances", ""); err != nil {
		return nil, err
	}
	var out []apiclient.DBInstance
	for _, in := range f.instances {
		if instanceFiltered(in, req.Filters) {
			out = append(out, in)
		}
	}
	slices.SortFunc(out, func(a, b apiclient.DBInstance) int { return strings.Compare(a.DBInstanceId, b.DBInstanceId) })
	limit := req.Limit
	if limit == 0 {
		limit = 10
	}
	return &apiclient.DescribeDBInstancesResponse{TotalCount: int64(len(out)), DBInstanceSet: page(out, req.Offset, limit)}, nil
}

func instanceFiltered(in apiclient.DBInstance, filters []apiclient.Filter) bool {
	for _, f := range filters {
		ok := false
		for _, v := range f.Values {
			switch f.Name {
			case "db-instance-id":
				ok = ok || in.DBInstanceId == v
			case "db-instance-name":
				ok = ok || strings.Contains(in.DBInstanceName, v)
			case "db-tag-key":
				ok = ok || slices.ContainsFunc(in.TagList, func(t apiclient.Tag) bool { return t.TagKey == v })
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

func (f *fakeSource) DescribeAccounts(_ context.Context, req apiclient.DescribeAccountsRequest) (*apiclient.DescribeAccountsResponse, error) {
	if err := f.count("DescribeAccounts", req.DBInstanceId); err != nil {
		return nil, err
	}
	if !slices.ContainsFunc(f.instances, func(in apiclient.DBInstance) bool { return in.DBInstanceId == req.DBInstanceId }) {
		return nil, &apiclient.Error{Action: "DescribeAccounts", Code: "ResourceNotFound.InstanceNotFoundError"}
	}
	all := slices.Clone(f.accounts[req.DBInstanceId])
	slices.SortFunc(all, func(a, b apiclient.AccountInfo) int { return strings.Compare(a.UserName, b.UserName) })
	return &apiclient.DescribeAccountsResponse{TotalCount: int64(len(all)), Details: page(all, req.Offset, req.Limit)}, nil
}

func (f *fakeSource) DescribeReadOnlyGroups(_ context.Context, req apiclient.DescribeReadOnlyGroupsRequest) (*apiclient.DescribeReadOnlyGroupsResponse, error) {
	master := ""
	for _, fl := range req.Filters {
		if fl.Name == "db-master-instance-id" {
			master = fl.Values[0]
		}
	}
	if err := f.count("DescribeReadOnlyGroups", master); err != nil {
		return nil, err
	}
	var out []apiclient.ReadOnlyGroup
	for _, g := range f.groups {
		if g.MasterDBInstanceId == master {
			out = append(out, g)
		}
	}
	return &apiclient.DescribeReadOnlyGroupsResponse{ReadOnlyGroupList: page(out, (req.PageNumber-1)*req.PageSize, req.PageSize)}, nil
}

func (f *fakeSource) DescribeLibraDBClusters(_ context.Context, req apiclient.DescribeLibraDBClustersRequest) (*apiclient.DescribeLibraDBClustersResponse, error) {
	if err := f.count("DescribeLibraDBClusters", ""); err != nil {
		return nil, err
	}
	return &apiclient.DescribeLibraDBClustersResponse{TotalCount: int64(len(f.clusters)), ClusterSet: page(f.clusters, req.Offset, req.Limit)}, nil
}

func (f *fakeSource) DescribeLibraDBClusterAccounts(_ context.Context, req apiclient.DescribeLibraDBClusterAccountsRequest) (*apiclient.DescribeLibraDBClusterAccountsResponse, error) {
	if err := f.count("DescribeLibraDBClusterAccounts", req.ClusterId); err != nil {
		return nil, err
	}
	all := f.libra[req.ClusterId]
	return &apiclient.DescribeLibraDBClusterAccountsResponse{TotalCount: int64(len(all)), AccountSet: page(all, req.Offset, req.Limit)}, nil
}
