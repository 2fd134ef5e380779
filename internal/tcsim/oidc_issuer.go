package tcsim

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/big"
	"sync"
	"time"
)

// OIDCIssuer stands in for an identity provider such as GitHub Actions in
// tests and demos: it mints RS256 web identity tokens, and Provider gives
// the oidc_providers entry of a world that trusts them. Its private key
// lives only in memory.
type OIDCIssuer struct {
	// URL is the issuer (the iss claim).
	URL string
	kid string
	key *rsa.PrivateKey
}

// NewOIDCIssuer returns an issuer named url with a fresh 2048-bit key.
func NewOIDCIssuer(url string) (*OIDCIssuer, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, fmt.Errorf("generating the issuer key: %w", err)
	}
	return &OIDCIssuer{URL: url, kid: "tcsim-1", key: key}, nil
}

// JWKS returns the issuer's public key as a JSON Web Key Set.
func (i *OIDCIssuer) JWKS() json.RawMessage {
	pub := i.key.PublicKey
	b, _ := json.Marshal(map[string]any{"keys": []map[string]string{{
		"kty": "RSA", "alg": "RS256", "use": "sig", "kid": i.kid,
		"n": base64.RawURLEncoding.EncodeToString(pub.N.Bytes()),
		"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(pub.E)).Bytes()),
	}}})
	return b
}

// Provider returns a world's oidc_providers entry named id that trusts
// this issuer's tokens for the given client ids (aud values).
func (i *OIDCIssuer) Provider(id string, clientIDs ...string) OIDCProvider {
	return OIDCProvider{ID: id, Issuer: i.URL, ClientIDs: clientIDs, JWKS: i.JWKS()}
}

// Token mints a token for subject and audience, issued at iat and valid
// until exp.
func (i *OIDCIssuer) Token(subject, audience string, iat, exp time.Time) string {
	header, _ := json.Marshal(map[string]string{"alg": "RS256", "typ": "JWT", "kid": i.kid})
	claims, _ := json.Marshal(map[string]any{
		"iss": i.URL, "sub": subject, "aud": audience, "iat": iat.Unix(), "nbf": iat.Unix(), "exp": exp.Unix(),
	})
	signing := base64.RawURLEncoding.EncodeToString(header) + "." + base64.RawURLEncoding.EncodeToString(claims)
	digest := sha256.Sum256([]byte(signing))
	sig, err := rsa.SignPKCS1v15(rand.Reader, i.key, crypto.SHA256, digest[:])
	if err != nil {
		panic("tcsim: signing a token: " + err.Error()) // cannot fail for a valid key
	}
	return signing + "." + base64.RawURLEncoding.EncodeToString(sig)
}

var (
	sharedMu      sync.Mutex
	sharedIssuers = map[string]*OIDCIssuer{}
)

// SharedOIDCIssuer returns one issuer per url for the whole process, so
// tests that need one generate its key only once.
func SharedOIDCIssuer(url string) (*OIDCIssuer, error) {
	sharedMu.Lock()
	defer sharedMu.Unlock()
	if i := sharedIssuers[url]; i != nil {
		return i, nil
	}
	i, err := NewOIDCIssuer(url)
	if err != nil {
		return nil, err
	}
	sharedIssuers[url] = i
	return i, nil
}
