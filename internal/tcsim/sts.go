package tcsim

import (
	"crypto/rand"
	"encoding/hex"
	"regexp"
	"slices"
	"time"
)

// sts 2018-08-13 (AssumeRole, AssumeRoleWithWebIdentity,
// GetCallerIdentity), with the parameters of the published schema and
// error codes from the per-action lists.
const (
	codeSTSParamError     = "InvalidParameter.ParamError"
	codeSTSOverTime       = "InvalidParameter.OverTimeError"
	codeSTSWebIdentity    = "InvalidParameter.WebIdentityTokenError"
	codeSTSRoleNotFound   = "ResourceNotFound.RoleNotFound"
	codeSTSUnauthorized   = "UnauthorizedOperation"
	defaultSessionSeconds = 7200
)

// Documented patterns: RoleSessionName [\w+=,.@_-], 2–128 characters;
// ExternalId [\w+=,.@:/-], 2–128 characters.
var (
	sessionNameRe = regexp.MustCompile(`^[\w+=,.@-]{2,128}$`)
	externalIDRe  = regexp.MustCompile(`^[\w+=,.@:/-]{2,128}$`)
)

type stsTag struct {
	Key   *string `tc:"required" json:"Key"`
	Value *string `tc:"required" json:"Value"`
}

type assumeRoleReq struct {
	RoleArn         *string   `tc:"required" json:"RoleArn"`
	RoleSessionName *string   `tc:"required" json:"RoleSessionName"`
	DurationSeconds *looseInt `json:"DurationSeconds"`
	Policy          *string   `json:"Policy"`
	ExternalId      *string   `json:"ExternalId"`
	Tags            []stsTag  `json:"Tags"`
	SourceIdentity  *string   `json:"SourceIdentity"`
}

type webIdentityReq struct {
	ProviderId       *string   `tc:"required" json:"ProviderId"`
	WebIdentityToken *string   `tc:"required" json:"WebIdentityToken"`
	RoleArn          *string   `tc:"required" json:"RoleArn"`
	RoleSessionName  *string   `tc:"required" json:"RoleSessionName"`
	DurationSeconds  *looseInt `json:"DurationSeconds"`
}

// stsCredentials is the Credentials object of both AssumeRole answers.
type stsCredentials struct {
	Token        string
	TmpSecretId  string
	TmpSecretKey string
}

type assumeRoleResp struct {
	Credentials stsCredentials
	ExpiredTime int64
	Expiration  string
}

// assumeRole hands out temporary credentials of a role to the keys of a
// trusted account. The Policy and Tags are accepted and not enforced (the
// simulator has no permission model).
func (s *Server) assumeRole(c *call) (any, *apiError) {
	var req assumeRoleReq
	if aerr := decodeParams(c.body, &req); aerr != nil {
		return nil, aerr
	}
	acct, role, aerr := s.roleOf(*req.RoleArn, codeSTSRoleNotFound)
	if aerr != nil {
		return nil, aerr
	}
	dur, aerr := sessionDuration(req.DurationSeconds, role, *req.RoleSessionName)
	if aerr != nil {
		return nil, aerr
	}
	if req.ExternalId != nil && !externalIDRe.MatchString(*req.ExternalId) {
		return nil, errf(codeSTSParamError, "ExternalId must be 2 to 128 characters of letters, digits and =,.@:/-_.")
	}
	if !slices.Contains(role.TrustedAccounts, c.uin) {
		return nil, errf(codeSTSUnauthorized, "The role %s does not trust account %s (its trust policy names %v).", *req.RoleArn, c.uin, role.TrustedAccounts)
	}
	if role.ExternalID != "" && (req.ExternalId == nil || *req.ExternalId != role.ExternalID) {
		return nil, errf(codeSTSUnauthorized, "The role %s requires its external id; ExternalId is missing or wrong.", *req.RoleArn)
	}
	return s.issueLocked(c, acct, role, *req.RoleArn, *req.RoleSessionName, c.uin, dur), nil
}

// assumeRoleWithWebIdentity hands out temporary credentials of a role to
// the bearer of a token from a provider the role trusts. It needs no
// signature (Authorization: SKIP), as documented.
func (s *Server) assumeRoleWithWebIdentity(c *call) (any, *apiError) {
	var req webIdentityReq
	if aerr := decodeParams(c.body, &req); aerr != nil {
		return nil, aerr
	}
	// The per-action error list has no RoleNotFound: a role that does not
	// exist cannot trust the provider (UNCONFIRMED).
	acct, role, aerr := s.roleOf(*req.RoleArn, codeSTSUnauthorized)
	if aerr != nil {
		return nil, aerr
	}
	dur, aerr := sessionDuration(req.DurationSeconds, role, *req.RoleSessionName)
	if aerr != nil {
		return nil, aerr
	}
	wi := role.WebIdentity
	if wi == nil || wi.ProviderID != *req.ProviderId {
		return nil, errf(codeSTSUnauthorized, "The role %s does not trust the identity provider %q.", *req.RoleArn, *req.ProviderId)
	}
	if _, err := verifyWebIdentityToken(*req.WebIdentityToken, acct.provider(wi.ProviderID), wi.Subject, c.now); err != nil {
		return nil, errf(codeSTSWebIdentity, "The WebIdentityToken is not valid: %v.", err)
	}
	return s.issueLocked(c, acct, role, *req.RoleArn, *req.RoleSessionName, acct.UIN, dur), nil
}

