package config

import (
	"fmt"
	"math/big"
	"regexp"
	"strconv"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// Environment variables of provider identities, named as in the Terraform
// tencentcloud provider. Each fills what a provider block leaves out.
const (
	EnvProfile                 = "TENCENTCLOUD_PROFILE"
	EnvAssumeRoleARN           = "TENCENTCLOUD_ASSUME_ROLE_ARN"
	EnvAssumeRoleSessionName   = "TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME"
	EnvAssumeRoleDuration      = "TENCENTCLOUD_ASSUME_ROLE_SESSION_DURATION"
	EnvAssumeRoleExternalID    = "TENCENTCLOUD_ASSUME_ROLE_EXTERNAL_ID"
	EnvAssumeRoleProviderID    = "TENCENTCLOUD_ASSUME_ROLE_PROVIDER_ID"
	EnvWebIdentityTokenFile    = "TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN_FILE"
	EnvWebIdentityToken        = "TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN"
	maxSessionDurationSeconds  = 43200
	defaultSessionDurationSecs = 7200
)

// AssumeRole is a provider's assume_role block: the provider signs with
// temporary credentials of the role, obtained (sts AssumeRole) with the
// keys of its profile or the default chain.
type AssumeRole struct {
	// RoleARN is qcs::cam::uin/UIN:roleName/NAME or …:role/ID.
	RoleARN string
	// SessionName is empty for the default ("dbplan").
	SessionName string
	// SessionDuration is in seconds (1–43200; default 7200).
	SessionDuration int
	ExternalID      string
	DeclRange       hcl.Range
}

// WebIdentity is a provider's assume_role_with_web_identity block: the
// provider signs with temporary credentials of the role, obtained (sts
// AssumeRoleWithWebIdentity) with an OIDC token, such as GitHub Actions'.
type WebIdentity struct {
	// ProviderID is the identity provider's name in CAM (default "OIDC").
	ProviderID  string
	RoleARN     string
	SessionName string
	// SessionDuration is in seconds (1–43200; default 7200).
	SessionDuration int
	// TokenFile holds the token (re-read at every renewal). Empty means
	// the token comes from TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN.
	TokenFile string
	DeclRange hcl.Range
}

// Patterns of the sts schema and CAM: role ARNs (account uin, then a role
// name or id, service roles included), session names, external ids.
var (
	roleARNRe     = regexp.MustCompile(`^qcs::cam::uin/\d{5,20}:(roleName/(tencentcloudServiceRoleName/)?[\w+=,.@-]{1,128}|role/(tencentcloudServiceRole/)?\d{1,32})$`)
	sessionNameRe = regexp.MustCompile(`^[\w+=,.@-]{2,128}$`)
	externalIDRe  = regexp.MustCompile(`^[\w+=,.@:/-]{2,128}$`)
	accountIDRe   = regexp.MustCompile(`^\d{5,20}$`)
)

func roleBlockSchema(web bool) *hcl.BodySchema {
	s := &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "role_arn"}, {Name: "session_name"}, {Name: "session_duration"}}}
	if web {
		s.Attributes = append(s.Attributes, hcl.AttributeSchema{Name: "provider_id"}, hcl.AttributeSchema{Name: "web_identity_token_file"},
			hcl.AttributeSchema{Name: "web_identity_token"})
	} else {
		s.Attributes = append(s.Attributes, hcl.AttributeSchema{Name: "external_id"})
	}
	return s
}

// keyAttributes are the Terraform provider's key arguments, which dbplan
// refuses: keys do not belong in configuration files.
var keyAttributes = []string{"secret_id", "secret_key", "security_token"}

