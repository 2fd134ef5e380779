package exec

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/clock"
	"github.com/dbplan/dbplan/internal/plan"
)

// fakeAPI is an in-memory cloud implementing API. Writes change its state;
// Hook, when set, runs before every call and may fail it, before (commit
// false) or after (commit true: the change is applied, then err returned,
// like a lost response) applying the change.
type fakeAPI struct {
	clk clock.Clock
	// FlowTime is how long extranet and network flows stay opening.
	FlowTime time.Duration
	// NoEffect makes async calls succeed without starting anything.
	NoEffect bool
	Hook     func(action string, n int, req any) (err error, commit bool)

	mu        sync.Mutex
	calls     map[string]int
	instances map[string]*fakeInstance
	groups    map[string]*fakeGroup
	libra     map[string]map[string]*apiclient.LibraDBAccount // cluster → name@host
	passwords map[string]string                               // instance/user or cluster/name@host → password seen
	creates   map[string]int                                  // successful creates per account key
	// privileges is the privilege state (see fake_privileges_test.go).
	privileges *fakePrivileges
}

type fakeInstance struct {
	status   string
	public   string
	until    time.Time // flow end
	target   string    // public state at flow end
	accounts map[string]*apiclient.AccountInfo
}

type fakeGroup struct {
	master string
	status string
	until  time.Time
	nets   []apiclient.DBInstanceNetInfo
}

func newFake(clk clock.Clock) *fakeAPI {
	return &fakeAPI{clk: clk, FlowTime: 10 * time.Second, calls: map[string]int{},
		instances: map[string]*fakeInstance{}, groups: map[string]*fakeGroup{},
		libra: map[string]map[string]*apiclient.LibraDBAccount{}, passwords: map[string]string{}, creates: map[string]int{}}
}

func (f *fakeAPI) addInstance(id, public string, accounts ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	in := &fakeInstance{status: "running", public: public, accounts: map[string]*apiclient.AccountInfo{}}
	for _, a := range accounts {
		off := false
		in.accounts[a] = &apiclient.AccountInfo{DBInstanceId: id, UserName: a, Status: 2, UserType: "normal", OpenCam: &off}
	}
	f.instances[id] = in
}

func (f *fakeAPI) count(action string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[action]
}

func apiError(action, code string) *apiclient.Error {
	return &apiclient.Error{Action: action, Code: code, Message: "fake " + code, RequestID: "req-" + code}
}

