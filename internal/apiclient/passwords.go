package apiclient

import (
	"context"

	"github.com/dbplan/dbplan/internal/secret"
)

// ResetAccountPasswordRequest is the postgres ResetAccountPassword
// request. Password is revealed only while the wire body is built.
type ResetAccountPasswordRequest struct {
	DBInstanceId string
	UserName     string
	Password     secret.Value
}

func (r ResetAccountPasswordRequest) wire() any {
	return struct {
		DBInstanceId string
		UserName     string
		Password     *string `json:",omitempty"`
	}{r.DBInstanceId, r.UserName, reveal(r.Password)}
}

func (r ResetAccountPasswordRequest) secrets() []string { return revealAll(r.Password) }

// ResetAccountPasswordResponse is the ResetAccountPassword response
// (synchronous; DescribeAccounts then shows a new PasswordUpdateTime).
type ResetAccountPasswordResponse = SyncResponse

// ResetAccountPassword sets a new password on an account without CAM
// verification (FailedOperation.CheckAccountCAMCloseError otherwise).
func (c *Client) ResetAccountPassword(ctx context.Context, req ResetAccountPasswordRequest) (*ResetAccountPasswordResponse, error) {
	return send[ResetAccountPasswordResponse](ctx, c, postgres, "ResetAccountPassword", req)
}

// RefreshAccountPasswordRequest is the postgres RefreshAccountPassword
// request.
type RefreshAccountPasswordRequest struct {
	DBInstanceId string
	UserName     string
}

// RefreshAccountPasswordResponse is the RefreshAccountPassword response.
type RefreshAccountPasswordResponse = SyncResponse

// RefreshAccountPassword has the service set a new password on a
// CAM-enabled account (FailedOperation.CheckAccountCAMOpenError without
// CAM); no password is sent.
func (c *Client) RefreshAccountPassword(ctx context.Context, req RefreshAccountPasswordRequest) (*RefreshAccountPasswordResponse, error) {
	return send[RefreshAccountPasswordResponse](ctx, c, postgres, "RefreshAccountPassword", req)
}

// ResetLibraDBClusterAccountPasswordRequest is the cynosdb
// ResetLibraDBClusterAccountPassword request. AccountPassword is revealed
// only while the wire body is built; EncryptMethod and Host are omitted
// when empty (the service then assumes "%").
type ResetLibraDBClusterAccountPasswordRequest struct {
	ClusterId       string
	AccountName     string
	AccountPassword secret.Value
	EncryptMethod   string
	Host            string
}

func (r ResetLibraDBClusterAccountPasswordRequest) wire() any {
	return struct {
		ClusterId       string
		AccountPassword *string `json:",omitempty"`
		AccountName     string
		EncryptMethod   string `json:",omitempty"`
		Host            string `json:",omitempty"`
	}{r.ClusterId, reveal(r.AccountPassword), r.AccountName, r.EncryptMethod, r.Host}
}

func (r ResetLibraDBClusterAccountPasswordRequest) secrets() []string {
	return revealAll(r.AccountPassword)
}

// ResetLibraDBClusterAccountPasswordResponse is the (synchronous)
// response.
type ResetLibraDBClusterAccountPasswordResponse = SyncResponse

// ResetLibraDBClusterAccountPassword sets a new password on a LibraDB
// account.
func (c *Client) ResetLibraDBClusterAccountPassword(ctx context.Context, req ResetLibraDBClusterAccountPasswordRequest) (*ResetLibraDBClusterAccountPasswordResponse, error) {
	return send[ResetLibraDBClusterAccountPasswordResponse](ctx, c, cynosdb, "ResetLibraDBClusterAccountPassword", req)
}
