package planview

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/dbplan/dbplan/internal/plan"
)

// MarkdownMarker is the first line of a Markdown plan made without a
// root or comment id (see Marker): a hidden HTML comment CI uses to find
// and edit its previous comment in place.
const MarkdownMarker = "<!-- dbplan-plan -->"

// Marker returns the first line of a Markdown plan for the configuration
// root and comment id (either may be ""): a hidden HTML comment that is the
// same for every plan of that root and id, and differs between roots and
// ids, so CI can edit the comment of its own root and leave the others.
// Characters other than letters, digits and "._/-" are percent-encoded,
// as is a '-' after a '-', so no value can end the comment.
func Marker(root, id string) string {
	if root == "" && id == "" {
		return MarkdownMarker
	}
	var b strings.Builder
	b.WriteString("<!-- dbplan-plan")
	if root != "" {
		b.WriteString(" root=" + markerEscape(root))
	}
	if id != "" {
		b.WriteString(" id=" + markerEscape(id))
	}
	b.WriteString(" -->")
	return b.String()
}

func markerEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		safe := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '/' ||
			c == '-' && (i == 0 || s[i-1] != '-')
		if safe {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// DefaultMaxBytes keeps a comment well under GitHub's 65,536-character
// limit.
const DefaultMaxBytes = 60000

// maxCallout bounds each risk call-out list; the full list is in the
// details and the JSON output.
const maxCallout = 50

// MarkdownOptions tune Markdown. The zero value is usable.
type MarkdownOptions struct {
	// MaxBytes bounds the output (DefaultMaxBytes when 0). Per-object
	// details, notes and the unmanaged list are left out, with a note,
	// to stay under it; the summary and call-outs are always kept.
	MaxBytes int
	// FullPlanHint says where the complete plan is when the comment is
	// shortened, e.g. a CI artifact link; default: the -json output.
	FullPlanHint string
	// Root is the configuration directory the plan is of, as the command
	// line named it; with CommentID it makes the marker (Marker) and the
	// heading, so several roots of one repository keep separate comments.
	// "" leaves it out; "." is kept in the marker only.
	Root string
	// CommentID tells apart comments of one root (e.g. one per
	// environment); "" for none.
	CommentID string
}

// Markdown writes the plan as a pull-request comment: MarkdownMarker on
// the first line, a summary table, call-outs for risky changes (public
// exposure, tencentDBSuper accounts, CAM changes, removed access), notes, per-object
// details folded in <details>, and unmanaged objects. The output stays
// under opts.MaxBytes. The wording is not a machine contract.
func Markdown(w io.Writer, p *plan.Plan, opts MarkdownOptions) error {
	limit := opts.MaxBytes
	if limit <= 0 {
		limit = DefaultMaxBytes
	}
	hint := opts.FullPlanHint
	if hint == "" {
		hint = "the JSON output (`dbplan plan -json`)"
	}
	var head strings.Builder
	writeMarkdownHead(&head, p, opts)

	blocks := markdownBlocks(p)
	var body strings.Builder
	room := limit - head.Len() - len(truncationNote(limit, len(blocks), len(blocks), hint))
	kept := 0
	for _, b := range blocks {
		if body.Len()+len(b) > room {
			break
		}
		body.WriteString(b)
		kept++
	}
	ew := &errWriter{w: w}
	ew.printf("%s%s", head.String(), body.String())
	if kept < len(blocks) {
		ew.printf("%s", truncationNote(limit, len(blocks)-kept, len(blocks), hint))
	}
	return ew.err
}

func truncationNote(limit, omitted, total int, hint string) string {
	return fmt.Sprintf("\n> [!NOTE]\n> This comment was shortened to stay under %d characters: %d of %d detail sections were left out. The full plan is in %s.\n", limit, omitted, total, hint)
}

func writeMarkdownHead(b *strings.Builder, p *plan.Plan, opts MarkdownOptions) {
	s := p.Summary()
	title := "dbplan plan"
	if opts.Root != "" && opts.Root != "." {
		title += ": " + code(opts.Root)
	}
	if opts.CommentID != "" {
		title += " (" + escapeText(opts.CommentID) + ")"
	}
	fmt.Fprintf(b, "%s\n## %s\n\n**%s**\n\n", Marker(opts.Root, opts.CommentID), title, summaryLine(s))
	if len(p.Targets) > 0 {
		fmt.Fprintf(b, "Limited to -target %s; other objects were not compared.\n\n", codeList(p.Targets))
	}
	if p.HasChanges() {
		b.WriteString("| | Action | API call | Count |\n|---|---|---|--:|\n")
		counts := map[plan.Kind]int{}
		for _, a := range p.Actions {
			counts[a.Kind]++
		}
		for _, k := range plan.Kinds() {
			if counts[k] > 0 {
				fmt.Fprintf(b, "| `%s` | %s | %s | %d |\n", Symbol(k), k, k.APIAction(), counts[k])
			}
		}
		b.WriteString("\n")
	}
	for _, r := range risks {
		callout(b, p, r)
	}
	if n := len(p.StalePasswords); n > 0 {
		fmt.Fprintf(b, "> [!WARNING]\n> **Password age**: %d account(s) have a password older than their max_password_age (or of unknown age):\n", n)
		for i, sp := range p.StalePasswords {
			if i == maxCallout {
				fmt.Fprintf(b, "> - … and %d more (see the JSON output)\n", n-maxCallout)
				break
			}
			fmt.Fprintf(b, "> - %s: %s\n", code(sp.Addr), escapeText(staleText(sp)))
		}
		b.WriteString("\n")
	}
}

// callout writes a GitHub alert listing the actions carrying risk r.
func callout(b *strings.Builder, p *plan.Plan, r riskView) {
	var hits []plan.Action
	for _, a := range p.Actions {
		if slices.Contains(a.Risks, r.name) {
			hits = append(hits, a)
		}
	}
	if len(hits) == 0 {
		return
	}
	fmt.Fprintf(b, "> [!%s]\n> **%s**: %d object(s) %s:\n", r.alert, r.title, len(hits), r.what)
	for i, a := range hits {
		if i == maxCallout {
			fmt.Fprintf(b, "> - … and %d more (see the details and the JSON output)\n", len(hits)-maxCallout)
			break
		}
		fmt.Fprintf(b, "> - %s (%s on %s)\n", code(a.Addr), a.Kind.APIAction(), cloudID(a.Target))
	}
	b.WriteString("\n")
}

// markdownBlocks returns the optional sections, each self-contained, in
// output order; Markdown keeps as many as fit.
func markdownBlocks(p *plan.Plan) []string {
	var blocks []string
	for i, n := range p.Notes {
		var b strings.Builder
		if i == 0 {
			b.WriteString("### Notes\n\n")
		}
		label := "ℹ️"
		if n.Severity == plan.Warning {
			label = "⚠️"
		}
		fmt.Fprintf(&b, "- %s %s: %s\n", label, code(n.Addr), escapeText(n.Message))
		if i == len(p.Notes)-1 {
			b.WriteString("\n")
		}
		blocks = append(blocks, b.String())
	}
	for i, g := range groupActions(p.Actions) {
		var b strings.Builder
		if i == 0 {
			b.WriteString("### Details\n\n")
		}
		writeMarkdownGroup(&b, g)
		blocks = append(blocks, b.String())
	}
	if len(p.Unmanaged) > 0 {
		var b strings.Builder
		fmt.Fprintf(&b, "<details><summary>%d unmanaged object(s): exist in the cloud, not declared; never touched</summary>\n\n", len(p.Unmanaged))
		parents, items := unmanagedByParent(p.Unmanaged)
		for _, parent := range parents {
			fmt.Fprintf(&b, "- %s: %s\n", code(parent), escapeText(strings.Join(items[parent], ", ")))
		}
		b.WriteString("\n</details>\n")
		blocks = append(blocks, b.String())
	}
	return blocks
}

func writeMarkdownGroup(b *strings.Builder, g group) {
	n := map[plan.Effect]int{}
	for _, a := range g.actions {
		n[a.Kind.Effect()]++
	}
	fmt.Fprintf(b, "<details><summary><code>%s</code>", escapeText(g.addr))
	if g.id != "" {
		fmt.Fprintf(b, " (%s)", escapeText(g.id))
	}
	fmt.Fprintf(b, ": %d to create, %d to change", n[plan.EffectCreate], n[plan.EffectUpdate])
	if n[plan.EffectDelete] > 0 {
		fmt.Fprintf(b, ", %d to destroy", n[plan.EffectDelete])
	}
	b.WriteString("</summary>\n\n")
	var d strings.Builder
	for _, a := range g.actions {
		fmt.Fprintf(&d, "%s %s  %s", Symbol(a.Kind), relAddr(a.Addr, g.addr), a.Kind.APIAction())
		for _, r := range a.Risks {
			fmt.Fprintf(&d, "  ! %s", riskLabel(r))
		}
		d.WriteString("\n")
		attrs := attributes(a)
		width := nameWidth(attrs)
		for _, l := range attrs {
			if l.sign != "" {
				// The sign first, so the diff block colours the line.
				fmt.Fprintf(&d, "%s   %s\n", l.sign, l.String(width)[2:])
				continue
			}
			fmt.Fprintf(&d, "    %s\n", l.String(width))
		}
		if a.Reason != "" {
			fmt.Fprintf(&d, "    # %s\n", a.Reason)
		}
	}
	fence := fenceFor(d.String())
	fmt.Fprintf(b, "%sdiff\n%s%s\n\n</details>\n\n", fence, d.String(), fence)
}

// escapeText keeps text from opening HTML (or closing the hidden marker
// comment) in a comment; Markdown renders the entities.
func escapeText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// longestBacktickRun returns the length of the longest run of backticks
// in s.
func longestBacktickRun(s string) int {
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return longest
}

// fenceFor returns a code fence longer than any backtick run in s.
func fenceFor(s string) string {
	return strings.Repeat("`", max(3, longestBacktickRun(s)+1))
}

// code renders s as inline code, safe whatever backticks s holds.
func code(s string) string {
	longest := longestBacktickRun(s)
	ticks := strings.Repeat("`", longest+1)
	if longest > 0 {
		return ticks + " " + s + " " + ticks
	}
	return ticks + s + ticks
}

func codeList(ss []string) string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = code(s)
	}
	return strings.Join(parts, ", ")
}
