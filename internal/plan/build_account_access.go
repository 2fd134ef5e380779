package plan

import (
	"fmt"

	"github.com/dbplan/dbplan/internal/config"
)

// diffLock plans a LockAccount or UnlockAccount when the configuration
// sets locked and the account (oa; nil when it is being created, hence
// unlocked) is otherwise, and reports whether it planned one. With locked
// unset, a locked account is noted but left alone: locking is never
// implied, and neither is unlocking.
func (b *builder) diffLock(base Action, acc *config.Account, oa *ObservedAccount, instanceID string) bool {
	locked := oa != nil && oa.Locked()
	if acc.Locked == nil {
		if locked {
			b.note(Info, base.Addr, fmt.Sprintf("Account %s is locked; locked is not set here, so it stays as it is.", acc.Name))
		}
		return false
	}
	if *acc.Locked == locked {
		return false
	}
	a := base
	a.Before = map[string]string{"locked": boolText(locked)}
	a.After = map[string]string{"locked": boolText(*acc.Locked)}
	if *acc.Locked {
		a.Kind = LockAccount
		a.Reason = fmt.Sprintf("The configuration sets locked = true: account %s will be locked, its sessions closed and its sign-ins refused.", acc.Name)
		a.Precondition = Precondition{Description: fmt.Sprintf("account %s on %s is unlocked", acc.Name, instanceID), Expect: expectUnlocked}
		if oa == nil {
			a.Before = nil
			a.Reason = fmt.Sprintf("The configuration sets locked = true: account %s will be locked right after it is created.", acc.Name)
		}
	} else {
		a.Kind = UnlockAccount
		a.Reason = fmt.Sprintf("The configuration sets locked = false but account %s is locked: it will be able to sign in again.", acc.Name)
		a.Precondition = Precondition{Description: fmt.Sprintf("account %s on %s is locked", acc.Name, instanceID), Expect: expectLocked}
	}
	b.add(a)
	return true
}
