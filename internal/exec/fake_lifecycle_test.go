package exec

import (
	"context"
	"time"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/plan"
)

// The fake's lifecycle calls: lock, unlock, delete and password resets.

func (f *fakeAPI) setStatus(action, inst, user string, status int64) error {
	a, err := f.account(action, inst, user)
	if err == nil {
		a.Status = status
	}
	return err
}

func (f *fakeAPI) LockAccount(_ context.Context, req apiclient.LockAccountRequest) (*apiclient.LockAccountResponse, error) {
	return &apiclient.LockAccountResponse{}, f.call("LockAccount", req, func() error {
		return f.setStatus("LockAccount", req.DBInstanceId, req.UserName, 5)
	})
}

func (f *fakeAPI) UnlockAccount(_ context.Context, req apiclient.UnlockAccountRequest) (*apiclient.UnlockAccountResponse, error) {
	return &apiclient.UnlockAccountResponse{}, f.call("UnlockAccount", req, func() error {
		return f.setStatus("UnlockAccount", req.DBInstanceId, req.UserName, 2)
	})
}

// DeleteAccount is re-entrant, as documented.
func (f *fakeAPI) DeleteAccount(_ context.Context, req apiclient.DeleteAccountRequest) (*apiclient.DeleteAccountResponse, error) {
	return &apiclient.DeleteAccountResponse{}, f.call("DeleteAccount", req, func() error {
		in, err := f.instance("DeleteAccount", req.DBInstanceId)
		if err == nil {
			delete(in.accounts, req.UserName)
		}
		return err
	})
}

func (f *fakeAPI) DeleteReadOnlyGroupNetworkAccess(_ context.Context, req apiclient.DeleteReadOnlyGroupNetworkAccessRequest) (*apiclient.DeleteReadOnlyGroupNetworkAccessResponse, error) {
	resp := &apiclient.DeleteReadOnlyGroupNetworkAccessResponse{}
	err := f.call("DeleteReadOnlyGroupNetworkAccess", req, func() error {
		g := f.groups[req.ReadOnlyGroupId]
		if g == nil {
			return apiError("DeleteReadOnlyGroupNetworkAccess", "FailedOperation.ROGroupNotFoundError")
		}
		if g.status != "ok" {
			return apiError("DeleteReadOnlyGroupNetworkAccess", "OperationDenied.ROGroupStatusError")
		}
		for i, n := range g.nets {
			if n.VpcId == req.VpcId && n.SubnetId == req.SubnetId && n.Ip == req.Vip {
				g.nets[i].Status = "closing"
				g.status, g.until = "modifying", f.clk.Now().Add(f.FlowTime)
				resp.FlowId = 11
				return nil
			}
		}
		return apiError("DeleteReadOnlyGroupNetworkAccess", "InvalidParameter.VpcNotFoundError")
	})
	return resp, err
}

// DeleteLibraDBClusterAccounts is atomic and not re-entrant, like the
// simulator's.
func (f *fakeAPI) DeleteLibraDBClusterAccounts(_ context.Context, req apiclient.DeleteLibraDBClusterAccountsRequest) (*apiclient.DeleteLibraDBClusterAccountsResponse, error) {
	return &apiclient.DeleteLibraDBClusterAccountsResponse{}, f.call("DeleteLibraDBClusterAccounts", req, func() error {
		c, ok := f.libra[req.ClusterId]
		if !ok {
			return apiError("DeleteLibraDBClusterAccounts", "ResourceNotFound.ClusterNotFoundError")
		}
		for _, a := range req.Accounts {
			if c[plan.LibraKey(a.AccountName, a.Host)] == nil {
				return apiError("DeleteLibraDBClusterAccounts", "InvalidParameterValue.AccountNotExistError")
			}
		}
		for _, a := range req.Accounts {
			delete(c, plan.LibraKey(a.AccountName, a.Host))
		}
		return nil
	})
}

func (f *fakeAPI) ResetAccountPassword(_ context.Context, req apiclient.ResetAccountPasswordRequest) (*apiclient.ResetAccountPasswordResponse, error) {
	return &apiclient.ResetAccountPasswordResponse{}, f.call("ResetAccountPassword", req, func() error {
		a, err := f.account("ResetAccountPassword", req.DBInstanceId, req.UserName)
		if err != nil {
			return err
		}
		if *a.OpenCam {
			return apiError("ResetAccountPassword", "FailedOperation.CheckAccountCAMCloseError")
		}
		a.PasswordUpdateTime = f.clk.Now().In(cloudZone).Format(time.DateTime)
		f.passwords[req.DBInstanceId+"/"+req.UserName] = req.Password.Reveal()
		return nil
	})
}

func (f *fakeAPI) RefreshAccountPassword(_ context.Context, req apiclient.RefreshAccountPasswordRequest) (*apiclient.RefreshAccountPasswordResponse, error) {
	return &apiclient.RefreshAccountPasswordResponse{}, f.call("RefreshAccountPassword", req, func() error {
		a, err := f.account("RefreshAccountPassword", req.DBInstanceId, req.UserName)
		if err != nil {
			return err
		}
		if !*a.OpenCam {
			return apiError("RefreshAccountPassword", "FailedOperation.CheckAccountCAMOpenError")
		}
		a.PasswordUpdateTime = f.clk.Now().In(cloudZone).Format(time.DateTime)
		return nil
	})
}

func (f *fakeAPI) ResetLibraDBClusterAccountPassword(_ context.Context, req apiclient.ResetLibraDBClusterAccountPasswordRequest) (*apiclient.ResetLibraDBClusterAccountPasswordResponse, error) {
	return &apiclient.ResetLibraDBClusterAccountPasswordResponse{}, f.call("ResetLibraDBClusterAccountPassword", req, func() error {
		a := f.libra[req.ClusterId][plan.LibraKey(req.AccountName, req.Host)]
		if a == nil {
			return apiError("ResetLibraDBClusterAccountPassword", "InvalidParameterValue.AccountNotExistError")
		}
		a.UpdateTime = f.clk.Now().In(cloudZone).Format(time.DateTime)
		f.passwords[req.ClusterId+"/"+plan.LibraKey(req.AccountName, req.Host)] = req.AccountPassword.Reveal()
		return nil
	})
}

// cloudZone is the API's time zone (UTC+8).
var cloudZone = time.FixedZone("UTC+8", 8*3600)
