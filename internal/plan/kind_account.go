package plan

import (
	"context"
	"errors"
	"fmt"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/secret"
)

// The PostgreSQL account kinds.

var createAccountSpec = Spec{
	Name: "create_account", API: "CreateAccount", Effect: EffectCreate, Object: ObjectAccount,
	Check: checkAccount, Implied: impliedCreateAccount,
	Send: func(ctx context.Context, w Writer, a *Action, pw secret.Value) (int64, error) {
		p := a.Params
		req := apiclient.CreateAccountRequest{DBInstanceId: a.Target.InstanceID, UserName: a.Target.UserName,
			Type: accountType(p.AccountType), Password: pw, Remark: p.Remark}
		if p.OpenCAM {
			on := true
			req.OpenCam = &on
		}
		return syncSend(w.CreateAccount(ctx, req))
	},
}

var modifyRemarkSpec = Spec{
	Name: "modify_account_remark", API: "ModifyAccountRemark", Effect: EffectUpdate, Object: ObjectAccount,
	Check: checkAccount, Implied: impliedRemark,
	Send: func(ctx context.Context, w Writer, a *Action, _ secret.Value) (int64, error) {
		return syncSend(w.ModifyAccountRemark(ctx, apiclient.ModifyAccountRemarkRequest{
			DBInstanceId: a.Target.InstanceID, UserName: a.Target.UserName, Remark: deref(a.Params.Remark)}))
	},
}

var openCAMSpec = Spec{
	Name: "open_account_cam", API: "OpenAccountCAM", Effect: EffectUpdate, Object: ObjectAccount,
	Risks: []string{RiskCAM}, Check: checkAccount, Implied: impliedCAM(true),
	Send: func(ctx context.Context, w Writer, a *Action, _ secret.Value) (int64, error) {
		return syncSend(w.OpenAccountCAM(ctx, apiclient.OpenAccountCAMRequest{
			DBInstanceId: a.Target.InstanceID, UserName: a.Target.UserName}))
	},
}

var closeCAMSpec = Spec{
	Name: "close_account_cam", API: "CloseAccountCAM", Effect: EffectUpdate, Object: ObjectAccount,
	Risks: []string{RiskCAM}, Check: checkAccount, Implied: impliedCAM(false),
	Send: func(ctx context.Context, w Writer, a *Action, pw secret.Value) (int64, error) {
		return syncSend(w.CloseAccountCAM(ctx, apiclient.CloseAccountCAMRequest{
			DBInstanceId: a.Target.InstanceID, UserName: a.Target.UserName, Password: pw}))
	},
}

// impliedAccount checks the target of an action on a PostgreSQL account:
// the declared instance and the account's name.
func impliedAccount(a *Action, d *Declared) error {
	if err := impliedInstance(a, d); err != nil {
		return err
	}
	if d.Account.Absent {
		return errors.New("the configuration declares the account absent = true")
	}
	return same("user name", a.Target.UserName, d.Account.Name)
}

// impliedCreateAccount: the declared type, remark and CAM in the call,
// and the account's own password unless CAM is on (a CAM account takes
// none).
func impliedCreateAccount(a *Action, d *Declared) error {
	acc := d.Account
	if err := impliedAccount(a, d); err != nil {
		return err
	}
	cam := declaredTrue(acc.CAM, true)
	if err := sameParams(a.Params, Params{AccountType: accountType(acc.Type), Remark: acc.Remark, OpenCAM: cam}); err != nil {
		return err
	}
	return impliedPassword(a, !cam, acc.Addr)
}

// impliedRemark: the configuration manages the remark, and the call sets
// the declared one.
func impliedRemark(a *Action, d *Declared) error {
	if err := impliedAccount(a, d); err != nil {
		return err
	}
	if d.Account.Remark == nil {
		return errors.New("the configuration does not manage the remark")
	}
	if err := sameParams(a.Params, Params{Remark: d.Account.Remark}); err != nil {
		return err
	}
	return impliedPassword(a, false, "")
}

// impliedCAM: the configuration sets cam to on (open) or off (close);
// closing sends the account's own password, which becomes its login.
func impliedCAM(on bool) func(a *Action, d *Declared) error {
	return func(a *Action, d *Declared) error {
		if err := impliedAccount(a, d); err != nil {
			return err
		}
		if !declaredTrue(d.Account.CAM, on) {
			return fmt.Errorf("the configuration does not set cam = %v", on)
		}
		if err := sameParams(a.Params, Params{}); err != nil {
			return err
		}
		return impliedPassword(a, !on, d.Account.Addr)
	}
}

func accountType(t string) string {
	if t == "" {
		return "normal"
	}
	return t
}

// checkAccount re-checks the account kinds: a create is Done when the
// account exists as it would make it; an update is Done when the
// attribute has the planned value already.
func checkAccount(a *Action, obs *Observed) PreconditionResult {
	oi := obs.Instances[a.Target.InstanceID]
	if oi == nil {
		return drifted("Instance %s no longer exists.", a.Target.InstanceID)
	}
	oa := oi.Accounts[a.Target.UserName]
	if a.Kind == CreateAccount {
		if oa == nil {
			return holds()
		}
		switch {
		case oa.Type != "" && oa.Type != a.Params.AccountType:
			return drifted("Account %s now exists with type %s, not %s.", oa.Name, oa.Type, a.Params.AccountType)
		case (a.Params.OpenCAM || a.After["cam"] == "true") && !oa.CAM && !oa.CAMUnknown:
			return drifted("Account %s now exists without CAM verification; plan again to open it.", oa.Name)
		case a.After["cam"] == "false" && oa.CAM:
			// cam = false was declared explicitly (After records it).
			return drifted("Account %s now exists with CAM verification on; plan again to close it.", oa.Name)
		case a.Params.Remark != nil && *a.Params.Remark != oa.Remark:
			return drifted("Account %s now exists with remark %q; plan again to update it.", oa.Name, oa.Remark)
		}
		return done("Account %s already exists as planned.", oa.Name)
	}
	if oa == nil {
		return drifted("Account %s no longer exists on %s.", a.Target.UserName, a.Target.InstanceID)
	}
	switch a.Kind {
	case ModifyAccountRemark:
		return checkValue("remark", oa.Remark, deref(a.Params.Remark), a.Precondition.Expect)
	case OpenAccountCAM, CloseAccountCAM:
		switch on := a.Kind == OpenAccountCAM; {
		case oa.CAMUnknown:
			return PreconditionResult{Verdict: Holds, Unknown: true}
		case oa.CAM && on:
			return done("CAM verification is already on.")
		case !oa.CAM && !on:
			return done("CAM verification is already off.")
		}
	}
	return holds()
}
