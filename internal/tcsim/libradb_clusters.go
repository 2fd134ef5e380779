package tcsim

import (
	"slices"
	"strings"
)

type queryFilterParam struct {
	Values     []string `tc:"required" json:"Values"`
	Names      []string `json:"Names"`
	ExactMatch *bool    `json:"ExactMatch"`
	Name       *string  `json:"Name"`
	Operator   *string  `json:"Operator"`
}

type describeClustersReq struct {
	Limit       *int64             `json:"Limit"`
	Offset      *int64             `json:"Offset"`
	OrderBy     *string            `json:"OrderBy"`
	OrderByType *string            `json:"OrderByType"`
	Filters     []queryFilterParam `json:"Filters"`
}

type libraNetAddrView struct {
	Vip, WanDomain, NetType, UniqSubnetId, UniqVpcId, Description, WanIP, WanStatus, InstanceGroupId string
	Vport, WanPort                                                                                   int64
}

type libraClusterView struct {
	AppId           int64
	ClusterId       string
	ClusterName     string
	CreateTime      string
	CynosVersion    string
	CynosVersionTag string
	DbVersion       string
	InstanceNum     int64
	IsFreeze        string
	NetAddrs        []libraNetAddrView
	PayMode         int64
	PeriodEndTime   string
	ProjectID       int64
	Region          string
	RenewFlag       int64
	Status          string
	StatusDesc      string
	Storage         int64
	SubnetId        string
	Tasks           []struct{}
	Uin             string
	Vip             string
	VpcId           string
	Vport           int64
	UpdateTime      string
	MasterZone      string
	PhysicalZone    string
	Zone            string
}

// clusterMatcher is the filter match of DescribeLibraDBClusters: the
// simulator's names, or the schema's (Variants.LibraSchemaFilters).
func (s *Server) clusterMatcher() func(*Cluster, queryFilterParam) (bool, *apiError) {
	if s.opts.Variants.LibraSchemaFilters {
		return clusterMatchesSchema
	}
	return clusterMatches
}

// clusterMatches applies one QueryFilter. Accepted names (UNCONFIRMED,
// see doc.go): ClusterId, ClusterName, Status. ExactMatch false makes
// ClusterName match by substring.
func clusterMatches(cl *Cluster, f queryFilterParam) (bool, *apiError) {
	names := slices.Clone(f.Names)
	if f.Name != nil && *f.Name != "" {
		names = append(names, *f.Name)
	}
	if len(names) == 0 {
		return false, errf(codeInvalidValue, "A filter needs Name or Names (ClusterId, ClusterName or Status).")
	}
	exact := f.ExactMatch != nil && *f.ExactMatch
	for _, n := range names {
		var field string
		switch n {
		case "ClusterId":
			field = cl.ID
		case "ClusterName":
			field = cl.Name
		case "Status":
			field = cl.Status
		default:
			return false, errf(codeInvalidValue, "Filter name %q is not supported: use ClusterId, ClusterName or Status.", n)
		}
		for _, v := range f.Values {
			if field == v || (!exact && n == "ClusterName" && strings.Contains(field, v)) {
				return true, nil
			}
		}
	}
	return false, nil
}

func (s *Server) describeLibraDBClusters(c *call) (any, *apiError) {
	var req describeClustersReq
	if aerr := decodeParams(c.body, &req); aerr != nil {
		return nil, aerr
	}
	offset, limit, aerr := offsetLimit(s.opts.Variants.libraLimit(req.Limit), req.Offset, 20, 1, 100)
	if aerr != nil {
		return nil, aerr
	}
	orderBy := "CreateTime"
	if req.OrderBy != nil && *req.OrderBy != "" {
		orderBy = *req.OrderBy
		if !slices.Contains([]string{"CreateTime", "ClusterId", "ClusterName", "cluster"}, orderBy) {
			return nil, errf(codeIllegalOrderBy, "OrderBy %q is invalid: use CreateTime, ClusterId or ClusterName.", orderBy)
		}
	}
	orderType, aerr := enumParam("OrderByType", req.OrderByType, "DESC", "ASC", "DESC", "asc", "desc")
	if aerr != nil {
		return nil, aerr
	}
	found, aerr := selectMatching(c.w.LibraDBClusters, func(cl *Cluster) bool { return cl.Region == c.region },
		req.Filters, s.clusterMatcher())
	if aerr != nil {
		return nil, aerr
	}
	key := func(cl *Cluster) string {
		switch orderBy {
		case "ClusterId", "cluster":
			return cl.ID
		case "ClusterName":
			return cl.Name
		}
		return cl.CreateTime
	}
	sortListing(found, strings.EqualFold(orderType, "desc"), key, func(cl *Cluster) string { return cl.ID })
	set := renderPage(found, offset, limit, func(cl *Cluster) libraClusterView {
		return libraClusterView{
			AppId: 1250000000, ClusterId: cl.ID, ClusterName: cl.Name, CreateTime: cl.CreateTime,
			CynosVersion: "3.1.16", CynosVersionTag: "latest", DbVersion: cl.DBVersion, InstanceNum: 1, IsFreeze: "no",
			NetAddrs: []libraNetAddrView{{Vip: "10.0.0.10", Vport: 3306, NetType: "rw", UniqVpcId: cl.VpcID,
				UniqSubnetId: cl.SubnetID, WanStatus: "init"}},
			PeriodEndTime: zeroWireTime, Region: cl.Region, Status: cl.Status, StatusDesc: cl.Status, Storage: 100,
			SubnetId: cl.SubnetID, Tasks: []struct{}{}, Uin: "100000000001", Vip: "10.0.0.10", VpcId: cl.VpcID, Vport: 3306,
			UpdateTime: cl.CreateTime, MasterZone: cl.Zone, PhysicalZone: cl.Zone, Zone: cl.Zone,
		}
	})
	return struct {
		ClusterSet []libraClusterView
		TotalCount int64
	}{set, int64(len(found))}, nil
}