// roleOf parses a RoleArn and finds the role; notFound is the code for a
// well-formed ARN naming no role.
func (s *Server) roleOf(arn, notFound string) (*World, *Role, *apiError) {
	ref, err := parseRoleARN(arn)
	if err != nil {
		return nil, nil, errf(codeSTSParamError, "RoleArn %q is not well-formed: %v.", arn, err)
	}
	acct := s.w.account(ref.uin) // nil for a masked or unknown uin
	var role *Role
	if acct != nil {
		role = acct.roleByARN(ref)
	}
	if role == nil {
		return nil, nil, errf(notFound, "The role %s does not exist.", arn)
	}
	return acct, role, nil
}

// sessionDuration checks RoleSessionName and DurationSeconds (default
// 7200, at most 43200 and the role's maximum).
func sessionDuration(secs *looseInt, role *Role, session string) (time.Duration, *apiError) {
	if !sessionNameRe.MatchString(session) {
		return 0, errf(codeSTSParamError, "RoleSessionName must be 2 to 128 characters of letters, digits and =,.@_-.")
	}
	d := min(defaultSessionSeconds, role.MaxSessionSeconds)
	if secs != nil {
		d = int64(*secs)
	}
	if d <= 0 || d > min(maxSessionSeconds, role.MaxSessionSeconds) {
		return 0, errf(codeSTSOverTime, "DurationSeconds %d is out of range: use 1 to %d for role %s.", d, min(maxSessionSeconds, role.MaxSessionSeconds), role.Name)
	}
	return time.Duration(d) * time.Second, nil
}

// issueLocked creates temporary credentials of role, valid for dur on the
// simulator clock.
func (s *Server) issueLocked(c *call, acct *World, role *Role, arn, session, callerUIN string, dur time.Duration) assumeRoleResp {
	expires := c.now.Add(dur).Truncate(time.Second)
	cred := Credential{SecretID: "AKID" + randomHex(16), SecretKey: randomHex(16), Token: randomHex(32)}
	s.issued[cred.SecretID] = &principal{cred: cred, uin: acct.UIN, temp: &issued{
		roleARN: arn, roleID: role.ID, roleName: role.Name, session: session, callerUIN: callerUIN, expires: expires,
	}}
	s.dropExpiredLocked(c.now)
	return assumeRoleResp{
		Credentials: stsCredentials{Token: cred.Token, TmpSecretId: cred.SecretID, TmpSecretKey: cred.SecretKey},
		ExpiredTime: expires.Unix(),
		Expiration:  expires.UTC().Format("2006-01-02T15:04:05Z"),
	}
}

// dropExpiredLocked forgets temporary credentials that expired more than
// a day ago (until then they still get the expiry error).
func (s *Server) dropExpiredLocked(now time.Time) {
	for id, p := range s.issued {
		if now.Sub(p.temp.expires) > 24*time.Hour {
			delete(s.issued, id)
		}
	}
}

type callerIdentity struct {
	Arn         string
	AccountId   string
	UserId      string
	PrincipalId string
	Type        string
}

// getCallerIdentity describes the caller. Shapes for an account key and an
// assumed role follow the schema's field documentation; the Type values
// and ARN layouts are UNCONFIRMED.
func (s *Server) getCallerIdentity(c *call) (any, *apiError) {
	var req struct{}
	if aerr := decodeParams(c.body, &req); aerr != nil {
		return nil, aerr
	}
	if t := c.who.temp; t != nil {
		return callerIdentity{
			Arn:       "qcs::sts:" + c.uin + ":assumed-role/" + t.roleID + "/" + t.session,
			AccountId: c.uin, UserId: t.roleID + ":" + t.session, PrincipalId: t.callerUIN, Type: "CAMRole",
		}, nil
	}
	return callerIdentity{
		Arn:       "qcs::cam::uin/" + c.uin + ":uin/" + c.uin,
		AccountId: c.uin, UserId: c.uin, PrincipalId: c.uin, Type: "CAMUser",
	}, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return hex.EncodeToString(b)
}
