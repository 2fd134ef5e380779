package apiclient

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"

	"github.com/dbplan/dbplan/internal/clock"
)

// Client calls the postgres, cynosdb and sts APIs in one region, each at
// its own endpoint. Every method is exactly one signed HTTP attempt (the
// SDK's retries are off); retrying is the caller's job, guided by
// Classify. A Client is safe for concurrent use.
type Client struct {
	sh     *shared
	region string
	sdk    map[service]*common.Client
}

// shared is what all region-bound clients of one New have in common.
type shared struct {
	cred      common.CredentialIface
	account   atomic.Value // string; see Account and SetAccount
	routes    routes
	language  string
	timeout   time.Duration
	transport http.RoundTripper
	maxPages  int // bound of the paginating helpers

	mu      sync.Mutex
	regions map[string]*Client
}

// New builds a client bound to cfg.Region. It fails on a malformed
// endpoint, an unreadable web identity token file, an unknown profile or
// when no credentials can be found; it does not contact the service (an
// assumed role's first credentials are fetched by the first call).
func New(cfg Config) (*Client, error) {
	rt, err := resolveRoutes(cfg)
	if err != nil {
		return nil, err
	}
	base := cfg.HTTPTransport
	if base == nil {
		base = newTransport(cfg.MaxConns)
	}
	clk := cfg.Clock
	if clk == nil {
		clk = clock.Real{}
	}
	var cred common.CredentialIface
	if cfg.WebIdentity == nil {
		if cred, err = baseCredential(cfg); err != nil {
			return nil, err
		}
	}
	account := ""
	if cfg.AssumeRole != nil || cfg.WebIdentity != nil {
		issuerCred := cred
		if issuerCred == nil {
			issuerCred = anonymous
		}
		region := cfg.Region
		if region == "" {
			region = stsRegion
		}
		issuer := newShared(cfg, rt, base, issuerCred).newClient(region)
		rc, err := newRoleCredential(clk, issuer, cfg.AssumeRole, cfg.WebIdentity)
		if err != nil {
			return nil, err
		}
		cred, account = rc, rc.accountUIN
	}
	sh := newShared(cfg, rt, base, cred)
	if account == "" {
		account = accountKey(cred)
	}
	sh.account.Store(account)
	c := sh.newClient(cfg.Region)
	sh.regions[cfg.Region] = c
	return c, nil
}

// baseCredential is the credential the client signs with, or assumes a
// role with: Config.Credential, else the profile, else the default chain.
func baseCredential(cfg Config) (common.CredentialIface, error) {
	cred := cfg.Credential
	if cred == nil {
		getenv := cfg.Getenv
		if getenv == nil {
			getenv = os.Getenv
		}
		var err error
		if cfg.Profile != "" {
			cred, err = ProfileCredential(getenv, cfg.Profile)
		} else {
			cred, err = ResolveCredential(getenv)
		}
		if err != nil {
			return nil, err
		}
	}
	if cred.GetSecretId() == "" || cred.GetSecretKey() == "" {
		return nil, fmt.Errorf("the credential has an empty SecretId or SecretKey; %s", howToSetCredentials)
	}
	return cred, nil
}

// newShared builds the state the region-bound clients of one credential
// share.
func newShared(cfg Config, rt routes, base http.RoundTripper, cred common.CredentialIface) *shared {
	sh := &shared{
		cred:      cred,
		routes:    rt,
		language:  cfg.Language,
		timeout:   cfg.Timeout,
		transport: &recordingTransport{next: base, trace: cfg.Trace, cred: cred},
		maxPages:  defaultMaxPages,
		regions:   map[string]*Client{},
	}
	if sh.language == "" {
		sh.language = DefaultLanguage
	}
	if sh.timeout <= 0 {
		sh.timeout = DefaultTimeout
	}
	return sh
}

