package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/dbplan/dbplan/internal/config"
	"github.com/dbplan/dbplan/internal/exec"
	"github.com/dbplan/dbplan/internal/plan"
	"github.com/dbplan/dbplan/internal/plan/refresh"
	"github.com/dbplan/dbplan/internal/planview"
	"github.com/dbplan/dbplan/internal/retry"
)

// Exit codes of `dbplan apply`:
//
//	0  every action succeeded (or was already done), or nothing to do
//	1  error before any change: bad flags or configuration, unreachable
//	   cloud, a saved plan that no longer matches the configuration, or
//	   the confirmation was refused
//	4  partial failure: some actions failed, were skipped, drifted, or
//	   started flows that were not confirmed
//	5  interrupted: the run was stopped by Ctrl-C/SIGTERM, while planning
//	   (nothing was changed) or applying (the report says what ran)
const (
	exitPartial     = 4
	exitInterrupted = 5
)

// applyArgs are the parsed arguments of `dbplan apply`.
type applyArgs struct {
	// arg is the DIR or PLANFILE argument ("" when absent).
	arg   string
	chdir string
	vars  *varFlags
	cloud *cloudFlags

	targets      []string
	autoApprove  bool
	input        bool
	failFast     bool
	json         bool
	markdown     bool
	noColor      bool
	report       string
	parallelism  int
	maxAttempts  int
	maxRetryTime time.Duration
	timeout      time.Duration
}

// applyFlagSet declares apply's flags into a.
func applyFlagSet(a *applyArgs) *flag.FlagSet {
	fs := newFlagSet("apply")
	a.vars = addVarFlags(fs)
	a.cloud = addCloudFlags(fs)
	fs.StringVar(&a.chdir, "chdir", "", "configuration `DIR` of a saved plan (default: the directory recorded in the plan, relative to the current directory)")
	fs.Var((*stringList)(&a.targets), "target", "limit the apply to `ADDR` and the addresses under it (repeatable; not with PLANFILE)")
	fs.BoolVar(&a.autoApprove, "auto-approve", false, "apply without asking for confirmation (CI)")
	fs.BoolVar(&a.input, "input", true, "ask for confirmation on the terminal; with -input=false never ask\n(as in Terraform: apply then needs -auto-approve or a saved plan)")
	fs.BoolVar(&a.failFast, "fail-fast", false, "stop starting actions after the first one that fails")
	fs.BoolVar(&a.json, "json", false, "stream progress as JSON events, one per line (needs -auto-approve or PLANFILE)")
	fs.BoolVar(&a.markdown, "markdown", false, "print the final report as Markdown (for a PR or $GITHUB_STEP_SUMMARY)")
	fs.BoolVar(&a.noColor, "no-color", false, "never colour the output")
	fs.StringVar(&a.report, "report", "", "also write the report as JSON to `FILE` (replaced atomically)")
	fs.IntVar(&a.parallelism, "parallelism", exec.DefaultParallelism, "maximum actions in flight (the rate limits bound them anyway)")
	fs.IntVar(&a.maxAttempts, "max-attempts", retry.DefaultMaxAttempts, "attempts per API call for throttled and transient failures")
	fs.DurationVar(&a.maxRetryTime, "max-retry-time", retry.DefaultMaxElapsed, "most time one API call may spend retrying")
	fs.DurationVar(&a.timeout, "timeout", exec.DefaultTimeout, "how long to wait for one extranet or network change to complete")
	return fs
}

// parseApplyArgs parses `dbplan apply [flags] [DIR|PLANFILE]`. It returns
// flag.ErrHelp for -h.
func parseApplyArgs(args []string) (*applyArgs, error) {
	a := &applyArgs{}
	fs := applyFlagSet(a)
	var err error
	if a.arg, err = parseFlagsAndArg(fs, args, "", "DIR|PLANFILE", "one configuration directory or one saved plan file"); err != nil {
		return nil, err
	}
	errs := checkOutputFlags(a.json, a.markdown, a.parallelism)
	if a.maxAttempts < 1 {
		errs = append(errs, fmt.Errorf("-max-attempts must be at least 1, not %d", a.maxAttempts))
	}
	if a.maxRetryTime <= 0 || a.timeout <= 0 {
		errs = append(errs, errors.New("-max-retry-time and -timeout must be positive durations, such as 5m"))
	}
	if err := a.cloud.check(); err != nil {
		errs = append(errs, err)
	}
	// The refresh before the run reads at its default parallelism.
	a.cloud.conns = max(a.parallelism, refresh.DefaultParallelism)
	return a, errors.Join(errs...)
}

