package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/config"
	"github.com/dbplan/dbplan/internal/retry"
	"github.com/dbplan/dbplan/internal/secret"
)

// providerConfig is the client configuration of a provider: its endpoints
// (or override, from -endpoint, DBPLAN_ENDPOINT or -sim, for every
// product) and its identity: a profile or the default credentials, then
// an assumed role or a web identity. With -sim, simCred (the simulator's
// key) replaces the profile and the default credentials; roles are still
// assumed, through the simulator's sts.
func providerConfig(e *env, p *config.Provider, simCred common.CredentialIface, override string) (apiclient.Config, error) {
	acfg := apiclient.Config{Region: p.Region, Domain: p.Domain, Endpoints: p.Endpoints, Endpoint: p.Endpoint,
		Getenv: e.getenv, Clock: e.clk(), Profile: p.Profile, Credential: simCred}
	if override != "" {
		acfg.Domain, acfg.Endpoints, acfg.Endpoint = "", nil, override
	}
	if simCred != nil {
		acfg.Profile = ""
	}
	if r := p.AssumeRole; r != nil {
		acfg.AssumeRole = &apiclient.AssumeRole{RoleARN: r.RoleARN, SessionName: r.SessionName,
			Duration: time.Duration(r.SessionDuration) * time.Second, ExternalID: r.ExternalID}
	}
	if w := p.WebIdentity; w != nil {
		acfg.WebIdentity = &apiclient.WebIdentity{ProviderID: w.ProviderID, RoleARN: w.RoleARN, SessionName: w.SessionName,
			Duration: time.Duration(w.SessionDuration) * time.Second, TokenFile: w.TokenFile}
		if w.TokenFile == "" {
			tok := strings.TrimSpace(e.getenv(config.EnvWebIdentityToken))
			if tok == "" {
				return acfg, fmt.Errorf("assume_role_with_web_identity has no token: set web_identity_token_file (or %s), or %s",
					config.EnvWebIdentityTokenFile, config.EnvWebIdentityToken)
			}
			acfg.WebIdentity.Token = secret.New(tok)
		}
	}
	return acfg, nil
}

// identityKey tells apart the client configurations that need their own
// client: the same identity and endpoints share one, whatever the region.
// It holds no secret (a web identity token from the environment is the
// same for every provider).
func identityKey(c apiclient.Config) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s|%q|%s|%s|%t", c.Domain, c.Endpoints, c.Endpoint, c.Profile, c.Credential != nil)
	if r := c.AssumeRole; r != nil {
		fmt.Fprintf(&b, "|role %s %s %s %s", r.RoleARN, r.SessionName, r.Duration, r.ExternalID)
	}
	if w := c.WebIdentity; w != nil {
		fmt.Fprintf(&b, "|web %s %s %s %s %s", w.ProviderID, w.RoleARN, w.SessionName, w.Duration, w.TokenFile)
	}
	return b.String()
}

// simHint suggests -sim when a provider without an identity of its own
// finds no credentials.
func simHint(p *config.Provider, sim bool) string {
	if sim || p.AssumeRole != nil || p.WebIdentity != nil || p.Profile != "" {
		return ""
	}
	return " (or add -sim to try dbplan against the local simulator)"
}

