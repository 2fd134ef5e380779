package tcsim

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// tc3Algorithm is the only signature algorithm the simulator accepts.
const tc3Algorithm = "TC3-HMAC-SHA256"

// maxClockSkew is how far X-TC-Timestamp may be from the server clock.
const maxClockSkew = 5 * time.Minute

// authHeader is a parsed Authorization header.
type authHeader struct {
	SecretID      string
	Date          string // YYYY-MM-DD of the credential scope
	Service       string // e.g. postgres, cynosdb
	SignedHeaders []string
	Signature     string
}

// parseAuthorization parses
// "TC3-HMAC-SHA256 Credential=ID/DATE/SERVICE/tc3_request, SignedHeaders=a;b, Signature=hex".
func parseAuthorization(v string) (authHeader, *apiError) {
	var a authHeader
	bad := func(why string) (authHeader, *apiError) {
		return authHeader{}, errf(codeInvalidAuthorization, "Authorization header is invalid: %s", why)
	}
	if v == "" {
		return bad("it is missing")
	}
	alg, rest, ok := strings.Cut(strings.TrimSpace(v), " ")
	if !ok || alg != tc3Algorithm {
		return bad("algorithm must be " + tc3Algorithm)
	}
	fields := map[string]string{}
	for _, part := range strings.Split(rest, ",") {
		k, val, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return bad("expected Credential=…, SignedHeaders=…, Signature=…")
		}
		fields[k] = val
	}
	cred := strings.Split(fields["Credential"], "/")
	if len(cred) != 4 || cred[0] == "" || cred[3] != "tc3_request" {
		return bad("Credential must be SecretId/Date/service/tc3_request")
	}
	if _, err := time.Parse("2006-01-02", cred[1]); err != nil {
		return bad("credential scope date must be YYYY-MM-DD")
	}
	a.SecretID, a.Date, a.Service = cred[0], cred[1], cred[2]
	if fields["SignedHeaders"] == "" {
		return bad("SignedHeaders is missing")
	}
	a.SignedHeaders = strings.Split(fields["SignedHeaders"], ";")
	var hasCT, hasHost bool
	for _, h := range a.SignedHeaders {
		if h == "" || h != strings.ToLower(h) {
			return bad("SignedHeaders must be lowercase header names joined by ';'")
		}
		hasCT = hasCT || h == "content-type"
		hasHost = hasHost || h == "host"
	}
	if !hasCT || !hasHost {
		return bad("SignedHeaders must include content-type and host")
	}
	a.Signature = fields["Signature"]
	if _, err := hex.DecodeString(a.Signature); err != nil || len(a.Signature) != 64 {
		return bad("Signature must be 64 hex digits")
	}
	return a, nil
}

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func hmacSHA256(key []byte, msg string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(msg))
	return m.Sum(nil)
}

// deriveSigningKey computes SecretSigning from the secret key, the UTC date
// of the request and the service.
func deriveSigningKey(secretKey, date, service string) []byte {
	k := hmacSHA256([]byte("TC3"+secretKey), date)
	k = hmacSHA256(k, service)
	return hmacSHA256(k, "tc3_request")
}

// canonicalRequest builds the canonical request from the method, the signed
// header names (in the declared order), their values and the payload hash.
// Values are trimmed and lowercased when lower is true (the documented
// canonical form); the Go SDK signs them as sent.
func canonicalRequest(method, query string, names, values []string, lower bool, payloadHash string) string {
	var hb strings.Builder
	for i, n := range names {
		v := strings.TrimSpace(values[i])
		if lower {
			v = strings.ToLower(v)
		}
		hb.WriteString(n + ":" + v + "\n")
	}
	return method + "\n/\n" + query + "\n" + hb.String() + "\n" + strings.Join(names, ";") + "\n" + payloadHash
}

// stringToSign builds the TC3 string to sign.
func stringToSign(timestamp, date, service, canonical string) string {
	return tc3Algorithm + "\n" + timestamp + "\n" + date + "/" + service + "/tc3_request\n" + sha256Hex([]byte(canonical))
}

// signature returns the lowercase hex signature of sts with the signing key.
func signature(signingKey []byte, sts string) string {
	return hex.EncodeToString(hmacSHA256(signingKey, sts))
}

// verifiedRequest is what a successful verification learned.
type verifiedRequest struct {
	SecretID string
	Service  string
}

// authClaim is what the headers of a request claim, checked as far as the
// headers alone allow (see checkAuthHeaders); the signature over the body
// is checked by verify.
type authClaim struct {
	auth      authHeader
	cred      Credential
	timestamp string
}

