package tcsim

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// intParam returns *p or def, checking lo ≤ value ≤ hi.
func intParam(name string, p *int64, def, lo, hi int64) (int64, *apiError) {
	if p == nil {
		return def, nil
	}
	if *p < lo || *p > hi {
		return 0, errf(codeInvalidValue, "%s %d is out of range %d..%d.", name, *p, lo, hi)
	}
	return *p, nil
}

// enumParam returns *p or def, checking it is one of allowed.
func enumParam(name string, p *string, def string, allowed ...string) (string, *apiError) {
	if p == nil || *p == "" {
		return def, nil
	}
	if !slices.Contains(allowed, *p) {
		return "", errf(codeInvalidValue, "%s %q is invalid: use one of %s.", name, *p, strings.Join(allowed, ", "))
	}
	return *p, nil
}

type describeAccountsReq struct {
	DBInstanceId *string `tc:"required" json:"DBInstanceId"`
	Limit        *int64  `json:"Limit"`
	Offset       *int64  `json:"Offset"`
	OrderBy      *string `json:"OrderBy"`
	OrderByType  *string `json:"OrderByType"`
}

// describeAccounts pages an instance's accounts. TotalCount is the number
// of all accounts (the doc's wording is ambiguous; clients must page until
// a short page anyway).
func (s *Server) describeAccounts(c *call) (any, *apiError) {
	var req describeAccountsReq
	if aerr := decodeParams(c.body, &req); aerr != nil {
		return nil, aerr
	}
	offset, limit, aerr := offsetLimit(req.Limit, req.Offset, 20, 1, 100)
	if aerr != nil {
		return nil, aerr
	}
	orderBy, orderType, aerr := ordering(req.OrderBy, req.OrderByType,
		"createTime", []string{"createTime", "name", "updateTime"}, "desc", "desc", "asc")
	if aerr != nil {
		return nil, aerr
	}
	in, aerr := s.instanceLocked(c, *req.DBInstanceId)
	if aerr != nil {
		return nil, aerr
	}
	accs := slices.Clone(in.Accounts)
	key := func(a Account) string {
		switch orderBy {
		case "name":
			return a.UserName
		case "updateTime":
			return a.UpdateTime
		}
		return a.CreateTime
	}
	sortListing(accs, orderType == "desc", key, func(a Account) string { return a.UserName })
	details := renderPage(accs, offset, limit, func(a Account) accountView {
		return accountView{
			DBInstanceId: in.ID, UserName: a.UserName, Remark: a.Remark, Status: a.Status,
			CreateTime: a.CreateTime, UpdateTime: a.UpdateTime, PasswordUpdateTime: a.PasswordUpdateTime,
			UserType: a.UserType, OpenCam: s.opts.Variants.openCam(a.OpenCam),
		}
	})
	total := int64(len(accs))
	if s.opts.Variants.TotalCountPage {
		total = int64(len(details))
	}
	return struct {
		TotalCount int64
		Details    []accountView
	}{total, details}, nil
}

type filterParam struct {
	Name   *string  `tc:"required" json:"Name"`
	Values []string `tc:"required" json:"Values"`
}

type describeInstancesReq struct {
	Filters     []filterParam `json:"Filters"`
	Limit       *int64        `json:"Limit"`
	Offset      *int64        `json:"Offset"`
	OrderBy     *string       `json:"OrderBy"`
	OrderByType *string       `json:"OrderByType"`
}

