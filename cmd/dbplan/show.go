package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/dbplan/dbplan/internal/plan"
	"github.com/dbplan/dbplan/internal/planview"
	"github.com/dbplan/dbplan/internal/reportview"
)

// showArgs are the parsed arguments of `dbplan show`.
type showArgs struct {
	file      string
	json      bool
	markdown  bool
	commentID string
	noColor   bool
}

func showFlagSet(a *showArgs) *flag.FlagSet {
	fs := newFlagSet("show")
	fs.BoolVar(&a.json, "json", false, "print the plan or report as its JSON document (versioned by format_version)")
	fs.BoolVar(&a.markdown, "markdown", false, "print the plan as a pull-request comment, or the report as Markdown")
	fs.StringVar(&a.commentID, "comment-id", "", "with -markdown, for a plan: as for dbplan plan -comment-id")
	fs.BoolVar(&a.noColor, "no-color", false, "never colour the output")
	return fs
}

// parseShowArgs parses `dbplan show [flags] FILE`; it returns
// flag.ErrHelp for -h.
func parseShowArgs(args []string) (*showArgs, error) {
	a := &showArgs{}
	fs := showFlagSet(a)
	var err error
	if a.file, err = parseFlagsAndArg(fs, args, "", "FILE", "one saved plan or report file"); err != nil {
		return nil, err
	}
	if a.file == "" {
		return nil, errors.New("give the saved plan (dbplan plan -out FILE) or report (dbplan apply -report FILE) to show")
	}
	if errs := checkOutputFlags(a.json, a.markdown, 1); len(errs) > 0 {
		return nil, errs[0]
	}
	if a.commentID != "" && !a.markdown {
		return nil, errors.New("-comment-id names a Markdown comment: use it with -markdown")
	}
	return a, nil
}

func showUsage(w io.Writer) {
	writeUsage(w, `Usage: dbplan show [flags] FILE

Show a saved plan (from dbplan plan -out FILE) or a saved apply report (from
dbplan apply -report FILE) as text, JSON or Markdown. Nothing is read from the
cloud or the configuration, so CI can render the plan it keeps for apply
instead of planning twice.
`, showFlagSet(&showArgs{}), "Exit codes: 0 shown, 1 error (unreadable file, or not a plan or report this dbplan reads).\n")
}

func runShow(_ context.Context, e *env, args []string) int {
	a, err := parseShowArgs(args)
	if code, stop := argsOutcome(e, "show", err, showUsage); stop {
		return code
	}
	e = e.withNoColor(a.noColor)
	data, err := os.ReadFile(a.file)
	if err != nil {
		fmt.Fprintf(e.stderr, "dbplan show: %v\n", err)
		return exitError
	}
	if reportview.IsReport(data) {
		err = a.showReport(e, data)
	} else {
		err = a.showPlan(e, data)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "dbplan show: %v\n", err)
		return exitError
	}
	return exitOK
}

// showPlan renders saved plan bytes as plan would have printed them.
func (a *showArgs) showPlan(e *env, data []byte) error {
	p, err := plan.Decode(data)
	if err != nil {
		return fmt.Errorf("%s: %w", a.file, err)
	}
	switch {
	case a.json:
		return planview.JSON(e.stdout, p)
	case a.markdown:
		return planview.Markdown(e.stdout, p, planview.MarkdownOptions{Root: p.ConfigDir, CommentID: a.commentID})
	}
	made := "at an unrecorded time"
	if !p.CreatedAt.IsZero() {
		made = "at " + p.CreatedAt.UTC().Format(time.RFC3339)
	}
	if p.DbplanVersion != "" {
		made += " by dbplan " + p.DbplanVersion
	}
	fmt.Fprintf(e.stdout, "Saved plan of %s, made %s.\n\n", recordedDirs(p), made)
	return planview.Human(e.stdout, p, planview.HumanOptions{Color: e.color(e.stdoutTTY)})
}

// showReport renders saved report bytes.
func (a *showArgs) showReport(e *env, data []byte) error {
	if a.commentID != "" {
		return fmt.Errorf("%s is an apply report: -comment-id is for plans", a.file)
	}
	r, err := reportview.ReadJSON(data)
	if err != nil {
		return fmt.Errorf("report %s: %w", a.file, err)
	}
	switch {
	case a.json:
		return reportview.JSON(e.stdout, r)
	case a.markdown:
		return reportview.Markdown(e.stdout, r)
	}
	return reportview.Human(e.stdout, r, reportview.HumanOptions{Color: e.color(e.stdoutTTY)})
}
