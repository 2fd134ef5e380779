package plan

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/secret"
)

// The PostgreSQL privilege kinds: what an account holds on one object
// (batched per account, up to 50 changes per ModifyAccountPrivileges
// call) and the account's type (alterRole).

var modifyPrivilegesSpec = Spec{
	Name: "modify_privileges", API: "ModifyAccountPrivileges", Effect: EffectUpdate, Object: ObjectPrivileges,
	BatchMax: apiclient.MaxPrivilegeChanges, BatchWeight: privilegeChanges, Check: checkPrivileges, Implied: impliedPrivileges,
	Send: func(ctx context.Context, w Writer, a *Action, _ secret.Value) (int64, error) {
		return 0, sendPrivileges(ctx, w, []*Action{a})
	},
	SendBatch: func(ctx context.Context, w Writer, as []*Action, _ []secret.Value) error {
		return sendPrivileges(ctx, w, as)
	},
}

var changeAccountTypeSpec = Spec{
	Name: "change_account_type", API: "ModifyAccountPrivileges", Effect: EffectUpdate, Object: ObjectAccount,
	Check: checkAccountType, Implied: impliedChangeType,
	Send: func(ctx context.Context, w Writer, a *Action, _ secret.Value) (int64, error) {
		t := a.Target
		return syncSend(w.ModifyAccountPrivileges(ctx, apiclient.ModifyAccountPrivilegesRequest{
			DBInstanceId: t.InstanceID, UserName: t.UserName,
			ModifyPrivilegeSet: []apiclient.ModifyPrivilege{{
				DatabasePrivilege: apiclient.DatabasePrivilege{
					Object:       &apiclient.DatabaseObject{ObjectType: apiclient.ObjectAccount, ObjectName: t.UserName},
					PrivilegeSet: []string{a.Params.AccountType},
				},
				ModifyType: apiclient.ModifyAlterRole,
			}},
		}))
	},
}

// privilegeChanges is the number of ModifyPrivilegeSet entries an action
// sends: one for its grants, one for its revokes.
func privilegeChanges(a *Action) int {
	n := 0
	if len(a.Params.Grant) > 0 {
		n++
	}
	if len(a.Params.Revoke) > 0 {
		n++
	}
	return max(n, 1)
}

// sendPrivileges sends the changes of as (all on one account) in one
// ModifyAccountPrivileges call; revokes go first.
func sendPrivileges(ctx context.Context, w Writer, as []*Action) error {
	var set []apiclient.ModifyPrivilege
	entry := func(a *Action, modify string, privs []string) {
		o := a.Target.ObjectOf()
		obj := &apiclient.DatabaseObject{ObjectType: o.Type, ObjectName: o.Name, DatabaseName: o.Database, SchemaName: o.Schema, TableName: o.Table}
		set = append(set, apiclient.ModifyPrivilege{
			DatabasePrivilege: apiclient.DatabasePrivilege{Object: obj, PrivilegeSet: privs}, ModifyType: modify})
	}
	for _, a := range as {
		if len(a.Params.Revoke) > 0 {
			entry(a, apiclient.ModifyRevoke, a.Params.Revoke)
		}
		if len(a.Params.Grant) > 0 {
			entry(a, apiclient.ModifyGrant, a.Params.Grant)
		}
	}
	t := as[0].Target
	_, err := w.ModifyAccountPrivileges(ctx, apiclient.ModifyAccountPrivilegesRequest{
		DBInstanceId: t.InstanceID, UserName: t.UserName, ModifyPrivilegeSet: set})
	return err
}

// checkPrivileges re-checks a modify_privileges action. The plan saw the
// account hold E (Precondition.Expect) on the object and grants G and
// revokes R there; every state this plan's own calls can leave (after a
// partly failed apply, say) lies between E−R and E∪G. Outside that, the
// object changed since the plan: Drifted. Inside, Done when G is held
// and R is not, else Holds.
func checkPrivileges(a *Action, obs *Observed) PreconditionResult {
	oa, res, ok := observedAccount(a, obs)
	if !ok {
		return res
	}
	key := a.Target.ObjectOf().Key()
	op, read := oa.Privileges[key]
	switch {
	case !read:
		return drifted("The privileges of %s on %s could not be read.", a.Target.UserName, key)
	case op.Missing:
		return drifted("%s no longer exists on %s.", key, a.Target.InstanceID)
	}
	expect, err := parsePrivilegeList(a.Precondition.Expect)
	if err != nil {
		return drifted("The plan's precondition %q is unreadable (%v); plan again.", a.Precondition.Expect, err)
	}
	have := op.Privileges
	g, r := a.Params.Grant, a.Params.Revoke
	upper := sortedSet(append(append([]string{}, expect...), g...))
	lower := setDiff(expect, r)
	if extra, lost := setDiff(have, upper), setDiff(lower, have); len(extra) > 0 || len(lost) > 0 {
		var what []string
		if len(extra) > 0 {
			what = append(what, "gained "+strings.Join(extra, ", "))
		}
		if len(lost) > 0 {
			what = append(what, "lost "+strings.Join(lost, ", "))
		}
		return drifted("Account %s %s on %s since the plan (it holds %s now; the plan saw %s); plan again.",
			a.Target.UserName, strings.Join(what, " and "), key, privilegeList(have), a.Precondition.Expect)
	}
	if len(setDiff(g, have)) == 0 && !slices.ContainsFunc(r, func(p string) bool { return slices.Contains(have, p) }) {
		return done("Account %s already holds exactly the declared privileges on %s.", a.Target.UserName, key)
	}
	return holds()
}

// checkAccountType re-checks a type change: Done when the account has the
// planned type, Holds when it still has the one the plan saw.
func checkAccountType(a *Action, obs *Observed) PreconditionResult {
	oa, res, ok := observedAccount(a, obs)
	if !ok {
		return res
	}
	return checkValue("type", oa.Type, a.Params.AccountType, a.Precondition.Expect)
}

// impliedPrivileges: the account's grants name the object, every
// privilege granted is declared there and none revoked is (what the
// account held at plan time decides which are which; the precondition
// re-check confirms it before the call).
func impliedPrivileges(a *Action, d *Declared) error {
	if err := impliedAccount(a, d); err != nil {
		return err
	}
	if got := a.Target.ObjectOf(); got != d.DBObject {
		return fmt.Errorf("object is %s but the grant names %s", got.Key(), d.DBObject.Key())
	}
	for _, p := range a.Params.Grant {
		if !slices.Contains(d.Privileges, p) {
			return fmt.Errorf("it grants %s, which the configuration does not declare on %s", p, d.DBObject.Key())
		}
	}
	for _, p := range a.Params.Revoke {
		if slices.Contains(d.Privileges, p) {
			return fmt.Errorf("it revokes %s, which the configuration declares on %s", p, d.DBObject.Key())
		}
	}
	if err := sameParams(a.Params, Params{Grant: a.Params.Grant, Revoke: a.Params.Revoke}); err != nil {
		return err
	}
	return impliedPassword(a, false, "")
}

// impliedChangeType: the configuration declares the type the call sets.
func impliedChangeType(a *Action, d *Declared) error {
	if err := impliedAccount(a, d); err != nil {
		return err
	}
	if !d.Account.TypeDeclared {
		return errors.New("the configuration does not manage the account's type")
	}
	if err := sameParams(a.Params, Params{AccountType: d.Account.Type}); err != nil {
		return err
	}
	return impliedPassword(a, false, "")
}
