package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/config"
	"github.com/dbplan/dbplan/internal/exec"
	"github.com/dbplan/dbplan/internal/plan/refresh"
	"github.com/dbplan/dbplan/internal/quota"
	"github.com/dbplan/dbplan/internal/retry"
	"github.com/dbplan/dbplan/internal/tcsim"
)

// envEndpoint overrides every provider's endpoint (below -endpoint).
const envEndpoint = "DBPLAN_ENDPOINT"

// Simulator files of -sim, next to the configuration.
const (
	simWorldFile = "world.json"
	simStateFile = ".dbplan-sim-state.json"
)

// cloudFlags choose which cloud a command talks to; plan and apply share
// them.
type cloudFlags struct {
	// sim runs against an in-process simulator seeded from DIR/world.json.
	sim bool
	// endpoint overrides every provider's endpoint.
	endpoint string
	// conns is how many calls the command makes at once (from its
	// -parallelism; 0: the default): each client keeps that many idle
	// connections per host (apiclient.Config.MaxConns).
	conns int
}

// addCloudFlags registers -sim and -endpoint on fs.
func addCloudFlags(fs *flag.FlagSet) *cloudFlags {
	f := &cloudFlags{}
	fs.BoolVar(&f.sim, "sim", false, "run against a local simulator seeded from DIR/"+simWorldFile+
		" (its state persists in DIR/"+simStateFile+"); no cloud account needed")
	fs.StringVar(&f.endpoint, "endpoint", "", "API endpoint for every provider (host:port, http://host:port or https://host);\n"+
		"overrides "+envEndpoint+" and the provider blocks")
	return f
}

// check rejects contradictory cloud flags.
func (f *cloudFlags) check() error {
	if f.sim && f.endpoint != "" {
		return errors.New("-sim and -endpoint cannot be combined: -sim starts its own endpoint")
	}
	return nil
}

// cloud is the API side of one command run: a client per provider, and
// the quota set and retry options that refresh and the executor share.
// Close it when done (it stops the -sim simulator).
type cloud struct {
	clients map[string]*apiclient.Client // by config.Provider.Name
	// providers are the configuration of each provider, by Name.
	providers map[string]*config.Provider
	// accountNames lists, per account uin identify found, the providers
	// acting in it (for per-account figures).
	accountNames map[string][]string
	// unusable holds why the client of a provider no resource uses could
	// not be built.
	unusable map[string]error
	// quota is the one token-bucket set of the run.
	quota *quota.Set
	// retry is the retry policy and limiter every call goes through.
	retry *retry.Options
	// sim is the -sim simulator, nil otherwise.
	sim *tcsim.Running
}

// openCloud builds the clients for cfg's providers. Endpoint precedence:
// -endpoint, then DBPLAN_ENDPOINT, then the provider block, then the public
// endpoint; with -sim, the simulator's. Credentials come from each
// provider's identity (see providerConfig; read-only keys suffice for
// plan), and with -sim from the simulator. DBPLAN_LOG=debug traces every
// call to stderr, redacted. It does not contact the service (see
// cloud.identify and cloud.check).
func openCloud(_ context.Context, e *env, cfg *config.Config, f *cloudFlags) (*cloud, error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	c := &cloud{clients: map[string]*apiclient.Client{}, providers: map[string]*config.Provider{}, unusable: map[string]error{}}
	var simCred common.CredentialIface
	override := f.endpoint
	if override == "" {
		override = strings.TrimSpace(e.getenv(envEndpoint))
	}
	if f.sim {
		run, err := startSim(cfg.Dir)
		if err != nil {
			return nil, err
		}
		c.sim = run
		override = run.Endpoint()
		sc := run.Credential()
		simCred = common.NewCredential(sc.SecretID, sc.SecretKey)
		if sc.Token != "" {
			simCred = common.NewTokenCredential(sc.SecretID, sc.SecretKey, sc.Token)
		}
		override = "http://" + override
	}
	trace := apiclient.TraceFromEnv(e.getenv, e.stderr)
	byIdentity := map[string]*apiclient.Client{}
	used := usedProviders(cfg)
	var errs []error
	for _, p := range cfg.Providers {
		acfg, err := providerConfig(e, p, simCred, override)
		if err == nil {
			acfg.Trace, acfg.MaxConns = trace, f.conns
			// Providers with the same identity and endpoints share one
			// client: one credential, one renewal, one identity check.
			key := identityKey(acfg)
			if cl := byIdentity[key]; cl != nil {
				c.clients[p.Name], c.providers[p.Name] = cl, p
				continue
			}
			var cl *apiclient.Client
			if cl, err = apiclient.New(acfg); err == nil {
				byIdentity[key] = cl
				c.clients[p.Name], c.providers[p.Name] = cl, p
				continue
			}
		}
		err = fmt.Errorf("%s: %w%s", providerLabel(p), err, simHint(p, f.sim))
		if !slices.Contains(used, p.Name) {
			// A provider no resource uses needs no credentials; its
			// error stands in for the client.
			c.unusable[p.Name] = err
			continue
		}
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		c.Close()
		return nil, errors.Join(errs...) // one line per provider
	}
	c.quota = quota.NewSet(e.clk(), nil)
	for acct, limits := range rateLimits(cfg.Providers, c.clients) {
		c.quota.OverrideAccount(acct, limits)
	}
	c.retry = &retry.Options{Clock: e.clk(), Limiter: c.quota, Breaker: retry.NewBreaker(0)}
	return c, nil
}

