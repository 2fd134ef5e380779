package tcsim

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

// oidcLeeway is the clock skew allowed on a token's exp, nbf and iat.
const oidcLeeway = time.Minute

// tokenClaims are the claims of a web identity token the simulator checks.
type tokenClaims struct {
	Issuer    string   `json:"iss"`
	Subject   string   `json:"sub"`
	Audience  audience `json:"aud"`
	ExpiresAt int64    `json:"exp"`
	NotBefore int64    `json:"nbf"`
	IssuedAt  int64    `json:"iat"`
}

// audience is the aud claim: one string or an array of strings.
type audience []string

// UnmarshalJSON accepts both forms of aud.
func (a *audience) UnmarshalJSON(b []byte) error {
	var one string
	if json.Unmarshal(b, &one) == nil {
		*a = audience{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return errors.New("aud must be a string or an array of strings")
	}
	*a = many
	return nil
}

// verifyWebIdentityToken checks an RS256 JWT against the provider p and
// the role's subject pattern at now: signature (by the provider's JWKS),
// issuer, audience, expiry, not-before and subject. The error says which
// check failed, without echoing the token.
func verifyWebIdentityToken(token string, p *OIDCProvider, subject string, now time.Time) (*tokenClaims, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, errors.New("the token is not a JWT (header.payload.signature)")
	}
	var header struct {
		Alg string `json:"alg"`
		Kid string `json:"kid"`
	}
	if err := decodeSegment(parts[0], &header); err != nil {
		return nil, fmt.Errorf("the token header: %v", err)
	}
	if header.Alg != "RS256" {
		return nil, fmt.Errorf("the token is signed with %q; only RS256 is accepted", header.Alg)
	}
	keys, err := parseJWKS(p.JWKS)
	if err != nil {
		return nil, fmt.Errorf("the provider's keys: %v", err)
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		return nil, errors.New("the token signature is not base64url")
	}
	digest := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	verified := false
	for kid, k := range keys {
		if header.Kid != "" && kid != "" && kid != header.Kid {
			continue
		}
		if rsa.VerifyPKCS1v15(k, crypto.SHA256, digest[:], sig) == nil {
			verified = true
			break
		}
	}
	if !verified {
		return nil, fmt.Errorf("the token signature does not verify with the keys of provider %s", p.ID)
	}
	var c tokenClaims
	if err := decodeSegment(parts[1], &c); err != nil {
		return nil, fmt.Errorf("the token claims: %v", err)
	}
	switch {
	case c.Issuer != p.Issuer:
		return nil, fmt.Errorf("the token issuer %q is not the provider's %q", c.Issuer, p.Issuer)
	case len(p.ClientIDs) > 0 && !slices.ContainsFunc(c.Audience, func(a string) bool { return slices.Contains(p.ClientIDs, a) }):
		return nil, fmt.Errorf("the token audience %q is none of the provider's client ids", []string(c.Audience))
	case c.ExpiresAt == 0 || now.After(time.Unix(c.ExpiresAt, 0).Add(oidcLeeway)):
		return nil, fmt.Errorf("the token expired at %s", time.Unix(c.ExpiresAt, 0).UTC().Format(time.RFC3339))
	case c.NotBefore != 0 && now.Add(oidcLeeway).Before(time.Unix(c.NotBefore, 0)):
		return nil, errors.New("the token is not valid yet (nbf)")
	}
	if subject != "" {
		if !globMatch(subject, c.Subject) {
			return nil, fmt.Errorf("the token subject %q does not match the role's trusted subject %q", c.Subject, subject)
		}
	}
	return &c, nil
}

// globMatch reports whether s matches pattern, where * stands for any run
// of characters ('/' and ':' included, as in GitHub subjects such as
// repo:org/app:ref:refs/heads/main) and ? for one character.
func globMatch(pattern, s string) bool {
	var re strings.Builder
	re.WriteString("^")
	for _, r := range pattern {
		switch r {
		case '*':
			re.WriteString(".*")
		case '?':
			re.WriteString(".")
		default:
			re.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	re.WriteString("$")
	return regexp.MustCompile(re.String()).MatchString(s)
}

func decodeSegment(seg string, v any) error {
	b, err := base64.RawURLEncoding.DecodeString(seg)
	if err != nil {
		return errors.New("not base64url")
	}
	if err := json.Unmarshal(b, v); err != nil {
		return errors.New("not a JSON object")
	}
	return nil
}
