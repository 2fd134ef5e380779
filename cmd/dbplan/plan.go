package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/dbplan/dbplan/internal/atomicfile"
	"github.com/dbplan/dbplan/internal/config"
	"github.com/dbplan/dbplan/internal/plan"
	"github.com/dbplan/dbplan/internal/plan/refresh"
	"github.com/dbplan/dbplan/internal/planview"
	"github.com/dbplan/dbplan/internal/reportview"
)

// exitChanges is plan's exit code for "the plan has changes" under
// -detailed-exitcode (0 then means no changes, 1 an error).
const exitChanges = 2

// planArgs are the parsed arguments of `dbplan plan`.
type planArgs struct {
	dir              string
	vars             *varFlags
	cloud            *cloudFlags
	targets          []string
	out              string
	json             bool
	markdown         bool
	commentID        string
	noColor          bool
	detailedExitcode bool
	progress         bool
	parallelism      int
}

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string     { return fmt.Sprint(*l) }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

// checkOutputFlags checks the flags plan and apply share: -json and
// -markdown exclude each other and -parallelism is at least 1. It returns
// every problem found, in that order.
func checkOutputFlags(json, markdown bool, parallelism int) []error {
	var errs []error
	if json && markdown {
		errs = append(errs, errors.New("-json and -markdown cannot be combined"))
	}
	if parallelism < 1 {
		errs = append(errs, fmt.Errorf("-parallelism must be at least 1, not %d", parallelism))
	}
	return errs
}

// planFlagSet declares plan's flags into a.
func planFlagSet(a *planArgs) *flag.FlagSet {
	fs := newFlagSet("plan")
	a.vars = addVarFlags(fs)
	a.cloud = addCloudFlags(fs)
	fs.Var((*stringList)(&a.targets), "target", "limit the plan to `ADDR` and the addresses under it (repeatable)")
	fs.StringVar(&a.out, "out", "", "save the plan to `FILE` for `dbplan apply FILE` (holds no secret)")
	fs.BoolVar(&a.json, "json", false, "print the plan as one JSON document (versioned by format_version)")
	fs.BoolVar(&a.markdown, "markdown", false, "print the plan as a pull-request comment in Markdown")
	fs.StringVar(&a.commentID, "comment-id", "", "with -markdown: tell this plan's comment apart from others of the same DIR (e.g. an environment); the marker always carries DIR")
	fs.BoolVar(&a.noColor, "no-color", false, "never colour the output")
	fs.BoolVar(&a.detailedExitcode, "detailed-exitcode", false, "exit 0 when there are no changes, 1 on error, 2 when there are changes")
	fs.Bool("input", true, "accepted for Terraform habits (-input=false); plan never asks for input")
	fs.BoolVar(&a.progress, "progress", false, "show refresh progress on stderr even when it is not a terminal")
	fs.IntVar(&a.parallelism, "parallelism", refresh.DefaultParallelism, "maximum concurrent API reads (the rate limits bound them anyway)")
	return fs
}

// parsePlanArgs parses `dbplan plan [flags] [DIR]`. It returns
// flag.ErrHelp for -h.
func parsePlanArgs(args []string) (*planArgs, error) {
	a := &planArgs{}
	fs := planFlagSet(a)
	var err error
	if a.dir, err = parseFlagsAndArg(fs, args, ".", "DIR", "at most one configuration directory"); err != nil {
		return nil, err
	}
	if errs := checkOutputFlags(a.json, a.markdown, a.parallelism); len(errs) > 0 {
		return nil, errs[0]
	}
	if a.commentID != "" && !a.markdown {
		return nil, errors.New("-comment-id names a Markdown comment: use it with -markdown")
	}
	a.cloud.conns = a.parallelism
	if err := a.cloud.check(); err != nil {
		return nil, err
	}
	return a, nil
}

// planUsage prints plan's usage and flags.
func planUsage(w io.Writer) {
	writeUsage(w, `Usage: dbplan plan [flags] [DIR]

Compare the configuration in DIR (default: the current directory) with the cloud
and show what apply would change. Nothing is changed.
`, planFlagSet(&planArgs{}),
		"Exit codes: 0 success (with -detailed-exitcode: no changes), 1 error, 2 changes present (-detailed-exitcode).\n")
}

