package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"strings"
	"time"

	"github.com/dbplan/dbplan/internal/tcsim"
)

// runSim dispatches `dbplan sim <subcommand>`.
func runSim(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 {
		simUsage(e.stderr)
		return exitError
	}
	switch args[0] {
	case "serve":
		return runSimServe(ctx, e, args[1:])
	case "-h", "-help", "--help", "help":
		simUsage(e.stdout)
		return exitOK
	}
	fmt.Fprintf(e.stderr, "dbplan sim: unknown subcommand %q\n", args[0])
	simUsage(e.stderr)
	return exitError
}

func simUsage(w io.Writer) {
	fmt.Fprint(w, `Usage: dbplan sim serve [flags]

Runs a local simulator of the Tencent Cloud API (postgres 2017-03-12 and
cynosdb/LibraDB 2019-01-07) for trying dbplan without a cloud account.
Run 'dbplan sim serve -h' for its flags.
`)
}

// simServeArgs are the parsed flags of `dbplan sim serve`.
type simServeArgs struct {
	addr         string
	world        string
	state        string
	rateScale    float64
	flowDuration time.Duration
	faults       []tcsim.FaultRule
	seed         int64
	log          bool
	timeControl  bool
	variants     tcsim.Variants
	// allowDefaultCredentials serves a non-loopback address although the
	// world accepts the published built-in credentials.
	allowDefaultCredentials bool
}

// variantFlags is the repeatable --variant flag.
type variantFlags struct{ v *tcsim.Variants }

func (f variantFlags) String() string     { return "" }
func (f variantFlags) Set(s string) error { return tcsim.ParseVariant(s, f.v) }

// faultFlags is the repeatable --fault flag.
type faultFlags struct{ rules *[]tcsim.FaultRule }

func (f faultFlags) String() string { return "" }
func (f faultFlags) Set(v string) error {
	r, err := tcsim.ParseFaultFlag(v)
	if err != nil {
		return err
	}
	*f.rules = append(*f.rules, r)
	return nil
}

func simServeFlagSet(a *simServeArgs) *flag.FlagSet {
	fs := newFlagSet("sim serve")
	fs.StringVar(&a.addr, "addr", "127.0.0.1:8765", "listen on `HOST:PORT` (port 0 picks a free port; the real one is printed)")
	fs.StringVar(&a.world, "world", "", "load the simulated cloud from `FILE` (format: internal/tcsim/WORLD.md); default: a built-in demo world")
	fs.StringVar(&a.state, "state", "", "persist every change to `FILE` (atomically) and resume from it when it exists, so runs see each other's changes")
	fs.Float64Var(&a.rateScale, "rate-scale", 1, "multiply every documented per-action rate limit by `N` (e.g. 100 for fast benchmarks)")
	fs.DurationVar(&a.flowDuration, "flow-duration", tcsim.DefaultFlowDuration, "how long extranet and RO-group network changes stay opening/closing")
	fs.Var(faultFlags{&a.faults}, "fault", "inject faults: `ACTION=RATE:MODE[:ARG]`, MODE one of error, reset, latency, commit-then-5xx, commit-then-error, commit-then-drop; ARG is the error code (error modes) or delay (latency); ACTION * means every action (repeatable)")
	fs.Int64Var(&a.seed, "seed", 1, "seed for fault draws, request ids and generated addresses (same seed, same run)")
	fs.BoolVar(&a.log, "log", false, "log every request (action, region, outcome; never keys or passwords) to stderr")
	fs.Var(variantFlags{&a.variants}, "variant", "answer `NAME=VALUE` where the API's documentation is silent, instead of the default choice\n(repeatable; the names and values are listed below)")
	fs.BoolVar(&a.allowDefaultCredentials, "allow-default-credentials", false, "serve on an address other than loopback although the world accepts the built-in\n"+
		"credentials, which are published: anyone who can reach the port can then use the simulator")
	fs.BoolVar(&a.timeControl, "time-control", false, "let tests move the simulator clock forward with POST /_tcsim/advance?by=DURATION (at most 4m in all),\nso flows end and temporary credentials expire without waiting")
	return fs
}

func simServeUsage(w io.Writer) {
	writeUsage(w, `Usage: dbplan sim serve [flags]

Serves the Tencent Cloud API simulator until interrupted (Ctrl-C or SIGTERM).
It prints the endpoint and credentials as shell lines; eval them to point
dbplan (or any Tencent Cloud SDK) at the simulator.
`, simServeFlagSet(&simServeArgs{}), `Variants (-variant NAME=VALUE; the first value is the default). Where Tencent's
documentation leaves a behaviour open, the simulator picks one answer (see
'go doc ./internal/tcsim'); these switches pick another plausible one:
`+tcsim.VariantHelp())
}