// instanceFilter reports whether in matches one filter (values OR-ed).
func instanceFilter(in *Instance, f filterParam) (bool, *apiError) {
	anyValue := func(pred func(v string) bool) bool { return slices.ContainsFunc(f.Values, pred) }
	switch *f.Name {
	case "db-instance-id":
		return slices.Contains(f.Values, in.ID), nil
	case "db-instance-name":
		return anyValue(func(v string) bool { return strings.Contains(in.Name, v) }), nil
	case "db-project-id":
		return slices.Contains(f.Values, strconv.FormatInt(in.ProjectID, 10)), nil
	case "db-pay-mode":
		return slices.Contains(f.Values, in.PayType), nil
	case "db-tag-key":
		return slices.ContainsFunc(in.Tags, func(t Tag) bool { return slices.Contains(f.Values, t.Key) }), nil
	case "db-private-ip":
		return slices.ContainsFunc(in.NetInfos, func(n NetInfo) bool {
			return n.NetType != "public" && n.IP != "" && slices.Contains(f.Values, n.IP)
		}), nil
	case "db-public-address":
		return slices.ContainsFunc(in.NetInfos, func(n NetInfo) bool {
			return n.NetType == "public" && n.Address != "" && slices.Contains(f.Values, n.Address)
		}), nil
	case "db-dedicated-cluster-id":
		return false, nil
	}
	return false, errf(codeInvalidValue, "Filter name %q is not supported.", *f.Name)
}

func (s *Server) describeDBInstances(c *call) (any, *apiError) {
	var req describeInstancesReq
	if aerr := decodeParams(c.body, &req); aerr != nil {
		return nil, aerr
	}
	offset, limit, aerr := offsetLimit(req.Limit, req.Offset, 10, 0, 100)
	if aerr != nil {
		return nil, aerr
	}
	if limit == 0 {
		limit = 10
	}
	orderBy, orderType, aerr := ordering(req.OrderBy, req.OrderByType,
		"CreateTime", []string{"DBInstanceId", "CreateTime", "Name", "EndTime"}, "asc", "asc", "desc")
	if aerr != nil {
		return nil, aerr
	}
	found, aerr := selectMatching(c.w.Instances, func(in *Instance) bool { return in.Region == c.region },
		req.Filters, instanceFilter)
	if aerr != nil {
		return nil, aerr
	}
	key := func(in *Instance) string {
		switch orderBy {
		case "DBInstanceId":
			return in.ID
		case "Name":
			return in.Name
		case "EndTime":
			return zeroWireTime
		}
		return in.CreateTime
	}
	sortListing(found, orderType == "desc", key, func(in *Instance) string { return in.ID })
	set := renderPage(found, offset, limit, func(in *Instance) dbInstanceView { return s.renderInstance(c, in) })
	return struct {
		TotalCount    int64
		DBInstanceSet []dbInstanceView
	}{int64(len(found)), set}, nil
}

func (s *Server) describeDBInstanceAttribute(c *call) (any, *apiError) {
	var req struct {
		DBInstanceId *string `tc:"required" json:"DBInstanceId"`
	}
	if aerr := decodeParams(c.body, &req); aerr != nil {
		return nil, aerr
	}
	in, aerr := s.instanceLocked(c, *req.DBInstanceId)
	if aerr != nil {
		return nil, aerr
	}
	return struct{ DBInstance dbInstanceView }{s.renderInstance(c, in)}, nil
}

type describeGroupsReq struct {
	Filters     []filterParam `json:"Filters"`
	PageSize    *int64        `json:"PageSize"`
	PageNumber  *int64        `json:"PageNumber"`
	OrderBy     *string       `json:"OrderBy"`
	OrderByType *string       `json:"OrderByType"`
}

