package refresh

import (
	"context"
	"slices"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/plan"
)

// fakePrivs is what accounts hold, per "instance/user" and object key
// (plan.DBObject.Key); objects in missing do not exist.
type fakePrivs struct {
	held    map[string]map[string][]string
	missing map[string]bool
}

func (f *fakeSource) DescribeAccountPrivileges(_ context.Context, req apiclient.DescribeAccountPrivilegesRequest) (*apiclient.DescribeAccountPrivilegesResponse, error) {
	if err := f.count("DescribeAccountPrivileges", req.DBInstanceId+"/"+req.UserName); err != nil {
		return nil, err
	}
	if !slices.ContainsFunc(f.instances, func(in apiclient.DBInstance) bool { return in.DBInstanceId == req.DBInstanceId }) {
		return nil, &apiclient.Error{Action: "DescribeAccountPrivileges", Code: "ResourceNotFound.InstanceNotFoundError"}
	}
	if !slices.ContainsFunc(f.accounts[req.DBInstanceId], func(a apiclient.AccountInfo) bool { return a.UserName == req.UserName }) {
		return nil, &apiclient.Error{Action: "DescribeAccountPrivileges", Code: "InvalidParameterValue.InvalidAccountNameError"}
	}
	resp := &apiclient.DescribeAccountPrivilegesResponse{}
	for _, o := range req.DatabaseObjectSet {
		key := plan.DBObject{Type: o.ObjectType, Database: o.DatabaseName, Schema: o.SchemaName, Table: o.TableName, Name: o.ObjectName}.Key()
		if f.privs.missing[key] {
			return nil, &apiclient.Error{Action: "DescribeAccountPrivileges", Code: apiclient.CodeUnknownDatabaseObject}
		}
		// The service fills every name of the object, "" when unused.
		echo := o
		resp.PrivilegeSet = append(resp.PrivilegeSet, apiclient.DatabasePrivilege{Object: &echo,
			PrivilegeSet: slices.Clone(f.privs.held[req.DBInstanceId+"/"+req.UserName][key])})
	}
	return resp, nil
}

// DescribeLibraDBClusterAccountAllPrivileges answers from libraPrivs
// ("cluster/name@host" → the response's lists).
func (f *fakeSource) DescribeLibraDBClusterAccountAllPrivileges(_ context.Context, req apiclient.DescribeLibraDBClusterAccountAllPrivilegesRequest) (*apiclient.DescribeLibraDBClusterAccountAllPrivilegesResponse, error) {
	key := req.ClusterId + "/" + req.Account.AccountName + "@" + req.Account.Host
	if err := f.count("DescribeLibraDBClusterAccountAllPrivileges", key); err != nil {
		return nil, err
	}
	resp, ok := f.libraPrivs[key]
	if !ok {
		return nil, &apiclient.Error{Action: "DescribeLibraDBClusterAccountAllPrivileges", Code: "InvalidParameterValue.AccountNotExistError"}
	}
	return &resp, nil
}