func runPlan(ctx context.Context, e *env, args []string) int {
	a, err := parsePlanArgs(args)
	if code, stop := argsOutcome(e, "plan", err, planUsage); stop {
		return code
	}
	e = e.withNoColor(a.noColor)
	load, err := a.vars.loadOptions(e, config.ModePlan)
	if err != nil {
		fmt.Fprintf(e.stderr, "dbplan plan: %v\n", err)
		return exitError
	}
	res, code := buildPlan(ctx, e, planOptions{
		dir: a.dir, load: load, cloud: a.cloud, targets: a.targets,
		parallelism: a.parallelism, progress: a.progress || e.stderrTTY,
		outputs: a.checkOut,
	})
	if res != nil {
		defer res.cloud.Close()
	}
	if code != exitOK {
		return code
	}
	p := res.plan
	switch {
	case a.json:
		err = planview.JSON(e.stdout, p)
	case a.markdown:
		err = planview.Markdown(e.stdout, p, planview.MarkdownOptions{Root: configRoot(a.dir), CommentID: a.commentID})
	default:
		err = planview.Human(e.stdout, p, planview.HumanOptions{Color: e.color(e.stdoutTTY)})
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "dbplan plan: writing the plan: %v\n", err)
		return exitError
	}
	if a.out != "" {
		// Recorded as the command line named it, so a plan made in CI
		// from the repository root applies from the root of another
		// checkout; apply -chdir overrides it.
		p.DbplanVersion = currentVersion()
		p.ConfigDir = configRoot(a.dir)
		if abs, err := filepath.Abs(a.dir); err == nil {
			p.ConfigDirAbs = abs
		}
		if err := plan.Save(a.out, p); err != nil {
			fmt.Fprintf(e.stderr, "dbplan plan: %v\n", err)
			return exitError
		}
		fmt.Fprintf(e.stderr, "Saved the plan to %s. Apply exactly this plan with: dbplan apply %s\n", a.out, a.out)
	}
	if a.detailedExitcode && p.HasChanges() {
		return exitChanges
	}
	return exitOK
}

// checkOut refuses a -out FILE that would replace an input of the run or
// cannot be written, before the cloud is read.
func (a *planArgs) checkOut(cfg *config.Config) error {
	if a.out == "" {
		return nil
	}
	if err := checkOutput("-out", a.out, cfg); err != nil {
		return err
	}
	if err := atomicfile.Check(a.out); err != nil {
		return fmt.Errorf("-out %s cannot be written (%v); give a file in a writable directory", a.out, err)
	}
	return nil
}

// configRoot is the configuration directory as the command line named it,
// cleaned, with forward slashes: what saved plans record and Markdown
// markers carry, the same on every checkout of a repository.
func configRoot(dir string) string {
	return filepath.ToSlash(filepath.Clean(dir))
}

// planOptions are the inputs of buildPlan, shared by plan and apply.
type planOptions struct {
	// dir is the configuration directory.
	dir string
	// load holds variables, var files, environment and mode.
	load  config.LoadOptions
	cloud *cloudFlags
	// targets are -target prefixes (empty: everything).
	targets []string
	// parallelism bounds concurrent reads (0: the default).
	parallelism int
	// progress shows the count of objects read on stderr.
	progress bool
	// outputs, when set, checks the command's output files against the
	// loaded configuration (checkOutput) before the cloud is read.
	outputs func(*config.Config) error
}

// planResult is what buildPlan produced. The caller must Close cloud.
type planResult struct {
	// dir is the configuration directory as an absolute path.
	dir      string
	cfg      *config.Config
	observed *plan.Observed
	plan     *plan.Plan
	cloud    *cloud
}

// buildPlan loads the configuration, opens the cloud, refreshes and builds
// the plan. Every failure is reported on stderr as diagnostics or one line
// and yields exit code 1 (with a nil result, nothing left to close).
// Warnings are printed and do not fail.
func buildPlan(ctx context.Context, e *env, o planOptions) (*planResult, int) {
	cfg, dir, code := loadConfig(e, o.dir, o.load)
	if code != exitOK {
		return nil, code
	}
	if o.outputs != nil {
		if err := o.outputs(cfg); err != nil {
			fmt.Fprintf(e.stderr, "dbplan: %v\n", err)
			return nil, exitError
		}
	}
	cl, code := connect(ctx, e, cfg, o.cloud)
	if code != exitOK {
		return nil, code
	}
	prog := newRefreshProgress(e, o.progress)
	obs, err := refresh.Refresh(ctx, refreshScope(cfg, o.targets), cl.sources(), refresh.Options{
		Retry: cl.retry, Parallelism: o.parallelism, Progress: prog.update,
	})
	prog.done()
	if err != nil {
		cl.Close()
		return nil, cl.fail(ctx, e, err)
	}
	p, diags := plan.Build(cfg, obs, plan.BuildOptions{Targets: o.targets, Now: e.clk().Now().UTC()})
	if len(diags) > 0 {
		writeDiags(e, cfg.Files, diags)
	}
	if diags.HasErrors() {
		cl.Close()
		return nil, exitError
	}
	return &planResult{dir: dir, cfg: cfg, observed: obs, plan: p, cloud: cl}, exitOK
}

