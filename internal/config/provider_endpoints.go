package config

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// Environment variables a provider block takes defaults from, named as in
// the Terraform tencentcloud provider.
const (
	// EnvRegion is the region of a provider block without region.
	EnvRegion = "TENCENTCLOUD_REGION"
	// EnvDomain is the root domain of a provider block without domain.
	EnvDomain = "TENCENTCLOUD_DOMAIN"
)

// endpointProducts are the keys of an endpoints block (the products dbplan
// calls; apiclient.Products).
var endpointProducts = []string{"cynosdb", "postgres", "sts"}

// EndpointProducts returns the product names an endpoints block accepts,
// sorted. The caller owns the returned slice.
func EndpointProducts() []string { return slices.Clone(endpointProducts) }

// getenv reads an environment variable through LoadOptions.Getenv ("" when
// there is no environment).
func (l *loader) getenv(name string) string {
	if l.opts.Getenv == nil {
		return ""
	}
	return strings.TrimSpace(l.opts.Getenv(name))
}

// envRegion returns TENCENTCLOUD_REGION, the default region of a provider
// block (at subject; nil for the implicit default provider) that sets
// none. An unsupported value is reported and still returned, so the
// resources using the provider do not report it again.
func (l *loader) envRegion(subject *hcl.Range) string {
	r := l.getenv(EnvRegion)
	if r == "" {
		return ""
	}
	if err := CheckPostgresRegion(r); err != nil {
		l.diags = append(l.diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Invalid region",
			Detail:   fmt.Sprintf("The provider takes its region from %s: %s. Set a supported region in %s or in the provider block.", EnvRegion, err, EnvRegion),
			Subject:  subject,
		})
	}
	return r
}

// decodeEndpoints decodes domain (default TENCENTCLOUD_DOMAIN) and the
// endpoints block of a provider.
func (l *loader) decodeEndpoints(p *Provider, content *hcl.BodyContent, ctx *hcl.EvalContext) {
	if d, a, ok := l.stringAttr(content.Attributes, "domain", ctx); ok {
		if err := checkDomain(d); err != nil {
			l.errorf(a.Expr.Range(), "Invalid domain", "%s. Write a DNS name such as tencentcloudapi.com or intl.tencentcloudapi.com (the international site).", capitalize(err.Error()))
		}
		p.Domain = d
	} else if a == nil {
		p.Domain = l.getenv(EnvDomain)
	}
	var seen *hcl.Block
	for _, b := range content.Blocks.OfType("endpoints") {
		if seen != nil {
			l.errorf(b.DefRange, "Duplicate endpoints block", "The provider already has an endpoints block at %s. Put every product's endpoint in one block.", where(seen.DefRange))
			continue
		}
		seen = b
		schema := &hcl.BodySchema{}
		for _, name := range endpointProducts {
			schema.Attributes = append(schema.Attributes, hcl.AttributeSchema{Name: name})
		}
		bc, diags := b.Body.Content(schema)
		l.diags = append(l.diags, diags...)
		for _, name := range endpointProducts {
			ep, a, ok := l.stringAttr(bc.Attributes, name, ctx)
			if !ok {
				continue
			}
			if err := checkEndpoint(ep); err != nil {
				l.errorf(a.Expr.Range(), "Invalid endpoint", "%s. Write host:port, http://host:port or https://host.", capitalize(err.Error()))
				continue
			}
			if p.Endpoints == nil {
				p.Endpoints = map[string]string{}
			}
			p.Endpoints[name] = ep
		}
	}
}

// checkDomain accepts a DNS name: labels of letters, digits and '-'.
func checkDomain(d string) error {
	if d == "" || len(d) > 253 {
		return fmt.Errorf("%q is not a domain name", d)
	}
	for _, label := range strings.Split(strings.TrimSuffix(d, "."), ".") {
		if label == "" || len(label) > 63 || strings.HasPrefix(label, "-") || strings.HasSuffix(label, "-") {
			return fmt.Errorf("%q is not a domain name", d)
		}
		for _, c := range label {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
				return fmt.Errorf("%q is not a domain name", d)
			}
		}
	}
	return nil
}
