// Package reportview renders the executor's run report (exec.Report) and
// its progress events for people and machines:
//
//   - Human: the end-of-run summary for a terminal (per kind and outcome,
//     achieved call rate against the quota, per account when the run
//     spanned several, every failure with address, code, message,
//     RequestId and hint).
//   - JSON: the report as one versioned document (FormatVersion), the
//     machine contract of `dbplan apply -report FILE`.
//   - Markdown: the report for a pull request or $GITHUB_STEP_SUMMARY.
//   - ReadJSON: a saved JSON report read back, to render it again
//     (`dbplan show`).
//   - Progress: an exec.Observer drawing a live status line on a terminal,
//     or a plain line every few seconds otherwise (with each account's
//     done/total when the run spans several).
//   - Events: an exec.Observer writing one JSON object per line
//     (`dbplan apply -json`).
//
// Nothing rendered here ever holds a password: reports and events carry
// none (exec guarantees it), and this package adds none. Human and
// Markdown wording is not a contract; JSON and Events are, versioned by
// FormatVersion.
package reportview

import (
	"fmt"
	"strings"
	"time"

	"github.com/dbplan/dbplan/internal/exec"
	"github.com/dbplan/dbplan/internal/plan"
)

// FormatVersion versions the JSON report and the event stream. It changes
// when a document written by one version can no longer be read correctly
// by a consumer of the previous one.
const FormatVersion = "1"

// outcomeCounts renders "3 succeeded, 1 failed" for the non-zero counts,
// in report order.
func outcomeCounts(m map[exec.Outcome]int) string {
	var parts []string
	for _, o := range exec.Outcomes() {
		if n := m[o]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, strings.ReplaceAll(string(o), "_", " ")))
		}
	}
	if len(parts) == 0 {
		return "nothing to do"
	}
	return strings.Join(parts, ", ")
}

// problems returns the results that did not reach their target, failures
// first (then unconfirmed, drifted, skipped, canceled), in plan order
// within each outcome.
func problems(r *exec.Report) []exec.ActionResult {
	var out []exec.ActionResult
	for _, o := range []exec.Outcome{exec.Failed, exec.Unconfirmed, exec.Drifted, exec.Skipped, exec.Canceled} {
		for _, a := range r.Actions {
			if a.Outcome == o {
				out = append(out, a)
			}
		}
	}
	return out
}

// byEffect returns the effect summaries worth a line of their own: all
// of them when the run had several effects, and deletes always, so what
// was destroyed is never only inside a total.
func byEffect(r *exec.Report) []exec.EffectSummary {
	if len(r.Effects) > 1 || len(r.Effects) == 1 && r.Effects[0].Effect == plan.EffectDelete {
		return r.Effects
	}
	return nil
}

// effectLabel names an effect in human and Markdown reports.
func effectLabel(e plan.Effect) string {
	switch e {
	case plan.EffectCreate:
		return "creates"
	case plan.EffectDelete:
		return "deletes"
	}
	return "changes"
}

// seconds renders a duration rounded for people.
func seconds(d time.Duration) string {
	switch {
	case d >= time.Minute:
		return d.Round(time.Second).String()
	case d >= time.Second:
		return d.Round(10 * time.Millisecond).String()
	}
	return d.Round(time.Millisecond).String()
}

// headline is the one-line result of a run.
func headline(r *exec.Report) string {
	state := "Apply complete"
	switch {
	case r.Interrupted:
		state = "Apply interrupted"
	case r.EndpointDown != "":
		// One clear message, not one per action.
		return fmt.Sprintf("Apply stopped in %s: %s; no further action was started. %d actions, %s. Check the endpoint and the network, then apply again: only what is still missing runs.",
			seconds(r.Wall), r.EndpointDown, len(r.Actions), outcomeCounts(r.Totals))
	case r.StoppedEarly:
		state = "Apply stopped by -fail-fast"
	case !r.AllOK():
		state = "Apply finished with problems"
	}
	return fmt.Sprintf("%s in %s: %d actions, %s.", state, seconds(r.Wall), len(r.Actions), outcomeCounts(r.Totals))
}
