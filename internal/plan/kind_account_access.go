package plan

import (
	"context"
	"errors"
	"fmt"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/config"
	"github.com/dbplan/dbplan/internal/secret"
)

// The PostgreSQL account kinds that take access away or give it back.

var lockAccountSpec = Spec{
	Name: "lock_account", API: "LockAccount", Effect: EffectUpdate, Object: ObjectAccount,
	Risks: []string{RiskRemovesAccess}, Check: checkLock, Implied: impliedLock(true),
	Send: func(ctx context.Context, w Writer, a *Action, _ secret.Value) (int64, error) {
		return syncSend(w.LockAccount(ctx, apiclient.LockAccountRequest{
			DBInstanceId: a.Target.InstanceID, UserName: a.Target.UserName}))
	},
}

var unlockAccountSpec = Spec{
	Name: "unlock_account", API: "UnlockAccount", Effect: EffectUpdate, Object: ObjectAccount,
	Check: checkLock, Implied: impliedLock(false),
	Send: func(ctx context.Context, w Writer, a *Action, _ secret.Value) (int64, error) {
		return syncSend(w.UnlockAccount(ctx, apiclient.UnlockAccountRequest{
			DBInstanceId: a.Target.InstanceID, UserName: a.Target.UserName}))
	},
}

// impliedLock: the configuration sets locked to the action's state.
// Locking is never implied by anything else.
func impliedLock(lock bool) func(a *Action, d *Declared) error {
	return func(a *Action, d *Declared) error {
		if err := impliedAccount(a, d); err != nil {
			return err
		}
		if !declaredTrue(d.Account.Locked, lock) {
			return fmt.Errorf("the configuration does not set locked = %v", lock)
		}
		if err := sameParams(a.Params, Params{}); err != nil {
			return err
		}
		return impliedPassword(a, false, "")
	}
}

// Precondition.Expect of lock and unlock actions.
const (
	expectLocked   = "locked"
	expectUnlocked = "unlocked"
)

// checkLock re-checks a lock or unlock: Done when the account is in the
// target state, Drifted when it is gone.
func checkLock(a *Action, obs *Observed) PreconditionResult {
	oa, res, ok := observedAccount(a, obs)
	if !ok {
		return res
	}
	switch lock := a.Kind == LockAccount; {
	case lock && oa.Locked():
		return done("Account %s is already locked.", oa.Name)
	case !lock && !oa.Locked():
		return done("Account %s is already unlocked.", oa.Name)
	}
	return holds()
}

// observedAccount returns the account an action on an existing account
// acts on; when the instance or the account is gone, ok is false and res
// is the Drifted verdict to return.
func observedAccount(a *Action, obs *Observed) (oa *ObservedAccount, res PreconditionResult, ok bool) {
	oi := obs.Instances[a.Target.InstanceID]
	if oi == nil {
		return nil, drifted("Instance %s no longer exists.", a.Target.InstanceID), false
	}
	if oa = oi.Accounts[a.Target.UserName]; oa == nil {
		return nil, drifted("Account %s no longer exists on %s.", a.Target.UserName, a.Target.InstanceID), false
	}
	return oa, PreconditionResult{}, true
}

var deleteAccountSpec = Spec{
	Name: "delete_account", API: "DeleteAccount", Effect: EffectDelete, Object: ObjectAccount,
	Risks: []string{RiskDeletes}, Check: checkDeleteAccount, Implied: impliedDeleteAccount,
	Send: func(ctx context.Context, w Writer, a *Action, _ secret.Value) (int64, error) {
		return syncSend(w.DeleteAccount(ctx, apiclient.DeleteAccountRequest{
			DBInstanceId: a.Target.InstanceID, UserName: a.Target.UserName}))
	},
}

// impliedDeleteAccount: the account is declared absent = true, or nothing
// declares it on the instance and the block's prune_accounts selects it.
func impliedDeleteAccount(a *Action, d *Declared) error {
	if err := impliedInstance(a, d); err != nil {
		return err
	}
	if err := sameParams(a.Params, Params{}); err != nil {
		return err
	}
	if err := impliedPassword(a, false, ""); err != nil {
		return err
	}
	name := a.Target.UserName
	if d.Account != nil {
		if err := same("user name", name, d.Account.Name); err != nil {
			return err
		}
		if !d.Account.Absent {
			return errors.New("the configuration does not declare the account absent = true")
		}
		return nil
	}
	switch {
	case a.Addr != ResourceAddr(a.Addr)+".account."+name:
		return fmt.Errorf("its address does not name account %s", name)
	case !d.Prune.Matches(name, config.IsPostgresSystemAccount):
		return fmt.Errorf("%s does not select account %s", d.Prune, name)
	case d.Explicit[a.Target.InstanceID]:
		return fmt.Errorf("another block declares account %s on instance %s", name, a.Target.InstanceID)
	}
	return nil
}

// accountDeleting is the AccountInfo.Status of an account being deleted.
const accountDeleting = -1

// checkDeleteAccount re-checks a delete right before it runs: Done when
// the account is gone (or going), Drifted when the instance is gone or
// the account was recreated since the plan (its CreateTime differs from
// the one planned against, Precondition.Expect), Holds otherwise.
func checkDeleteAccount(a *Action, obs *Observed) PreconditionResult {
	oi := obs.Instances[a.Target.InstanceID]
	if oi == nil {
		return drifted("Instance %s no longer exists.", a.Target.InstanceID)
	}
	oa := oi.Accounts[a.Target.UserName]
	switch {
	case oa == nil:
		return done("Account %s no longer exists.", a.Target.UserName)
	case oa.Status == accountDeleting:
		return done("Account %s is being deleted already.", oa.Name)
	}
	return checkSameObject("Account "+oa.Name, oa.CreateTime, a.Precondition.Expect)
}

// checkSameObject guards a delete against an object recreated since the
// plan: the object's creation time now must be the one the plan saw
// (expect; "" when the plan saw none, which cannot be compared).
func checkSameObject(what, created, expect string) PreconditionResult {
	if expect != "" && created != expect {
		return drifted("%s was recreated since the plan (created %s, the plan saw one created %s); it is not deleted: plan again.", what, created, expect)
	}
	return holds()
}
