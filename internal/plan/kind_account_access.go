package plan

import (
	"context"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/secret"
)

// The PostgreSQL account kinds that take access away or give it back.

var lockAccountSpec = Spec{
	Name: "lock_account", API: "LockAccount", Effect: EffectUpdate, Object: ObjectAccount,
	Risks: []string{RiskRemovesAccess}, Check: checkLock,
	Send: func(ctx context.Context, w Writer, a *Action, _ secret.Value) (int64, error) {
		return syncSend(w.LockAccount(ctx, apiclient.LockAccountRequest{
			DBInstanceId: a.Target.InstanceID, UserName: a.Target.UserName}))
	},
}

var unlockAccountSpec = Spec{
	Name: "unlock_account", API: "UnlockAccount", Effect: EffectUpdate, Object: ObjectAccount,
	Check: checkLock,
	Send: func(ctx context.Context, w Writer, a *Action, _ secret.Value) (int64, error) {
		return syncSend(w.UnlockAccount(ctx, apiclient.UnlockAccountRequest{
			DBInstanceId: a.Target.InstanceID, UserName: a.Target.UserName}))
	},
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
