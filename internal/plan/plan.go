// Package plan turns a desired state (internal/config) and an observed
// state (Observed, read by the refresh subpackage) into a Plan: the
// actions apply must take. Building a plan is pure: no I/O, no goroutines,
// no printing, and the result is deterministic (actions sorted by address,
// then kind). Rendering lives in internal/planview.
package plan

import "time"

// FormatVersion is the version of the saved plan file format. It changes
// when a plan file written by one version can no longer be read correctly
// by another.
//
// Version 2 records the digests of the objects a plan touches
// (ObjectDigests) instead of relying on a digest of the configuration's
// bytes.
const FormatVersion = "2"

// Plan is the result of comparing desired and observed state.
type Plan struct {
	// DbplanVersion is the version of the dbplan that made the plan (set
	// by the caller); apply refuses a plan made by another version, whose
	// rules for planning may differ.
	DbplanVersion string
	// ConfigDigest is config.Config.Digest at plan time: a digest of the
	// configuration's bytes, for information (apply checks ObjectDigests).
	ConfigDigest string
	// ObjectDigests holds the digest of the desired state
	// (config.Config.Meanings) of every declared object the actions touch,
	// keyed by declared address; apply refuses the plan when one of them
	// changed (CheckDigests).
	ObjectDigests map[string]string
	// ConfigDir is the configuration directory the plan was made from, as
	// the command line named it (relative to the working directory then,
	// or absolute). Apply of a saved plan reloads the configuration from
	// there (for its secrets and the digest check) unless told otherwise.
	// Set by the caller; Build leaves it empty.
	ConfigDir string
	// ConfigDirAbs is the same directory as an absolute path, for an
	// apply run from another working directory on the same machine.
	ConfigDirAbs string
	// CreatedAt is when the plan was built (set by the caller).
	CreatedAt time.Time
	// Actions are sorted by Addr, then Kind.
	Actions []Action
	// Unmanaged lists objects that exist but are not declared; they are
	// never touched.
	Unmanaged []Unmanaged
	// Unchanged counts declared objects already in their desired state.
	Unchanged int
	// Notes are informational or warning remarks (in-progress flows,
	// instances whose status blocks changes, passwords needed at apply).
	Notes []Note
	// Targets are the -target address prefixes the plan was limited to
	// (empty: everything).
	Targets []string
	// StalePasswords are the declared accounts whose password is older
	// than their max_password_age (or of unknown age), sorted by address.
	// They are warnings, not actions.
	StalePasswords []StalePassword
}

// Unmanaged is an object found in the cloud that no block declares.
type Unmanaged struct {
	// Parent is the address of the declared object it belongs to.
	Parent string
	// Kind is "account", "network" or "libradb_account".
	Kind string
	// Name identifies it within the parent (user name, "vpc/subnet/vip",
	// "name@host").
	Name string
}

// Severity grades a Note.
type Severity int

// Note severities.
const (
	Info Severity = iota
	Warning
)

// String returns "info" or "warning".
func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "info"
}

// ParseSeverity is the inverse of Severity.String.
func ParseSeverity(s string) (Severity, bool) {
	switch s {
	case "info":
		return Info, true
	case "warning":
		return Warning, true
	}
	return Info, false
}

// Note is a remark attached to an address.
type Note struct {
	Severity Severity
	Addr     string
	Message  string
}

// Summary counts a plan's actions by effect.
type Summary struct {
	Create, Change, Destroy int
	Unchanged, Unmanaged    int
}

// Summary returns the plan's counts.
func (p *Plan) Summary() Summary {
	s := Summary{Unchanged: p.Unchanged, Unmanaged: len(p.Unmanaged)}
	for _, a := range p.Actions {
		switch a.Kind.Effect() {
		case EffectCreate:
			s.Create++
		case EffectUpdate:
			s.Change++
		case EffectDelete:
			s.Destroy++
		}
	}
	return s
}

// HasChanges reports whether the plan has any action.
func (p *Plan) HasChanges() bool { return len(p.Actions) > 0 }
