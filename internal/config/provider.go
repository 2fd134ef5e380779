package config

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// DefaultProvider is the Name of the provider without alias.
const DefaultProvider = "tencentcloud"

// knownActions are the API actions whose rate limit a provider block may
// override (tencent-api.md §4).
var knownActions = []string{
	"CloseAccountCAM", "CloseDBExtranetAccess", "CreateAccount",
	"CreateLibraDBClusterAccounts", "CreateReadOnlyGroupNetworkAccess",
	"DeleteAccount", "DeleteLibraDBClusterAccounts", "DeleteReadOnlyGroupNetworkAccess",
	"DescribeAccounts", "DescribeDBInstanceAttribute", "DescribeDBInstances",
	"DescribeLibraDBClusterAccounts", "DescribeLibraDBClusters", "DescribeReadOnlyGroups",
	"DescribeTasks", "ModifyAccountRemark", "ModifyLibraDBClusterAccountDescription",
	"OpenAccountCAM", "OpenDBExtranetAccess", "RefreshAccountPassword",
	"ResetAccountPassword", "ResetLibraDBClusterAccountPassword",
}

// KnownActions returns the API action names accepted as rate_limits keys,
// sorted. The caller owns the returned slice.
func KnownActions() []string { return slices.Clone(knownActions) }

func providerSchema() *hcl.BodySchema {
	return &hcl.BodySchema{
		Attributes: []hcl.AttributeSchema{
			{Name: "alias"}, {Name: "region"}, {Name: "endpoint"}, {Name: "rate_limits"}, {Name: "domain"},
			{Name: "profile"}, {Name: "allowed_account_ids"}, {Name: "forbidden_account_ids"},
			{Name: "secret_id"}, {Name: "secret_key"}, {Name: "security_token"},
		},
		Blocks: []hcl.BlockHeaderSchema{{Type: "endpoints"}, {Type: "assume_role"}, {Type: "assume_role_with_web_identity"}},
	}
}

// decodeProviders decodes the provider blocks; the default provider always
// exists.
func (l *loader) decodeProviders(blocks []*hcl.Block) {
	l.providers = map[string]*Provider{}
	for _, b := range blocks {
		if b.Labels[0] != "tencentcloud" {
			l.errorf(b.LabelRanges[0], "Unsupported provider", "dbplan knows only the provider \"tencentcloud\", not %q. Correct the block label.", b.Labels[0])
			continue
		}
		content, diags := b.Body.Content(providerSchema())
		l.diags = append(l.diags, diags...)
		ctx := l.resourceContext(nil)
		p := &Provider{Name: DefaultProvider, DeclRange: b.DefRange}
		if alias, a, ok := l.stringAttr(content.Attributes, "alias", ctx); ok {
			if !hclsyntax.ValidIdentifier(alias) {
				l.errorf(a.Expr.Range(), "Invalid provider alias", "%q is not a valid alias. An alias starts with a letter and contains letters, digits, \"_\" and \"-\".", alias)
				continue
			}
			p.Alias, p.Name = alias, DefaultProvider+"."+alias
		}
		if prev, ok := l.providers[p.Name]; ok {
			l.errorf(b.DefRange, "Duplicate provider configuration", "The provider %s is also configured at %s. Give one of them a different alias.", p.Name, where(prev.DeclRange))
			continue
		}
		if region, a, ok := l.stringAttr(content.Attributes, "region", ctx); ok {
			if err := CheckPostgresRegion(region); err != nil {
				l.errorf(a.Expr.Range(), "Invalid region", "%s.", capitalize(err.Error()))
			}
			p.Region = region
		} else if a == nil {
			p.Region = l.envRegion(b.DefRange.Ptr())
		}
		if ep, a, ok := l.stringAttr(content.Attributes, "endpoint", ctx); ok {
			if err := checkEndpoint(ep); err != nil {
				l.errorf(a.Expr.Range(), "Invalid endpoint", "%s. Write host:port, http://host:port or https://host.", capitalize(err.Error()))
			}
			p.Endpoint = ep
		}
		l.decodeEndpoints(p, content, ctx)
		l.decodeIdentity(p, b, content, ctx)
		if a := content.Attributes["rate_limits"]; a != nil {
			p.RateLimits = l.rateLimits(a, ctx)
		}
		l.providers[p.Name] = p
	}
	if _, ok := l.providers[DefaultProvider]; !ok {
		p := &Provider{Name: DefaultProvider, Region: l.envRegion(nil), Domain: l.getenv(EnvDomain), Profile: l.getenv(EnvProfile)}
		l.envIdentity(p, nil)
		l.providers[DefaultProvider] = p
	}
	for _, p := range l.providers {
		l.cfg.Providers = append(l.cfg.Providers, p)
	}
	slices.SortFunc(l.cfg.Providers, func(a, b *Provider) int { return strings.Compare(a.Name, b.Name) })
}

