package plan

import (
	"context"

	"github.com/dbplan/dbplan/internal/apiclient"
)

// Writer is the set of write calls the kinds' Send and SendBatch make, one
// method per API action, each exactly one attempt. *apiclient.Client
// satisfies it; the executor adds quotas, retries and re-checks around it.
type Writer interface {
	CreateAccount(ctx context.Context, req apiclient.CreateAccountRequest) (*apiclient.CreateAccountResponse, error)
	ModifyAccountRemark(ctx context.Context, req apiclient.ModifyAccountRemarkRequest) (*apiclient.ModifyAccountRemarkResponse, error)
	OpenAccountCAM(ctx context.Context, req apiclient.OpenAccountCAMRequest) (*apiclient.OpenAccountCAMResponse, error)
	CloseAccountCAM(ctx context.Context, req apiclient.CloseAccountCAMRequest) (*apiclient.CloseAccountCAMResponse, error)
	OpenDBExtranetAccess(ctx context.Context, req apiclient.OpenDBExtranetAccessRequest) (*apiclient.OpenDBExtranetAccessResponse, error)
	CloseDBExtranetAccess(ctx context.Context, req apiclient.CloseDBExtranetAccessRequest) (*apiclient.CloseDBExtranetAccessResponse, error)
	CreateReadOnlyGroupNetworkAccess(ctx context.Context, req apiclient.CreateReadOnlyGroupNetworkAccessRequest) (*apiclient.CreateReadOnlyGroupNetworkAccessResponse, error)
	CreateLibraDBClusterAccounts(ctx context.Context, req apiclient.CreateLibraDBClusterAccountsRequest) (*apiclient.CreateLibraDBClusterAccountsResponse, error)
	ModifyLibraDBClusterAccountDescription(ctx context.Context, req apiclient.ModifyLibraDBClusterAccountDescriptionRequest) (*apiclient.ModifyLibraDBClusterAccountDescriptionResponse, error)
	LockAccount(ctx context.Context, req apiclient.LockAccountRequest) (*apiclient.LockAccountResponse, error)
	UnlockAccount(ctx context.Context, req apiclient.UnlockAccountRequest) (*apiclient.UnlockAccountResponse, error)
	DeleteAccount(ctx context.Context, req apiclient.DeleteAccountRequest) (*apiclient.DeleteAccountResponse, error)
	DeleteReadOnlyGroupNetworkAccess(ctx context.Context, req apiclient.DeleteReadOnlyGroupNetworkAccessRequest) (*apiclient.DeleteReadOnlyGroupNetworkAccessResponse, error)
	DeleteLibraDBClusterAccounts(ctx context.Context, req apiclient.DeleteLibraDBClusterAccountsRequest) (*apiclient.DeleteLibraDBClusterAccountsResponse, error)
	ResetAccountPassword(ctx context.Context, req apiclient.ResetAccountPasswordRequest) (*apiclient.ResetAccountPasswordResponse, error)
	RefreshAccountPassword(ctx context.Context, req apiclient.RefreshAccountPasswordRequest) (*apiclient.RefreshAccountPasswordResponse, error)
	ResetLibraDBClusterAccountPassword(ctx context.Context, req apiclient.ResetLibraDBClusterAccountPasswordRequest) (*apiclient.ResetLibraDBClusterAccountPasswordResponse, error)
	ModifyAccountPrivileges(ctx context.Context, req apiclient.ModifyAccountPrivilegesRequest) (*apiclient.ModifyAccountPrivilegesResponse, error)
	ModifyLibraDBClusterAccountPrivilege(ctx context.Context, req apiclient.ModifyLibraDBClusterAccountPrivilegeRequest) (*apiclient.ModifyLibraDBClusterAccountPrivilegeResponse, error)
}

// syncSend adapts a synchronous call to Spec.Send's result.
func syncSend[R any](_ *R, err error) (int64, error) { return 0, err }

// flowSend adapts a flow-starting call to Spec.Send's result: the flow id
// of a successful answer.
func flowSend(resp *apiclient.FlowResponse, err error) (int64, error) {
	if err != nil || resp == nil {
		return 0, err
	}
	return resp.FlowId, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