// planFile reports whether the argument names a saved plan (a regular
// file) rather than a configuration directory.
func (a *applyArgs) planFile() bool {
	if a.arg == "" {
		return false
	}
	fi, err := os.Stat(a.arg)
	return err == nil && fi.Mode().IsRegular()
}

// applyUsage prints apply's usage and flags.
func applyUsage(w io.Writer) {
	writeUsage(w, `Usage: dbplan apply [flags] [DIR]
       dbplan apply [flags] PLANFILE

With DIR (default: the current directory), plan, show the plan, ask for 'yes'
(or -auto-approve) and make the changes. With PLANFILE (from dbplan plan -out),
apply exactly that plan without asking, if the configuration it was made from (the
directory recorded in the plan, or -chdir) still matches;
passwords come from the same -var, -var-file and environment as when planning.
`, applyFlagSet(&applyArgs{}), `Exit codes: 0 all done or nothing to do, 1 error before any change,
4 partial failure (see the report), 5 interrupted. A first Ctrl-C stops starting
new actions and prints the report; a second one exits at once.
`)
}

func runApply(ctx context.Context, e *env, args []string) int {
	a, err := parseApplyArgs(args)
	if code, stop := argsOutcome(e, "apply", err, applyUsage); stop {
		return code
	}
	e = e.withNoColor(a.noColor)
	load, err := a.vars.loadOptions(e, config.ModeApply)
	if err != nil {
		fmt.Fprintf(e.stderr, "dbplan apply: %v\n", err)
		return exitError
	}
	if a.report != "" {
		err := checkReportPath(a.report)
		if err == nil && a.planFile() {
			err = checkOutput("-report", a.report, nil, a.arg)
		}
		if err != nil {
			fmt.Fprintf(e.stderr, "dbplan apply: %v\n", err)
			return exitError
		}
	}
	var (
		p   *plan.Plan
		cfg *config.Config
		cl  *cloud
	)
	if a.planFile() {
		var code int
		p, cfg, cl, code = loadSavedPlan(ctx, e, a, load)
		if code != exitOK {
			return interruptedOr(ctx, code)
		}
		warnMissingPasswords(e, p, cfg)
	} else {
		if a.chdir != "" {
			fmt.Fprintln(e.stderr, "dbplan apply: -chdir is for a saved plan; give the configuration directory as the argument")
			return exitError
		}
		dir := a.arg
		if dir == "" {
			dir = "."
		}
		res, code := buildPlan(ctx, e, planOptions{dir: dir, load: load, cloud: a.cloud, targets: a.targets,
			progress: e.stderrTTY, outputs: a.checkReport})
		if code != exitOK {
			return interruptedOr(ctx, code)
		}
		p, cfg, cl = res.plan, res.cfg, res.cloud
		warnMissingPasswords(e, p, cfg)
		if code := a.confirm(ctx, e, p); code != exitOK {
			cl.Close()
			return code
		}
	}
	defer cl.Close()
	return a.execute(ctx, e, p, cfg, cl)
}

// interruptedOr returns exitInterrupted when ctx was canceled by an
// interrupt (the run stopped while planning, before any change), else
// code.
func interruptedOr(ctx context.Context, code int) int {
	if ctx.Err() != nil {
		return exitInterrupted
	}
	return code
}

// loadSavedPlan reads PLANFILE and the configuration it was made from, and
// refuses a configuration that changed since.
func loadSavedPlan(ctx context.Context, e *env, a *applyArgs, load config.LoadOptions) (*plan.Plan, *config.Config, *cloud, int) {
	if len(a.targets) > 0 {
		fmt.Fprintln(e.stderr, "dbplan apply: -target cannot change a saved plan; pass it to dbplan plan -out instead")
		return nil, nil, nil, exitError
	}
	p, err := plan.Load(a.arg)
	if err != nil {
		fmt.Fprintf(e.stderr, "dbplan apply: %v\n", err)
		return nil, nil, nil, exitError
	}
	if !sameVersion(e, a.arg, p) {
		return nil, nil, nil, exitError
	}
	dir := savedPlanDir(p, a.chdir)
	cfg, abs, code := loadConfig(e, dir, load)
	if code != exitOK {
		if a.chdir == "" && !config.HasConfigFiles(dir) {
			fmt.Fprintf(e.stderr, "dbplan apply: %s was planned from %s; if the configuration is elsewhere now, name it with -chdir DIR\n",
				a.arg, recordedDirs(p))
		}
		return nil, nil, nil, code
	}
	if err := a.checkReport(cfg); err != nil {
		fmt.Fprintf(e.stderr, "dbplan apply: %v\n", err)
		return nil, nil, nil, exitError
	}
	sel, ok := impliedByConfig(e, a.arg, p, cfg, abs)
	if !ok {
		return nil, nil, nil, exitError
	}
	cl, code := connect(ctx, e, cfg, a.cloud)
	if code != exitOK {
		return nil, nil, nil, code
	}
	if code := confirmSelections(ctx, e, a.arg, cfg, cl, sel); code != exitOK {
		cl.Close()
		return nil, nil, nil, code
	}
	return p, cfg, cl, exitOK
}

