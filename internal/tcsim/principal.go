package tcsim

import (
	"net/http"
	"strings"
	"time"
)

// principal is who a verified request acts as: a key of an account, or
// temporary credentials that sts handed out for a role.
type principal struct {
	cred Credential
	// uin is the account whose resources, flows and rate limits the
	// request uses.
	uin string
	// temp is set for temporary credentials.
	temp *issued
}

// issued describes temporary credentials handed out by sts. They live in
// memory only: a restarted simulator no longer knows them.
type issued struct {
	roleARN, roleID, roleName, session string
	// callerUIN is the account whose keys asked for the credentials
	// (GetCallerIdentity's PrincipalId); the role's account for web
	// identities.
	callerUIN string
	expires   time.Time
}

// lookupPrincipal finds the account key or temporary credential with
// SecretId id.
func (s *Server) lookupPrincipal(id string) (principal, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range s.w.accounts() {
		for _, c := range a.Credentials {
			if c.SecretID == id {
				return principal{cred: c, uin: a.UIN}, true
			}
		}
	}
	if p, ok := s.issued[id]; ok {
		return *p, true
	}
	return principal{}, false
}

// lookupCredential is verifySignature's view of lookupPrincipal.
func (s *Server) lookupCredential(id string) (Credential, bool) {
	p, ok := s.lookupPrincipal(id)
	return p.cred, ok
}

// authenticated is a request whose signature verified (or that, with
// Authorization: SKIP, claims to need none; only actions marked unsigned
// accept that).
type authenticated struct {
	verifiedRequest
	who      principal
	unsigned bool
}

// limitKey is the rate-limit bucket owner: the account, as quotas are per
// account (uin); unsigned requests share one bucket.
func (a authenticated) limitKey() string {
	if a.unsigned {
		return "unsigned"
	}
	return a.who.uin
}

// authHeaders makes the checks that need no body (see checkAuthHeaders),
// before the body is read. A request with Authorization: SKIP claims to
// need no signature: its claim is nil (only actions marked unsigned accept
// it, see admit).
func (s *Server) authHeaders(r *http.Request, now time.Time) (*authClaim, *apiError) {
	if strings.TrimSpace(r.Header.Get("Authorization")) == "SKIP" {
		return nil, nil
	}
	c, aerr := checkAuthHeaders(r, now, s.lookupCredential)
	if aerr != nil {
		return nil, aerr
	}
	return &c, nil
}

// authenticate verifies the signature of a claimed request over its body
// (a nil claim is an unsigned request), then rejects temporary credentials
// that have expired (AuthFailure.TokenFailure: the token is no longer
// valid; UNCONFIRMED which code the service uses).
func (s *Server) authenticate(r *http.Request, claim *authClaim, body []byte, now time.Time) (authenticated, *apiError) {
	if claim == nil {
		return authenticated{unsigned: true}, nil
	}
	v, aerr := claim.verify(r, body)
	if aerr != nil {
		return authenticated{}, aerr
	}
	who, ok := s.lookupPrincipal(v.SecretID)
	if !ok { // the credential vanished between the two lookups
		return authenticated{}, errf(codeSecretIDNotFound, "The SecretId is not found, please ensure that your SecretId is correct.")
	}
	if who.temp != nil && !now.Before(who.temp.expires) {
		return authenticated{}, errf(codeTokenFailure, "The temporary credentials (SecretId %s) expired at %s; request new ones from sts.",
			v.SecretID, who.temp.expires.UTC().Format(time.RFC3339))
	}
	return authenticated{verifiedRequest: v, who: who}, nil
}

// admit finds the action of an authenticated request: the product from
// the Host or the credential scope (see routeProduct; an unsigned request
// has no scope, so the Host decides, else the product serving the action),
// then the action, which must accept unsigned requests if the request is
// one.
func (s *Server) admit(r *http.Request, a authenticated) (action, *apiError) {
	product := hostProduct(r.Host)
	if a.unsigned {
		if product == "" {
			product = s.productOf(r.Header.Get("X-TC-Action"))
		}
	} else {
		var aerr *apiError
		if product, aerr = routeProduct(r.Host, a.Service); aerr != nil {
			return action{}, aerr
		}
	}
	act, aerr := s.resolveAction(r, product)
	if aerr != nil {
		return action{}, aerr
	}
	if a.unsigned && !act.unsigned {
		return action{}, errf(codeInvalidAuthorization, "Authorization SKIP is accepted only by AssumeRoleWithWebIdentity; sign %s with TC3-HMAC-SHA256.", act.name)
	}
	return act, nil
}

// productOf returns the product serving an action name (sts for none).
func (s *Server) productOf(name string) string {
	for svc, acts := range s.actions {
		if _, ok := acts[name]; ok {
			return svc
		}
	}
	return serviceSTS
}

// AccountInfo describes one simulated account for setup hints; it holds
// no secret.
type AccountInfo struct {
	UIN string
	// Keys counts the account's API keys; SecretIDs are their ids.
	Keys      int
	SecretIDs []string
	// Roles are the RoleArns of the account's roles.
	Roles []string
}

// Accounts describes every account of the world, the top level first.
func (s *Server) Accounts() []AccountInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []AccountInfo
	for _, a := range s.w.accounts() {
		info := AccountInfo{UIN: a.UIN, Keys: len(a.Credentials)}
		for _, c := range a.Credentials {
			info.SecretIDs = append(info.SecretIDs, c.SecretID)
		}
		for _, r := range a.Roles {
			info.Roles = append(info.Roles, "qcs::cam::uin/"+a.UIN+":roleName/"+r.Name)
		}
		out = append(out, info)
	}
	return out
}
