package apiclient

import (
	"context"

	"github.com/dbplan/dbplan/internal/secret"
)

// NewAccount is one LibraDB account to create. AccountPassword is revealed
// only while the wire body is built. Description is omitted when empty;
// PasswordRotation (0/1) and MaxUserConnections are omitted when nil.
type NewAccount struct {
	AccountName        string
	Host               string
	AccountPassword    secret.Value
	Description        string
	PasswordRotation   *int64
	MaxUserConnections *int64
}

type wireNewAccount struct {
	AccountName        string
	Host               string
	AccountPassword    *string `json:",omitempty"`
	Description        string  `json:",omitempty"`
	PasswordRotation   *int64  `json:",omitempty"`
	MaxUserConnections *int64  `json:",omitempty"`
}

// CreateLibraDBClusterAccountsRequest is the cynosdb 2019-01-07
// CreateLibraDBClusterAccounts request. EncryptMethod is omitted when empty.
type CreateLibraDBClusterAccountsRequest struct {
	ClusterId     string
	Accounts      []NewAccount
	EncryptMethod string
}

func (r CreateLibraDBClusterAccountsRequest) wire() any {
	accts := make([]wireNewAccount, len(r.Accounts))
	for i, a := range r.Accounts {
		accts[i] = wireNewAccount{a.AccountName, a.Host, reveal(a.AccountPassword),
			a.Description, a.PasswordRotation, a.MaxUserConnections}
	}
	return struct {
		ClusterId     string
		Accounts      []wireNewAccount
		EncryptMethod string `json:",omitempty"`
	}{r.ClusterId, accts, r.EncryptMethod}
}

func (r CreateLibraDBClusterAccountsRequest) secrets() []string {
	var out []string
	for _, a := range r.Accounts {
		out = append(out, revealAll(a.AccountPassword)...)
	}
	return out
}

// CreateLibraDBClusterAccountsResponse is the (synchronous) response.
type CreateLibraDBClusterAccountsResponse = SyncResponse

// CreateLibraDBClusterAccounts creates accounts in a LibraDB cluster.
func (c *Client) CreateLibraDBClusterAccounts(ctx context.Context, req CreateLibraDBClusterAccountsRequest) (*CreateLibraDBClusterAccountsResponse, error) {
	return send[CreateLibraDBClusterAccountsResponse](ctx, c, cynosdb, "CreateLibraDBClusterAccounts", req)
}

// DescribeLibraDBClusterAccountsRequest asks for one page of accounts; zero
// fields are omitted.
type DescribeLibraDBClusterAccountsRequest struct {
	ClusterId      string
	AccountNames   []string `json:",omitempty"`
	AccountRegular string   `json:",omitempty"`
	Hosts          []string `json:",omitempty"`
	Limit          int64    `json:",omitempty"`
	Offset         int64    `json:",omitempty"`
}

// LibraDBAccount is one LibraDB account (wire type Account).
type LibraDBAccount struct {
	AccountName        string
	Host               string
	Description        string
	CreateTime         string
	UpdateTime         string
	MaxUserConnections int64
	// PasswordRotation is nil when not reported.
	PasswordRotation *int64
}

// DescribeLibraDBClusterAccountsResponse is one page of accounts. TotalCount
// may differ from the number of accounts (see the doc example).
type DescribeLibraDBClusterAccountsResponse struct {
	TotalCount int64
	AccountSet []LibraDBAccount
	RequestId  string
}

// DescribeLibraDBClusterAccounts returns one page of a cluster's accounts.
func (c *Client) DescribeLibraDBClusterAccounts(ctx context.Context, req DescribeLibraDBClusterAccountsRequest) (*DescribeLibraDBClusterAccountsResponse, error) {
	return send[DescribeLibraDBClusterAccountsResponse](ctx, c, cynosdb, "DescribeLibraDBClusterAccounts", req)
}

// libraPageSize is the page size the LibraDB helpers ask for. The service's
// maximum is unconfirmed, so the helpers do not assume it is honoured.
const libraPageSize = 100

// DescribeAllLibraDBClusterAccounts returns every account of a cluster. Since
// neither the page-size cap nor TotalCount can be trusted, it advances Offset
// by the number of accounts received and stops at an empty page, or at a
// short page once the reported TotalCount is reached.
func (c *Client) DescribeAllLibraDBClusterAccounts(ctx context.Context, clusterID string) ([]LibraDBAccount, error) {
	return allPages(c, "DescribeLibraDBClusterAccounts", func(_, seen int) ([]LibraDBAccount, bool, error) {
		resp, err := c.DescribeLibraDBClusterAccounts(ctx, DescribeLibraDBClusterAccountsRequest{
			ClusterId: clusterID,
			Limit:     libraPageSize,
			Offset:    int64(seen),
		})
		if err != nil {
			return nil, false, err
		}
		got := len(resp.AccountSet)
		return resp.AccountSet, lastPage(got, libraPageSize, seen+got, resp.TotalCount), nil
	})
}

// lastPage decides whether a robust pagination loop is done: an empty page
// always ends it; a short page ends it once the total reported is reached
// (a server capping the page below the asked size keeps the loop going).
func lastPage(got, asked, seen int, total int64) bool {
	return got == 0 || (got < asked && int64(seen) >= total)
}

