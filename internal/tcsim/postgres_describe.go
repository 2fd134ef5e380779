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

// page returns the [offset, offset+limit) window of n items.
func page(n int, offset, limit int64) (int, int) {
	lo := min(int64(n), offset)
	return int(lo), int(min(int64(n), lo+limit))
}

const maxInt = int64(^uint64(0) >> 1)

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
	limit, aerr := intParam("Limit", req.Limit, 20, 1, 100)
	if aerr != nil {
		return nil, aerr
	}
	offset, aerr := intParam("Offset", req.Offset, 0, 0, maxInt)
	if aerr != nil {
		return nil, aerr
	}
	orderBy, aerr := enumParam("OrderBy", req.OrderBy, "createTime", "createTime", "name", "updateTime")
	if aerr != nil {
		return nil, aerr
	}
	orderType, aerr := enumParam("OrderByType", req.OrderByType, "desc", "desc", "asc")
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
	slices.SortFunc(accs, func(a, b Account) int {
		r := cmp.Or(cmp.Compare(key(a), key(b)), cmp.Compare(a.UserName, b.UserName))
		if orderType == "desc" {
			return -r
		}
		return r
	})
	lo, hi := page(len(accs), offset, limit)
	details := make([]accountView, 0, hi-lo)
	for _, a := range accs[lo:hi] {
		details = append(details, accountView{
			DBInstanceId: in.ID, UserName: a.UserName, Remark: a.Remark, Status: a.Status,
			CreateTime: a.CreateTime, UpdateTime: a.UpdateTime, PasswordUpdateTime: a.PasswordUpdateTime,
			UserType: a.UserType, OpenCam: a.OpenCam,
		})
	}
	return struct {
		TotalCount int64
		Details    []accountView
	}{int64(len(accs)), details}, nil
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
	limit, aerr := intParam("Limit", req.Limit, 10, 0, 100)
	if aerr != nil {
		return nil, aerr
	}
	if limit == 0 {
		limit = 10
	}
	offset, aerr := intParam("Offset", req.Offset, 0, 0, maxInt)
	if aerr != nil {
		return nil, aerr
	}
	orderBy, aerr := enumParam("OrderBy", req.OrderBy, "CreateTime", "DBInstanceId", "CreateTime", "Name", "EndTime")
	if aerr != nil {
		return nil, aerr
	}
	orderType, aerr := enumParam("OrderByType", req.OrderByType, "asc", "asc", "desc")
	if aerr != nil {
		return nil, aerr
	}
	var found []*Instance
	for i := range s.w.Instances {
		in := &s.w.Instances[i]
		if in.Region != c.region {
			continue
		}
		ok := true
		for _, f := range req.Filters {
			m, aerr := instanceFilter(in, f)
			if aerr != nil {
				return nil, aerr
			}
			ok = ok && m
		}
		if ok {
			found = append(found, in)
		}
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
	slices.SortFunc(found, func(a, b *Instance) int {
		r := cmp.Or(cmp.Compare(key(a), key(b)), cmp.Compare(a.ID, b.ID))
		if orderType == "desc" {
			return -r
		}
		return r
	})
	lo, hi := page(len(found), offset, limit)
	set := make([]dbInstanceView, 0, hi-lo)
	for _, in := range found[lo:hi] {
		set = append(set, s.renderInstance(in))
	}
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
	return struct{ DBInstance dbInstanceView }{s.renderInstance(in)}, nil
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
	orderBy, aerr := enumParam("OrderBy", req.OrderBy, "CreateTime", "ROGroupId", "CreateTime", "Name")
	if aerr != nil {
		return nil, aerr
	}
	orderType, aerr := enumParam("OrderByType", req.OrderByType, "asc", "asc", "desc")
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
	for i := range s.w.ROGroups {
		g := &s.w.ROGroups[i]
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
	slices.SortFunc(found, func(a, b *ROGroup) int {
		r := cmp.Or(cmp.Compare(key(a), key(b)), cmp.Compare(a.ID, b.ID))
		if orderType == "desc" {
			return -r
		}
		return r
	})
	lo, hi := page(len(found), (num-1)*size, size)
	list := make([]roGroupView, 0, hi-lo)
	for _, g := range found[lo:hi] {
		list = append(list, s.renderGroup(g))
	}
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
	limit, aerr := intParam("Limit", req.Limit, 20, 1, 100)
	if aerr != nil {
		return nil, aerr
	}
	offset, aerr := intParam("Offset", req.Offset, 0, 0, maxInt)
	if aerr != nil {
		return nil, aerr
	}
	orderBy, aerr := enumParam("OrderBy", req.OrderBy, "StartTime", "StartTime", "EndTime")
	if aerr != nil {
		return nil, aerr
	}
	orderType, aerr := enumParam("OrderByType", req.OrderByType, "desc", "desc", "asc")
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
	for _, t := range s.w.Tasks {
		st := t.Start.Truncate(time.Second)
		if t.Region != c.region || st.Before(minStart) || st.After(maxStart) ||
			(req.TaskId != nil && t.ID != *req.TaskId) ||
			(req.DBInstanceId != nil && *req.DBInstanceId != "" && t.InstanceID != *req.DBInstanceId) {
			continue
		}
		found = append(found, t)
	}
	slices.SortFunc(found, func(a, b Task) int {
		ka, kb := a.Start, b.Start
		if orderBy == "EndTime" {
			ka, kb = a.End, b.End
		}
		r := cmp.Or(ka.Compare(kb), cmp.Compare(a.ID, b.ID))
		if orderType == "desc" {
			return -r
		}
		return r
	})
	lo, hi := page(len(found), offset, limit)
	set := make([]taskView, 0, hi-lo)
	for _, t := range found[lo:hi] {
		set = append(set, s.renderTask(t, c.now))
	}
	return struct {
		TotalCount int64
		TaskSet    []taskView
	}{int64(len(found)), set}, nil
}
