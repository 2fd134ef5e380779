package apiclient

import "context"

// LockAccountRequest is the postgres LockAccount request.
type LockAccountRequest struct {
	DBInstanceId string
	UserName     string
}

// LockAccountResponse is the LockAccount response (synchronous).
type LockAccountResponse = SyncResponse

// LockAccount locks an account: its connections are closed and it can no
// longer sign in until UnlockAccount. DescribeAccounts then reports
// Status 5.
func (c *Client) LockAccount(ctx context.Context, req LockAccountRequest) (*LockAccountResponse, error) {
	return send[LockAccountResponse](ctx, c, postgres, "LockAccount", req)
}

// UnlockAccountRequest is the postgres UnlockAccount request.
type UnlockAccountRequest struct {
	DBInstanceId string
	UserName     string
}

// UnlockAccountResponse is the UnlockAccount response (synchronous).
type UnlockAccountResponse = SyncResponse

// UnlockAccount lets a locked account sign in again.
func (c *Client) UnlockAccount(ctx context.Context, req UnlockAccountRequest) (*UnlockAccountResponse, error) {
	return send[UnlockAccountResponse](ctx, c, postgres, "UnlockAccount", req)
}