// decodeIdentity decodes profile, assume_role, assume_role_with_web_identity
// and the account id lists of a provider block, with the environment's
// defaults.
func (l *loader) decodeIdentity(p *Provider, b *hcl.Block, content *hcl.BodyContent, ctx *hcl.EvalContext) {
	for _, name := range keyAttributes {
		if a := content.Attributes[name]; a != nil {
			l.errorf(a.NameRange, "Credentials in configuration", "dbplan never takes keys from configuration files, which end up in version control. Remove %s and use a profile (profile = \"name\"), an assumed role (assume_role {}), a web identity (assume_role_with_web_identity {}) or the TENCENTCLOUD_SECRET_ID/TENCENTCLOUD_SECRET_KEY environment variables.", name)
		}
	}
	if v, a, ok := l.stringAttr(content.Attributes, "profile", ctx); ok {
		if v == "" {
			l.errorf(a.Expr.Range(), "Invalid profile", "The profile name is empty. Name a section of ~/.tencentcloud/credentials, or remove profile to use the default credentials.")
		}
		p.Profile = v
	} else if a == nil {
		p.Profile = l.getenv(EnvProfile)
	}
	roles := content.Blocks.OfType("assume_role")
	webs := content.Blocks.OfType("assume_role_with_web_identity")
	l.onlyOne(roles)
	l.onlyOne(webs)
	switch {
	case len(roles) > 0 && len(webs) > 0:
		l.errorf(webs[0].DefRange, "Conflicting identities", "A provider either assumes a role with its keys (assume_role at %s) or with a web identity token (assume_role_with_web_identity), not both. Keep one, or declare a second provider with an alias.", where(roles[0].DefRange))
	case len(roles) > 0:
		p.AssumeRole = l.decodeAssumeRole(roles[0], ctx)
	case len(webs) > 0:
		p.WebIdentity = l.decodeWebIdentity(webs[0], ctx)
	default:
		l.envIdentity(p, b)
	}
	p.AllowedAccountIDs = l.accountIDs(content.Attributes["allowed_account_ids"], ctx)
	p.ForbiddenAccountIDs = l.accountIDs(content.Attributes["forbidden_account_ids"], ctx)
	if len(p.AllowedAccountIDs) > 0 && len(p.ForbiddenAccountIDs) > 0 {
		l.errorf(content.Attributes["forbidden_account_ids"].NameRange, "Conflicting account lists", "Set either allowed_account_ids or forbidden_account_ids, not both.")
	}
}

// roleCommon decodes role_arn, session_name and session_duration, with the
// environment's defaults.
func (l *loader) roleCommon(b *hcl.Block, attrs hcl.Attributes, ctx *hcl.EvalContext) (arn, session string, duration int) {
	arn = l.checkedString(attrs, "role_arn", EnvAssumeRoleARN, ctx, b.DefRange, "Invalid role ARN", roleARNRe,
		"is not a role ARN. Write qcs::cam::uin/ACCOUNT_UIN:roleName/ROLE_NAME (or …:role/ROLE_ID), as the CAM console shows it")
	if arn == "" && attrs["role_arn"] == nil {
		l.declErrorf(b.DefRange, "Missing role ARN", "The %s block needs role_arn (or %s in the environment), e.g. role_arn = \"qcs::cam::uin/100000000001:roleName/dbplan-deployer\".", b.Type, EnvAssumeRoleARN)
	}
	session = l.checkedString(attrs, "session_name", EnvAssumeRoleSessionName, ctx, b.DefRange, "Invalid session name", sessionNameRe,
		"is not a session name: use 2 to 128 letters, digits or =,.@_-")
	duration = defaultSessionDurationSecs
	if a := attrs["session_duration"]; a != nil {
		if v, ok := l.attrValue(a, ctx, cty.Number); ok && !v.IsNull() {
			n, acc := v.AsBigFloat().Int64()
			if !v.AsBigFloat().IsInt() || acc != big.Exact || n < 1 || n > maxSessionDurationSeconds {
				l.errorf(a.Expr.Range(), "Invalid session duration", "session_duration is in whole seconds from 1 to %d (12 hours); the default is %d.", maxSessionDurationSeconds, defaultSessionDurationSecs)
			} else {
				duration = int(n)
			}
		}
	} else if s := l.getenv(EnvAssumeRoleDuration); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxSessionDurationSeconds {
			l.declErrorf(b.DefRange, "Invalid session duration", "%s is %q; give whole seconds from 1 to %d.", EnvAssumeRoleDuration, s, maxSessionDurationSeconds)
		} else {
			duration = n
		}
	}
	return arn, session, duration
}

func (l *loader) decodeAssumeRole(b *hcl.Block, ctx *hcl.EvalContext) *AssumeRole {
	content, diags := b.Body.Content(roleBlockSchema(false))
	l.diags = append(l.diags, diags...)
	r := &AssumeRole{DeclRange: b.DefRange}
	r.RoleARN, r.SessionName, r.SessionDuration = l.roleCommon(b, content.Attributes, ctx)
	r.ExternalID = l.checkedString(content.Attributes, "external_id", EnvAssumeRoleExternalID, ctx, b.DefRange, "Invalid external ID", externalIDRe,
		"is not an external ID: use 2 to 128 letters, digits or =,.@:/_-")
	return r
}

