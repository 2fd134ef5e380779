package reportview

import (
	"fmt"
	"io"
	"strings"

	"github.com/dbplan/dbplan/internal/exec"
	"github.com/dbplan/dbplan/internal/plan"
)

// HumanOptions tune Human. The zero value prints without colour and lists
// every problem.
type HumanOptions struct {
	// Color adds ANSI colours (only on a terminal without -no-color).
	Color bool
	// MaxListed bounds the skipped and canceled actions listed one by one
	// (0 means 20); failed, unconfirmed and drifted ones are always all
	// listed.
	MaxListed int
}

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiGreen  = "\x1b[32m"
	ansiYellow = "\x1b[33m"
)

type palette struct{ on bool }

func (p palette) paint(code, s string) string {
	if !p.on || s == "" {
		return s
	}
	return code + s + ansiReset
}

// effect colours a change line as the plan shows its effect.
func (p palette) effect(k plan.Kind, s string) string {
	switch k.Effect() {
	case plan.EffectCreate:
		return p.paint(ansiGreen, s)
	case plan.EffectDelete:
		return p.paint(ansiRed, s)
	}
	return p.paint(ansiYellow, s)
}

func (p palette) outcome(o exec.Outcome) string {
	switch {
	case o.OK():
		return p.paint(ansiGreen, string(o))
	case o == exec.Failed:
		return p.paint(ansiBold+ansiRed, string(o))
	}
	return p.paint(ansiYellow, string(o))
}

// Human writes the report for a person: a headline, the outcomes of
// creates, changes and deletes apart (when the run had more than one
// effect, or deletes), one line per action kind (outcomes, calls,
// achieved rate against the quota, throttles), a line per account when
// the run spanned several (outcomes, calls, rate, throttles), every change
// made (address and kind, with the plan's + ~ - symbols), then every
// action that did not reach its target with its error code, message,
// RequestId, hint and detail.
func Human(w io.Writer, r *exec.Report, opts HumanOptions) error {
	c := palette{on: opts.Color}
	maxListed := opts.MaxListed
	if maxListed == 0 {
		maxListed = 20
	}
	ew := &errWriter{w: w}
	ew.printf("\n%s\n", c.paint(ansiBold, headline(r)))
	for _, e := range byEffect(r) {
		ew.printf("  %-34s %s\n", effectLabel(e.Effect)+":", outcomeCounts(e.Counts))
	}
	for _, k := range r.Kinds {
		ew.printf("  %-34s %s\n", k.Kind.String()+":", outcomeCounts(k.Counts))
		if k.Calls > 0 {
			ew.printf("  %-34s %s\n", "", callsText(k))
		}
	}
	if multiAccount(r) {
		ew.printf("  By account:\n")
		for _, a := range r.Accounts {
			ew.printf("    %s: %s; %s\n", accountName(a), outcomeCounts(a.Counts), accountCalls(a))
		}
	}
	if ch := changes(r); len(ch) > 0 {
		ew.printf("\n%s:\n", changesTitle(len(ch)))
		for _, a := range ch {
			ew.printf("  %s\n", c.effect(a.Kind, changeLine(a)))
		}
	}
	listed := map[exec.Outcome]int{}
	for _, a := range problems(r) {
		if a.Outcome == exec.Skipped || a.Outcome == exec.Canceled {
			if listed[a.Outcome]++; listed[a.Outcome] > maxListed {
				continue
			}
		}
		ew.printf("\n%s %s (%s)\n", c.outcome(a.Outcome), a.Addr, a.Kind)
		if e := a.Err; e != nil {
			ew.printf("  %s\n", errorLine(e.Code, e.Message))
			if e.RequestID != "" {
				ew.printf("  RequestId: %s\n", e.RequestID)
			}
			if e.Hint != "" {
				ew.printf("  Hint: %s\n", e.Hint)
			}
		}
		if a.Detail != "" {
			ew.printf("  %s\n", a.Detail)
		}
	}
	for _, o := range []exec.Outcome{exec.Skipped, exec.Canceled} {
		if n := listed[o] - maxListed; n > 0 {
			ew.printf("\n… and %d more %s actions (see the JSON report for all).\n", n, o)
		}
	}
	if !r.AllOK() {
		ew.printf("\nRun dbplan plan to see what is still to do; apply again to retry it.\n")
	}
	return ew.err
}

// errWriter keeps the first write error so renderers can print freely.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}

// errorLine is "Code: message", "Code" without a message, the message
// alone without a code, or "error" when both are empty: never a line
// ending in an empty ": ".
func errorLine(code, msg string) string {
	switch {
	case code != "" && msg != "":
		return code + ": " + msg
	case code != "":
		return code
	case msg != "":
		return msg
	}
	return "error"
}

// oneLine flattens a message for table cells and single-line output.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// callsText is "3 CreateAccount calls at 19.6/s (quota 20/s), 0 throttled".
func callsText(k exec.KindSummary) string {
	rate := ""
	if k.Rate > 0 {
		rate = fmt.Sprintf(" at %.1f/s", k.Rate)
	}
	return fmt.Sprintf("%d %s calls%s (quota %.0f/s), %d throttled", k.Calls, k.APIAction, rate, k.Quota, k.Throttles)
}
