package config

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// secretName matches the names of attributes, object keys and variables
// whose values are taken to be secrets wherever source is shown: password,
// passwd, passphrase, pwd, pw, secret, token, credential, private and
// names ending in key (secret_key, api_key).
var secretName = regexp.MustCompile(`(?i)pass|pwd|secret|token|credential|private|(^|[_-])pw($|[_-])|key$`)

// IsSecretName reports whether an attribute, object key or variable named
// name is taken to hold a secret when source is shown (see RedactSource).
func IsSecretName(name string) bool { return secretName.MatchString(name) }

// IsVarFile reports whether a file name is a variable file by dbplan's
// naming rule (*.vars.hcl, which Load does not read as configuration).
func IsVarFile(name string) bool { return strings.HasSuffix(name, ".vars.hcl") }

// RedactSource returns src (the content of the file filename) with the
// values a reader of a diagnostic snippet or a diff must not see replaced
// by asterisks: in a variable file (IsVarFile) every value; elsewhere the
// value of every attribute or object key named like a secret
// (IsSecretName) and the default of a sensitive variable, unless it is a
// plain reference such as var.app_password, which holds no secret. Byte
// offsets and line breaks are unchanged, so positions and line numbers
// stay valid. When src does not parse, the arguments named like secrets
// are found line by line (a multi-line value is then masked only on its
// first line).
func RedactSource(src []byte, filename string) []byte {
	f, diags := hclsyntax.ParseConfig(src, filename, hcl.InitialPos)
	var body *hclsyntax.Body
	if !diags.HasErrors() {
		body, _ = f.Body.(*hclsyntax.Body)
	}
	return redact(src, body, IsVarFile(filename))
}

// redact implements RedactSource with src already parsed into body (nil
// when it did not parse).
func redact(src []byte, body *hclsyntax.Body, varFile bool) []byte {
	if varFile {
		return []byte(maskValues(string(src)))
	}
	if body == nil {
		return maskSecretLines(src)
	}
	var out []byte
	mask := func(r hcl.Range) {
		if r.Start.Byte < 0 || r.End.Byte > len(src) || r.Start.Byte >= r.End.Byte {
			return
		}
		if out == nil {
			out = append([]byte(nil), src...)
		}
		maskBytes(out[r.Start.Byte:r.End.Byte])
	}
	_ = hclsyntax.VisitAll(body, func(n hclsyntax.Node) hcl.Diagnostics {
		switch n := n.(type) {
		case *hclsyntax.Attribute:
			if IsSecretName(n.Name) && !isReference(n.Expr) {
				mask(n.Expr.Range())
			}
		case *hclsyntax.ObjectConsExpr:
			for _, item := range n.Items {
				if k := hcl.ExprAsKeyword(item.KeyExpr); IsSecretName(k) || IsSecretName(literalKey(item.KeyExpr)) {
					if !isReference(item.ValueExpr) {
						mask(item.ValueExpr.Range())
					}
				}
			}
		case *hclsyntax.Block:
			if n.Type == "variable" && sensitiveDecl(n.Body) {
				if d := n.Body.Attributes["default"]; d != nil {
					mask(d.Expr.Range())
				}
			}
		}
		return nil
	})
	if out == nil {
		return src
	}
	return out
}

// isReference reports whether expr is a plain reference (var.x,
// local.y["k"]), which names a value without holding it.
func isReference(expr hclsyntax.Expression) bool {
	_, ok := expr.(*hclsyntax.ScopeTraversalExpr)
	return ok
}

// literalKey returns the text of a quoted object key ("password" = …).
func literalKey(expr hclsyntax.Expression) string {
	if k, ok := expr.(*hclsyntax.ObjectConsKeyExpr); ok {
		expr = k.Wrapped
	}
	t, ok := expr.(*hclsyntax.TemplateExpr)
	if !ok || len(t.Parts) != 1 {
		return ""
	}
	lit, ok := t.Parts[0].(*hclsyntax.LiteralValueExpr)
	if !ok || !lit.Val.IsKnown() || lit.Val.IsNull() || !lit.Val.Type().Equals(cty.String) {
		return ""
	}
	return lit.Val.AsString()
}

// sensitiveDecl reports whether a variable block says sensitive = true.
func sensitiveDecl(body *hclsyntax.Body) bool {
	a := body.Attributes["sensitive"]
	if a == nil {
		return false
	}
	v, diags := a.Expr.Value(nil)
	return !diags.HasErrors() && v.IsKnown() && !v.IsNull() && v.Type().Equals(cty.Bool) && v.True()
}

// maskBytes replaces every byte of b but whitespace by an asterisk.
func maskBytes(b []byte) {
	for i, c := range b {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			b[i] = '*'
		}
	}
}

// argumentPrefix matches the "name =" (or "name:", "\"name\" =") start of
// an argument line; the name is the second group.
var argumentPrefix = regexp.MustCompile(`^\s*("?)([A-Za-z_][A-Za-z0-9_-]*)("?)\s*[=:]`)

// maskValues replaces every byte of src that is not whitespace or the
// "name =" start of an argument line by an asterisk, so a snippet of a
// variable file shows where the problem is but no value.
func maskValues(src string) string {
	return string(maskLines([]byte(src), func(string) bool { return true }))
}

// maskSecretLines masks, on every argument line whose name is IsSecretName,
// everything after the "name =".
func maskSecretLines(src []byte) []byte {
	return maskLines(src, IsSecretName)
}

// maskLines returns a copy of src in which each line is masked after its
// "name =" start when secret(name), and whole (but whitespace) when it is
// no argument line and secret("") holds.
func maskLines(src []byte, secret func(name string) bool) []byte {
	out := append([]byte(nil), src...)
	start := 0
	for start < len(out) {
		end := len(out)
		if i := bytes.IndexByte(out[start:], '\n'); i >= 0 {
			end = start + i + 1
		}
		line := out[start:end]
		keep := 0
		m := argumentPrefix.FindSubmatchIndex(line)
		switch {
		case m != nil:
			keep = m[1]
			if !secret(string(line[m[4]:m[5]])) {
				keep = len(line)
			}
		case !secret(""):
			keep = len(line)
		}
		maskBytes(line[keep:])
		start = end
	}
	return out
}
