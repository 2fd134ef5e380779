package reportview

import (
	"fmt"
	"io"
	"strings"

	"github.com/dbplan/dbplan/internal/exec"
)

// markdownLimit keeps the document under GitHub's 65,536-character limit
// for comments and step summaries, with room for the truncation note.
const markdownLimit = 60000

// Markdown writes the report for a pull request comment or
// $GITHUB_STEP_SUMMARY: the headline, a table of outcomes per effect
// (creates, changes, deletes; see byEffect), a table per kind (outcomes, calls,
// rate against quota, throttles), a table per account when the run spanned
// several, and a table of every action that did not
// reach its target (address, kind, outcome, code, message, RequestId,
// hint) and, folded, the list of every change made. Past 60,000
// characters the problem table, then the list, is cut with a note
// pointing to the JSON report.
func Markdown(w io.Writer, r *exec.Report) error {
	var b strings.Builder
	fmt.Fprintf(&b, "### dbplan apply\n\n**%s**\n\n", mdEscape(headline(r)))
	if es := byEffect(r); len(es) > 0 {
		b.WriteString("| Effect | Actions | Outcomes |\n|---|---:|---|\n")
		for _, e := range es {
			fmt.Fprintf(&b, "| %s | %d | %s |\n", effectLabel(e.Effect), e.Actions, mdEscape(outcomeCounts(e.Counts)))
		}
		b.WriteString("\n")
	}
	if len(r.Kinds) > 0 {
		b.WriteString("| Kind | Actions | Outcomes | Calls | Rate/s | Quota/s | Throttled |\n|---|---:|---|---:|---:|---:|---:|\n")
		for _, k := range r.Kinds {
			fmt.Fprintf(&b, "| `%s` | %d | %s | %d | %.1f | %.0f | %d |\n",
				k.Kind, k.Actions, mdEscape(outcomeCounts(k.Counts)), k.Calls, k.Rate, k.Quota, k.Throttles)
		}
	}
	if multiAccount(r) {
		b.WriteString("\n| Account | Actions | Outcomes | Calls | Rate/s | Throttled |\n|---|---:|---|---:|---:|---:|\n")
		for _, a := range r.Accounts {
			fmt.Fprintf(&b, "| %s | %d | %s | %d | %.1f | %d |\n",
				mdEscape(accountName(a)), a.Actions, mdEscape(outcomeCounts(a.Counts)), a.Calls, a.Rate, a.Throttles)
		}
	}
	probs := problems(r)
	if len(probs) > 0 {
		b.WriteString("\n#### Not completed\n\n| Address | Kind | Outcome | Code | Message | RequestId | Hint |\n|---|---|---|---|---|---|---|\n")
		for i, a := range probs {
			row := problemRow(a)
			if b.Len()+len(row) > markdownLimit {
				fmt.Fprintf(&b, "\n_%d more rows were cut to keep this under %d characters; see the JSON report (`-report FILE`) for all._\n",
					len(probs)-i, markdownLimit)
				break
			}
			b.WriteString(row)
		}
	}
	if ch := changes(r); len(ch) > 0 {
		fmt.Fprintf(&b, "\n<details><summary>%s</summary>\n\n", changesTitle(len(ch)))
		for i, a := range ch {
			line := "- " + mdCode(changeLine(a)) + "\n"
			if b.Len()+len(line) > markdownLimit {
				fmt.Fprintf(&b, "\n_%d more were cut to keep this under %d characters; see the JSON report (`-report FILE`) for all._\n",
					len(ch)-i, markdownLimit)
				break
			}
			b.WriteString(line)
		}
		b.WriteString("\n</details>\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func problemRow(a exec.ActionResult) string {
	var code, msg, rid, hint string
	if e := a.Err; e != nil {
		code, msg, rid, hint = e.Code, e.Message, e.RequestID, e.Hint
	}
	if a.Detail != "" {
		msg = strings.TrimSpace(msg + " " + a.Detail)
	}
	return fmt.Sprintf("| `%s` | %s | %s | %s | %s | %s | %s |\n", mdEscape(a.Addr), a.Kind, a.Outcome,
		mdEscape(code), mdEscape(msg), mdEscape(rid), mdEscape(hint))
}

// mdEscape makes s safe inside a table cell.
func mdEscape(s string) string {
	s = oneLine(s)
	return strings.NewReplacer("|", `\|`, "<", "&lt;", ">", "&gt;", "`", "'").Replace(s)
}

// mdCode renders s as one inline code span.
func mdCode(s string) string {
	return "`" + strings.ReplaceAll(oneLine(s), "`", "'") + "`"
}
