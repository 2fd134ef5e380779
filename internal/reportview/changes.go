package reportview

import (
	"fmt"
	"strings"

	"github.com/dbplan/dbplan/internal/exec"
	"github.com/dbplan/dbplan/internal/planview"
)

// changes returns the actions that made their change in this run
// (succeeded, or adopted: the object was found as declared after an
// ambiguous answer), in plan order. Every view names each of them: a
// report says what changed, not only how many.
func changes(r *exec.Report) []exec.ActionResult {
	var out []exec.ActionResult
	for _, a := range r.Actions {
		if a.Outcome == exec.Succeeded || a.Outcome == exec.Adopted {
			out = append(out, a)
		}
	}
	return out
}

// changesTitle is "3 changes made" (or "1 change made") for n changes.
func changesTitle(n int) string {
	noun := "changes"
	if n == 1 {
		noun = "change"
	}
	return fmt.Sprintf("%d %s made", n, noun)
}

// changeLine is "+ ADDR (create_account)", with ", adopted" when the
// object was found as declared rather than confirmed by the answer.
func changeLine(a exec.ActionResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s (%s", planview.Symbol(a.Kind), a.Addr, a.Kind)
	if a.Outcome == exec.Adopted {
		b.WriteString(", adopted")
	}
	b.WriteString(")")
	return b.String()
}
