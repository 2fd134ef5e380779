package apiclient

import (
	"fmt"
	"net"
	"slices"
	"strings"
)

// Products the client calls, named as in the host and the signature.
const (
	ProductPostgres = "postgres"
	ProductCynosdb  = "cynosdb"
	ProductSTS      = "sts"
)

// Root domains of the public endpoints.
const (
	// DefaultDomain is the China site: postgres.tencentcloudapi.com.
	DefaultDomain = "tencentcloudapi.com"
	// IntlDomain is the international site: postgres.intl.tencentcloudapi.com.
	IntlDomain = "intl.tencentcloudapi.com"
)

// Products returns the product names Config.Endpoints accepts, sorted.
func Products() []string { return []string{ProductCynosdb, ProductPostgres, ProductSTS} }

// service is a Tencent Cloud product name as used in the host and signature.
type service string

const (
	postgres service = ProductPostgres
	cynosdb  service = ProductCynosdb
	sts      service = ProductSTS
)

// services lists every product a Client calls.
var services = []service{postgres, cynosdb, sts}

// version is the API version dbplan speaks for the service.
func (s service) version() string {
	switch s {
	case cynosdb:
		return "2019-01-07"
	case sts:
		return "2018-08-13"
	}
	return "2017-03-12"
}

// routes is where each product's requests go: an explicit endpoint, or
// <product>.<domain> (<product>.<region>.<domain> in a financial region,
// which the nearby endpoint does not serve).
type routes struct {
	domain   string
	explicit map[service]endpoint
}

// resolveRoutes applies the precedence Endpoints[product] > Endpoint >
// <product>.<Domain>, refusing any endpoint that names a product other
// than the one it would serve, so a cynosdb call can never go to a
// postgres host.
func resolveRoutes(cfg Config) (routes, error) {
	rt := routes{domain: strings.Trim(strings.TrimSpace(cfg.Domain), "."), explicit: map[service]endpoint{}}
	if rt.domain == "" {
		rt.domain = DefaultDomain
	}
	if strings.ContainsAny(rt.domain, "/:@ ") || strings.Contains(rt.domain, "..") {
		return routes{}, fmt.Errorf("domain %q must be a DNS name such as %s or %s", cfg.Domain, DefaultDomain, IntlDomain)
	}
	for name := range cfg.Endpoints {
		if !slices.Contains(Products(), name) {
			return routes{}, fmt.Errorf("endpoints: unknown product %q; use %s", name, strings.Join(Products(), ", "))
		}
	}
	if strings.TrimSpace(cfg.Endpoint) != "" {
		ep, err := parseEndpoint(cfg.Endpoint)
		if err != nil {
			return routes{}, err
		}
		if p := productOfHost(ep.host); p != "" {
			return routes{}, fmt.Errorf("endpoint %q is a %s host, but it would also receive the calls of the other products; "+
				"set the endpoint of each product instead (endpoints { %s = \"…\" }), or the domain", cfg.Endpoint, p, p)
		}
		for _, s := range services {
			rt.explicit[s] = ep
		}
	}
	for _, s := range services {
		raw := strings.TrimSpace(cfg.Endpoints[string(s)])
		if raw == "" {
			continue
		}
		ep, err := parseEndpoint(raw)
		if err != nil {
			return routes{}, fmt.Errorf("endpoints.%s: %w", s, err)
		}
		if p := productOfHost(ep.host); p != "" && p != string(s) {
			return routes{}, fmt.Errorf("endpoints.%s = %q is a %s host; %s calls must go to a %s host", s, raw, p, s, s)
		}
		rt.explicit[s] = ep
	}
	return rt, nil
}

// of returns the endpoint of svc for a client bound to region.
func (rt routes) of(svc service, region string) endpoint {
	if ep, ok := rt.explicit[svc]; ok {
		return ep
	}
	host := string(svc) + "." + rt.domain
	if svc != sts && strings.HasSuffix(region, "-fsi") {
		host = string(svc) + "." + region + "." + rt.domain
	}
	return endpoint{scheme: "HTTPS", host: host}
}

// productOfHost returns the product a host name is for ("postgres" for
// postgres.tencentcloudapi.com or postgres.ap-guangzhou.example), or ""
// for an address, a single label or a first label that is no product.
func productOfHost(hostport string) string {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	if net.ParseIP(strings.Trim(host, "[]")) != nil {
		return ""
	}
	first, rest, ok := strings.Cut(strings.ToLower(host), ".")
	if !ok || rest == "" {
		return ""
	}
	for _, s := range services {
		if first == string(s) {
			return first
		}
	}
	return ""
}

// String renders an endpoint as a URL for messages.
func (e endpoint) String() string {
	return strings.ToLower(e.scheme) + "://" + e.host
}
