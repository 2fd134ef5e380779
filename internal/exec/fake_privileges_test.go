package exec

import (
	"context"
	"slices"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/plan"
)

// The fake's privilege calls. Privileges are kept per instance/user and
// object key (plan.DBObject.Key); every object exists unless listed in
// missing.

// fakePrivileges is the fake's privilege state.
type fakePrivileges struct {
	held    map[string]map[string][]string // "inst/user" → object key → privileges
	missing map[string]bool                // object keys no instance has
	libra   map[string]map[string][]string // "cluster/name@host" → scope key → privileges
}

func (f *fakeAPI) privs() *fakePrivileges {
	if f.privileges == nil {
		f.privileges = &fakePrivileges{held: map[string]map[string][]string{}, missing: map[string]bool{}}
	}
	return f.privileges
}

// grant sets what user holds on an object (test setup).
func (f *fakeAPI) grant(inst, user, key string, privs ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	p := f.privs()
	if p.held[inst+"/"+user] == nil {
		p.held[inst+"/"+user] = map[string][]string{}
	}
	p.held[inst+"/"+user][key] = slices.Sorted(slices.Values(privs))
}

// held returns what user holds on an object.
func (f *fakeAPI) held(inst, user, key string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.privs().held[inst+"/"+user][key])
}

func objectKey(o *apiclient.DatabaseObject) string {
	return plan.DBObject{Type: o.ObjectType, Database: o.DatabaseName, Schema: o.SchemaName, Table: o.TableName, Name: o.ObjectName}.Key()
}

func (f *fakeAPI) privilegeAccount(action, inst, user string) (*apiclient.AccountInfo, error) {
	in, err := f.instance(action, inst)
	if err != nil {
		return nil, err
	}
	if a := in.accounts[user]; a != nil {
		return a, nil
	}
	return nil, apiError(action, "InvalidParameterValue.InvalidAccountNameError")
}

func (f *fakeAPI) DescribeAccountPrivileges(_ context.Context, req apiclient.DescribeAccountPrivilegesRequest) (*apiclient.DescribeAccountPrivilegesResponse, error) {
	resp := &apiclient.DescribeAccountPrivilegesResponse{}
	err := f.call("DescribeAccountPrivileges", req, func() error {
		if _, err := f.privilegeAccount("DescribeAccountPrivileges", req.DBInstanceId, req.UserName); err != nil {
			return err
		}
		p := f.privs()
		for _, o := range req.DatabaseObjectSet {
			if p.missing[objectKey(&o)] {
				return apiError("DescribeAccountPrivileges", apiclient.CodeUnknownDatabaseObject)
			}
			resp.PrivilegeSet = append(resp.PrivilegeSet, apiclient.DatabasePrivilege{Object: &o,
				PrivilegeSet: slices.Clone(p.held[req.DBInstanceId+"/"+req.UserName][objectKey(&o)])})
		}
		return nil
	})
	return resp, err
}

func (f *fakeAPI) ModifyAccountPrivileges(_ context.Context, req apiclient.ModifyAccountPrivilegesRequest) (*apiclient.ModifyAccountPrivilegesResponse, error) {
	return &apiclient.ModifyAccountPrivilegesResponse{}, f.call("ModifyAccountPrivileges", req, func() error {
		if n := len(req.ModifyPrivilegeSet); n == 0 || n > apiclient.MaxPrivilegeChanges {
			return apiError("ModifyAccountPrivileges", "InvalidParameterValue.ParameterOutOfRange")
		}
		a, err := f.privilegeAccount("ModifyAccountPrivileges", req.DBInstanceId, req.UserName)
		if err != nil {
			return err
		}
		if f.instances[req.DBInstanceId].status != "running" {
			return apiError("ModifyAccountPrivileges", "OperationDenied.InstanceStatusLimitOpError")
		}
		p := f.privs()
		for _, m := range req.ModifyPrivilegeSet {
			if m.ModifyType != apiclient.ModifyAlterRole && p.missing[objectKey(m.DatabasePrivilege.Object)] {
				return apiError("ModifyAccountPrivileges", apiclient.CodeUnknownDatabaseObject)
			}
		}
		held := p.held[req.DBInstanceId+"/"+req.UserName]
		if held == nil {
			held = map[string][]string{}
			p.held[req.DBInstanceId+"/"+req.UserName] = held
		}
		for _, m := range req.ModifyPrivilegeSet {
			set := m.DatabasePrivilege.PrivilegeSet
			k := objectKey(m.DatabasePrivilege.Object)
			switch m.ModifyType {
			case apiclient.ModifyAlterRole:
				a.UserType = set[0]
			case apiclient.ModifyGrant:
				held[k] = slices.Compact(slices.Sorted(slices.Values(append(held[k], set...))))
			case apiclient.ModifyRevoke:
				held[k] = slices.DeleteFunc(held[k], func(x string) bool { return slices.Contains(set, x) })
			}
		}
		return nil
	})
}