// loadConfig loads the configuration in dir, printing its diagnostics. It
// returns the configuration, dir as an absolute path, and exit code 1 when
// dir is missing or the configuration has errors.
func loadConfig(e *env, dir string, load config.LoadOptions) (*config.Config, string, int) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		fmt.Fprintf(e.stderr, "dbplan: configuration directory %s: %v\n", dir, err)
		return nil, "", exitError
	}
	if fi, err := os.Stat(abs); err != nil {
		fmt.Fprintf(e.stderr, "dbplan: configuration directory %s does not exist or cannot be read; pass the directory holding the *.hcl files\n", dir)
		return nil, "", exitError
	} else if !fi.IsDir() {
		fmt.Fprintf(e.stderr, "dbplan: %s is not a directory; pass the directory holding the *.hcl files\n", dir)
		return nil, "", exitError
	}
	cfg, diags := config.Load(filepath.Clean(dir), load)
	if len(diags) > 0 {
		writeDiags(e, cfg.Files, diags)
	}
	if diags.HasErrors() {
		return nil, "", exitError
	}
	return cfg, abs, exitOK
}

// connect opens the cloud for cfg and probes it (cloud.check), printing
// one line and returning exit code 1 on failure. The caller closes the
// cloud.
func connect(ctx context.Context, e *env, cfg *config.Config, f *cloudFlags) (*cloud, int) {
	cl, err := openCloud(ctx, e, cfg, f)
	if err != nil {
		printErrors(e, err)
		return nil, exitError
	}
	if err := cl.identify(ctx, e, cfg); err != nil {
		cl.Close()
		if ctx.Err() != nil {
			fmt.Fprintln(e.stderr, "dbplan: interrupted")
			return nil, exitError
		}
		printErrors(e, err)
		return nil, exitError
	}
	if err := cl.check(ctx, cfg); err != nil {
		cl.Close()
		return nil, cl.fail(ctx, e, err)
	}
	return cl, exitOK
}

// refreshProgress shows "Refreshing: N objects read" on a live line on
// stderr: redrawn at most every 100 ms on a terminal, a plain line at most
// every 2 s otherwise. A nil *refreshProgress does nothing.
type refreshProgress struct {
	line *reportview.Live
	n    int // refresh serializes the calls to update
}

// newRefreshProgress returns the refresh progress of e's stderr, or nil
// when it is off.
func newRefreshProgress(e *env, on bool) *refreshProgress {
	if !on {
		return nil
	}
	every := 2 * time.Second
	if e.stderrTTY {
		every = 100 * time.Millisecond
	}
	return &refreshProgress{line: reportview.NewLive(e.stderr, reportview.LiveOptions{Terminal: e.stderrTTY, Interval: every, Clock: e.clk()})}
}

func (p *refreshProgress) update(n int) {
	if p == nil {
		return
	}
	p.n = n
	p.line.Update(fmt.Sprintf("Refreshing: %d objects read", n))
}

// done prints the final count and ends the line.
func (p *refreshProgress) done() {
	if p == nil {
		return
	}
	p.line.Finish(fmt.Sprintf("Refreshed: %d objects read", p.n))
}

// refreshScope returns cfg limited to the objects -target can select (an
// object within a target, or holding one), so that a targeted plan of a
// large fleet reads only what it compares. Without targets it is cfg.
func refreshScope(cfg *config.Config, targets []string) *config.Config {
	if len(targets) == 0 {
		return cfg
	}
	touched := func(addr string) bool {
		for _, t := range targets {
			if plan.Within(addr, t) || plan.Within(t, addr) {
				return true
			}
		}
		return false
	}
	out := *cfg
	out.Instances, out.ROGroups, out.LibraClusters = nil, nil, nil
	for _, in := range cfg.Instances {
		if touched(in.Addr) {
			out.Instances = append(out.Instances, in)
		}
	}
	for _, g := range cfg.ROGroups {
		if touched(g.Addr) {
			out.ROGroups = append(out.ROGroups, g)
		}
	}
	for _, c := range cfg.LibraClusters {
		if touched(c.Addr) {
			out.LibraClusters = append(out.LibraClusters, c)
		}
	}
	return &out
}