// providerLabel names a provider block in messages: "provider
// tencentcloud.prod (main.hcl:12)", without a position for the implicit
// default provider.
func providerLabel(p *config.Provider) string {
	if p.DeclRange.Filename == "" {
		return "provider " + p.Name
	}
	return fmt.Sprintf("provider %s (%s:%d)", p.Name, filepath.Base(p.DeclRange.Filename), p.DeclRange.Start.Line)
}

// rateLimits merges the providers' rate_limits per credential: providers
// sharing a key share its quota, so the lowest declared rate wins.
func rateLimits(providers []*config.Provider, clients map[string]*apiclient.Client) map[string]map[string]float64 {
	out := map[string]map[string]float64{}
	for _, p := range providers {
		cl := clients[p.Name]
		if len(p.RateLimits) == 0 || cl == nil {
			continue
		}
		acct := cl.Account()
		if out[acct] == nil {
			out[acct] = map[string]float64{}
		}
		for action, r := range p.RateLimits {
			if old, ok := out[acct][action]; !ok || r < old {
				out[acct][action] = r
			}
		}
	}
	return out
}

// startSim starts the -sim simulator on a free loopback port, seeded from
// dir/world.json with its state in dir/.dbplan-sim-state.json, so a later
// run sees what an earlier apply changed.
func startSim(dir string) (*tcsim.Running, error) {
	path := filepath.Join(dir, simWorldFile)
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("-sim needs %s describing the simulated cloud (%v); copy one from examples/quickstart", path, errors.Unwrap(err))
	}
	w, err := tcsim.LoadWorld(path)
	if err != nil {
		return nil, err
	}
	run, err := tcsim.Start("127.0.0.1:0", w, tcsim.Options{StatePath: filepath.Join(dir, simStateFile)})
	if err != nil {
		return nil, fmt.Errorf("starting the simulator: %w", err)
	}
	return run, nil
}

// check makes one cheap read per provider that cfg uses (in the first
// region it uses), so that an unreachable endpoint or refused credentials
// fail with one clear error before the refresh starts. It reads
// DescribeDBInstances (Limit 1), or DescribeLibraDBClusters when the
// provider only serves LibraDB clusters, so read-only keys for what the
// configuration uses suffice. The read goes through the same retry layer
// as every call (c.retry): a dropped connection is retried, and an
// endpoint that cannot be reached is given up on when the breaker opens
// (a few attempts in a row that could not connect), not after a whole
// retry budget.
func (c *cloud) check(ctx context.Context, cfg *config.Config) error {
	type use struct {
		region   string
		postgres bool
	}
	uses := map[string]*use{}
	note := func(provider, region string, pg bool) {
		if uses[provider] == nil {
			uses[provider] = &use{region: region}
		}
		uses[provider].postgres = uses[provider].postgres || pg
	}
	for _, in := range cfg.Instances {
		note(in.Provider, in.Region, true)
	}
	for _, g := range cfg.ROGroups {
		note(g.Provider, g.Region, true)
	}
	for _, lc := range cfg.LibraClusters {
		note(lc.Provider, lc.Region, false)
	}
	for _, p := range slices.Sorted(maps.Keys(uses)) {
		u := uses[p]
		cl, err := c.client(p, u.region)
		if err != nil {
			return err
		}
		action := "DescribeDBInstances"
		if !u.postgres {
			action = "DescribeLibraDBClusters"
		}
		_, err = retry.Do(ctx, c.retry, retry.Op{Account: cl.Account(), Action: action}, func(ctx context.Context) error {
			var err error
			if u.postgres {
				_, err = cl.DescribeDBInstances(ctx, apiclient.DescribeDBInstancesRequest{Limit: 1})
			} else {
				_, err = cl.DescribeLibraDBClusters(ctx, apiclient.DescribeLibraDBClustersRequest{Limit: 1})
			}
			return err
		})
		if err != nil && !passing(err) {
			return err
		}
	}
	return nil
}