// newTransport returns a clone of http.DefaultTransport (proxy from the
// environment, dial and TLS timeouts, HTTP/2) that keeps maxConns idle
// connections per host (0: DefaultMaxConns; see Config.MaxConns), with no
// limit across hosts (the postgres, cynosdb and sts endpoints each keep
// their own).
func newTransport(maxConns int) http.RoundTripper {
	t, ok := http.DefaultTransport.(*http.Transport)
	if !ok {
		return http.DefaultTransport
	}
	t = t.Clone()
	if maxConns <= 0 {
		maxConns = DefaultMaxConns
	}
	t.MaxIdleConnsPerHost = maxConns
	t.MaxIdleConns = 0
	return t
}

// newClient builds the SDK clients of one region, one per product, with
// every hidden retry off.
func (sh *shared) newClient(region string) *Client {
	c := &Client{sh: sh, region: region, sdk: make(map[service]*common.Client, len(services))}
	for _, svc := range services {
		c.sdk[svc] = sh.newSDK(region, sh.routes.of(svc, region))
	}
	return c
}

// newSDK builds the SDK client of one product in one region.
func (sh *shared) newSDK(region string, ep endpoint) *common.Client {
	prof := profile.NewClientProfile()
	prof.SignMethod = "TC3-HMAC-SHA256"
	prof.Language = sh.language
	prof.HttpProfile.ReqMethod = "POST"
	prof.HttpProfile.Scheme = ep.scheme
	prof.HttpProfile.Endpoint = ep.host
	// The per-attempt deadline is a context deadline set in call, which
	// allows sub-second timeouts and tells cancellation from timeout.
	prof.HttpProfile.ReqTimeout = 0
	prof.DisableRegionBreaker = true
	prof.NetworkFailureMaxRetries = 0
	prof.RateLimitExceededMaxRetries = 0
	prof.UnsafeRetryOnConnectionFailure = false
	return common.NewCommonClient(sh.cred, region, prof).WithHttpTransport(sh.transport)
}

// Region returns a client bound to region r that shares credentials,
// transport and trace with c. Clients are cached, so this is cheap.
func (c *Client) Region(r string) *Client {
	if r == c.region {
		return c
	}
	c.sh.mu.Lock()
	defer c.sh.mu.Unlock()
	if rc, ok := c.sh.regions[r]; ok {
		return rc
	}
	rc := c.sh.newClient(r)
	c.sh.regions[r] = rc
	return rc
}

// RegionName returns the region the client is bound to ("" for none).
func (c *Client) RegionName() string { return c.region }

// Endpoint returns the URL the client sends product's calls to, for
// messages (e.g. "https://postgres.tencentcloudapi.com"); "" for an
// unknown product.
func (c *Client) Endpoint(product string) string {
	if !slices.Contains(services, service(product)) {
		return ""
	}
	return c.sh.routes.of(service(product), c.region).String()
}

// Account returns the key the client's rate limits are kept under: the
// account uin once known (SetAccount; for an assumed role, the uin in the
// role's ARN from the start), else "cred-" and a hash of the SecretId. It
// is stable for the client's life, also while temporary credentials
// rotate, and reveals neither id nor key.
func (c *Client) Account() string { return c.sh.account.Load().(string) }

// SetAccount sets the key Account returns for this client and every client
// of its other regions: the account uin from GetCallerIdentity, since
// quotas are per account. Call it before the client is used concurrently.
func (c *Client) SetAccount(uin string) { c.sh.account.Store(uin) }

// wirer is implemented by requests holding secrets: wire returns the value
// to marshal, with the secrets revealed; secrets lists them for scrubbing.
type wirer interface {
	wire() any
	secrets() []string
}

// call sends one attempt of action and decodes the Response object into out.
func (c *Client) call(ctx context.Context, svc service, action string, req, out any) error {
	return c.callWith(ctx, svc, action, req, out, false)
}