// checkAuthHeaders makes every signature check that needs no body: a
// well-formed Authorization header, a known SecretId, a timestamp within 5
// minutes of now whose UTC date is the credential scope's. It runs before
// the body is read, so a request that cannot be authenticated never gets
// its body buffered.
func checkAuthHeaders(r *http.Request, now time.Time, lookup func(id string) (Credential, bool)) (authClaim, *apiError) {
	a, aerr := parseAuthorization(r.Header.Get("Authorization"))
	if aerr != nil {
		return authClaim{}, aerr
	}
	cred, ok := lookup(a.SecretID)
	if !ok {
		return authClaim{}, errf(codeSecretIDNotFound, "The SecretId is not found, please ensure that your SecretId is correct.")
	}
	tsText := r.Header.Get("X-TC-Timestamp")
	if tsText == "" {
		return authClaim{}, errf(codeMissingParameter, "The request is missing the required parameter `Timestamp` (header X-TC-Timestamp).")
	}
	ts, err := strconv.ParseInt(tsText, 10, 64)
	if err != nil {
		return authClaim{}, errf(codeInvalidParameter, "X-TC-Timestamp %q is not an integer UNIX time in seconds.", tsText)
	}
	reqTime := time.Unix(ts, 0)
	if d := now.Sub(reqTime); d > maxClockSkew || d < -maxClockSkew {
		return authClaim{}, errf(codeSignatureExpire, "Signature expired. Timestamp date %s is more than 5 minutes away from the server time %s.",
			reqTime.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339))
	}
	if a.Date != reqTime.UTC().Format("2006-01-02") {
		return authClaim{}, errf(codeSignatureFailure, "%s (The credential scope date %s is not the UTC date of X-TC-Timestamp.)", msgSignatureFailure, a.Date)
	}
	return authClaim{auth: a, cred: cred, timestamp: tsText}, nil
}

// verify checks the signature of r over its body, and the session token.
func (c authClaim) verify(r *http.Request, body []byte) (verifiedRequest, *apiError) {
	payloadHash := sha256Hex(body)
	if r.Header.Get("X-TC-Content-SHA256") == "UNSIGNED-PAYLOAD" {
		payloadHash = sha256Hex([]byte("UNSIGNED-PAYLOAD"))
	}
	query := ""
	if r.Method == http.MethodGet {
		query = r.URL.RawQuery
	}
	key := deriveSigningKey(c.cred.SecretKey, c.auth.Date, c.auth.Service)
	if !signatureMatches(r, c.auth, key, query, payloadHash, c.timestamp) {
		return verifiedRequest{}, errf(codeSignatureFailure, "%s", msgSignatureFailure)
	}
	if c.cred.Token != "" && !hmac.Equal([]byte(r.Header.Get("X-TC-Token")), []byte(c.cred.Token)) {
		return verifiedRequest{}, errf(codeTokenFailure, "The token (X-TC-Token) is missing or does not belong to this SecretId.")
	}
	return verifiedRequest{SecretID: c.auth.SecretID, Service: c.auth.Service}, nil
}

// verifySignature checks the TC3-HMAC-SHA256 signature of r (whose body is
// already read) against the credentials, the clock reading now and the
// credentials' tokens: checkAuthHeaders, then verify.
func verifySignature(r *http.Request, body []byte, now time.Time, lookup func(id string) (Credential, bool)) (verifiedRequest, *apiError) {
	c, aerr := checkAuthHeaders(r, now, lookup)
	if aerr != nil {
		return verifiedRequest{}, aerr
	}
	return c.verify(r, body)
}

// signatureMatches tries the host as received and without its port, with
// documented (lowercased) and as-sent header values.
func signatureMatches(r *http.Request, a authHeader, key []byte, query, payloadHash, ts string) bool {
	hosts := []string{r.Host}
	if h, _, err := net.SplitHostPort(r.Host); err == nil && h != r.Host {
		hosts = append(hosts, h)
	}
	want, err := hex.DecodeString(a.Signature)
	if err != nil {
		return false
	}
	for _, host := range hosts {
		values := make([]string, len(a.SignedHeaders))
		for i, n := range a.SignedHeaders {
			if n == "host" {
				values[i] = host
			} else {
				values[i] = r.Header.Get(n)
			}
		}
		for _, lower := range []bool{true, false} {
			cr := canonicalRequest(r.Method, query, a.SignedHeaders, values, lower, payloadHash)
			got := hmacSHA256(key, stringToSign(ts, a.Date, a.Service, cr))
			if hmac.Equal(got, want) {
				return true
			}
		}
	}
	return false
}
