package apiclient

import (
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"

	"github.com/dbplan/dbplan/internal/clock"
)

// DefaultTimeout is the per-attempt HTTP timeout used when Config.Timeout is 0.
const DefaultTimeout = 30 * time.Second

// DefaultLanguage is the X-TC-Language sent when Config.Language is empty.
// Messages are for humans only; nothing here depends on their text.
const DefaultLanguage = "en-US"

// Config configures New. The zero value is usable: it resolves credentials
// from the environment, talks to <product>.tencentcloudapi.com over HTTPS,
// sends no X-TC-Region (bind one with Region) and does not trace.
type Config struct {
	// Region is the default region (X-TC-Region). Empty sends none.
	Region string
	// Domain is the root domain of the public endpoints: a product's calls
	// go to <product>.<Domain>, or <product>.<region>.<Domain> in the
	// financial regions (*-fsi), which the nearby endpoint does not serve.
	// Empty means DefaultDomain; IntlDomain is the international site.
	Domain string
	// Endpoints sets the endpoint of single products, keyed "postgres",
	// "cynosdb" and "sts" (see Products), in the forms Endpoint takes. An
	// endpoint whose host names another product (cynosdb = "postgres.…")
	// is an error.
	Endpoints map[string]string
	// Endpoint sends every product without an Endpoints entry to one
	// place (a simulator or proxy): "host:port", "http://host:port" or
	// "https://host". A bare host:port uses HTTPS, except for localhost
	// and loopback addresses (the local simulator), which use HTTP. A host
	// named after a product (postgres.…) is an error: the other products'
	// calls would go there too.
	Endpoint string
	// Credential signs requests (or, with AssumeRole, assumes the role).
	// Nil means the profile named Profile, or without one
	// ResolveCredential(Getenv).
	Credential common.CredentialIface
	// Profile names a profile to read the keys from (see
	// ProfileCredential) instead of the default chain.
	Profile string
	// AssumeRole, when set, makes the client sign with renewing temporary
	// credentials of a role, obtained with the credentials above.
	AssumeRole *AssumeRole
	// WebIdentity, when set, makes the client sign with renewing temporary
	// credentials of a role obtained from an OIDC token; no other
	// credentials are used. It excludes AssumeRole.
	WebIdentity *WebIdentity
	// Clock decides when temporary credentials are renewed; nil means the
	// real clock.
	Clock clock.Clock
	// Getenv is used to resolve credentials when Credential is nil. Nil
	// means os.Getenv.
	Getenv func(string) string
	// Timeout bounds one attempt (connect, send, read). 0 means DefaultTimeout.
	Timeout time.Duration
	// Language is "en-US" or "zh-CN"; empty means DefaultLanguage.
	Language string
	// Trace, when non-nil, receives one Debug record per request and per
	// response with passwords, keys and tokens redacted (see TraceFromEnv).
	Trace *slog.Logger
	// HTTPTransport replaces the default transport (a clone of
	// http.DefaultTransport sized by MaxConns); tests use it to inject
	// failures.
	HTTPTransport http.RoundTripper
	// MaxConns is how many calls the caller makes at once (its
	// parallelism). The default transport keeps up to that many idle
	// connections per host, so a burst of concurrent calls reuses them
	// instead of opening a new TCP (and TLS) connection for most calls, as
	// Go's default of 2 idle connections per host would. It does not cap
	// the connections: the caller's workers and rate limits bound them, and
	// a cap would queue calls behind slow ones until their attempt timed
	// out. 0 means DefaultMaxConns.
	MaxConns int
}

// DefaultMaxConns is Config.MaxConns when it is 0: the default parallelism
// of dbplan's refresh and executor.
const DefaultMaxConns = 64

// endpoint is a parsed Config.Endpoint.
type endpoint struct {
	scheme string // "HTTP" or "HTTPS", as the SDK profile wants it
	host   string // "" means the SDK default <service>.tencentcloudapi.com
}

// parseEndpoint accepts "", "host[:port]", "http://host[:port]" and
// "https://host[:port]", with at most a trailing "/".
func parseEndpoint(s string) (endpoint, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return endpoint{scheme: "HTTPS"}, nil
	}
	raw, bare := s, !strings.Contains(s, "://")
	if bare {
		raw = "https://" + s
	}
	u, err := url.Parse(raw)
	if err != nil {
		return endpoint{}, fmt.Errorf("endpoint %q: %v; use host:port, http://host:port or https://host", s, err)
	}
	if bare && isLoopback(u.Hostname()) {
		// A bare loopback address is the local simulator (tcsim prints
		// its endpoint as host:port); plain HTTP never leaves the machine.
		u.Scheme = "http"
	}
	var scheme string
	switch strings.ToLower(u.Scheme) {
	case "http":
		scheme = "HTTP"
	case "https":
		scheme = "HTTPS"
	default:
		return endpoint{}, fmt.Errorf("endpoint %q: scheme %q is not supported; use http:// or https://", s, u.Scheme)
	}
	if u.Host == "" || u.Hostname() == "" {
		return endpoint{}, fmt.Errorf("endpoint %q has no host; use host:port, http://host:port or https://host", s)
	}
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return endpoint{}, fmt.Errorf("endpoint %q: only a scheme, host and port are allowed (the API path is always /)", s)
	}
	return endpoint{scheme: scheme, host: u.Host}, nil
}

// isLoopback reports whether host is localhost or a loopback IP address.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
