package plan

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/dbplan/dbplan/internal/config"
)

// BuildOptions tune Build. The zero value plans everything and leaves
// CreatedAt zero.
type BuildOptions struct {
	// Targets limits the plan to addresses equal to, or continuing with
	// "." or "[", one of these prefixes (the -target flag). Empty means
	// everything.
	Targets []string
	// Now is recorded as Plan.CreatedAt, and password ages
	// (max_password_age) are computed at it; Build never reads the
	// clock. Zero skips the age checks.
	Now time.Time
}

// Build compares the desired state cfg with the observed state obs and
// returns the plan. It is pure (no I/O, no goroutines, no printing) and
// deterministic: Actions are sorted by Addr then Kind, Unmanaged by
// Parent, Kind and Name, Notes by Addr then Message.
//
// Problems that make the plan unusable (an instance, group or cluster
// that does not exist, a type change, an account declared twice for one
// instance, a missing password source) are error diagnostics whose
// Subject is the declaring block; the returned plan is then incomplete
// and must not be applied. Warnings that do not block planning are Notes.
// cfg and obs are only read; a nil obs is treated as an empty cloud.
func Build(cfg *config.Config, obs *Observed, opts BuildOptions) (*Plan, hcl.Diagnostics) {
	if obs == nil {
		obs = &Observed{}
	}
	b := &builder{
		obs:     obs,
		targets: newTargets(opts.Targets),
		p: &Plan{
			ConfigDigest: cfg.Digest,
			CreatedAt:    opts.Now,
			Targets:      slices.Sorted(slices.Values(opts.Targets)),
		},
		hosts:     map[string]*instanceUse{},
		groupLive: map[string]int{},
	}
	b.buildInstances(cfg.Instances)
	b.buildROGroups(cfg.ROGroups)
	b.buildLibraClusters(cfg.LibraClusters)
	b.noteUnmatchedTargets()
	b.sortResults()
	addDependencies(b.p.Actions, b.groupLive)
	if err := checkNoRecreate(b.p.Actions); err != nil {
		b.diags = append(b.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Internal error: an object deleted and created",
			Detail: fmt.Sprintf("%s. dbplan never plans this; please report it with the configuration.", capitalizeFirst(err.Error()))})
	}
	b.p.ObjectDigests = touchedDigests(b.p.Actions, cfg.Meanings())
	return b.p, b.diags
}

// builder carries the state of one Build call.
type builder struct {
	obs     *Observed
	targets *targets
	p       *Plan
	diags   hcl.Diagnostics
	// hosts records, per instance id, what every instance block declares
	// on it, to find duplicates and unmanaged accounts.
	hosts map[string]*instanceUse
	// groupLive counts, per read-only group id, the networks the group
	// has (see liveNetworks), to order its network actions.
	groupLive map[string]int
}

// add appends a planned action, with its ID and the risks its kind
// always carries (Spec.Risks) ahead of those Build found.
func (b *builder) add(a Action) {
	a.ID = a.Addr + "#" + a.Kind.String()
	for i, r := range a.Kind.Spec().Risks {
		if !slices.Contains(a.Risks, r) {
			a.Risks = slices.Insert(a.Risks, i, r)
		}
	}
	b.p.Actions = append(b.p.Actions, a)
}

func (b *builder) note(sev Severity, addr, msg string) {
	b.p.Notes = append(b.p.Notes, Note{Severity: sev, Addr: addr, Message: msg})
}

func (b *builder) errorAt(rng hcl.Range, summary, detail string) {
	r := rng
	b.diags = append(b.diags, &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  summary,
		Detail:   detail,
		Subject:  &r,
	})
}

func (b *builder) unmanaged(parent, kind, name string) {
	b.p.Unmanaged = append(b.p.Unmanaged, Unmanaged{Parent: parent, Kind: kind, Name: name})
}

func (b *builder) sortResults() {
	slices.SortFunc(b.p.Actions, func(x, y Action) int {
		return cmp.Or(cmp.Compare(x.Addr, y.Addr), cmp.Compare(x.Kind, y.Kind))
	})
	slices.SortFunc(b.p.Unmanaged, func(x, y Unmanaged) int {
		return cmp.Or(cmp.Compare(x.Parent, y.Parent), cmp.Compare(x.Kind, y.Kind), cmp.Compare(x.Name, y.Name))
	})
	slices.SortFunc(b.p.StalePasswords, func(x, y StalePassword) int { return cmp.Compare(x.Addr, y.Addr) })
	slices.SortStableFunc(b.p.Notes, func(x, y Note) int {
		return cmp.Or(cmp.Compare(x.Addr, y.Addr), cmp.Compare(x.Message, y.Message))
	})
	b.p.Notes = slices.Compact(b.p.Notes)
	// Diagnostics read best in source order, like the loader's.
	slices.SortStableFunc(b.diags, func(x, y *hcl.Diagnostic) int {
		if x.Subject == nil || y.Subject == nil {
			return 0
		}
		return cmp.Or(cmp.Compare(x.Subject.Filename, y.Subject.Filename), cmp.Compare(x.Subject.Start.Line, y.Subject.Start.Line), cmp.Compare(x.Subject.Start.Column, y.Subject.Start.Column))
	})
}

// rangeOf converts a declaring block's range to the plan's portable form.
func rangeOf(r hcl.Range) Range {
	return Range{Filename: r.Filename, Line: r.Start.Line, Column: r.Start.Column}
}

func quote(s string) string { return fmt.Sprintf("%q", s) }

func capitalizeFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func boolText(v bool) string {
	if v {
		return "true"
	}
	return "false"
}
