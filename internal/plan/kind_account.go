package plan

import (
	"context"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/secret"
)

// The PostgreSQL account kinds.

var createAccountSpec = Spec{
	Name: "create_account", API: "CreateAccount", Effect: EffectCreate, Object: ObjectAccount,
	Check: checkAccount,
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
	Check: checkAccount,
	Send: func(ctx context.Context, w Writer, a *Action, _ secret.Value) (int64, error) {
		return syncSend(w.ModifyAccountRemark(ctx, apiclient.ModifyAccountRemarkRequest{
			DBInstanceId: a.Target.InstanceID, UserName: a.Target.UserName, Remark: deref(a.Params.Remark)}))
	},
}

var openCAMSpec = Spec{
	Name: "open_account_cam", API: "OpenAccountCAM", Effect: EffectUpdate, Object: ObjectAccount,
	Risks: []string{RiskCAM}, Check: checkAccount,
	Send: func(ctx context.Context, w Writer, a *Action, _ secret.Value) (int64, error) {
		return syncSend(w.OpenAccountCAM(ctx, apiclient.OpenAccountCAMRequest{
			DBInstanceId: a.Target.InstanceID, UserName: a.Target.UserName}))
	},
}

var closeCAMSpec = Spec{
	Name: "close_account_cam", API: "CloseAccountCAM", Effect: EffectUpdate, Object: ObjectAccount,
	Risks: []string{RiskCAM}, Check: checkAccount,
	Send: func(ctx context.Context, w Writer, a *Action, pw secret.Value) (int64, error) {
		return syncSend(w.CloseAccountCAM(ctx, apiclient.CloseAccountCAMRequest{
			DBInstanceId: a.Target.InstanceID, UserName: a.Target.UserName, Password: pw}))
	},
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
