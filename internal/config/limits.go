package config

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Limits on hostile input. A configuration comes from a pull request that
// CI plans, so its shape must not crash dbplan, exhaust its memory or
// stall it: each limit below is far above any real configuration and
// gives a diagnostic that says which one was hit.

// MaxFileSize is the largest configuration, variable or file() input the
// loader reads, in bytes.
const MaxFileSize = 4 << 20

// MaxNesting is the deepest bracket nesting ({, [, () accepted in a file
// or -var value; deeper input is rejected before parsing so that the
// recursive parser cannot exhaust the stack.
const MaxNesting = 256

// MaxExpressionDepth is the deepest expression accepted: brackets plus the
// operators chained in one expression (!!!x, 1+1+…, a.b.c…, a ? b : c ?
// …). The parser and the evaluator recurse once per level, so deeper input
// would exhaust the stack.
const MaxExpressionDepth = 1000

// CheckSource returns a diagnostic when src, the content of the file
// filename, cannot safely be parsed as HCL (see checkSource). Tools that
// parse HCL themselves (dbplan fmt) call it first.
func CheckSource(src []byte, filename string) hcl.Diagnostics {
	if d := checkSource(src, filename, false); d != nil {
		return hcl.Diagnostics{d}
	}
	return nil
}

// checkSource returns a diagnostic when src, the content of the file (or
// -var value) filename, cannot safely be parsed: larger than MaxFileSize,
// brackets nested deeper than MaxNesting, an expression deeper than
// MaxExpressionDepth, or a heredoc that is never closed (the parser takes
// minutes to give up on one in a large file). expr says src is a single
// expression rather than a file.
func checkSource(src []byte, filename string, expr bool) *hcl.Diagnostic {
	if len(src) > MaxFileSize {
		return &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "File too large",
			Detail:   fmt.Sprintf("%s is larger than %d MiB, the most dbplan reads. Split it into several files, or generate the repetition with for_each.", filename, MaxFileSize>>20),
			Subject:  &hcl.Range{Filename: filename, Start: hcl.InitialPos, End: hcl.InitialPos},
		}
	}
	if d := checkNesting(src, filename); d != nil {
		return d
	}
	lex := hclsyntax.LexConfig
	if expr {
		lex = hclsyntax.LexExpression
	}
	toks, _ := lex(src, filename, hcl.InitialPos) // the parser reports lexical errors
	return checkTokens(toks)
}

// checkTokens measures the expression depth of a token stream (see
// MaxExpressionDepth) and finds an unterminated heredoc.
func checkTokens(toks hclsyntax.Tokens) *hcl.Diagnostic {
	// One level per open bracket, quote, heredoc or interpolation, each
	// counting the operators chained at that level since the last
	// separator; the depth is the levels plus every count.
	type level struct {
		open hclsyntax.Token
		ops  int
	}
	stack := []level{{}}
	depth := 0 // the sum of the levels' ops
	for _, t := range toks {
		top := &stack[len(stack)-1]
		switch t.Type {
		case hclsyntax.TokenOBrace, hclsyntax.TokenOBrack, hclsyntax.TokenOParen, hclsyntax.TokenOQuote,
			hclsyntax.TokenOHeredoc, hclsyntax.TokenTemplateInterp, hclsyntax.TokenTemplateControl:
			stack = append(stack, level{open: t})
		case hclsyntax.TokenCBrace, hclsyntax.TokenCBrack, hclsyntax.TokenCParen, hclsyntax.TokenCQuote,
			hclsyntax.TokenCHeredoc, hclsyntax.TokenTemplateSeqEnd:
			if len(stack) > 1 {
				depth -= top.ops
				stack = stack[:len(stack)-1]
			}
		case hclsyntax.TokenComma, hclsyntax.TokenEqual, hclsyntax.TokenFatArrow:
			depth -= top.ops
			top.ops = 0
		case hclsyntax.TokenNewline:
			// A newline ends an expression in a body or an object, not
			// inside parentheses or brackets.
			if o := top.open.Type; o == hclsyntax.TokenNil || o == hclsyntax.TokenOBrace {
				depth -= top.ops
				top.ops = 0
			}
		case hclsyntax.TokenBang, hclsyntax.TokenMinus, hclsyntax.TokenPlus, hclsyntax.TokenStar, hclsyntax.TokenSlash,
			hclsyntax.TokenPercent, hclsyntax.TokenEqualOp, hclsyntax.TokenNotEqual, hclsyntax.TokenLessThan,
			hclsyntax.TokenLessThanEq, hclsyntax.TokenGreaterThan, hclsyntax.TokenGreaterThanEq, hclsyntax.TokenAnd,
			hclsyntax.TokenOr, hclsyntax.TokenQuestion, hclsyntax.TokenDot, hclsyntax.TokenDoubleColon:
			top.ops++
			depth++
		}
		if len(stack)-1+depth > MaxExpressionDepth {
			return &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Expression too deep",
				Detail: fmt.Sprintf("This expression nests or chains more than %d brackets and operators, the most dbplan accepts. "+
					"Split it into local values, or build the repetition with a for expression or for_each.", MaxExpressionDepth),
				Subject: t.Range.Ptr(),
			}
		}
	}
	for _, l := range stack[1:] {
		if l.open.Type == hclsyntax.TokenOHeredoc {
			return &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Unterminated heredoc",
				Detail: fmt.Sprintf("The heredoc that starts here is never closed: add a line holding only its marker (%s).",
					heredocMarker(l.open.Bytes)),
				Subject: l.open.Range.Ptr(),
			}
		}
	}
	return nil
}

// heredocMarker returns the closing marker of a heredoc opener such as
// "<<-EOT\n".
func heredocMarker(open []byte) string {
	m := string(open)
	for _, p := range []string{"<<-", "<<"} {
		if len(m) >= len(p) && m[:len(p)] == p {
			m = m[len(p):]
			break
		}
	}
	for len(m) > 0 && (m[len(m)-1] == '\n' || m[len(m)-1] == '\r') {
		m = m[:len(m)-1]
	}
	return m
}

// checkNesting rejects input whose brackets nest deeper than MaxNesting.
// It counts every bracket, also in strings and comments: only pathological
// input comes near the limit.
func checkNesting(src []byte, name string) *hcl.Diagnostic {
	depth, line, col := 0, 1, 1
	for i, c := range src {
		switch c {
		case '{', '[', '(':
			depth++
			if depth > MaxNesting {
				pos := hcl.Pos{Line: line, Column: col, Byte: i}
				return &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  "Nesting too deep",
					Detail:   fmt.Sprintf("Brackets are nested more than %d levels deep here. Flatten the expression or the blocks.", MaxNesting),
					Subject:  &hcl.Range{Filename: name, Start: pos, End: pos},
				}
			}
		case '}', ']', ')':
			depth = max(depth-1, 0)
		case '\n':
			line, col = line+1, 0
		}
		col++
	}
	return nil
}