// callWith is call; unsigned sends Authorization: SKIP instead of a
// signature. With renewing temporary credentials (an assumed role or web
// identity), they are renewed first when due, and when the service refuses
// them at authentication (AuthFailure.TokenFailure or SecretIdNotFound:
// expired early, revoked, clocks apart) they are renewed and the request
// is sent once more: it was refused before anything was applied.
func (c *Client) callWith(ctx context.Context, svc service, action string, req, out any, unsigned bool) error {
	rc, _ := c.sh.cred.(*roleCredential)
	if rc == nil || unsigned {
		_, err := c.send(ctx, svc, action, req, out, unsigned)
		return err
	}
	if err := rc.ensure(ctx); err != nil {
		return rc.renewalError(action, err)
	}
	used, err := c.send(ctx, svc, action, req, out, false)
	if !refused(err) {
		return err
	}
	if rerr := rc.renew(ctx, used); rerr != nil {
		return err
	}
	_, err = c.send(ctx, svc, action, req, out, false)
	return err
}

// send is one HTTP attempt; it returns the SecretId it signed with.
func (c *Client) send(ctx context.Context, svc service, action string, req, out any, unsigned bool) (string, error) {
	body := req
	var scrub []string
	if w, ok := req.(wirer); ok {
		body, scrub = w.wire(), w.secrets()
	}
	id, key, token := c.sh.cred.GetCredential()
	scrub = append(scrub, key, token)
	return id, c.exchange(ctx, svc, action, body, out, unsigned, scrub)
}

// exchange sends one encoded attempt and decodes the answer.
func (c *Client) exchange(ctx context.Context, svc service, action string, body, out any, unsigned bool, scrub []string) error {
	params, err := encodeParams(body)
	if err != nil {
		return &Error{Action: action, Code: CodeEncode, Message: "encoding the request failed", Err: err}
	}
	at := &attempt{service: string(svc), action: action, region: c.region, scrub: scrub}
	actx, cancel := context.WithTimeout(ctx, c.sh.timeout)
	defer cancel()
	actx = at.bind(actx)

	creq := tchttp.NewCommonRequest(string(svc), svc.version(), action)
	creq.SetContext(actx)
	creq.SetSkipSign(unsigned)
	if err := creq.SetActionParameters(params); err != nil {
		return &Error{Action: action, Code: CodeEncode, Message: "the SDK refused the request parameters"}
	}
	var raw rawResponse
	if err := c.sdk[svc].Send(creq, &raw); err != nil {
		return fromSDK(ctx, action, err, at, scrub)
	}
	var env struct{ Response json.RawMessage }
	if err := json.Unmarshal(raw.body, &env); err == nil && len(env.Response) > 0 {
		err = json.Unmarshal(env.Response, out)
		if err == nil {
			return nil
		}
		return decodeError(action, err, raw.body, at)
	}
	return decodeError(action, errors.New(`no "Response" object`), raw.body, at)
}

func decodeError(action string, err error, body []byte, at *attempt) *Error {
	var rid struct{ Response struct{ RequestId string } }
	_ = json.Unmarshal(body, &rid)
	return &Error{Action: action, Code: CodeDecode, RequestID: rid.Response.RequestId,
		HTTPStatus: at.statusCode(), Sent: true, Err: err,
		Message: "the response does not match the documented shape: " + err.Error()}
}

// encodeParams marshals v and splits it into top-level fields kept as raw
// JSON, so the SDK re-encodes them byte for byte (its own decoding would
// turn integers into float64) and never has to report the body in an error.
func encodeParams(v any) (map[string]any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var fields map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&fields); err != nil {
		return nil, err
	}
	params := make(map[string]any, len(fields))
	for k, f := range fields {
		params[k] = f
	}
	return params, nil
}

// rawResponse keeps the exact body the SDK accepted as a success, so that
// numbers are decoded by encoding/json into the typed response.
type rawResponse struct {
	tchttp.BaseResponse
	body []byte
}

// UnmarshalJSON implements json.Unmarshaler for the SDK's decoder.
func (r *rawResponse) UnmarshalJSON(b []byte) error {
	r.body = append([]byte(nil), b...)
	return nil
}
