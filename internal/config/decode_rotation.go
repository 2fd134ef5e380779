package config

import (
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/hashicorp/hcl/v2"
)

// reMaxAge is the max_password_age syntax: a whole number of hours,
// days or weeks.
var reMaxAge = regexp.MustCompile(`^([0-9]{1,5})([hdw])$`)

// ParseMaxAge parses a max_password_age such as "90d", "12w" or "36h".
func ParseMaxAge(s string) (time.Duration, error) {
	m := reMaxAge.FindStringSubmatch(s)
	if m == nil {
		return 0, fmt.Errorf("%q is not a duration such as \"90d\": write a whole number followed by h (hours), d (days) or w (weeks)", s)
	}
	n, _ := strconv.Atoi(m[1])
	if n == 0 {
		return 0, fmt.Errorf("%q is zero: every password would be too old", s)
	}
	unit := map[string]time.Duration{"h": time.Hour, "d": 24 * time.Hour, "w": 7 * 24 * time.Hour}[m[2]]
	return time.Duration(n) * unit, nil
}

// maxAgeAttr decodes an optional max_password_age attribute.
func (l *loader) maxAgeAttr(attrs hcl.Attributes, ctx *hcl.EvalContext) (time.Duration, string) {
	s, a, ok := l.stringAttr(attrs, "max_password_age", ctx)
	if !ok {
		return 0, ""
	}
	d, err := ParseMaxAge(s)
	if err != nil {
		l.errorf(a.Expr.Range(), "Invalid max_password_age", "%s.", capitalize(err.Error()))
		return 0, ""
	}
	return d, s
}

// decodeRotation decodes an account's password_changed_after and
// max_password_age; inherited is the max_password_age of its instance or
// cluster (0 for none), which the account's own overrides. hasPassword
// says a password will be available at apply; without one a
// password_changed_after is an error unless mayRefresh (a PostgreSQL
// account not declared cam = false: if CAM is on, the reset needs no
// password; Build decides once it sees the account).
func (l *loader) decodeRotation(attrs hcl.Attributes, ctx *hcl.EvalContext, inherited time.Duration, inheritedText string, hasPassword, mayRefresh bool) *Rotation {
	r := &Rotation{MaxAge: inherited, MaxAgeText: inheritedText}
	if d, text := l.maxAgeAttr(attrs, ctx); d > 0 {
		r.MaxAge, r.MaxAgeText = d, text
	}
	if s, a, ok := l.stringAttr(attrs, "password_changed_after", ctx); ok {
		r.ChangedAfterRange = a.Expr.Range()
		t, err := time.Parse(time.RFC3339, s)
		now := time.Now
		if l.opts.Now != nil {
			now = l.opts.Now
		}
		switch {
		case err != nil:
			l.errorf(a.Expr.Range(), "Invalid password_changed_after", "%q is not a time in RFC 3339 form. Write the date, time and zone, for example \"2026-12-01T00:00:00+08:00\".", s)
		case t.After(now()):
			l.errorf(a.Expr.Range(), "password_changed_after in the future", "%s is in the future: every apply until then would reset the password again. Use the time the new password was decided, for example now.", s)
		case !hasPassword && !mayRefresh:
			l.errorf(a.Expr.Range(), "Password required", "password_changed_after resets the password when it is older, so the account needs the new one: set password = var.NAME (a sensitive variable) or password = env(\"NAME\") in this block.")
		default:
			r.ChangedAfter = &t
		}
	}
	if r.ChangedAfter == nil && r.MaxAge == 0 {
		return nil
	}
	return r
}