func (l *loader) decodeWebIdentity(b *hcl.Block, ctx *hcl.EvalContext) *WebIdentity {
	content, diags := b.Body.Content(roleBlockSchema(true))
	l.diags = append(l.diags, diags...)
	if a := content.Attributes["web_identity_token"]; a != nil {
		l.errorf(a.NameRange, "Token in configuration", "A web identity token is a secret and expires within minutes, so dbplan does not take it from configuration. Write it to a file and set web_identity_token_file, or set %s.", EnvWebIdentityToken)
	}
	w := &WebIdentity{DeclRange: b.DefRange}
	w.RoleARN, w.SessionName, w.SessionDuration = l.roleCommon(b, content.Attributes, ctx)
	w.ProviderID = l.checkedString(content.Attributes, "provider_id", EnvAssumeRoleProviderID, ctx, b.DefRange, "Invalid provider ID", nil, "")
	w.TokenFile = l.checkedString(content.Attributes, "web_identity_token_file", EnvWebIdentityTokenFile, ctx, b.DefRange, "Invalid token file", nil, "")
	return w
}

// envIdentity gives a provider without an identity block the assumed role
// or web identity of the environment: TENCENTCLOUD_ASSUME_ROLE_ARN, with a
// token (file) meaning a web identity.
func (l *loader) envIdentity(p *Provider, b *hcl.Block) {
	if l.getenv(EnvAssumeRoleARN) == "" {
		return
	}
	decl := hcl.Range{}
	if b != nil {
		decl = b.DefRange
	}
	env := &hcl.Block{Type: "environment", DefRange: decl, Body: hcl.EmptyBody()}
	if l.getenv(EnvWebIdentityTokenFile) != "" || l.getenv(EnvWebIdentityToken) != "" {
		p.WebIdentity = l.decodeWebIdentity(env, nil)
		return
	}
	p.AssumeRole = l.decodeAssumeRole(env, nil)
}

// checkedString evaluates an optional string attribute, else the
// environment variable env; a value not matching re (when set) is
// reported with why, naming where it came from.
func (l *loader) checkedString(attrs hcl.Attributes, name, env string, ctx *hcl.EvalContext, decl hcl.Range, summary string, re *regexp.Regexp, why string) string {
	if v, a, ok := l.stringAttr(attrs, name, ctx); ok {
		if re != nil && !re.MatchString(v) {
			l.errorf(a.Expr.Range(), summary, "%q %s.", v, why)
		}
		return v
	} else if a != nil {
		return ""
	}
	v := l.getenv(env)
	if v != "" && re != nil && !re.MatchString(v) {
		l.declErrorf(decl, summary, "%s is %q, which %s.", env, v, why)
	}
	return v
}

// declErrorf reports an error at a block's declaration, or without a
// position for the implicit default provider, which has no block.
func (l *loader) declErrorf(decl hcl.Range, summary, detail string, args ...any) {
	var subject *hcl.Range
	if decl.Filename != "" {
		subject = decl.Ptr()
	}
	l.diags = append(l.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: fmt.Sprintf(detail, args...), Subject: subject})
}

// accountIDs decodes allowed_account_ids or forbidden_account_ids: account
// uins, as GetCallerIdentity's AccountId.
func (l *loader) accountIDs(a *hcl.Attribute, ctx *hcl.EvalContext) []string {
	if a == nil {
		return nil
	}
	v, ok := l.attrValue(a, ctx, cty.List(cty.String))
	if !ok || v.IsNull() {
		return nil
	}
	var out []string
	bad := false
	for it := v.ElementIterator(); it.Next(); {
		_, e := it.Element()
		if e.IsNull() {
			continue
		}
		id := e.AsString()
		if !accountIDRe.MatchString(id) {
			l.errorf(a.Expr.Range(), "Invalid account ID", "%q is not an account ID: use the account's uin, 5 to 20 digits (the console's account ID).", id)
			bad = true
			continue
		}
		out = append(out, id)
	}
	if len(out) == 0 && !bad {
		l.errorf(a.Expr.Range(), "Empty account list", "%s is empty; list at least one account ID or remove it.", a.Name)
	}
	return out
}
