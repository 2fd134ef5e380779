// Package secret holds write-only values such as account passwords so that
// they cannot reach output by accident: every formatting path (fmt verbs,
// JSON, text marshalling, slog) prints a redaction marker, and the plain
// text is reachable only through Reveal, which call sites use exactly where
// the value goes on the wire.
package secret

import (
	"fmt"
	"log/slog"
)

// Redacted is what every formatting path prints instead of a secret.
const Redacted = "(sensitive)"

// Value is a possibly-absent secret. The zero Value is absent. Values are
// immutable and safe to copy.
type Value struct {
	v   string
	set bool
}

// New returns a present secret holding s.
func New(s string) Value { return Value{v: s, set: true} }

// IsSet reports whether the secret has a value (possibly empty).
func (v Value) IsSet() bool { return v.set }

// Reveal returns the plain text. Call it only where the value is handed to
// the API; never pass the result to a logger or printer.
func (v Value) Reveal() string { return v.v }

// String returns Redacted (or "(absent)" when unset), never the plain text.
func (v Value) String() string {
	if !v.set {
		return "(absent)"
	}
	return Redacted
}

// GoString keeps %#v from printing the plain text.
func (v Value) GoString() string { return v.String() }

// Format keeps every fmt verb (%s, %v, %q, %x, %+v …) from printing the
// plain text.
func (v Value) Format(f fmt.State, verb rune) { _, _ = f.Write([]byte(v.String())) }

// MarshalJSON encodes the redaction marker, never the plain text.
func (v Value) MarshalJSON() ([]byte, error) { return []byte(`"` + v.String() + `"`), nil }

// MarshalText encodes the redaction marker, never the plain text.
func (v Value) MarshalText() ([]byte, error) { return []byte(v.String()), nil }

// LogValue makes slog print the redaction marker.
func (v Value) LogValue() slog.Value { return slog.StringValue(v.String()) }
