package apiclient

import "context"

// Filter is the postgres filter: Filters AND together, Values within one
// Filter OR. Names used by dbplan: db-instance-id, db-master-instance-id,
// read-only-group-id.
type Filter struct {
	Name   string
	Values []string
}

// Tag is an instance tag.
type Tag struct {
	TagKey   string
	TagValue string
}

// DBInstanceNetInfo is one network address of an instance or RO group.
type DBInstanceNetInfo struct {
	Address string
	Ip      string
	Port    int64
	// NetType is inner, private or public.
	NetType string
	// Status is initing (never opened), opened, closed, opening or closing.
	Status       string
	VpcId        string
	SubnetId     string
	ProtocolType string
}

// DBInstance is the subset of the postgres DBInstance object dbplan reads;
// other wire fields are ignored.
type DBInstance struct {
	Region           string
	Zone             string
	ProjectId        int64
	VpcId            string
	SubnetId         string
	DBInstanceId     string
	DBInstanceName   string
	DBInstanceStatus string
	// DBInstanceType is primary, readonly, guard or temp.
	DBInstanceType      string
	DBMajorVersion      string
	DBVersion           string
	DBKernelVersion     string
	DBEngine            string
	PayType             string
	CreateTime          string
	UpdateTime          string
	MasterDBInstanceId  string
	ReadOnlyInstanceNum int64
	TagList             []Tag
	DBInstanceNetInfo   []DBInstanceNetInfo
	// SupportIpv6 is 1 when the instance can open an IPv6 public address.
	SupportIpv6 int64
}

// DescribeDBInstancesRequest asks for one page of instances. Limit is 0–100
// (0 is omitted: server default 10); zero fields are omitted.
type DescribeDBInstancesRequest struct {
	Filters     []Filter `json:",omitempty"`
	Limit       int64    `json:",omitempty"`
	Offset      int64    `json:",omitempty"`
	OrderBy     string   `json:",omitempty"`
	OrderByType string   `json:",omitempty"`
}

// DescribeDBInstancesResponse is one page of instances; TotalCount is as
// reported and not trusted by DescribeAllDBInstances.
type DescribeDBInstancesResponse struct {
	TotalCount    int64
	DBInstanceSet []DBInstance
	RequestId     string
}

// DescribeDBInstances returns one page of instances in the client's region.
func (c *Client) DescribeDBInstances(ctx context.Context, req DescribeDBInstancesRequest) (*DescribeDBInstancesResponse, error) {
	return send[DescribeDBInstancesResponse](ctx, c, postgres, "DescribeDBInstances", req)
}

// instancesPageSize is the documented maximum DescribeDBInstances Limit.
const instancesPageSize = 100

// DescribeAllDBInstances returns every instance matching filters (nil = all
// in the region), in pages of 100 ordered by DBInstanceId, stopping at the
// first short page.
func (c *Client) DescribeAllDBInstances(ctx context.Context, filters []Filter) ([]DBInstance, error) {
	return allPages(c, "DescribeDBInstances", func(_, seen int) ([]DBInstance, bool, error) {
		resp, err := c.DescribeDBInstances(ctx, DescribeDBInstancesRequest{
			Filters:     filters,
			Limit:       instancesPageSize,
			Offset:      int64(seen),
			OrderBy:     "DBInstanceId",
			OrderByType: "asc",
		})
		if err != nil {
			return nil, false, err
		}
		return resp.DBInstanceSet, len(resp.DBInstanceSet) < instancesPageSize, nil
	})
}

// DescribeDBInstanceAttributeRequest names one instance.
type DescribeDBInstanceAttributeRequest struct {
	DBInstanceId string
}

// DescribeDBInstanceAttributeResponse holds the instance.
type DescribeDBInstanceAttributeResponse struct {
	DBInstance DBInstance
	RequestId  string
}

// DescribeDBInstanceAttribute returns one instance, including its networks.
func (c *Client) DescribeDBInstanceAttribute(ctx context.Context, req DescribeDBInstanceAttributeRequest) (*DescribeDBInstanceAttributeResponse, error) {
	return send[DescribeDBInstanceAttributeResponse](ctx, c, postgres, "DescribeDBInstanceAttribute", req)
}

// ReadOnlyGroup is a postgres read-only group. Its networks are in
// DBInstanceNetInfo (there is no NetInfoList field).
type ReadOnlyGroup struct {
	ReadOnlyGroupId    string
	ReadOnlyGroupName  string
	ProjectId          int64
	MasterDBInstanceId string
	VpcId              string
	SubnetId           string
	Region             string
	Zone               string
	// Status is creating, ok, modifying, deleting or deleted.
	Status                 string
	ReadOnlyDBInstanceList []DBInstance
	DBInstanceNetInfo      []DBInstanceNetInfo
}

// DescribeReadOnlyGroupsRequest asks for one page of RO groups. Filters must
// include db-master-instance-id. PageSize is at most 99; zero PageSize and
// PageNumber are omitted (defaults 10 and 1).
type DescribeReadOnlyGroupsRequest struct {
	Filters     []Filter `json:",omitempty"`
	PageSize    int64    `json:",omitempty"`
	PageNumber  int64    `json:",omitempty"`
	OrderBy     string   `json:",omitempty"`
	OrderByType string   `json:",omitempty"`
}

// DescribeReadOnlyGroupsResponse is one page of RO groups; the API reports
// no total.
type DescribeReadOnlyGroupsResponse struct {
	ReadOnlyGroupList []ReadOnlyGroup
	RequestId         string
}

// DescribeReadOnlyGroups returns one page of RO groups.
func (c *Client) DescribeReadOnlyGroups(ctx context.Context, req DescribeReadOnlyGroupsRequest) (*DescribeReadOnlyGroupsResponse, error) {
	return send[DescribeReadOnlyGroupsResponse](ctx, c, postgres, "DescribeReadOnlyGroups", req)
}

// roGroupsPageSize is the documented maximum DescribeReadOnlyGroups PageSize.
const roGroupsPageSize = 99

// DescribeAllReadOnlyGroups returns every RO group of a master instance,
// in pages of 99 ordered by ROGroupId, stopping at the first short page.
func (c *Client) DescribeAllReadOnlyGroups(ctx context.Context, masterID string) ([]ReadOnlyGroup, error) {
	return allPages(c, "DescribeReadOnlyGroups", func(page, _ int) ([]ReadOnlyGroup, bool, error) {
		resp, err := c.DescribeReadOnlyGroups(ctx, DescribeReadOnlyGroupsRequest{
			Filters:     []Filter{{Name: "db-master-instance-id", Values: []string{masterID}}},
			PageSize:    roGroupsPageSize,
			PageNumber:  int64(page + 1), // PageNumber counts from 1
			OrderBy:     "ROGroupId",
			OrderByType: "asc",
		})
		if err != nil {
			return nil, false, err
		}
		return resp.ReadOnlyGroupList, len(resp.ReadOnlyGroupList) < roGroupsPageSize, nil
	})
}
