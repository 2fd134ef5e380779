package apiclient

import (
	"context"
	"encoding/json"

	"github.com/dbplan/dbplan/internal/secret"
)

// sts 2018-08-13: who the credentials are, and temporary credentials of a
// role. The region is not required; X-TC-Region is sent when the client
// has one.

// GetCallerIdentityRequest is the sts GetCallerIdentity request (no
// parameters).
type GetCallerIdentityRequest struct{}

// GetCallerIdentityResponse describes the caller.
type GetCallerIdentityResponse struct {
	// AccountId is the uin of the account the credentials act in (for an
	// assumed role, the role's account).
	AccountId string
	Arn       string
	// UserId is the uin, or roleId:sessionName for an assumed role.
	UserId string
	// PrincipalId is the uin that owns the key (for an assumed role, the
	// account that asked for it).
	PrincipalId string
	// Type is e.g. CAMUser or CAMRole.
	Type      string
	RequestId string
}

// GetCallerIdentity tells who the client's credentials are. It needs no
// permission.
func (c *Client) GetCallerIdentity(ctx context.Context, req GetCallerIdentityRequest) (*GetCallerIdentityResponse, error) {
	return send[GetCallerIdentityResponse](ctx, c, sts, "GetCallerIdentity", req)
}

// AssumeRoleRequest is the sts AssumeRole request, signed by the
// credentials that assume the role.
type AssumeRoleRequest struct {
	// RoleArn is qcs::cam::uin/UIN:roleName/NAME or …:role/ID.
	RoleArn string
	// RoleSessionName: 2–128 of letters, digits and =,.@_- .
	RoleSessionName string
	// DurationSeconds: 1–43200; 0 omits it (the service's default, 7200).
	DurationSeconds int64 `json:",omitempty"`
	// ExternalId is omitted when empty.
	ExternalId string `json:",omitempty"`
}

// STSCredentials are temporary credentials. The key and token are
// secrets: they format as "(sensitive)".
type STSCredentials struct {
	TmpSecretId  string
	TmpSecretKey secret.Value
	Token        secret.Value
}

// UnmarshalJSON reads the wire form, keeping the key and token secret.
func (c *STSCredentials) UnmarshalJSON(b []byte) error {
	var w struct{ TmpSecretId, TmpSecretKey, Token string }
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*c = STSCredentials{TmpSecretId: w.TmpSecretId, TmpSecretKey: secret.New(w.TmpSecretKey), Token: secret.New(w.Token)}
	return nil
}

// AssumeRoleResponse carries the role's temporary credentials.
type AssumeRoleResponse struct {
	Credentials STSCredentials
	// ExpiredTime is when they expire, in Unix seconds; Expiration the
	// same in ISO 8601 UTC.
	ExpiredTime int64
	Expiration  string
	RequestId   string
}

// AssumeRole asks for temporary credentials of a role with the client's
// credentials.
func (c *Client) AssumeRole(ctx context.Context, req AssumeRoleRequest) (*AssumeRoleResponse, error) {
	return send[AssumeRoleResponse](ctx, c, sts, "AssumeRole", req)
}

// AssumeRoleWithWebIdentityRequest is the sts AssumeRoleWithWebIdentity
// request. It is sent unsigned (Authorization: SKIP, as documented): the
// token is the proof of identity, and a secret.
type AssumeRoleWithWebIdentityRequest struct {
	// ProviderId names the identity provider configured in CAM.
	ProviderId       string
	WebIdentityToken secret.Value
	RoleArn          string
	RoleSessionName  string
	// DurationSeconds: 1–43200; 0 omits it (7200).
	DurationSeconds int64
}

func (r AssumeRoleWithWebIdentityRequest) wire() any {
	return struct {
		ProviderId       string
		WebIdentityToken string
		RoleArn          string
		RoleSessionName  string
		DurationSeconds  int64 `json:",omitempty"`
	}{r.ProviderId, r.WebIdentityToken.Reveal(), r.RoleArn, r.RoleSessionName, r.DurationSeconds}
}

func (r AssumeRoleWithWebIdentityRequest) secrets() []string { return revealAll(r.WebIdentityToken) }

// AssumeRoleWithWebIdentityResponse carries the role's temporary
// credentials.
type AssumeRoleWithWebIdentityResponse = AssumeRoleResponse

// AssumeRoleWithWebIdentity exchanges an OIDC token (from GitHub Actions,
// say) for temporary credentials of a role that trusts its issuer. The
// request is not signed, so the client needs no credentials for it.
func (c *Client) AssumeRoleWithWebIdentity(ctx context.Context, req AssumeRoleWithWebIdentityRequest) (*AssumeRoleWithWebIdentityResponse, error) {
	var resp AssumeRoleWithWebIdentityResponse
	return &resp, c.callWith(ctx, sts, "AssumeRoleWithWebIdentity", req, &resp, true)
}