// LibraDB privileges, per "cluster/name@host" and scope key; the fake
// replaces only the scopes a call names (as the simulator does).

func (f *fakeAPI) libraPrivs() map[string]map[string][]string {
	p := f.privs()
	if p.libra == nil {
		p.libra = map[string]map[string][]string{}
	}
	return p.libra
}

func (f *fakeAPI) ModifyLibraDBClusterAccountPrivilege(_ context.Context, req apiclient.ModifyLibraDBClusterAccountPrivilegeRequest) (*apiclient.ModifyLibraDBClusterAccountPrivilegeResponse, error) {
	return &apiclient.ModifyLibraDBClusterAccountPrivilegeResponse{}, f.call("ModifyLibraDBClusterAccountPrivilege", req, func() error {
		key := req.ClusterId + "/" + plan.LibraKey(req.Account.AccountName, req.Account.Host)
		if f.libra[req.ClusterId][plan.LibraKey(req.Account.AccountName, req.Account.Host)] == nil {
			return apiError("ModifyLibraDBClusterAccountPrivilege", "InvalidParameterValue.AccountNotExistError")
		}
		held := f.libraPrivs()[key]
		if held == nil {
			held = map[string][]string{}
			f.libraPrivs()[key] = held
		}
		if req.GlobalPrivileges != nil {
			held["global"] = slices.Clone(req.GlobalPrivileges)
		}
		for _, d := range req.DatabasePrivileges {
			held[plan.LibraScope{Level: "database", Database: d.Db}.Key()] = slices.Clone(d.Privileges)
		}
		for _, t := range req.TablePrivileges {
			held[plan.LibraScope{Level: "table", Database: t.Db, Table: t.TableName}.Key()] = slices.Clone(t.Privileges)
		}
		return nil
	})
}

func (f *fakeAPI) DescribeLibraDBClusterAccountAllPrivileges(_ context.Context, req apiclient.DescribeLibraDBClusterAccountAllPrivilegesRequest) (*apiclient.DescribeLibraDBClusterAccountAllPrivilegesResponse, error) {
	resp := &apiclient.DescribeLibraDBClusterAccountAllPrivilegesResponse{}
	err := f.call("DescribeLibraDBClusterAccountAllPrivileges", req, func() error {
		if f.libra[req.ClusterId][plan.LibraKey(req.Account.AccountName, req.Account.Host)] == nil {
			return apiError("DescribeLibraDBClusterAccountAllPrivileges", "InvalidParameterValue.AccountNotExistError")
		}
		for k, privs := range f.libraPrivs()[req.ClusterId+"/"+plan.LibraKey(req.Account.AccountName, req.Account.Host)] {
			if len(privs) == 0 {
				continue
			}
			s, err := plan.ParseLibraScope(k)
			if err != nil {
				return err
			}
			switch s.Level {
			case "global":
				resp.GlobalPrivileges = slices.Clone(privs)
			case "database":
				resp.DatabasePrivileges = append(resp.DatabasePrivileges, apiclient.LibraDatabasePrivileges{Db: s.Database, Privileges: slices.Clone(privs)})
			default:
				resp.TablePrivileges = append(resp.TablePrivileges, apiclient.LibraTablePrivileges{Db: s.Database, TableName: s.Table, Privileges: slices.Clone(privs)})
			}
		}
		return nil
	})
	return resp, err
}
