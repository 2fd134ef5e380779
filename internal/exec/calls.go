package exec

import (
	"context"
	"fmt"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/plan"
	"github.com/dbplan/dbplan/internal/secret"
)

// send makes one attempt of a's write call. pw is the account password
// when a.NeedsPassword (revealed only inside apiclient, on the wire). It
// returns the flow id of async kinds.
func send(ctx context.Context, api API, a *plan.Action, pw secret.Value) (int64, error) {
	t, p := a.Target, a.Params
	switch a.Kind {
	case plan.CreateAccount:
		req := apiclient.CreateAccountRequest{DBInstanceId: t.InstanceID, UserName: t.UserName,
			Type: accountType(p.AccountType), Password: pw, Remark: p.Remark}
		if p.OpenCAM {
			on := true
			req.OpenCam = &on
		}
		_, err := api.CreateAccount(ctx, req)
		return 0, err
	case plan.ModifyAccountRemark:
		_, err := api.ModifyAccountRemark(ctx, apiclient.ModifyAccountRemarkRequest{
			DBInstanceId: t.InstanceID, UserName: t.UserName, Remark: deref(p.Remark)})
		return 0, err
	case plan.OpenAccountCAM:
		_, err := api.OpenAccountCAM(ctx, apiclient.OpenAccountCAMRequest{DBInstanceId: t.InstanceID, UserName: t.UserName})
		return 0, err
	case plan.CloseAccountCAM:
		_, err := api.CloseAccountCAM(ctx, apiclient.CloseAccountCAMRequest{DBInstanceId: t.InstanceID, UserName: t.UserName, Password: pw})
		return 0, err
	case plan.OpenExtranet:
		resp, err := api.OpenDBExtranetAccess(ctx, apiclient.OpenDBExtranetAccessRequest{DBInstanceId: t.InstanceID, IsIpv6: ipv6(p.IPv6)})
		return flowOf(resp, err, func() int64 { return resp.FlowId })
	case plan.CloseExtranet:
		resp, err := api.CloseDBExtranetAccess(ctx, apiclient.CloseDBExtranetAccessRequest{DBInstanceId: t.InstanceID, IsIpv6: ipv6(p.IPv6)})
		return flowOf(resp, err, func() int64 { return resp.FlowId })
	case plan.CreateRONetwork:
		resp, err := api.CreateReadOnlyGroupNetworkAccess(ctx, apiclient.CreateReadOnlyGroupNetworkAccessRequest{
			ReadOnlyGroupId: t.ROGroupID, VpcId: p.VpcID, SubnetId: p.SubnetID, IsAssignVip: p.VIP != "", Vip: p.VIP})
		return flowOf(resp, err, func() int64 { return resp.FlowId })
	case plan.CreateLibraAccount:
		_, err := api.CreateLibraDBClusterAccounts(ctx, apiclient.CreateLibraDBClusterAccountsRequest{
			ClusterId: t.ClusterID, Accounts: []apiclient.NewAccount{newLibraAccount(a, pw)}})
		return 0, err
	case plan.ModifyLibraDescription:
		_, err := api.ModifyLibraDBClusterAccountDescription(ctx, apiclient.ModifyLibraDBClusterAccountDescriptionRequest{
			ClusterId: t.ClusterID, AccountName: t.UserName, Host: t.Host, Description: deref(p.Description)})
		return 0, err
	}
	return 0, fmt.Errorf("exec: action kind %s is not supported by this dbplan", a.Kind)
}

// newLibraAccount is the NewAccount of a LibraDB create.
func newLibraAccount(a *plan.Action, pw secret.Value) apiclient.NewAccount {
	host := a.Target.Host
	if host == "" {
		host = "%"
	}
	return apiclient.NewAccount{AccountName: a.Target.UserName, Host: host, AccountPassword: pw,
		Description: deref(a.Params.Description), MaxUserConnections: a.Params.MaxUserConnections}
}

func flowOf[R any](resp *R, err error, id func() int64) (int64, error) {
	if err != nil || resp == nil {
		return 0, err
	}
	return id(), nil
}

func accountType(t string) string {
	if t == "" {
		return "normal"
	}
	return t
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func ipv6(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
