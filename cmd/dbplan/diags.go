package main

import (
	"bytes"
	"fmt"
	"strconv"

	"github.com/hashicorp/hcl/v2"
)

// diagWidth is the wrap width of diagnostics on a terminal; elsewhere
// (CI logs) lines are not wrapped.
const diagWidth = 100

// writeDiags prints diagnostics to e.stderr with file:line and the source
// snippet, in colour on a terminal (see env.color). files are the
// parsed files of the configuration (config.Config.Files), whose secrets
// are already masked.
func writeDiags(e *env, files map[string]*hcl.File, diags hcl.Diagnostics) {
	if len(diags) == 0 {
		return
	}
	width := uint(0)
	if e.stderrTTY {
		width = diagWidth
	}
	color := e.color(e.stderrTTY)
	shown, omitted := capDiags(diags)
	var b bytes.Buffer
	for _, d := range shown {
		// hcl's writer scans the whole file, grapheme by grapheme, for
		// every snippet; give it only the lines the snippet needs.
		wd, window, skipped := windowed(d, files)
		b.Reset()
		_ = hcl.NewDiagnosticTextWriter(&b, window, width, color).WriteDiagnostic(wd)
		_, _ = e.stderr.Write(renumber(b.Bytes(), skipped))
	}
	if omitted != "" {
		fmt.Fprintf(e.stderr, "%s\n", omitted)
	}
}

// windowed returns d and a files map for rendering it in time
// independent of the file's size: the file is cut to the lines d's
// snippet covers and d's byte offsets are shifted to match; skipped is the
// number of lines cut before them, for renumber. Block context ("in
// postgres_instance …") is still looked up in the whole file.
func windowed(d *hcl.Diagnostic, files map[string]*hcl.File) (_ *hcl.Diagnostic, _ map[string]*hcl.File, skipped int) {
	if d.Subject == nil {
		return d, files, 0
	}
	f := files[d.Subject.Filename]
	snip := *d.Subject
	if d.Context != nil {
		if d.Context.Filename != snip.Filename {
			return d, files, 0
		}
		snip = hcl.RangeOver(snip, *d.Context)
	}
	if f == nil || snip.Start.Byte < 0 || snip.End.Byte > len(f.Bytes) || snip.Start.Byte > snip.End.Byte || snip.Start.Line < 1 {
		return d, files, 0
	}
	src := f.Bytes
	from := bytes.LastIndexByte(src[:snip.Start.Byte], '\n') + 1
	to := len(src)
	// One byte past the end: the writer widens an empty range by one.
	if end := min(snip.End.Byte+1, len(src)); bytes.IndexByte(src[end:], '\n') >= 0 {
		to = end + bytes.IndexByte(src[end:], '\n')
	}
	shift := -from
	out := *d
	out.Subject = shiftRange(d.Subject, shift)
	out.Context = shiftRange(d.Context, shift)
	window := &hcl.File{Body: f.Body, Bytes: printable(src[from:to:to]), Nav: shiftedNav{f.Nav, shift}}
	return &out, map[string]*hcl.File{d.Subject.Filename: window}, snip.Start.Line - 1
}

// renumber adds skipped to the line numbers of the snippet lines ("%4d: "
// between the "  on FILE line N" line and the next empty line) of one
// rendered diagnostic.
func renumber(text []byte, skipped int) []byte {
	if skipped == 0 {
		return text
	}
	lines := bytes.SplitAfter(text, []byte("\n"))
	inSnippet := false
	for i, l := range lines {
		switch {
		case bytes.HasPrefix(l, []byte("  on ")):
			inSnippet = true
			continue
		case len(bytes.TrimSpace(l)) == 0:
			inSnippet = false
		}
		if !inSnippet {
			continue
		}
		colon := bytes.Index(l, []byte(": "))
		if colon < 0 {
			continue
		}
		n, err := strconv.Atoi(string(bytes.TrimSpace(l[:colon])))
		if err != nil {
			continue
		}
		lines[i] = append([]byte(fmt.Sprintf("%4d", n+skipped)), l[colon:]...)
	}
	return bytes.Join(lines, nil)
}

// printable returns b with control characters other than tab, CR and LF
// replaced by '?' (a copy only when needed): a configuration from an
// untrusted pull request must not send escape sequences to the terminal
// or CI log through a source snippet. Byte offsets are unchanged.
func printable(b []byte) []byte {
	var out []byte
	for i, c := range b {
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f {
			if out == nil {
				out = append([]byte(nil), b...)
			}
			out[i] = '?'
		}
	}
	if out == nil {
		return b
	}
	return out
}

func shiftRange(r *hcl.Range, shift int) *hcl.Range {
	if r == nil {
		return nil
	}
	c := *r
	c.Start.Byte += shift
	c.End.Byte += shift
	return &c
}