// checkReport refuses a -report FILE that would replace a configuration
// file of cfg.
func (a *applyArgs) checkReport(cfg *config.Config) error {
	if a.report == "" {
		return nil
	}
	return checkOutput("-report", a.report, cfg)
}

// confirm shows the plan and asks for "yes" unless -auto-approve. It
// returns exitOK to go on (also when there is nothing to do).
func (a *applyArgs) confirm(ctx context.Context, e *env, p *plan.Plan) int {
	// With -markdown, stdout carries only the Markdown report (it is
	// appended to $GITHUB_STEP_SUMMARY): the plan and prompt go to stderr.
	out, outTTY := e.stdout, e.stdoutTTY
	if a.markdown {
		out, outTTY = e.stderr, e.stderrTTY
	}
	if !a.json {
		if err := planview.Human(out, p, planview.HumanOptions{Color: e.color(outTTY)}); err != nil {
			fmt.Fprintf(e.stderr, "dbplan apply: writing the plan: %v\n", err)
			return exitError
		}
	}
	if !p.HasChanges() || a.autoApprove {
		return exitOK
	}
	if a.json || !a.input || !e.stdinTTY {
		fmt.Fprintln(e.stderr, "dbplan apply: not applying without confirmation: there is no terminal to ask on "+
			"(or -json or -input=false is set); review the plan and add -auto-approve, or save it with dbplan plan -out FILE and run dbplan apply FILE")
		return exitError
	}
	if n := p.Summary().Destroy; n > 0 {
		fmt.Fprintf(out, "\nThis plan deletes %d object(s) (marked -): a deleted account or network cannot be brought back by dbplan.", n)
	}
	fmt.Fprint(out, "\nDo you want to perform these actions? Only 'yes' will be accepted.\n  Enter a value: ")
	answer := make(chan string, 1)
	go func() {
		var s string
		_, _ = fmt.Fscanln(e.stdin, &s)
		answer <- s
	}()
	select {
	case s := <-answer:
		if s == "yes" {
			fmt.Fprintln(out)
			return exitOK
		}
		fmt.Fprintln(e.stderr, "dbplan apply: cancelled; nothing was changed")
		return exitError
	case <-ctx.Done():
		fmt.Fprintln(e.stderr, "\ndbplan apply: interrupted; nothing was changed")
		return exitInterrupted
	}
}

// savedPlanDir picks the configuration directory of a saved plan: -chdir
// when given; else the directory as recorded relative to the working
// directory (a plan made in CI from a repository root applies from the
// root of another checkout) when it holds configuration files; else the
// recorded absolute path (an apply from another working directory on the
// same machine); else the relative one, for loadConfig's error.
func savedPlanDir(p *plan.Plan, chdir string) string {
	if chdir != "" {
		return chdir
	}
	for _, d := range []string{p.ConfigDir, p.ConfigDirAbs} {
		if d == "" {
			continue
		}
		if config.HasConfigFiles(d) {
			return d
		}
	}
	if p.ConfigDir != "" {
		return p.ConfigDir
	}
	return "."
}

// recordedDirs describes where a saved plan says it was made.
func recordedDirs(p *plan.Plan) string {
	switch {
	case p.ConfigDir == "":
		return "an unrecorded directory"
	case p.ConfigDirAbs == "" || p.ConfigDirAbs == p.ConfigDir:
		return p.ConfigDir
	default:
		return fmt.Sprintf("%s (%s)", p.ConfigDir, p.ConfigDirAbs)
	}
}
