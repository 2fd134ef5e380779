package apiclient

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"

	"github.com/dbplan/dbplan/internal/clock"
	"github.com/dbplan/dbplan/internal/secret"
)

// Defaults of assumed roles, as in the Terraform provider (duration) and
// the sts schema (at most 12 hours).
const (
	DefaultSessionName     = "dbplan"
	DefaultSessionDuration = 2 * time.Hour
	MaxSessionDuration     = 12 * time.Hour
	// DefaultProviderID is the ProviderId of AssumeRoleWithWebIdentity
	// when none is given (the Terraform provider's default).
	DefaultProviderID = "OIDC"
	// stsRegion is sent with sts calls of a client without a region.
	stsRegion = "ap-guangzhou"
)

// AssumeRole makes a client sign with temporary credentials of a role,
// obtained with sts AssumeRole by the base credentials and renewed before
// they expire.
type AssumeRole struct {
	// RoleARN is qcs::cam::uin/UIN:roleName/NAME or …:role/ID.
	RoleARN string
	// SessionName defaults to DefaultSessionName.
	SessionName string
	// Duration defaults to DefaultSessionDuration (whole seconds, at most
	// MaxSessionDuration).
	Duration time.Duration
	// ExternalID is sent when set.
	ExternalID string
}

// WebIdentity makes a client sign with temporary credentials of a role,
// obtained with sts AssumeRoleWithWebIdentity from an OIDC token (GitHub
// Actions, a Kubernetes service account …) and renewed before they
// expire. No base credentials are needed.
type WebIdentity struct {
	// ProviderID defaults to DefaultProviderID.
	ProviderID string
	RoleARN    string
	// SessionName and Duration default as for AssumeRole.
	SessionName string
	Duration    time.Duration
	// TokenFile is read at every renewal (identity providers rotate the
	// file); it holds the token, or a JSON object with web_identity_token
	// (the Terraform provider's format).
	TokenFile string
	// Token is used when TokenFile is empty.
	Token secret.Value
}

// sessionNameRe is the documented RoleSessionName pattern.
var sessionNameRe = regexp.MustCompile(`^[\w+=,.@-]{2,128}$`)

// sessionParams checks and defaults a session name and duration.
func sessionParams(name string, d time.Duration) (string, int64, error) {
	if name == "" {
		name = DefaultSessionName
	}
	if !sessionNameRe.MatchString(name) {
		return "", 0, fmt.Errorf("session name %q must be 2 to 128 letters, digits or =,.@_-", name)
	}
	if d == 0 {
		d = DefaultSessionDuration
	}
	if d < time.Second || d > MaxSessionDuration || d%time.Second != 0 {
		return "", 0, fmt.Errorf("session duration %s must be whole seconds from 1s to %s", d, MaxSessionDuration)
	}
	return name, int64(d / time.Second), nil
}

// readWebIdentityToken reads a token file: the token itself, or a JSON
// object with web_identity_token.
func readWebIdentityToken(path string) (secret.Value, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return secret.Value{}, fmt.Errorf("web identity token file: %w", err)
	}
	text := strings.TrimSpace(string(b))
	if strings.HasPrefix(text, "{") {
		var doc struct {
			Token string `json:"web_identity_token"`
		}
		if err := json.Unmarshal([]byte(text), &doc); err != nil || doc.Token == "" {
			return secret.Value{}, fmt.Errorf("web identity token file %s: a JSON file must hold {\"web_identity_token\": \"…\"}", path)
		}
		text = doc.Token
	}
	if text == "" {
		return secret.Value{}, fmt.Errorf("web identity token file %s is empty; the identity provider should have written a token there", path)
	}
	return secret.New(text), nil
}

// tempCred is one set of temporary credentials.
type tempCred struct {
	id, key, token string
	expires        time.Time
}

// roleCredential is a common.CredentialIface whose values are temporary
// credentials from sts, renewed by ensure before they expire: a quarter
// of their lifetime before (at most 5 minutes), on the client's clock.
// Reading the values never blocks on the network.
type roleCredential struct {
	clock clock.Clock
	// fetch asks sts for new credentials; what names the call in errors.
	fetch func(ctx context.Context) (tempCred, error)
	what  string
	// accountUIN is the role's account, from its ARN.
	accountUIN string

	renewMu sync.Mutex // one renewal at a time

	mu      sync.RWMutex
	cur     tempCred
	renewAt time.Time
	// retryAt delays the next renewal attempt after a failed one while
	// the current credentials are still valid.
	retryAt time.Time
}

// GetSecretId implements common.CredentialIface.
func (r *roleCredential) GetSecretId() string { id, _, _ := r.GetCredential(); return id }

// GetSecretKey implements common.CredentialIface.
func (r *roleCredential) GetSecretKey() string { _, k, _ := r.GetCredential(); return k }

// GetToken implements common.CredentialIface.
func (r *roleCredential) GetToken() string { _, _, t := r.GetCredential(); return t }

// GetCredential implements common.CredentialIface: the current values.
func (r *roleCredential) GetCredential() (string, string, string) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.cur.id, r.cur.key, r.cur.token
}

// due reports whether the credentials must be renewed before use.
func (r *roleCredential) due(now time.Time) bool {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.cur.id == "" || !now.Before(r.renewAt) && !now.Before(r.retryAt)
}

// ensure renews the credentials when they are due. A failed renewal is an
// error only once the current credentials have expired; until then they
// are used and the renewal is tried again 10 seconds later.
func (r *roleCredential) ensure(ctx context.Context) error {
	if !r.due(r.clock.Now()) {
		return nil
	}
	r.renewMu.Lock()
	defer r.renewMu.Unlock()
	if !r.due(r.clock.Now()) {
		return nil // renewed while we waited
	}
	return r.renewLocked(ctx)
}