// call counts the call, runs the hook (unlocked, so it may inspect the
// fake) and applies the change under the lock.
func (f *fakeAPI) call(action string, req any, apply func() error) error {
	f.mu.Lock()
	f.calls[action]++
	n, hook := f.calls[action], f.Hook
	f.mu.Unlock()
	var herr error
	commit := false
	if hook != nil {
		herr, commit = hook(action, n, req)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if herr != nil {
		if commit {
			_ = apply()
		}
		return herr
	}
	return apply()
}

func (f *fakeAPI) settle(in *fakeInstance) {
	if in.target != "" && !f.clk.Now().Before(in.until) {
		in.public, in.target, in.status = in.target, "", "running"
	}
}

func (f *fakeAPI) Account() string { return "acct" }

func (f *fakeAPI) DescribeDBInstances(_ context.Context, req apiclient.DescribeDBInstancesRequest) (*apiclient.DescribeDBInstancesResponse, error) {
	resp := &apiclient.DescribeDBInstancesResponse{}
	err := f.call("DescribeDBInstances", req, func() error {
		var ids []string
		for _, fl := range req.Filters {
			if fl.Name == "db-instance-id" {
				ids = append(ids, fl.Values...)
			}
		}
		sort.Strings(ids)
		for _, id := range ids {
			in := f.instances[id]
			if in == nil {
				continue
			}
			f.settle(in)
			resp.DBInstanceSet = append(resp.DBInstanceSet, apiclient.DBInstance{DBInstanceId: id, DBInstanceStatus: in.status,
				DBInstanceNetInfo: []apiclient.DBInstanceNetInfo{{NetType: "public", Status: in.public}}})
		}
		return nil
	})
	return resp, err
}

func (f *fakeAPI) DescribeAccounts(_ context.Context, req apiclient.DescribeAccountsRequest) (*apiclient.DescribeAccountsResponse, error) {
	resp := &apiclient.DescribeAccountsResponse{}
	err := f.call("DescribeAccounts", req, func() error {
		in := f.instances[req.DBInstanceId]
		if in == nil {
			return apiError("DescribeAccounts", "ResourceNotFound.InstanceNotFoundError")
		}
		names := make([]string, 0, len(in.accounts))
		for n := range in.accounts {
			names = append(names, n)
		}
		sort.Strings(names)
		for i := int(req.Offset); i < len(names) && i < int(req.Offset+req.Limit); i++ {
			resp.Details = append(resp.Details, *in.accounts[names[i]])
		}
		return nil
	})
	return resp, err
}

func (f *fakeAPI) DescribeReadOnlyGroups(_ context.Context, req apiclient.DescribeReadOnlyGroupsRequest) (*apiclient.DescribeReadOnlyGroupsResponse, error) {
	resp := &apiclient.DescribeReadOnlyGroupsResponse{}
	err := f.call("DescribeReadOnlyGroups", req, func() error {
		master := req.Filters[0].Values[0]
		for id, g := range f.groups {
			if g.master != master {
				continue
			}
			if g.status == "modifying" && !f.clk.Now().Before(g.until) {
				g.status = "ok"
				g.nets = slices.DeleteFunc(g.nets, func(n apiclient.DBInstanceNetInfo) bool { return n.Status == "closing" })
				for i := range g.nets {
					g.nets[i].Status = "opened"
				}
			}
			resp.ReadOnlyGroupList = append(resp.ReadOnlyGroupList, apiclient.ReadOnlyGroup{ReadOnlyGroupId: id,
				MasterDBInstanceId: master, Status: g.status, DBInstanceNetInfo: append([]apiclient.DBInstanceNetInfo(nil), g.nets...)})
		}
		return nil
	})
	return resp, err
}

func (f *fakeAPI) DescribeLibraDBClusters(_ context.Context, req apiclient.DescribeLibraDBClustersRequest) (*apiclient.DescribeLibraDBClustersResponse, error) {
	return &apiclient.DescribeLibraDBClustersResponse{}, f.call("DescribeLibraDBClusters", req, func() error { return nil })
}

func (f *fakeAPI) DescribeLibraDBClusterAccounts(_ context.Context, req apiclient.DescribeLibraDBClusterAccountsRequest) (*apiclient.DescribeLibraDBClusterAccountsResponse, error) {
	resp := &apiclient.DescribeLibraDBClusterAccountsResponse{}
	err := f.call("DescribeLibraDBClusterAccounts", req, func() error {
		c, ok := f.libra[req.ClusterId]
		if !ok {
			return apiError("DescribeLibraDBClusterAccounts", "ResourceNotFound.ClusterNotFoundError")
		}
		keys := make([]string, 0, len(c))
		for k := range c {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for i := int(req.Offset); i < len(keys) && i < int(req.Offset+req.Limit); i++ {
			resp.AccountSet = append(resp.AccountSet, *c[keys[i]])
		}
		resp.TotalCount = int64(len(keys))
		return nil
	})
	return resp, err
}

func (f *fakeAPI) instance(action, id string) (*fakeInstance, error) {
	in := f.instances[id]
	if in == nil {
		return nil, apiError(action, "ResourceNotFound.InstanceNotFoundError")
	}
	f.settle(in)
	if in.status != "running" {
		return nil, apiError(action, "OperationDenied.InstanceStatusLimitOpError")
	}
	return in, nil
}

func (f *fakeAPI) CreateAccount(_ context.Context, req apiclient.CreateAccountRequest) (*apiclient.CreateAccountResponse, error) {
	return &apiclient.CreateAccountResponse{}, f.call("CreateAccount", req, func() error {
		in, err := f.instance("CreateAccount", req.DBInstanceId)
		if err != nil {
			return err
		}
		if _, ok := in.accounts[req.UserName]; ok {
			return apiError("CreateAccount", "InvalidParameterValue.AccountExist")
		}
		cam := req.OpenCam != nil && *req.OpenCam
		in.accounts[req.UserName] = &apiclient.AccountInfo{DBInstanceId: req.DBInstanceId, UserName: req.UserName,
			Status: 2, UserType: req.Type, OpenCam: &cam, Remark: ptrValue(req.Remark)}
		key := req.DBInstanceId + "/" + req.UserName
		f.creates[key]++
		f.passwords[key] = req.Password.Reveal()
		return nil
	})
}

func (f *fakeAPI) account(action, inst, user string) (*apiclient.AccountInfo, error) {
	in, err := f.instance(action, inst)
	if err != nil {
		return nil, err
	}
	a := in.accounts[user]
	if a == nil {
		return nil, apiError(action, "InvalidParameterValue.AccountNotExistError")
	}
	return a, nil
}

func (f *fakeAPI) ModifyAccountRemark(_ context.Context, req apiclient.ModifyAccountRemarkRequest) (*apiclient.ModifyAccountRemarkResponse, error) {
	return &apiclient.ModifyAccountRemarkResponse{}, f.call("ModifyAccountRemark", req, func() error {
		a, err := f.account("ModifyAccountRemark", req.DBInstanceId, req.UserName)
		if err == nil {
			a.Remark = req.Remark
		}
		return err
	})
}

func (f *fakeAPI) setCAM(action, inst, user string, on bool, code string) error {
	a, err := f.account(action, inst, user)
	if err != nil {
		return err
	}
	if *a.OpenCam == on {
		return apiError(action, code)
	}
	a.OpenCam = &on
	return nil
}

func (f *fakeAPI) OpenAccountCAM(_ context.Context, req apiclient.OpenAccountCAMRequest) (*apiclient.OpenAccountCAMResponse, error) {
	return &apiclient.OpenAccountCAMResponse{}, f.call("OpenAccountCAM", req, func() error {
		return f.setCAM("OpenAccountCAM", req.DBInstanceId, req.UserName, true, "FailedOperation.CheckAccountCAMCloseError")
	})
}

func (f *fakeAPI) CloseAccountCAM(_ context.Context, req apiclient.CloseAccountCAMRequest) (*apiclient.CloseAccountCAMResponse, error) {
	return &apiclient.CloseAccountCAMResponse{}, f.call("CloseAccountCAM", req, func() error {
		f.passwords[req.DBInstanceId+"/"+req.UserName] = req.Password.Reveal()
		return f.setCAM("CloseAccountCAM", req.DBInstanceId, req.UserName, false, "FailedOperation.CheckAccountCAMOpenError")
	})
}

func (f *fakeAPI) extranet(action, id, via, to string) (int64, error) {
	in, err := f.instance(action, id)
	if err != nil {
		return 0, err
	}
	if f.NoEffect {
		return 7, nil
	}
	in.public, in.target, in.status, in.until = via, to, "network changing", f.clk.Now().Add(f.FlowTime)
	return 7, nil
}

func (f *fakeAPI) OpenDBExtranetAccess(_ context.Context, req apiclient.OpenDBExtranetAccessRequest) (*apiclient.OpenDBExtranetAccessResponse, error) {
	resp := &apiclient.OpenDBExtranetAccessResponse{}
	err := f.call("OpenDBExtranetAccess", req, func() (err error) {
		resp.FlowId, err = f.extranet("OpenDBExtranetAccess", req.DBInstanceId, "opening", "opened")
		return err
	})
	return resp, err
}

func (f *fakeAPI) CloseDBExtranetAccess(_ context.Context, req apiclient.CloseDBExtranetAccessRequest) (*apiclient.CloseDBExtranetAccessResponse, error) {
	resp := &apiclient.CloseDBExtranetAccessResponse{}
	err := f.call("CloseDBExtranetAccess", req, func() (err error) {
		resp.FlowId, err = f.extranet("CloseDBExtranetAccess", req.DBInstanceId, "closing", "closed")
		return err
	})
	return resp, err
}

func (f *fakeAPI) CreateReadOnlyGroupNetworkAccess(_ context.Context, req apiclient.CreateReadOnlyGroupNetworkAccessRequest) (*apiclient.CreateReadOnlyGroupNetworkAccessResponse, error) {
	resp := &apiclient.CreateReadOnlyGroupNetworkAccessResponse{}
	err := f.call("CreateReadOnlyGroupNetworkAccess", req, func() error {
		g := f.groups[req.ReadOnlyGroupId]
		if g == nil {
			return apiError("CreateReadOnlyGroupNetworkAccess", "FailedOperation.ROGroupNotFoundError")
		}
		if g.status != "ok" {
			return apiError("CreateReadOnlyGroupNetworkAccess", "OperationDenied.ROGroupStatusError")
		}
		g.nets = append(g.nets, apiclient.DBInstanceNetInfo{NetType: "private", VpcId: req.VpcId, SubnetId: req.SubnetId, Ip: req.Vip, Status: "opening"})
		g.status, g.until = "modifying", f.clk.Now().Add(f.FlowTime)
		resp.FlowId = 9
		return nil
	})
	return resp, err
}

func (f *fakeAPI) CreateLibraDBClusterAccounts(_ context.Context, req apiclient.CreateLibraDBClusterAccountsRequest) (*apiclient.CreateLibraDBClusterAccountsResponse, error) {
	return &apiclient.CreateLibraDBClusterAccountsResponse{}, f.call("CreateLibraDBClusterAccounts", req, func() error {
		c, ok := f.libra[req.ClusterId]
		if !ok {
			return apiError("CreateLibraDBClusterAccounts", "ResourceNotFound.ClusterNotFoundError")
		}
		for _, a := range req.Accounts {
			if _, dup := c[plan.LibraKey(a.AccountName, a.Host)]; dup {
				return apiError("CreateLibraDBClusterAccounts", "InvalidParameterValue.AccountExist")
			}
			if len(a.AccountPassword.Reveal()) < 8 {
				return apiError("CreateLibraDBClusterAccounts", "InvalidParameterValue.IllegalPassword")
			}
		}
		for _, a := range req.Accounts {
			key := plan.LibraKey(a.AccountName, a.Host)
			c[key] = &apiclient.LibraDBAccount{AccountName: a.AccountName, Host: a.Host, Description: a.Description}
			f.creates[req.ClusterId+"/"+key]++
		}
		return nil
	})
}

func (f *fakeAPI) ModifyLibraDBClusterAccountDescription(_ context.Context, req apiclient.ModifyLibraDBClusterAccountDescriptionRequest) (*apiclient.ModifyLibraDBClusterAccountDescriptionResponse, error) {
	return &apiclient.ModifyLibraDBClusterAccountDescriptionResponse{}, f.call("ModifyLibraDBClusterAccountDescription", req, func() error {
		a := f.libra[req.ClusterId][plan.LibraKey(req.AccountName, req.Host)]
		if a == nil {
			return apiError("ModifyLibraDBClusterAccountDescription", "InvalidParameterValue.AccountNotExistError")
		}
		a.Description = req.Description
		return nil
	})
}

var _ API = (*fakeAPI)(nil)

// apiclientCreate is short for hooks that inspect CreateAccount requests.
type apiclientCreate = apiclient.CreateAccountRequest

// Action builders.

func createAccount(inst, user string, deps ...string) plan.Action {
	return plan.Action{ID: fmt.Sprintf("pg.%s.account.%s#create_account", inst, user), Addr: fmt.Sprintf("pg.%s.account.%s", inst, user),
		Kind: plan.CreateAccount, Target: plan.Target{InstanceID: inst, UserName: user},
		Params: plan.Params{AccountType: "normal"}, NeedsPassword: true, SecretAddr: "pg." + inst + ".account." + user,
		Precondition: plan.Precondition{Expect: plan.ExpectAbsent}, DependsOn: deps}
}

func openCAM(inst, user string, deps ...string) plan.Action {
	return plan.Action{ID: fmt.Sprintf("pg.%s.account.%s#open_account_cam", inst, user), Addr: fmt.Sprintf("pg.%s.account.%s", inst, user),
		Kind: plan.OpenAccountCAM, Target: plan.Target{InstanceID: inst, UserName: user},
		Precondition: plan.Precondition{Expect: "off"}, DependsOn: deps}
}

func openExtranet(inst string, deps ...string) plan.Action {
	return plan.Action{ID: "pg." + inst + ".extranet#open_extranet", Addr: "pg." + inst + ".extranet",
		Kind: plan.OpenExtranet, Target: plan.Target{InstanceID: inst}, Precondition: plan.Precondition{Expect: "closed"}, DependsOn: deps}
}

func libraCreate(cluster, user string) plan.Action {
	return plan.Action{ID: "libra." + cluster + "." + user + "#create_libradb_account", Addr: "libra." + cluster + "." + user,
		Kind: plan.CreateLibraAccount, Target: plan.Target{ClusterID: cluster, UserName: user, Host: "%"},
		NeedsPassword: true, SecretAddr: "libra." + cluster + "." + user, Precondition: plan.Precondition{Expect: plan.ExpectAbsent}}
}

func ptrValue(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