// shiftedNav answers the writer's block-context question with the byte
// offset mapped back to the whole file.
type shiftedNav struct {
	nav   any
	shift int
}

// ContextString returns the block context at offset in the windowed file.
func (n shiftedNav) ContextString(offset int) string {
	if c, ok := n.nav.(interface{ ContextString(int) string }); ok {
		return c.ContextString(offset - n.shift)
	}
	return ""
}

// maxDiags is the most diagnostics printed (human or JSON). Binary garbage
// or a file in another language yields one per bad token, tens of
// thousands: printing them all takes minutes (each source snippet scans
// the file) and helps nobody.
const maxDiags = 100

// capDiags returns the first maxDiags diagnostics and, when some are left
// out, a line saying how many and of which severity.
func capDiags(diags hcl.Diagnostics) (hcl.Diagnostics, string) {
	if len(diags) <= maxDiags {
		return diags, ""
	}
	rest := diags[maxDiags:]
	errs := 0
	for _, d := range rest {
		if d.Severity == hcl.DiagError {
			errs++
		}
	}
	return diags[:maxDiags], fmt.Sprintf("... and %d more problems not shown (%d errors, %d warnings); fix the ones above and run again.",
		len(rest), errs, len(rest)-errs)
}

// jsonDiagnostic is the JSON form of one diagnostic (validate -json). It is
// part of a versioned document; see validateJSON.
type jsonDiagnostic struct {
	Severity string       `json:"severity"`
	Summary  string       `json:"summary"`
	Detail   string       `json:"detail,omitempty"`
	Range    *jsonRange   `json:"range,omitempty"`
	Snippet  *jsonSnippet `json:"snippet,omitempty"`
}

type jsonRange struct {
	Filename string  `json:"filename"`
	Start    jsonPos `json:"start"`
	End      jsonPos `json:"end"`
}

type jsonPos struct {
	Line   int `json:"line"`
	Column int `json:"column"`
	Byte   int `json:"byte"`
}

// jsonSnippet is the source around a diagnostic, like Terraform's:
// Code holds the whole lines the range covers, starting at StartLine, and
// the highlight offsets are bytes into Code.
type jsonSnippet struct {
	Context              *string `json:"context"`
	Code                 string  `json:"code"`
	StartLine            int     `json:"start_line"`
	HighlightStartOffset int     `json:"highlight_start_offset"`
	HighlightEndOffset   int     `json:"highlight_end_offset"`
}

// jsonDiagnostics converts diagnostics, with snippets from files.
// Only the first maxDiags are converted; the caller counts the rest.
func jsonDiagnostics(files map[string]*hcl.File, diags hcl.Diagnostics) []jsonDiagnostic {
	diags, _ = capDiags(diags)
	out := make([]jsonDiagnostic, 0, len(diags))
	for _, d := range diags {
		j := jsonDiagnostic{Severity: "error", Summary: d.Summary, Detail: d.Detail}
		if d.Severity == hcl.DiagWarning {
			j.Severity = "warning"
		}
		if r := d.Subject; r != nil {
			j.Range = &jsonRange{
				Filename: r.Filename,
				Start:    jsonPos{r.Start.Line, r.Start.Column, r.Start.Byte},
				End:      jsonPos{r.End.Line, r.End.Column, r.End.Byte},
			}
			j.Snippet = snippet(files[r.Filename], *r)
		}
		out = append(out, j)
	}
	return out
}

// snippet extracts the lines of f that r covers, or nil when the range is
// outside the source.
func snippet(f *hcl.File, r hcl.Range) *jsonSnippet {
	if f == nil || r.Start.Byte < 0 || r.End.Byte > len(f.Bytes) || r.Start.Byte > r.End.Byte {
		return nil
	}
	src := f.Bytes
	start := bytes.LastIndexByte(src[:r.Start.Byte], '\n') + 1
	end := r.End.Byte
	if r.End.Byte > r.Start.Byte && r.End.Byte > 0 && src[r.End.Byte-1] == '\n' {
		end = r.End.Byte - 1 // a range ending after a newline covers the line before
	}
	if i := bytes.IndexByte(src[end:], '\n'); i >= 0 {
		end += i
	} else {
		end = len(src)
	}
	end = max(end, start)
	s := &jsonSnippet{
		Code:                 string(bytes.TrimRight(src[start:end], "\r")),
		StartLine:            r.Start.Line,
		HighlightStartOffset: r.Start.Byte - start,
		HighlightEndOffset:   min(r.End.Byte-start, end-start),
	}
	if nav, ok := f.Nav.(interface{ ContextString(int) string }); ok {
		if c := nav.ContextString(r.Start.Byte); c != "" {
			s.Context = &c
		}
	}
	return s
}