// describeReadOnlyGroups requires the db-master-instance-id filter and
// returns no TotalCount: callers stop on a page shorter than PageSize.
func (s *Server) describeReadOnlyGroups(c *call) (any, *apiError) {
	var req describeGroupsReq
	if aerr := decodeParams(c.body, &req); aerr != nil {
		return nil, aerr
	}
	size, aerr := intParam("PageSize", req.PageSize, 10, 1, 99)
	if aerr != nil {
		return nil, aerr
	}
	num, aerr := intParam("PageNumber", req.PageNumber, 1, 1, maxInt/100)
	if aerr != nil {
		return nil, aerr
	}
	orderBy, orderType, aerr := ordering(req.OrderBy, req.OrderByType,
		"CreateTime", []string{"ROGroupId", "CreateTime", "Name"}, "asc", "asc", "desc")
	if aerr != nil {
		return nil, aerr
	}
	var masters, groupIDs []string
	hasMaster := false
	for _, f := range req.Filters {
		switch *f.Name {
		case "db-master-instance-id":
			hasMaster = true
			masters = append(masters, f.Values...)
		case "read-only-group-id":
			groupIDs = append(groupIDs, f.Values...)
		default:
			return nil, errf(codeInvalidValue, "Filter name %q is not supported: use db-master-instance-id and read-only-group-id.", *f.Name)
		}
	}
	if !hasMaster {
		return nil, errf(codeMissingParameter, "The filter db-master-instance-id is required.")
	}
	var found []*ROGroup
	for i := range c.w.ROGroups {
		g := &c.w.ROGroups[i]
		if g.Region == c.region && slices.Contains(masters, g.MasterInstanceID) &&
			(groupIDs == nil || slices.Contains(groupIDs, g.ID)) {
			found = append(found, g)
		}
	}
	key := func(g *ROGroup) string {
		switch orderBy {
		case "ROGroupId":
			return g.ID
		case "Name":
			return g.Name
		}
		return g.CreateTime
	}
	sortListing(found, orderType == "desc", key, func(g *ROGroup) string { return g.ID })
	list := renderPage(found, (num-1)*size, size, func(g *ROGroup) roGroupView { return s.renderGroup(c, g) })
	return struct{ ReadOnlyGroupList []roGroupView }{list}, nil
}

type describeTasksReq struct {
	TaskId       *int64  `json:"TaskId"`
	DBInstanceId *string `json:"DBInstanceId"`
	MinStartTime *string `json:"MinStartTime"`
	MaxStartTime *string `json:"MaxStartTime"`
	Limit        *int64  `json:"Limit"`
	Offset       *int64  `json:"Offset"`
	OrderBy      *string `json:"OrderBy"`
	OrderByType  *string `json:"OrderByType"`
}

func wireTimeParam(name string, p *string, def time.Time) (time.Time, *apiError) {
	if p == nil || *p == "" {
		return def, nil
	}
	t, err := time.ParseInLocation(wireTime, *p, beijing)
	if err != nil {
		return time.Time{}, errf(codeInvalidValue, "%s %q must look like %q.", name, *p, wireTime)
	}
	return t, nil
}

func (s *Server) describeTasks(c *call) (any, *apiError) {
	var req describeTasksReq
	if aerr := decodeParams(c.body, &req); aerr != nil {
		return nil, aerr
	}
	offset, limit, aerr := offsetLimit(req.Limit, req.Offset, 20, 1, 100)
	if aerr != nil {
		return nil, aerr
	}
	orderBy, orderType, aerr := ordering(req.OrderBy, req.OrderByType,
		"StartTime", []string{"StartTime", "EndTime"}, "desc", "desc", "asc")
	if aerr != nil {
		return nil, aerr
	}
	minStart, aerr := wireTimeParam("MinStartTime", req.MinStartTime, c.now.Add(-180*24*time.Hour))
	if aerr != nil {
		return nil, aerr
	}
	maxStart, aerr := wireTimeParam("MaxStartTime", req.MaxStartTime, c.now)
	if aerr != nil {
		return nil, aerr
	}
	var found []Task
	for _, t := range c.w.Tasks {
		st := t.Start.Truncate(time.Second)
		if t.Region != c.region || st.Before(minStart) || st.After(maxStart) ||
			(req.TaskId != nil && t.ID != *req.TaskId) ||
			(req.DBInstanceId != nil && *req.DBInstanceId != "" && t.InstanceID != *req.DBInstanceId) {
			continue
		}
		found = append(found, t)
	}
	sortDir(found, orderType == "desc", func(a, b Task) int {
		ka, kb := a.Start, b.Start
		if orderBy == "EndTime" {
			ka, kb = a.End, b.End
		}
		return cmp.Or(ka.Compare(kb), cmp.Compare(a.ID, b.ID))
	})
	set := renderPage(found, offset, limit, func(t Task) taskView { return s.renderTask(t, c.now) })
	return struct {
		TotalCount int64
		TaskSet    []taskView
	}{int64(len(found)), set}, nil
}