// renew renews the credentials after the service refused usedID, unless
// another call renewed them meanwhile.
func (r *roleCredential) renew(ctx context.Context, usedID string) error {
	r.renewMu.Lock()
	defer r.renewMu.Unlock()
	if id, _, _ := r.GetCredential(); id != usedID {
		return nil
	}
	r.mu.Lock()
	r.renewAt, r.retryAt = time.Time{}, time.Time{}
	r.mu.Unlock()
	return r.renewLocked(ctx)
}

func (r *roleCredential) renewLocked(ctx context.Context) error {
	tc, err := r.fetch(ctx)
	now := r.clock.Now()
	r.mu.Lock()
	defer r.mu.Unlock()
	if err != nil {
		if r.cur.id != "" && now.Before(r.cur.expires) {
			r.retryAt = now.Add(10 * time.Second)
			return nil
		}
		return err
	}
	if !tc.expires.After(now) {
		return fmt.Errorf("%s answered credentials that expired at %s", r.what, tc.expires.UTC().Format(time.RFC3339))
	}
	margin := min(5*time.Minute, tc.expires.Sub(now)/4)
	r.cur, r.renewAt, r.retryAt = tc, tc.expires.Add(-margin), time.Time{}
	return nil
}

// refused reports whether err says the service no longer accepts the
// temporary credentials (expired early, revoked, or the clocks disagree).
func refused(err error) bool {
	var e *Error
	return errors.As(err, &e) && (e.Code == "AuthFailure.TokenFailure" || e.Code == "AuthFailure.SecretIdNotFound")
}

// renewalError turns a failed renewal into the error of the call that
// needed it: the sts error's code (so it classifies as throttled,
// transient or terminal) and a message naming the renewal. Nothing was
// sent for the call itself.
func (r *roleCredential) renewalError(action string, err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return &Error{Action: action, Code: e.Code, RequestID: e.RequestID, HTTPStatus: e.HTTPStatus, Err: err,
			Message: fmt.Sprintf("the temporary credentials could not be renewed (%s): %s", r.what, e.Message)}
	}
	return &Error{Action: action, Code: CodeCredential, Err: err,
		Message: fmt.Sprintf("the temporary credentials could not be renewed (%s): %v", r.what, err)}
}

// newRoleCredential builds the renewing credential of an AssumeRole or
// WebIdentity configuration. issuer is a client signing with the base
// credentials (anonymous for web identities).
func newRoleCredential(clk clock.Clock, issuer *Client, ar *AssumeRole, wi *WebIdentity) (*roleCredential, error) {
	switch {
	case ar != nil && wi != nil:
		return nil, errors.New("set either AssumeRole or WebIdentity, not both")
	case ar != nil:
		name, secs, err := sessionParams(ar.SessionName, ar.Duration)
		if err != nil {
			return nil, fmt.Errorf("assume role: %w", err)
		}
		req := AssumeRoleRequest{RoleArn: ar.RoleARN, RoleSessionName: name, DurationSeconds: secs, ExternalId: ar.ExternalID}
		return &roleCredential{clock: clk, what: "sts AssumeRole of " + ar.RoleARN, accountUIN: roleAccount(ar.RoleARN),
			fetch: func(ctx context.Context) (tempCred, error) {
				resp, err := issuer.AssumeRole(ctx, req)
				if err != nil {
					return tempCred{}, err
				}
				return tempOf(resp), nil
			}}, nil
	case wi != nil:
		name, secs, err := sessionParams(wi.SessionName, wi.Duration)
		if err != nil {
			return nil, fmt.Errorf("web identity: %w", err)
		}
		provider := wi.ProviderID
		if provider == "" {
			provider = DefaultProviderID
		}
		token := func() (secret.Value, error) { return wi.Token, nil }
		if wi.TokenFile != "" {
			if _, err := readWebIdentityToken(wi.TokenFile); err != nil {
				return nil, err
			}
			token = func() (secret.Value, error) { return readWebIdentityToken(wi.TokenFile) }
		} else if !wi.Token.IsSet() || wi.Token.Reveal() == "" {
			return nil, errors.New("web identity: no token: set a token file or a token")
		}
		return &roleCredential{clock: clk, what: "sts AssumeRoleWithWebIdentity of " + wi.RoleARN, accountUIN: roleAccount(wi.RoleARN),
			fetch: func(ctx context.Context) (tempCred, error) {
				tok, err := token()
				if err != nil {
					return tempCred{}, err
				}
				resp, err := issuer.AssumeRoleWithWebIdentity(ctx, AssumeRoleWithWebIdentityRequest{
					ProviderId: provider, WebIdentityToken: tok, RoleArn: wi.RoleARN, RoleSessionName: name, DurationSeconds: secs})
				if err != nil {
					return tempCred{}, err
				}
				return tempOf(resp), nil
			}}, nil
	}
	return nil, nil
}

func tempOf(r *AssumeRoleResponse) tempCred {
	return tempCred{id: r.Credentials.TmpSecretId, key: r.Credentials.TmpSecretKey.Reveal(),
		token: r.Credentials.Token.Reveal(), expires: time.Unix(r.ExpiredTime, 0)}
}

// roleAccount returns the account uin a role ARN names ("" if none).
func roleAccount(arn string) string {
	rest, ok := strings.CutPrefix(arn, "qcs::cam::uin/")
	if !ok {
		return ""
	}
	uin, _, _ := strings.Cut(rest, ":")
	for _, c := range uin {
		if c < '0' || c > '9' {
			return ""
		}
	}
	return uin
}

// anonymous is the credential of a client that only sends unsigned
// requests (the issuer of web identities).
var anonymous common.CredentialIface = common.NewCredential("", "")