// parseSimServeArgs parses the flags; it returns flag.ErrHelp for -h.
func parseSimServeArgs(args []string) (*simServeArgs, error) {
	a := &simServeArgs{}
	fs := simServeFlagSet(a)
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q: sim serve takes only flags", fs.Arg(0))
	}
	if a.rateScale <= 0 {
		return nil, fmt.Errorf("-rate-scale %g must be positive", a.rateScale)
	}
	if a.flowDuration <= 0 {
		return nil, fmt.Errorf("-flow-duration %s must be positive", a.flowDuration)
	}
	return a, nil
}

func runSimServe(ctx context.Context, e *env, args []string) int {
	a, err := parseSimServeArgs(args)
	if code, stop := argsOutcome(e, "sim serve", err, simServeUsage); stop {
		return code
	}
	world := tcsim.DemoWorld()
	if a.world != "" {
		if world, err = tcsim.LoadWorld(a.world); err != nil {
			fmt.Fprintf(e.stderr, "dbplan sim serve: %v\n", err)
			return exitError
		}
	}
	if err := checkSimExposure(a.addr, world, a.allowDefaultCredentials); err != nil {
		fmt.Fprintf(e.stderr, "dbplan sim serve: %v\n", err)
		return exitError
	}
	opts := tcsim.Options{RateScale: a.rateScale, FlowDuration: a.flowDuration, StatePath: a.state, Faults: a.faults, Seed: a.seed,
		TimeControl: a.timeControl, Variants: a.variants}
	if a.log {
		opts.Logf = func(format string, args ...any) { fmt.Fprintf(e.stderr, format+"\n", args...) }
	}
	run, err := tcsim.Start(a.addr, world, opts)
	if err != nil {
		fmt.Fprintf(e.stderr, "dbplan sim serve: %v\n", err)
		return exitError
	}
	printSimSetup(e.stdout, run)
	<-ctx.Done()
	fmt.Fprintln(e.stderr, "dbplan sim serve: shutting down")
	if err := run.Close(); err != nil {
		fmt.Fprintf(e.stderr, "dbplan sim serve: shutdown: %v\n", err)
		return exitError
	}
	return exitOK
}

// checkSimExposure refuses to serve beyond this machine with credentials
// anyone can read in dbplan's source: on an address other than loopback
// (all interfaces included) the world must set its own credentials, or
// allow must say it is meant.
func checkSimExposure(addr string, w *tcsim.World, allow bool) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("-addr %q: want HOST:PORT, such as 127.0.0.1:8765", addr)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	if allow || !w.UsesDefaultCredentials() {
		return nil
	}
	where := host
	if where == "" || net.ParseIP(host).IsUnspecified() {
		where = "every network interface"
	}
	return fmt.Errorf("refusing to serve on %s (%s) with the built-in credentials, which are published: "+
		"anyone who can reach the port could use the simulator. Give the world its own \"credentials\" "+
		"(internal/tcsim/WORLD.md), listen on 127.0.0.1, or add -allow-default-credentials if this is meant", addr, where)
}

// printSimSetup prints the endpoint and the first credential as shell
// lines. These are the simulator's own test credentials, not real keys.
func printSimSetup(w io.Writer, run *tcsim.Running) {
	c := run.Credential()
	fmt.Fprintf(w, "# dbplan simulator listening on %s (simulator credentials, not real keys)\n", run.URL)
	fmt.Fprintf(w, "export TENCENTCLOUD_SECRET_ID=%s\n", shellQuote(c.SecretID))
	fmt.Fprintf(w, "export TENCENTCLOUD_SECRET_KEY=%s\n", shellQuote(c.SecretKey))
	if c.Token != "" {
		fmt.Fprintf(w, "export TENCENTCLOUD_SESSION_TOKEN=%s\n", shellQuote(c.Token))
	}
	fmt.Fprintf(w, "export DBPLAN_ENDPOINT=%s\n", run.URL)
	for _, a := range run.Server.Accounts() {
		fmt.Fprintf(w, "# account %s: %d key(s)", a.UIN, a.Keys)
		if len(a.SecretIDs) > 0 {
			fmt.Fprintf(w, ", e.g. SecretId %s", a.SecretIDs[0])
		}
		for _, r := range a.Roles {
			fmt.Fprintf(w, "; role %s", r)
		}
		fmt.Fprintln(w)
	}
}

// shellQuote quotes s for a POSIX shell unless it is plainly safe.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:/") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
