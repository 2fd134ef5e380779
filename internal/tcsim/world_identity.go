package tcsim

import (
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"
)

// DefaultUIN is the account id of the top level of a world that names none.
const DefaultUIN = "100000000001"

// firstRoleID is the id the first role of an account gets when the world
// names none (role ids are large numbers, as in the documented RoleArn
// examples).
const firstRoleID = 4611686018427397920

// maxSessionSeconds is the longest DurationSeconds sts accepts.
const maxSessionSeconds = 43200

// Role is a CAM role. sts AssumeRole hands out its temporary credentials
// to the credentials of a trusted account; AssumeRoleWithWebIdentity to
// the bearer of a token from the role's identity provider.
type Role struct {
	// Name is the role name (qcs::cam::uin/UIN:roleName/NAME).
	Name string `json:"name"`
	// ID is the role id (qcs::cam::uin/UIN:role/ID); default
	// 4611686018427397920 plus the role's position.
	ID string `json:"id,omitempty"`
	// TrustedAccounts are the uins whose credentials may assume the role
	// with AssumeRole; default: the role's own account.
	TrustedAccounts []string `json:"trusted_accounts,omitempty"`
	// ExternalID, when set, must be sent as ExternalId by AssumeRole.
	ExternalID string `json:"external_id,omitempty"`
	// WebIdentity, when set, lets AssumeRoleWithWebIdentity hand out the
	// role's credentials for tokens of one of the account's providers.
	WebIdentity *RoleWebIdentity `json:"web_identity,omitempty"`
	// MaxSessionSeconds caps DurationSeconds; default 43200.
	MaxSessionSeconds int64 `json:"max_session_seconds,omitempty"`
}

// RoleWebIdentity is a role's trust in an OIDC provider.
type RoleWebIdentity struct {
	// ProviderID is the OIDCProvider.ID requests must name.
	ProviderID string `json:"provider_id"`
	// Subject, when set, is a pattern the token's sub claim must match:
	// * stands for any characters, ? for one (e.g. "repo:org/app:*").
	Subject string `json:"subject,omitempty"`
}

// OIDCProvider is an identity provider whose RS256 tokens the account
// accepts, configured as on the CAM console: a name, the issuer URL, the
// client ids and the provider's public keys (a JWKS).
type OIDCProvider struct {
	// ID is the ProviderId of AssumeRoleWithWebIdentity.
	ID string `json:"id"`
	// Issuer must equal the token's iss claim.
	Issuer string `json:"issuer"`
	// ClientIDs are the accepted aud values; empty accepts any.
	ClientIDs []string `json:"client_ids,omitempty"`
	// JWKS is the provider's JSON Web Key Set; its RSA keys verify the
	// tokens' signatures.
	JWKS json.RawMessage `json:"jwks"`
}

// accounts returns the top-level account and every cloud account, as
// pointers into w.
func (w *World) accounts() []*World {
	out := []*World{w}
	for i := range w.CloudAccounts {
		out = append(out, &w.CloudAccounts[i])
	}
	return out
}

// UsesDefaultCredentials reports whether any account of w accepts the
// built-in credentials DefaultSecretID / DefaultSecretKey (a world that
// lists none gets them). They are published in dbplan's source, so anyone
// who can reach a simulator accepting them can use it.
func (w *World) UsesDefaultCredentials() bool {
	for _, a := range w.accounts() {
		if len(a.Credentials) == 0 {
			return true
		}
		for _, c := range a.Credentials {
			if c.SecretID == DefaultSecretID || c.SecretKey == DefaultSecretKey {
				return true
			}
		}
	}
	return false
}

// account returns the account with uin, or nil.
func (w *World) account(uin string) *World {
	for _, a := range w.accounts() {
		if a.UIN == uin {
			return a
		}
	}
	return nil
}

// roleByARN returns the role a parsed RoleArn names in account a.
func (a *World) roleByARN(ref roleRef) *Role {
	for i := range a.Roles {
		r := &a.Roles[i]
		if (ref.name != "" && r.Name == ref.name) || (ref.id != "" && r.ID == ref.id) {
			return r
		}
	}
	return nil
}

func (a *World) provider(id string) *OIDCProvider {
	for i := range a.OIDCProviders {
		if a.OIDCProviders[i].ID == id {
			return &a.OIDCProviders[i]
		}
	}
	return nil
}

// isUIN reports whether s looks like an account id: 5 to 20 digits.
func isUIN(s string) bool {
	if len(s) < 5 || len(s) > 20 {
		return false
	}
	_, err := strconv.ParseUint(s, 10, 64)
	return err == nil
}