// passing reports whether a probe failure is one a refresh retries through
// (throttling, a server-side transient error) rather than a sign of a wrong
// endpoint or credential.
func passing(err error) bool {
	var apiErr *apiclient.Error
	if !errors.As(err, &apiErr) || apiErr.Code == apiclient.CodeNetwork {
		return false
	}
	k := apiclient.Classify(apiErr)
	return k == apiclient.Throttled || k == apiclient.Transient
}

// client returns the client of a provider bound to region.
func (c *cloud) client(provider, region string) (*apiclient.Client, error) {
	cl, ok := c.clients[provider]
	if err := c.unusable[provider]; err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("no provider %s is configured", provider)
	}
	if region == "" {
		return nil, fmt.Errorf("no region: set region in the block or in provider %s", provider)
	}
	return cl.Region(region), nil
}

// sources adapts the clients for refresh.
func (c *cloud) sources() refresh.Sources {
	return func(provider, region string) (refresh.Source, error) {
		return c.client(provider, region)
	}
}

// execClients adapts the clients for the executor (exec.Options.Clients);
// use it with c.quota as exec.Options.Limits so apply shares the run's
// buckets with refresh.
func (c *cloud) execClients() exec.Clients {
	return func(provider, region string) (exec.API, error) {
		return c.client(provider, region)
	}
}

// Close stops the -sim simulator, if any (its state is already saved).
func (c *cloud) Close() error {
	if c == nil || c.sim == nil {
		return nil
	}
	err := c.sim.Close()
	c.sim = nil
	return err
}

// endpointText names the endpoint(s) in use, for messages.
func (c *cloud) endpointText() string {
	var eps []string
	for _, cl := range c.clients {
		eps = append(eps, cl.Endpoint(apiclient.ProductPostgres), cl.Endpoint(apiclient.ProductCynosdb))
	}
	slices.Sort(eps)
	return strings.Join(slices.Compact(eps), ", ")
}

// fail prints the one-line explanation of err (or "interrupted" when ctx
// ended) and returns exit code 1.
func (c *cloud) fail(ctx context.Context, e *env, err error) int {
	if ctx.Err() != nil {
		fmt.Fprintln(e.stderr, "dbplan: interrupted; nothing was changed")
	} else {
		fmt.Fprintf(e.stderr, "dbplan: %s\n", c.explain(err))
	}
	return exitError
}

// explain turns a failed API read or call into one line saying what to do:
// an unreachable endpoint, refused credentials, or the error with its hint.
func (c *cloud) explain(err error) string {
	var apiErr *apiclient.Error
	if !errors.As(err, &apiErr) {
		return err.Error()
	}
	switch {
	case apiErr.Code == apiclient.CodeNetwork:
		cause := apiErr.Message
		if apiErr.Err != nil {
			cause = apiErr.Err.Error()
		}
		return fmt.Sprintf("cannot reach the Tencent Cloud API at %s (%s). Check -endpoint, %s or the provider's endpoint, and the network.",
			c.endpointText(), cause, envEndpoint)
	case strings.HasPrefix(apiErr.Code, "AuthFailure"):
		return fmt.Sprintf("the API refused the credentials (%s: %s). Check %s and %s (or the credentials profile) and this machine's clock.",
			apiErr.Code, apiErr.Message, apiclient.EnvSecretID, apiclient.EnvSecretKey)
	}
	if h := apiclient.Hint(err); h != "" {
		return fmt.Sprintf("%v; %s", err, h)
	}
	return err.Error()
}
