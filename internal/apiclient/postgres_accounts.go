package apiclient

import (
	"context"
	"fmt"

	"github.com/dbplan/dbplan/internal/secret"
)

// CreateAccountRequest is the postgres 2017-03-12 CreateAccount request.
// Password is revealed only while the wire body is built; an unset Password
// is omitted (the 2026 schema makes it optional when OpenCam is true).
type CreateAccountRequest struct {
	DBInstanceId string
	UserName     string
	// Type is "normal" or "tencentDBSuper".
	Type     string
	Password secret.Value
	// Remark is omitted when nil; a non-nil empty string sends "".
	Remark *string
	// OpenCam is omitted when nil, so callers that never use CAM send nothing
	// that could trip the CAM allowlist check.
	OpenCam *bool
}

func (r CreateAccountRequest) wire() any {
	return struct {
		DBInstanceId string
		UserName     string
		Type         string
		Password     *string `json:",omitempty"`
		Remark       *string `json:",omitempty"`
		OpenCam      *bool   `json:",omitempty"`
	}{r.DBInstanceId, r.UserName, r.Type, reveal(r.Password), r.Remark, r.OpenCam}
}

func (r CreateAccountRequest) secrets() []string { return revealAll(r.Password) }

// CreateAccountResponse is the CreateAccount response (synchronous; the
// account shows in DescribeAccounts).
type CreateAccountResponse = SyncResponse

// CreateAccount creates a PostgreSQL account. One call is one attempt.
func (c *Client) CreateAccount(ctx context.Context, req CreateAccountRequest) (*CreateAccountResponse, error) {
	return send[CreateAccountResponse](ctx, c, postgres, "CreateAccount", req)
}

// DeleteAccountRequest is the postgres DeleteAccount request. The API is
// documented as re-entrant: deleting an absent account succeeds.
type DeleteAccountRequest struct {
	DBInstanceId string
	UserName     string
}

// DeleteAccountResponse is the DeleteAccount response.
type DeleteAccountResponse = SyncResponse

// DeleteAccount deletes a PostgreSQL account.
func (c *Client) DeleteAccount(ctx context.Context, req DeleteAccountRequest) (*DeleteAccountResponse, error) {
	return send[DeleteAccountResponse](ctx, c, postgres, "DeleteAccount", req)
}

// DescribeAccountsRequest asks for one page of accounts. Zero Limit, Offset,
// OrderBy and OrderByType are omitted (server defaults: 20 per page,
// createTime desc). Limit is 1–100.
type DescribeAccountsRequest struct {
	DBInstanceId string
	Limit        int64  `json:",omitempty"`
	Offset       int64  `json:",omitempty"`
	OrderBy      string `json:",omitempty"`
	OrderByType  string `json:",omitempty"`
}

// AccountInfo is one PostgreSQL account as DescribeAccounts reports it.
type AccountInfo struct {
	DBInstanceId string
	UserName     string
	Remark       string
	// Status: 1 creating, 2 normal, 3 modifying, 4 password resetting,
	// 5 locking, -1 deleting.
	Status             int64
	CreateTime         string
	UpdateTime         string
	PasswordUpdateTime string
	// UserType is "normal" or "tencentDBSuper"; may be empty.
	UserType string
	// OpenCam is nil when the service did not report the CAM state.
	OpenCam *bool
}

// DescribeAccountsResponse is one page of accounts. TotalCount is as
// reported and is not trusted by DescribeAllAccounts.
type DescribeAccountsResponse struct {
	TotalCount int64
	Details    []AccountInfo
	RequestId  string
}

// DescribeAccounts returns one page of accounts of an instance.
func (c *Client) DescribeAccounts(ctx context.Context, req DescribeAccountsRequest) (*DescribeAccountsResponse, error) {
	return send[DescribeAccountsResponse](ctx, c, postgres, "DescribeAccounts", req)
}

// accountsPageSize is the documented maximum DescribeAccounts Limit.
const accountsPageSize = 100