// usedProviders lists the providers cfg's resources use, sorted.
func usedProviders(cfg *config.Config) []string {
	var out []string
	for _, in := range cfg.Instances {
		out = append(out, in.Provider)
	}
	for _, g := range cfg.ROGroups {
		out = append(out, g.Provider)
	}
	for _, lc := range cfg.LibraClusters {
		out = append(out, lc.Provider)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// identify asks sts GetCallerIdentity, once per client and in parallel,
// which account each provider cfg uses acts in, before any other call:
// it refuses credentials of an account the provider's
// allowed_account_ids / forbidden_account_ids exclude, and keys each
// client's rate limits by its account uin, since quotas are per account
// (also while temporary credentials rotate). It returns one error per
// provider that cannot be used, each naming the provider block, and
// prints a warning for credentials whose account sts could not tell (an
// endpoint that serves no sts): their rate limits stay keyed by key.
// Several errors are joined (errors.Join), one per provider.
func (c *cloud) identify(ctx context.Context, e *env, cfg *config.Config) error {
	type result struct {
		id  *apiclient.GetCallerIdentityResponse
		err error
	}
	byClient := map[*apiclient.Client][]string{}
	for _, name := range usedProviders(cfg) {
		if cl := c.clients[name]; cl != nil {
			byClient[cl] = append(byClient[cl], name)
		}
	}
	results := map[*apiclient.Client]result{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for cl := range byClient {
		wg.Go(func() {
			var id *apiclient.GetCallerIdentityResponse
			_, err := retry.Do(ctx, c.retry, retry.Op{Account: cl.Account(), Action: "GetCallerIdentity"}, func(ctx context.Context) error {
				var err error
				id, err = cl.GetCallerIdentity(ctx, apiclient.GetCallerIdentityRequest{})
				return err
			})
			mu.Lock()
			results[cl] = result{id, err}
			mu.Unlock()
		})
	}
	wg.Wait()
	var errs []error
	seen := map[string]bool{}
	c.accountNames = map[string][]string{}
	for _, name := range usedProviders(cfg) {
		cl, p := c.clients[name], c.providers[name]
		r, ok := results[cl]
		if !ok || p == nil {
			continue
		}
		if r.err != nil {
			if err := c.identityFailure(p, r.err); err != nil {
				if !seen[err.Error()] {
					seen[err.Error()] = true
					errs = append(errs, err)
				}
			} else if byClient[cl][0] == name {
				fmt.Fprintf(e.stderr, "Warning: %s: the account of its credentials is unknown (sts GetCallerIdentity: %s); rate limits are kept per key.\n",
					providerLabel(p), apiErrorText(r.err))
			}
			continue
		}
		if err := checkAccount(p, r.id.AccountId); err != nil {
			errs = append(errs, err)
			continue
		}
		cl.SetAccount(r.id.AccountId)
		c.accountNames[r.id.AccountId] = append(c.accountNames[r.id.AccountId], name)
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	for acct, limits := range rateLimits(cfg.Providers, c.clients) {
		c.quota.OverrideAccount(acct, limits)
	}
	return nil
}

// printErrors prints each error of a joined error on a line of its own.
func printErrors(e *env, err error) {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, one := range j.Unwrap() {
			fmt.Fprintf(e.stderr, "dbplan: %v\n", one)
		}
		return
	}
	fmt.Fprintf(e.stderr, "dbplan: %v\n", err)
}

// checkAccount applies allowed_account_ids and forbidden_account_ids.
func checkAccount(p *config.Provider, account string) error {
	if len(p.AllowedAccountIDs) > 0 && !slices.Contains(p.AllowedAccountIDs, account) {
		return fmt.Errorf("%s: the credentials belong to account %s, which is not in allowed_account_ids (%s); nothing was changed. "+
			"Use credentials of an allowed account (profile, assume_role) or correct allowed_account_ids.",
			providerLabel(p), account, strings.Join(p.AllowedAccountIDs, ", "))
	}
	if slices.Contains(p.ForbiddenAccountIDs, account) {
		return fmt.Errorf("%s: the credentials belong to account %s, which forbidden_account_ids lists; nothing was changed. "+
			"Use credentials of another account (profile, assume_role).", providerLabel(p), account)
	}
	return nil
}

// identityFailure says why a provider cannot be used after GetCallerIdentity
// failed, or returns nil when sts is missing (an endpoint, such as a
// proxy, that serves none) or kept failing transiently, and nothing
// requires the account: plain keys without account lists.
func (c *cloud) identityFailure(p *config.Provider, err error) error {
	var ae *apiclient.Error
	if errors.As(err, &ae) && ae.Code == apiclient.CodeNetwork {
		return errors.New(c.explain(err)) // the endpoint is unreachable
	}
	stsMissing := passing(err) || errors.As(err, &ae) && (ae.Code == apiclient.CodeHTTPStatus || ae.Code == apiclient.CodeParseJSON ||
		ae.Code == "InvalidAction" || ae.Code == "NoSuchProduct")
	needed := p.AssumeRole != nil || p.WebIdentity != nil || len(p.AllowedAccountIDs) > 0 || len(p.ForbiddenAccountIDs) > 0
	if stsMissing && !needed {
		return nil
	}
	what := "its credentials do not work"
	if len(p.AllowedAccountIDs) > 0 || len(p.ForbiddenAccountIDs) > 0 {
		what = "cannot confirm the account its credentials belong to"
	}
	return fmt.Errorf("%s: %s (sts GetCallerIdentity: %s); nothing was changed. %s", providerLabel(p), what, apiErrorText(err), identityAdvice(p))
}

// apiErrorText is an error's code and message, without the action prefix.
func apiErrorText(err error) string {
	var ae *apiclient.Error
	if errors.As(err, &ae) {
		if ae.Message == "" {
			return ae.Code
		}
		return ae.Code + ": " + ae.Message
	}
	return err.Error()
}

// identityAdvice says what to check for the provider's kind of identity.
func identityAdvice(p *config.Provider) string {
	switch {
	case p.WebIdentity != nil:
		return "Check the token file, role_arn, provider_id and that the role trusts the identity provider."
	case p.AssumeRole != nil:
		return "Check role_arn, external_id and that the role trusts the account of the base credentials."
	case p.Profile != "":
		return fmt.Sprintf("Check the keys of profile %q and this machine's clock.", p.Profile)
	}
	return fmt.Sprintf("Check %s and %s (or the credentials profile) and this machine's clock.", apiclient.EnvSecretID, apiclient.EnvSecretKey)
}
