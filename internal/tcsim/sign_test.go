package tcsim

import (
	"bufio"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// The documented worked example (reference §1.4).
const (
	vecBody      = `{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}`
	vecTimestamp = "1551113065"
	vecDate      = "2019-02-25"
	vecHashBody  = "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"
)

func TestSignatureVectorA(t *testing.T) {
	if len(vecBody) != 86 {
		t.Fatalf("vector body has %d bytes, want 86", len(vecBody))
	}
	if got := sha256Hex([]byte(vecBody)); got != vecHashBody {
		t.Errorf("payload hash = %s, want %s", got, vecHashBody)
	}
	cr := canonicalRequest("POST", "", []string{"content-type", "host"},
		[]string{"application/json; charset=utf-8", "cvm.tencentcloudapi.com"}, true, vecHashBody)
	wantCR := "POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n\ncontent-type;host\n" + vecHashBody
	if diff := cmp.Diff(wantCR, cr); diff != "" {
		t.Errorf("canonicalRequest mismatch (-want +got):\n%s", diff)
	}
	if got := sha256Hex([]byte(cr)); got != "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031" {
		t.Errorf("canonical hash = %s", got)
	}
	key := deriveSigningKey("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", vecDate, "cvm")
	sig := signature(key, stringToSign(vecTimestamp, vecDate, "cvm", cr))
	if want := "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"; sig != want {
		t.Errorf("signature = %s, want %s", sig, want)
	}

	// The whole verifier accepts the documented request.
	r := vectorRequest(t, "cvm.tencentcloudapi.com", "application/json; charset=utf-8",
		"TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature="+sig)
	v, aerr := verifySignature(r, []byte(vecBody), time.Unix(1551113065, 0), lookupOne("AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"))
	if aerr != nil {
		t.Fatalf("verifySignature(vector A): %v", aerr)
	}
	if v.Service != "cvm" {
		t.Errorf("service = %q, want cvm", v.Service)
	}
}

func TestSignatureVectorB(t *testing.T) {
	cr := canonicalRequest("POST", "", []string{"content-type", "host", "x-tc-action"},
		[]string{"application/json; charset=utf-8", "cvm.tencentcloudapi.com", "DescribeInstances"}, true, vecHashBody)
	if !strings.Contains(cr, "\nx-tc-action:describeinstances\n") {
		t.Errorf("canonical request lacks the lowercased action line:\n%s", cr)
	}
	if got := sha256Hex([]byte(cr)); got != "7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84" {
		t.Errorf("canonical hash = %s", got)
	}
	// The doc publishes only the derived SecretSigning key.
	key, _ := hex.DecodeString("b596b923aad85185e2d1f6659d2a062e0a86731226e021e61bfe06f7ed05f5af")
	sig := signature(key, stringToSign(vecTimestamp, vecDate, "cvm", cr))
	if want := "10b1a37a7301a02ca19a647ad722d5e43b4b3cff309d421d85b46093f6ab6c4f"; sig != want {
		t.Errorf("signature = %s, want %s", sig, want)
	}
	// The matcher accepts it with the x-tc-action header as received.
	r := vectorRequest(t, "cvm.tencentcloudapi.com", "application/json; charset=utf-8", "")
	r.Header.Set("X-TC-Action", "DescribeInstances")
	a := authHeader{SecretID: "x", Date: vecDate, Service: "cvm", SignedHeaders: []string{"content-type", "host", "x-tc-action"}, Signature: sig}
	if !signatureMatches(r, a, key, "", vecHashBody, vecTimestamp) {
		t.Error("signatureMatches(vector B) = false")
	}
}

func TestSignatureVectorC(t *testing.T) {
	body := []byte(`{"DBInstanceId":"postgres-abc"}`)
	if got := sha256Hex(body); got != "02461b8adf3cc245ee93887a3ab8e2460db347797f6a0a83a674b6faca9a3fce" {
		t.Errorf("payload hash = %s", got)
	}
	cr := canonicalRequest("POST", "", []string{"content-type", "host"}, []string{"application/json", "127.0.0.1:18765"}, false, sha256Hex(body))
	if got := sha256Hex([]byte(cr)); got != "7ee630d4c1c8fd1501a8eb53fb8b4478d0bdb221ccb256c60ebe010748905992" {
		t.Errorf("canonical hash = %s", got)
	}
	const sig = "17f48febfd372f330dff0ff1bcc3bfca1a87ea3229bf92622554ea9c4935b4eb"
	r := vectorRequest(t, "127.0.0.1:18765", "application/json",
		"TC3-HMAC-SHA256 Credential=AKIDexample/2026-11-22/postgres/tc3_request, SignedHeaders=content-type;host, Signature="+sig)
	r.Header.Set("X-TC-Timestamp", "1795376478")
	if _, aerr := verifySignature(r, body, time.Unix(1795376478+60, 0), lookupOne("AKIDexample", "secretexample")); aerr != nil {
		t.Fatalf("verifySignature(vector C): %v", aerr)
	}
}

func lookupOne(id, key string) func(string) (Credential, bool) {
	return func(got string) (Credential, bool) {
		return Credential{SecretID: id, SecretKey: key}, got == id
	}
}

// vectorRequest parses a raw HTTP request, as the server would receive it.
func vectorRequest(t *testing.T, host, contentType, auth string) *http.Request {
	t.Helper()
	raw := "POST / HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: " + contentType + "\r\nX-TC-Timestamp: " + vecTimestamp +
		"\r\nAuthorization: " + auth + "\r\nContent-Length: 0\r\n\r\n"
	r, err := http.ReadRequest(bufio.NewReader(strings.NewReader(raw)))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestVerifySignatureErrors(t *testing.T) {
	body := []byte(`{"DBInstanceId":"postgres-abc"}`)
	now := time.Unix(1795376478, 0)
	goodSig := func(host, ts string) string {
		date := "2026-11-22"
		cr := canonicalRequest("POST", "", []string{"content-type", "host"}, []string{"application/json", host}, true, sha256Hex(body))
		return signature(deriveSigningKey("secretexample", date, "postgres"), stringToSign(ts, date, "postgres", cr))
	}
	auth := func(sig string) string {
		return "TC3-HMAC-SHA256 Credential=AKIDexample/2026-11-22/postgres/tc3_request, SignedHeaders=content-type;host, Signature=" + sig
	}
	tests := []struct {
		name   string
		host   string
		ts     string
		auth   string
		token  string
		lookup func(string) (Credential, bool)
		want   string
	}{
		{name: "good", host: "127.0.0.1:18765", auth: auth(goodSig("127.0.0.1:18765", "1795376478")), want: ""},
		{name: "host signed without port", host: "127.0.0.1:18765", auth: auth(goodSig("127.0.0.1", "1795376478")), want: ""},
		{name: "proxy host", host: "postgres.tencentcloudapi.com", auth: auth(goodSig("postgres.tencentcloudapi.com", "1795376478")), want: ""},
		{name: "missing", host: "h", auth: "", want: codeInvalidAuthorization},
		{name: "garbled", host: "h", auth: "TC3-HMAC-SHA256 nonsense", want: codeInvalidAuthorization},
		{name: "other algorithm", host: "h", auth: "HMAC-SHA1 Credential=a/b/c/d", want: codeInvalidAuthorization},
		{name: "host not signed", host: "h", auth: "TC3-HMAC-SHA256 Credential=AKIDexample/2026-11-22/postgres/tc3_request, SignedHeaders=content-type, Signature=" + strings.Repeat("0", 64), want: codeInvalidAuthorization},
		{name: "unknown id", host: "127.0.0.1:18765", auth: auth(goodSig("127.0.0.1:18765", "1795376478")), lookup: lookupOne("other", "k"), want: codeSecretIDNotFound},
		{name: "expired", host: "127.0.0.1:18765", ts: "1795376000", auth: auth(goodSig("127.0.0.1:18765", "1795376000")), want: codeSignatureExpire},
		{name: "future", host: "127.0.0.1:18765", ts: "1795376900", auth: auth(goodSig("127.0.0.1:18765", "1795376900")), want: codeSignatureExpire},
		{name: "wrong host", host: "127.0.0.2:18765", auth: auth(goodSig("127.0.0.1:18765", "1795376478")), want: codeSignatureFailure},
		{name: "bad signature", host: "127.0.0.1:18765", auth: auth(strings.Repeat("ab", 32)), want: codeSignatureFailure},
		{name: "token required", host: "127.0.0.1:18765", auth: auth(goodSig("127.0.0.1:18765", "1795376478")),
			lookup: func(string) (Credential, bool) {
				return Credential{SecretID: "AKIDexample", SecretKey: "secretexample", Token: "tok"}, true
			}, want: codeTokenFailure},
		{name: "token given", host: "127.0.0.1:18765", auth: auth(goodSig("127.0.0.1:18765", "1795376478")), token: "tok",
			lookup: func(string) (Credential, bool) {
				return Credential{SecretID: "AKIDexample", SecretKey: "secretexample", Token: "tok"}, true
			}, want: ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := vectorRequest(t, tc.host, "application/json", tc.auth)
			ts := tc.ts
			if ts == "" {
				ts = "1795376478"
			}
			r.Header.Set("X-TC-Timestamp", ts)
			if tc.auth == "" {
				r.Header.Del("Authorization")
			}
			if tc.token != "" {
				r.Header.Set("X-TC-Token", tc.token)
			}
			lookup := tc.lookup
			if lookup == nil {
				lookup = lookupOne("AKIDexample", "secretexample")
			}
			_, aerr := verifySignature(r, body, now, lookup)
			got := ""
			if aerr != nil {
				got = aerr.Code
			}
			if got != tc.want {
				t.Errorf("verifySignature code = %q (%v), want %q", got, aerr, tc.want)
			}
		})
	}
}