// DescribeAllAccounts returns every account of an instance, ordered by name
// ascending so that pages stay stable while accounts are created. It asks for
// pages of 100 and stops at the first page shorter than that, never relying
// on TotalCount.
func (c *Client) DescribeAllAccounts(ctx context.Context, instanceID string) ([]AccountInfo, error) {
	return allPages(c, "DescribeAccounts", func(_, seen int) ([]AccountInfo, bool, error) {
		resp, err := c.DescribeAccounts(ctx, DescribeAccountsRequest{
			DBInstanceId: instanceID,
			Limit:        accountsPageSize,
			Offset:       int64(seen),
			OrderBy:      "name",
			OrderByType:  "asc",
		})
		if err != nil {
			return nil, false, err
		}
		return resp.Details, len(resp.Details) < accountsPageSize, nil
	})
}

// OpenAccountCAMRequest is the postgres OpenAccountCAM request.
type OpenAccountCAMRequest struct {
	DBInstanceId string
	UserName     string
}

// OpenAccountCAMResponse is the OpenAccountCAM response (synchronous).
type OpenAccountCAMResponse = SyncResponse

// OpenAccountCAM enables CAM verification for an account. On an account that
// already has CAM on the API answers FailedOperation.CheckAccountCAMCloseError,
// which Classify reports as AlreadyDone.
func (c *Client) OpenAccountCAM(ctx context.Context, req OpenAccountCAMRequest) (*OpenAccountCAMResponse, error) {
	return send[OpenAccountCAMResponse](ctx, c, postgres, "OpenAccountCAM", req)
}

// CloseAccountCAMRequest is the postgres CloseAccountCAM request. Password
// (required by the API) is the login password the account gets once CAM is
// off. PasswordEncrypt is omitted when nil.
type CloseAccountCAMRequest struct {
	DBInstanceId    string
	UserName        string
	Password        secret.Value
	PasswordEncrypt *bool
}

func (r CloseAccountCAMRequest) wire() any {
	return struct {
		DBInstanceId    string
		UserName        string
		Password        *string `json:",omitempty"`
		PasswordEncrypt *bool   `json:",omitempty"`
	}{r.DBInstanceId, r.UserName, reveal(r.Password), r.PasswordEncrypt}
}

func (r CloseAccountCAMRequest) secrets() []string { return revealAll(r.Password) }

// CloseAccountCAMResponse is the CloseAccountCAM response (synchronous).
type CloseAccountCAMResponse = SyncResponse

// CloseAccountCAM disables CAM verification for an account. On an account
// without CAM the API answers FailedOperation.CheckAccountCAMOpenError, which
// Classify reports as AlreadyDone.
func (c *Client) CloseAccountCAM(ctx context.Context, req CloseAccountCAMRequest) (*CloseAccountCAMResponse, error) {
	return send[CloseAccountCAMResponse](ctx, c, postgres, "CloseAccountCAM", req)
}

// ModifyAccountRemarkRequest is the postgres ModifyAccountRemark request; all
// fields are required, so an empty Remark is sent as "" (clears the remark).
type ModifyAccountRemarkRequest struct {
	DBInstanceId string
	UserName     string
	Remark       string
}

// ModifyAccountRemarkResponse is the ModifyAccountRemark response.
type ModifyAccountRemarkResponse = SyncResponse

// ModifyAccountRemark sets an account's remark.
func (c *Client) ModifyAccountRemark(ctx context.Context, req ModifyAccountRemarkRequest) (*ModifyAccountRemarkResponse, error) {
	return send[ModifyAccountRemarkResponse](ctx, c, postgres, "ModifyAccountRemark", req)
}

// defaultMaxPages bounds every paginating helper so that a server that
// ignores the offset cannot make it loop forever.
const defaultMaxPages = 10000

func (c *Client) tooManyPages(action string) error {
	return &Error{Action: action, Code: CodeClientPagination,
		Message: fmt.Sprintf("more than %d pages; the service seems to ignore the page offset", c.sh.maxPages)}
}

// reveal returns a pointer to the plain text of v, or nil when v is unset.
func reveal(v secret.Value) *string {
	if !v.IsSet() {
		return nil
	}
	s := v.Reveal()
	return &s
}

// revealAll lists the non-empty plain texts of vs, for scrubbing them from
// error messages and traces.
func revealAll(vs ...secret.Value) []string {
	var out []string
	for _, v := range vs {
		if v.IsSet() && v.Reveal() != "" {
			out = append(out, v.Reveal())
		}
	}
	return out
}
