package plan

import (
	"fmt"
	"time"

	"github.com/dbplan/dbplan/internal/config"
)

// Password rotation without state: the cloud reports when a password was
// last set (PasswordUpdateTime; LibraDB only an UpdateTime), the
// configuration says after when it must have been set
// (password_changed_after), and a reset is planned when it was not, or
// when that is unknown. max_password_age adds no action: it reports the
// accounts whose password is older (Plan.StalePasswords).

// unknownTime stands for an unreported time in Before.
const unknownTime = "(unknown)"

// timeText is an API time for Before and messages.
func timeText(t string) string {
	if _, ok := CloudTime(t); !ok {
		return unknownTime
	}
	return quote(t)
}

// lastSetText describes when a password was last set, for reasons.
func lastSetText(t string) string {
	if _, ok := CloudTime(t); !ok {
		return "at an unknown time"
	}
	return "at " + t
}

// diffRotation plans a ResetAccountPassword (or, with CAM on, a
// RefreshAccountPassword) when the account's password was not set after
// its password_changed_after, and reports whether it planned one. A CAM
// change planned for the account replaces it: closing CAM sets the
// configured password; after opening it, the next plan refreshes it if
// still needed. When the API does not report the CAM state, the
// declared cam decides, else whether the account has a password.
func (b *builder) diffRotation(base Action, acc *config.Account, oa *ObservedAccount, instanceID string) bool {
	r := acc.Rotation
	if r == nil || r.ChangedAfter == nil {
		return false
	}
	after := r.ChangedAfter.Format(time.RFC3339)
	if setAfter(oa.PasswordUpdateTime, after) {
		return false
	}
	if acc.CAM != nil && *acc.CAM != oa.CAM && !oa.CAMUnknown {
		if *acc.CAM {
			b.note(Info, base.Addr, fmt.Sprintf("CAM verification of %s is being opened; plan again afterwards to refresh its password, last set %s.", oa.Name, lastSetText(oa.PasswordUpdateTime)))
		}
		return false
	}
	cam := oa.CAM
	if oa.CAMUnknown {
		// The API does not say whether CAM is on: go by the declaration,
		// else by whether there is a password to reset to.
		cam = acc.CAM != nil && *acc.CAM || acc.CAM == nil && acc.PasswordSource == ""
	}
	a := base
	a.Params.PasswordChangedAfter = after
	a.Before = map[string]string{"password_updated": timeText(oa.PasswordUpdateTime)}
	a.After = map[string]string{"password_updated": "(at apply)"}
	a.Precondition = Precondition{Description: fmt.Sprintf("password of %s on %s last set %s", oa.Name, instanceID, lastSetText(oa.PasswordUpdateTime)), Expect: oa.PasswordUpdateTime}
	why := fmt.Sprintf("The password of %s was last set %s, not after password_changed_after %s", oa.Name, lastSetText(oa.PasswordUpdateTime), after)
	if cam {
		a.Kind = RefreshAccountPassword
		a.Reason = why + "; CAM verification is on, so the service sets a new one."
		b.add(a)
		return true
	}
	a.Kind = ResetAccountPassword
	a.Reason = why + "; it is reset to the configured password."
	a.NeedsPassword, a.SecretAddr = true, acc.Addr
	a.After["password"] = passwordMarker
	if b.requirePassword(base.Addr, acc.PasswordSource, acc.Password, r.ChangedAfterRange, "password_changed_after resets its password when older") {
		b.add(a)
	}
	return true
}

// diffLibraRotation plans a ResetLibraDBClusterAccountPassword when the
// account did not change after its password_changed_after (LibraDB
// reports no password time: its UpdateTime, which any change moves, is
// the best bound), and returns the action's ID ("" when none).
func (b *builder) diffLibraRotation(base Action, la *config.LibraAccount, oa *ObservedLibraAccount, key, clusterID string) string {
	r := la.Rotation
	if r == nil || r.ChangedAfter == nil {
		return ""
	}
	after := r.ChangedAfter.Format(time.RFC3339)
	if setAfter(oa.UpdateTime, after) {
		return ""
	}
	a := base
	a.Kind = ResetLibraPassword
	a.Params.PasswordChangedAfter = after
	a.Before = map[string]string{"updated": timeText(oa.UpdateTime)}
	a.After = map[string]string{"updated": "(at apply)", "password": passwordMarker}
	a.Reason = fmt.Sprintf("Account %s last changed %s, not after password_changed_after %s (LibraDB reports no password time); its password is reset to the configured one.", key, lastSetText(oa.UpdateTime), after)
	a.Precondition = Precondition{Description: fmt.Sprintf("LibraDB account %s on %s last changed %s", key, clusterID, lastSetText(oa.UpdateTime)), Expect: oa.UpdateTime}
	a.NeedsPassword, a.SecretAddr = true, la.Addr
	if !b.requirePassword(la.Addr, la.PasswordSource, la.Password, r.ChangedAfterRange, "password_changed_after resets its password when older") {
		return ""
	}
	b.add(a)
	return a.Addr + "#" + ResetLibraPassword.String()
}

// StalePassword is a declared account whose password is older than its
// max_password_age, or whose age is unknown: a compliance finding, not
// an action.
type StalePassword struct {
	// Addr is the account's address.
	Addr string
	// LastSet is the reported time the password was last set (for
	// LibraDB: the account's UpdateTime), "" when unknown.
	LastSet string
	// Basis names the reported field LastSet comes from:
	// "password_update_time" or, for LibraDB, "update_time".
	Basis string
	// AgeDays is the password's age in whole days (0 when unknown).
	AgeDays int
	// MaxAge is the max_password_age as written, e.g. "90d".
	MaxAge string
	// ResetPlanned says this plan resets the password
	// (password_changed_after).
	ResetPlanned bool
}

// Bases of StalePassword.LastSet.
const (
	BasisPasswordUpdateTime = "password_update_time"
	BasisUpdateTime         = "update_time"
)

// checkPasswordAge records a stale password of the declared account at
// addr, last set at lastSet (an API time). It needs BuildOptions.Now.
func (b *builder) checkPasswordAge(addr string, r *config.Rotation, lastSet, basis string, resetPlanned bool) {
	if r == nil || r.MaxAge == 0 || b.p.CreatedAt.IsZero() {
		return
	}
	s := StalePassword{Addr: addr, Basis: basis, MaxAge: r.MaxAgeText, ResetPlanned: resetPlanned}
	if at, ok := CloudTime(lastSet); ok {
		age := b.p.CreatedAt.Sub(at)
		if age <= r.MaxAge {
			return
		}
		s.LastSet, s.AgeDays = lastSet, int(age/(24*time.Hour))
	}
	b.p.StalePasswords = append(b.p.StalePasswords, s)
}
