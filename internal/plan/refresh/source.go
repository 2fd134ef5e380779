package refresh

import (
	"context"

	"github.com/dbplan/dbplan/internal/apiclient"
)

// Source is the set of read calls refresh makes: one page of one API action
// per call, exactly one attempt each. Refresh paginates, rate-limits and
// retries around it. *apiclient.Client satisfies it; tests use fakes.
type Source interface {
	// Account is the credential key the quota buckets are shared by
	// ((*apiclient.Client).Account).
	Account() string
	DescribeDBInstances(ctx context.Context, req apiclient.DescribeDBInstancesRequest) (*apiclient.DescribeDBInstancesResponse, error)
	DescribeAccounts(ctx context.Context, req apiclient.DescribeAccountsRequest) (*apiclient.DescribeAccountsResponse, error)
	DescribeReadOnlyGroups(ctx context.Context, req apiclient.DescribeReadOnlyGroupsRequest) (*apiclient.DescribeReadOnlyGroupsResponse, error)
	DescribeLibraDBClusters(ctx context.Context, req apiclient.DescribeLibraDBClustersRequest) (*apiclient.DescribeLibraDBClustersResponse, error)
	DescribeLibraDBClusterAccounts(ctx context.Context, req apiclient.DescribeLibraDBClusterAccountsRequest) (*apiclient.DescribeLibraDBClusterAccountsResponse, error)
	DescribeAccountPrivileges(ctx context.Context, req apiclient.DescribeAccountPrivilegesRequest) (*apiclient.DescribeAccountPrivilegesResponse, error)
	DescribeLibraDBClusterAccountAllPrivileges(ctx context.Context, req apiclient.DescribeLibraDBClusterAccountAllPrivilegesRequest) (*apiclient.DescribeLibraDBClusterAccountAllPrivilegesResponse, error)
}

// Sources returns the Source that reads the objects of a provider (a
// config.Provider Name) in a region. Refresh calls it once per distinct
// pair, possibly from several goroutines at once. An error (an unknown
// provider, a missing region) is reported with the address that needed
// the source.
type Sources func(provider, region string) (Source, error)