// normalizeIdentity validates the account's roles and providers and fills
// their defaults.
func (w *World) normalizeIdentity() error {
	names := map[string]bool{}
	for i := range w.OIDCProviders {
		p := &w.OIDCProviders[i]
		if p.ID == "" || p.Issuer == "" {
			return fmt.Errorf("oidc_providers[%d]: id and issuer are required", i)
		}
		if names[p.ID] {
			return fmt.Errorf("oidc_providers[%d]: duplicate id %q", i, p.ID)
		}
		names[p.ID] = true
		if _, err := parseJWKS(p.JWKS); err != nil {
			return fmt.Errorf("oidc_providers[%d] %s: jwks: %w", i, p.ID, err)
		}
	}
	seen := map[string]bool{}
	for i := range w.Roles {
		r := &w.Roles[i]
		if r.Name == "" {
			return fmt.Errorf("roles[%d]: name is required", i)
		}
		setDefault(&r.ID, strconv.FormatUint(firstRoleID+uint64(i), 10))
		if seen["n:"+r.Name] || seen["i:"+r.ID] {
			return fmt.Errorf("roles[%d]: duplicate role %s (id %s)", i, r.Name, r.ID)
		}
		seen["n:"+r.Name], seen["i:"+r.ID] = true, true
		if len(r.TrustedAccounts) == 0 {
			r.TrustedAccounts = []string{w.UIN}
		}
		for _, u := range r.TrustedAccounts {
			if !isUIN(u) {
				return fmt.Errorf("role %s: trusted account %q is not a uin", r.Name, u)
			}
		}
		if r.MaxSessionSeconds == 0 {
			r.MaxSessionSeconds = maxSessionSeconds
		}
		if r.MaxSessionSeconds < 1 || r.MaxSessionSeconds > maxSessionSeconds {
			return fmt.Errorf("role %s: max_session_seconds must be 1 to %d", r.Name, maxSessionSeconds)
		}
		if wi := r.WebIdentity; wi != nil {
			if w.provider(wi.ProviderID) == nil {
				return fmt.Errorf("role %s: web_identity.provider_id %q is not in this account's oidc_providers", r.Name, wi.ProviderID)
			}
		}
	}
	return nil
}

// roleRef is a parsed RoleArn.
type roleRef struct {
	uin, name, id string
}

// parseRoleARN parses qcs::cam::uin/UIN:roleName/NAME and
// qcs::cam::uin/UIN:role/ID, the forms of the AssumeRole schema (service
// roles add tencentcloudServiceRole[Name]/ before the name or id).
func parseRoleARN(arn string) (roleRef, error) {
	rest, ok := strings.CutPrefix(arn, "qcs::cam::uin/")
	if !ok {
		return roleRef{}, errors.New("it must start with qcs::cam::uin/")
	}
	uin, res, ok := strings.Cut(rest, ":")
	if !ok || uin == "" {
		return roleRef{}, errors.New("it must name the account as uin/UIN:")
	}
	kind, val, ok := strings.Cut(res, "/")
	if ok {
		if svc, v, isSvc := strings.Cut(val, "/"); isSvc && (svc == "tencentcloudServiceRole" || svc == "tencentcloudServiceRoleName") {
			val = v
		}
	}
	switch {
	case !ok || val == "" || strings.Contains(val, "/"):
		return roleRef{}, errors.New("it must end in :roleName/NAME or :role/ID")
	case kind == "roleName":
		return roleRef{uin: uin, name: val}, nil
	case kind == "role":
		return roleRef{uin: uin, id: val}, nil
	}
	return roleRef{}, errors.New("it must end in :roleName/NAME or :role/ID")
}

// parseJWKS returns the RSA public keys of a JSON Web Key Set by kid ("" for
// a key without kid).
func parseJWKS(raw json.RawMessage) (map[string]*rsa.PublicKey, error) {
	var set struct {
		Keys []struct {
			Kty string `json:"kty"`
			Kid string `json:"kid"`
			N   string `json:"n"`
			E   string `json:"e"`
		} `json:"keys"`
	}
	if len(raw) == 0 {
		return nil, errors.New("is required (the provider's public keys)")
	}
	if err := json.Unmarshal(raw, &set); err != nil {
		return nil, fmt.Errorf("is not a JSON Web Key Set: %v", err)
	}
	out := map[string]*rsa.PublicKey{}
	for i, k := range set.Keys {
		if k.Kty != "RSA" {
			continue
		}
		n, err1 := base64.RawURLEncoding.DecodeString(k.N)
		e, err2 := base64.RawURLEncoding.DecodeString(k.E)
		if err1 != nil || err2 != nil || len(n) == 0 || len(e) == 0 || len(e) > 4 {
			return nil, fmt.Errorf("keys[%d]: n and e must be base64url big-endian integers", i)
		}
		out[k.Kid] = &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(e).Int64())}
	}
	if len(out) == 0 {
		return nil, errors.New("holds no RSA key")
	}
	return out, nil
}