// InputAccount names one LibraDB account; Host is omitted when empty (the
// service then assumes "%").
type InputAccount struct {
	AccountName string
	Host        string `json:",omitempty"`
}

// DeleteLibraDBClusterAccountsRequest deletes accounts of a cluster.
type DeleteLibraDBClusterAccountsRequest struct {
	ClusterId string
	Accounts  []InputAccount
}

// DeleteLibraDBClusterAccountsResponse is the (synchronous) response.
type DeleteLibraDBClusterAccountsResponse = SyncResponse

// DeleteLibraDBClusterAccounts deletes accounts. Deleting an absent account
// is an error (InvalidParameterValue.AccountNotExistError) that Classify
// reports as AlreadyDone.
func (c *Client) DeleteLibraDBClusterAccounts(ctx context.Context, req DeleteLibraDBClusterAccountsRequest) (*DeleteLibraDBClusterAccountsResponse, error) {
	return send[DeleteLibraDBClusterAccountsResponse](ctx, c, cynosdb, "DeleteLibraDBClusterAccounts", req)
}

// ModifyLibraDBClusterAccountDescriptionRequest sets an account description.
// Description is always sent ("" clears it); Host is omitted when empty.
type ModifyLibraDBClusterAccountDescriptionRequest struct {
	ClusterId   string
	AccountName string
	Description string
	Host        string `json:",omitempty"`
}

// ModifyLibraDBClusterAccountDescriptionResponse is the response.
type ModifyLibraDBClusterAccountDescriptionResponse = SyncResponse

// ModifyLibraDBClusterAccountDescription sets a LibraDB account description.
func (c *Client) ModifyLibraDBClusterAccountDescription(ctx context.Context, req ModifyLibraDBClusterAccountDescriptionRequest) (*ModifyLibraDBClusterAccountDescriptionResponse, error) {
	return send[ModifyLibraDBClusterAccountDescriptionResponse](ctx, c, cynosdb, "ModifyLibraDBClusterAccountDescription", req)
}

// QueryFilter is the cynosdb filter. The filter names DescribeLibraDBClusters
// accepts are unconfirmed; DescribeAllLibraDBClusters sends none.
type QueryFilter struct {
	Names      []string `json:",omitempty"`
	Values     []string
	ExactMatch *bool  `json:",omitempty"`
	Name       string `json:",omitempty"`
	Operator   string `json:",omitempty"`
}

// LibraDBNetAddr is one address of a LibraDB cluster.
type LibraDBNetAddr struct {
	Vip             string
	Vport           int64
	WanDomain       string
	WanPort         int64
	NetType         string
	UniqSubnetId    string
	UniqVpcId       string
	Description     string
	WanIP           string
	WanStatus       string
	InstanceGroupId string
}

// LibraDBCluster is the subset of a LibraDB cluster (wire type
// LibraDBClusterSet) dbplan reads; other wire fields are ignored.
type LibraDBCluster struct {
	ClusterId   string
	ClusterName string
	Region      string
	Zone        string
	// Status is e.g. "running"; the full set is unconfirmed.
	Status      string
	StatusDesc  string
	DbVersion   string
	CreateTime  string
	InstanceNum int64
	IsFreeze    string
	Vip         string
	Vport       int64
	VpcId       string
	SubnetId    string
	NetAddrs    []LibraDBNetAddr
}

// DescribeLibraDBClustersRequest asks for one page of clusters; zero fields
// are omitted.
type DescribeLibraDBClustersRequest struct {
	Limit       int64         `json:",omitempty"`
	Offset      int64         `json:",omitempty"`
	OrderBy     string        `json:",omitempty"`
	OrderByType string        `json:",omitempty"`
	Filters     []QueryFilter `json:",omitempty"`
}

// DescribeLibraDBClustersResponse is one page of clusters.
type DescribeLibraDBClustersResponse struct {
	TotalCount int64
	ClusterSet []LibraDBCluster
	RequestId  string
}

// DescribeLibraDBClusters returns one page of LibraDB clusters.
func (c *Client) DescribeLibraDBClusters(ctx context.Context, req DescribeLibraDBClustersRequest) (*DescribeLibraDBClustersResponse, error) {
	return send[DescribeLibraDBClustersResponse](ctx, c, cynosdb, "DescribeLibraDBClusters", req)
}

// DescribeAllLibraDBClusters returns every LibraDB cluster of the region,
// with the same robust stopping rule as DescribeAllLibraDBClusterAccounts.
func (c *Client) DescribeAllLibraDBClusters(ctx context.Context) ([]LibraDBCluster, error) {
	return allPages(c, "DescribeLibraDBClusters", func(_, seen int) ([]LibraDBCluster, bool, error) {
		resp, err := c.DescribeLibraDBClusters(ctx, DescribeLibraDBClustersRequest{
			Limit:  libraPageSize,
			Offset: int64(seen),
		})
		if err != nil {
			return nil, false, err
		}
		got := len(resp.ClusterSet)
		return resp.ClusterSet, lastPage(got, libraPageSize, seen+got, resp.TotalCount), nil
	})
}
