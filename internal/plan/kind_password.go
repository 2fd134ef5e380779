package plan

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/config"
	"github.com/dbplan/dbplan/internal/secret"
)

// The password rotation kinds. A reset is planned when the password was
// last set before the configured password_changed_after (or when that is
// unknown) and is done once it was set after it, so one reviewed change
// (a new secret and a new date) rotates it, statelessly.

var resetPasswordSpec = Spec{
	Name: "reset_account_password", API: "ResetAccountPassword", Effect: EffectUpdate, Object: ObjectAccount,
	Risks: []string{RiskPasswordReset}, Check: checkPasswordReset, Implied: impliedReset(false),
	Send: func(ctx context.Context, w Writer, a *Action, pw secret.Value) (int64, error) {
		return syncSend(w.ResetAccountPassword(ctx, apiclient.ResetAccountPasswordRequest{
			DBInstanceId: a.Target.InstanceID, UserName: a.Target.UserName, Password: pw}))
	},
}

var refreshPasswordSpec = Spec{
	Name: "refresh_account_password", API: "RefreshAccountPassword", Effect: EffectUpdate, Object: ObjectAccount,
	Risks: []string{RiskPasswordReset}, Check: checkPasswordReset, Implied: impliedReset(true),
	Send: func(ctx context.Context, w Writer, a *Action, _ secret.Value) (int64, error) {
		return syncSend(w.RefreshAccountPassword(ctx, apiclient.RefreshAccountPasswordRequest{
			DBInstanceId: a.Target.InstanceID, UserName: a.Target.UserName}))
	},
}

var resetLibraPasswordSpec = Spec{
	Name: "reset_libradb_account_password", API: "ResetLibraDBClusterAccountPassword", Effect: EffectUpdate,
	Object: ObjectLibraAccount, Risks: []string{RiskPasswordReset}, Check: checkLibraPasswordReset, Implied: impliedLibraReset,
	Send: func(ctx context.Context, w Writer, a *Action, pw secret.Value) (int64, error) {
		t := a.Target
		return syncSend(w.ResetLibraDBClusterAccountPassword(ctx, apiclient.ResetLibraDBClusterAccountPasswordRequest{
			ClusterId: t.ClusterID, AccountName: t.UserName, Host: t.Host, AccountPassword: pw}))
	},
}

// cloudZone is the zone of the API's "YYYY-MM-DD hh:mm:ss" times: China
// Standard Time (UTC+8). The reference does not say; the console and the
// examples use Beijing time (UNCONFIRMED for the international site).
var cloudZone = time.FixedZone("UTC+8", 8*3600)

// CloudTime parses an API time ("YYYY-MM-DD hh:mm:ss", UTC+8); ok is
// false for "" and "0000-00-00 00:00:00" (unknown) or an unreadable one.
func CloudTime(s string) (t time.Time, ok bool) {
	if s == "" || s == "0000-00-00 00:00:00" {
		return time.Time{}, false
	}
	t, err := time.ParseInLocation(time.DateTime, s, cloudZone)
	return t, err == nil
}

// setAfter reports whether the password set at the API time changed was
// set at or after the RFC 3339 time after (at one-second precision, the
// API's): false when either is unknown.
func setAfter(changed, after string) bool {
	at, ok := CloudTime(changed)
	want, err := time.Parse(time.RFC3339, after)
	return ok && err == nil && !at.Before(want.Truncate(time.Second))
}

// checkPasswordReset re-checks a PostgreSQL reset or refresh: Done when
// the password was set after password_changed_after, Drifted when the
// account is gone or its CAM state no longer fits the call (a reset needs
// CAM off, a refresh CAM on).
func checkPasswordReset(a *Action, obs *Observed) PreconditionResult {
	oa, res, ok := observedAccount(a, obs)
	if !ok {
		return res
	}
	switch refresh := a.Kind == RefreshAccountPassword; {
	case setAfter(oa.PasswordUpdateTime, a.Params.PasswordChangedAfter):
		return done("The password of %s was set at %s, after %s.", oa.Name, oa.PasswordUpdateTime, a.Params.PasswordChangedAfter)
	case refresh && !oa.CAM && !oa.CAMUnknown:
		return drifted("CAM verification of %s is off now: its password is reset, not refreshed; plan again.", oa.Name)
	case !refresh && oa.CAM:
		return drifted("CAM verification of %s is on now: its password is refreshed, not reset; plan again.", oa.Name)
	}
	return holds()
}

// checkLibraPasswordReset re-checks a LibraDB reset: Done when the
// account's UpdateTime is after password_changed_after and moved since
// the plan (Precondition.Expect; Build orders the reset before any other
// change of the account, so only the reset moves it), Drifted when the
// account is gone.
func checkLibraPasswordReset(a *Action, obs *Observed) PreconditionResult {
	oa, res, ok := observedLibraAccount(a, obs)
	if !ok {
		return res
	}
	if oa.UpdateTime != a.Precondition.Expect && setAfter(oa.UpdateTime, a.Params.PasswordChangedAfter) {
		return done("Account %s was changed at %s, after %s.", LibraKey(a.Target.UserName, a.Target.Host), oa.UpdateTime, a.Params.PasswordChangedAfter)
	}
	return holds()
}

// changedAfter is the account's password_changed_after as plans record
// it, or "" when the configuration sets none.
func changedAfter(r *config.Rotation) string {
	if r == nil || r.ChangedAfter == nil {
		return ""
	}
	return r.ChangedAfter.Format(time.RFC3339)
}

// impliedReset: the configuration sets password_changed_after (recorded
// in the call's parameters as planned); a reset sends the account's own
// password and is for an account the configuration does not put under CAM,
// a refresh (cam: the service sets one) for one it does not take out of
// CAM.
func impliedReset(cam bool) func(a *Action, d *Declared) error {
	return func(a *Action, d *Declared) error {
		acc := d.Account
		if err := impliedAccount(a, d); err != nil {
			return err
		}
		after := changedAfter(acc.Rotation)
		switch {
		case after == "":
			return errors.New("the configuration sets no password_changed_after")
		case declaredTrue(acc.CAM, !cam):
			return fmt.Errorf("the configuration sets cam = %v", !cam)
		}
		if err := sameParams(a.Params, Params{PasswordChangedAfter: after}); err != nil {
			return err
		}
		return impliedPassword(a, !cam, acc.Addr)
	}
}

// impliedLibraReset: the configuration sets password_changed_after; the
// call sends the account's own password.
func impliedLibraReset(a *Action, d *Declared) error {
	if err := impliedLibraAccount(a, d); err != nil {
		return err
	}
	after := changedAfter(d.Libra.Rotation)
	if after == "" {
		return errors.New("the configuration sets no password_changed_after")
	}
	if err := sameParams(a.Params, Params{PasswordChangedAfter: after}); err != nil {
		return err
	}
	return impliedPassword(a, true, d.Libra.Addr)
}