// rateLimits decodes rate_limits, pointing at the offending key when the
// map is written literally.
func (l *loader) rateLimits(a *hcl.Attribute, ctx *hcl.EvalContext) map[string]float64 {
	val, ok := l.attrValue(a, ctx, cty.Map(cty.Number))
	if !ok || val.IsNull() {
		return nil
	}
	keyRanges := map[string]hcl.Range{}
	if pairs, diags := hcl.ExprMap(a.Expr); !diags.HasErrors() {
		for _, p := range pairs {
			if k, diags := p.Key.Value(ctx); !diags.HasErrors() && k.Type() == cty.String && k.IsKnown() && !k.IsNull() && !k.IsMarked() {
				keyRanges[k.AsString()] = p.Key.Range()
			}
		}
	}
	out := map[string]float64{}
	for it := val.ElementIterator(); it.Next(); {
		k, v := it.Element()
		name := k.AsString()
		rng, ok := keyRanges[name]
		if !ok {
			rng = a.Expr.Range()
		}
		if !slices.Contains(knownActions, name) {
			l.errorf(rng, "Unknown API action", "%q is not an API action dbplan calls. Use one of %s.", name, strings.Join(knownActions, ", "))
			continue
		}
		if v.IsNull() {
			continue
		}
		f, _ := v.AsBigFloat().Float64()
		if f <= 0 || f > 100000 {
			l.errorf(rng, "Invalid rate limit", "The rate limit for %s is %g calls per second; give a number greater than 0 and at most 100000.", name, f)
			continue
		}
		out[name] = f
	}
	return out
}

// checkEndpoint accepts "host", "host:port" and http(s) URLs.
func checkEndpoint(ep string) error {
	if strings.Contains(ep, "://") {
		u, err := url.Parse(ep)
		if err != nil {
			return fmt.Errorf("%q is not a valid URL", ep)
		}
		if u.Scheme != "http" && u.Scheme != "https" {
			return fmt.Errorf("the scheme of %q must be http or https", ep)
		}
		if u.Host == "" {
			return fmt.Errorf("%q has no host", ep)
		}
		return nil
	}
	if ep == "" || strings.ContainsAny(ep, "/ ?#") {
		return fmt.Errorf("%q is not a host or host:port", ep)
	}
	return nil
}

// resolveProvider returns the provider a resource uses: the provider
// argument (a reference such as tencentcloud.eu) or the default.
func (l *loader) resolveProvider(a *hcl.Attribute) (*Provider, bool) {
	if a == nil {
		return l.providers[DefaultProvider], true
	}
	t, diags := hcl.AbsTraversalForExpr(a.Expr)
	if diags.HasErrors() || t.RootName() != "tencentcloud" || len(t) > 2 || (len(t) == 2 && attrName(t[1]) == "") {
		l.errorf(a.Expr.Range(), "Invalid provider reference", "Refer to a provider as tencentcloud or tencentcloud.ALIAS, without quotes.")
		return nil, false
	}
	name := DefaultProvider
	if len(t) == 2 {
		name += "." + attrName(t[1])
	}
	p, ok := l.providers[name]
	if !ok {
		var names []string
		for _, p := range l.cfg.Providers {
			names = append(names, p.Name)
		}
		l.errorf(a.Expr.Range(), "Unknown provider alias", "No provider %s is configured. Add a provider \"tencentcloud\" block with alias = %q, or use one of: %s.", name, strings.TrimPrefix(name, DefaultProvider+"."), strings.Join(names, ", "))
		return nil, false
	}
	return p, true
}

// region returns the effective region of a resource: its own region
// argument, else its provider's. check validates it for the resource kind.
func (l *loader) region(attrs hcl.Attributes, ctx *hcl.EvalContext, p *Provider, decl hcl.Range, check func(string) error) string {
	if r, a, ok := l.stringAttr(attrs, "region", ctx); ok {
		if err := check(r); err != nil {
			l.errorf(a.Expr.Range(), "Invalid region", "%s.", capitalize(err.Error()))
		}
		return r
	}
	if attrs["region"] != nil || p == nil {
		return "" // already reported
	}
	if p.Region == "" {
		l.errorf(decl, "Missing region", "Neither this block nor its provider %s sets a region, and %s is not set. Add region = \"ap-guangzhou\" (for example) to the block or to the provider block.", p.Name, EnvRegion)
		return ""
	}
	if CheckPostgresRegion(p.Region) != nil {
		return p.Region // reported at the provider block
	}
	if err := check(p.Region); err != nil {
		l.errorf(decl, "Invalid region", "The region %q comes from the provider %s: %s. Set a supported region on this block.", p.Region, p.Name, err)
	}
	return p.Region
}
