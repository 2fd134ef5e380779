package planview

import (
	"fmt"
	"io"
	"strings"

	"github.com/dbplan/dbplan/internal/plan"
)

// HumanOptions tune Human. The zero value prints without colour.
type HumanOptions struct {
	// Color adds ANSI colours; set it only when writing to a terminal and
	// -no-color was not given.
	Color bool
}

// Human writes the plan for a person at a terminal: actions grouped per
// instance, read-only group and cluster with +/~/- markers (create,
// update, destroy; green, yellow and red with colour), before -> after
// values (a destroy lists what it removes), reasons and risks; then notes,
// passwords older than max_password_age, unmanaged objects (listed for
// information, never touched) and a final summary line such as
// "Plan: 12 to create, 3 to change, 0 to destroy. 480 unchanged, 7 unmanaged."
// or "No changes. 480 unchanged, 7 unmanaged.". The wording is not a
// machine contract; use JSON for that.
func Human(w io.Writer, p *plan.Plan, opts HumanOptions) error {
	c := palette{on: opts.Color}
	ew := &errWriter{w: w}
	if len(p.Targets) > 0 {
		ew.printf("%s the plan is limited to -target %s; other objects were not compared.\n\n",
			c.warn("Warning:"), strings.Join(p.Targets, ", "))
	}
	if p.HasChanges() {
		legend := fmt.Sprintf("%s create, %s update", c.symbol("+"), c.symbol("~"))
		if p.Summary().Destroy > 0 {
			legend += fmt.Sprintf(", %s destroy", c.symbol("-"))
		}
		ew.printf("dbplan will perform the following actions (%s):\n", legend)
		for _, g := range groupActions(p.Actions) {
			writeHumanGroup(ew, c, g)
		}
		ew.printf("\n")
	}
	if len(p.Notes) > 0 {
		ew.printf("%s\n", c.bold("Notes:"))
		for _, n := range p.Notes {
			label := "info:   "
			if n.Severity == plan.Warning {
				label = c.warn("warning:")
			}
			ew.printf("  %s %s: %s\n", label, n.Addr, n.Message)
		}
		ew.printf("\n")
	}
	if len(p.StalePasswords) > 0 {
		ew.printf("%s\n", c.bold("Passwords older than max_password_age:"))
		for _, sp := range p.StalePasswords {
			ew.printf("  %s %s: %s\n", c.warn("warning:"), sp.Addr, staleText(sp))
		}
		ew.printf("\n")
	}
	if len(p.Unmanaged) > 0 {
		ew.printf("%s\n", c.bold("Unmanaged (exist in the cloud, not declared; dbplan never touches them):"))
		for _, line := range compactUnmanaged(unmanagedByParent(p.Unmanaged)) {
			ew.printf("  %s\n", line)
		}
		ew.printf("\n")
	}
	ew.printf("%s\n", c.bold(summaryLine(p.Summary())))
	return ew.err
}

func writeHumanGroup(ew *errWriter, c palette, g group) {
	ew.printf("\n%s", c.bold(g.addr))
	if g.id != "" {
		ew.printf(" (%s)", g.id)
	}
	ew.printf("\n")
	for _, a := range g.actions {
		ew.printf("  %s %s  %s", c.symbol(Symbol(a.Kind)), relAddr(a.Addr, g.addr), a.Kind.APIAction())
		for _, r := range a.Risks {
			ew.printf("  %s", c.risk("! "+riskLabel(r)))
		}
		ew.printf("\n")
		attrs := attributes(a)
		width := nameWidth(attrs)
		for _, l := range attrs {
			ew.printf("      %s\n", l.String(width))
		}
		if a.Reason != "" {
			ew.printf("      # %s\n", a.Reason)
		}
		if a.NeedsPassword {
			ew.printf("      # Sends the password of %s, read at apply time.\n", a.SecretAddr)
		}
		switch len(a.DependsOn) {
		case 0:
		case 1:
			ew.printf("      # Runs after %s.\n", a.DependsOn[0])
		default:
			ew.printf("      # Runs after %d other actions on the same object.\n", len(a.DependsOn))
		}
		if r := a.Range.String(); r != "" {
			ew.printf("      # Declared at %s.\n", r)
		}
	}
}

// HumanSummary returns the final summary line alone, e.g. for logs.
func HumanSummary(p *plan.Plan) string { return summaryLine(p.Summary()) }
