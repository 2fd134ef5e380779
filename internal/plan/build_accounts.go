package plan

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"

	"github.com/dbplan/dbplan/internal/config"
	"github.com/dbplan/dbplan/internal/secret"
)

// passwordMarker stands for a password in After: the value is sent but
// never shown.
const passwordMarker = secret.Redacted

// ExpectAbsent is the Precondition.Expect of creates.
const ExpectAbsent = "absent"

// diffAccount plans one declared account on one concrete instance.
func (b *builder) diffAccount(ic instanceCtx, acc *config.Account, addr string) {
	typ := acc.Type
	if typ == "" {
		typ = config.AccountTypeNormal
	}
	if acc.Absent {
		b.deleteDeclaredAccount(ic, acc, addr)
		return
	}
	base := Action{Addr: addr, Target: ic.target(), Range: rangeOf(acc.DeclRange)}
	base.Target.UserName = acc.Name

	oa := ic.obs.Accounts[acc.Name]
	b.diffGrants(base, acc, oa, ic.id, true)
	if oa == nil {
		b.createAccount(base, acc, typ, ic.id)
		b.diffLock(base, acc, nil, ic.id)
		return
	}
	b.noteAccountStatus(addr, oa)
	changed := b.diffType(base, acc, oa, ic.id)
	if acc.Remark != nil && *acc.Remark != oa.Remark {
		changed = true
		a := base
		a.Kind = ModifyAccountRemark
		a.Params.Remark = acc.Remark
		a.Before = map[string]string{"remark": quote(oa.Remark)}
		a.After = map[string]string{"remark": quote(*acc.Remark)}
		a.Reason = fmt.Sprintf("The remark of account %s is %q in the cloud but %q in the configuration.", acc.Name, oa.Remark, *acc.Remark)
		a.Precondition = Precondition{Description: fmt.Sprintf("remark of account %s on %s is %q", acc.Name, ic.id, oa.Remark), Expect: oa.Remark}
		b.add(a)
	}
	if acc.CAM != nil && oa.CAMUnknown {
		b.note(Warning, addr, fmt.Sprintf("CAM verification of account %s on %s is unknown: DescribeAccounts does not report OpenCam "+
			"for it, so cam = %t can be neither checked nor changed; nothing is planned for it.", acc.Name, ic.id, *acc.CAM))
	} else if acc.CAM != nil && *acc.CAM != oa.CAM {
		changed = true
		a := base
		a.Before = map[string]string{"cam": boolText(oa.CAM)}
		a.After = map[string]string{"cam": boolText(*acc.CAM)}
		if *acc.CAM {
			a.Kind = OpenAccountCAM
			a.Reason = fmt.Sprintf("The configuration sets cam = true but CAM verification is off for account %s.", acc.Name)
			a.Precondition = Precondition{Description: fmt.Sprintf("CAM verification of account %s on %s is off", acc.Name, ic.id), Expect: "off"}
		} else {
			a.Kind = CloseAccountCAM
			a.Reason = fmt.Sprintf("The configuration sets cam = false but CAM verification is on for account %s; closing it sets the configured password.", acc.Name)
			a.Precondition = Precondition{Description: fmt.Sprintf("CAM verification of account %s on %s is on", acc.Name, ic.id), Expect: "on"}
			a.NeedsPassword, a.SecretAddr = true, acc.Addr
			a.After["password"] = passwordMarker
			if !b.requirePassword(addr, acc.PasswordSource, acc.Password, acc.DeclRange, "closing CAM verification sets a new login password") {
				return
			}
		}
		b.add(a)
	}
	if b.diffLock(base, acc, oa, ic.id) {
		changed = true
	}
	reset := b.diffRotation(base, acc, oa, ic.id)
	b.checkPasswordAge(addr, acc.Rotation, oa.PasswordUpdateTime, BasisPasswordUpdateTime, reset)
	if reset {
		changed = true
	}
	if !changed {
		b.p.Unchanged++
	}
}

// accountStatusName names the transient AccountInfo.Status values
// (reference §5.3); 2 is normal and 0 means not reported.
func accountStatusName(status int) string {
	switch status {
	case 1:
		return "creating"
	case 3:
		return "modifying"
	case 4:
		return "resetting its password"
	case -1:
		return "being deleted"
	}
	return fmt.Sprintf("in status %d", status)
}

// noteAccountStatus notes an account that is in a transient state: calls
// on it may be refused until it settles.
func (b *builder) noteAccountStatus(addr string, oa *ObservedAccount) {
	if oa.Status == 0 || oa.Status == 2 || oa.Locked() {
		return
	}
	name := accountStatusName(oa.Status)
	sev := Info
	if oa.Status == -1 {
		sev = Warning
	}
	b.note(sev, addr, fmt.Sprintf("Account %s is %s; changes to it may be refused until it settles.", oa.Name, name))
}

// createAccount plans a CreateAccount. Remark and CAM are folded into the
// same call, so an account being created needs no follow-up action.
func (b *builder) createAccount(a Action, acc *config.Account, typ, instanceID string) {
	a.Kind = CreateAccount
	a.Params.AccountType = typ
	a.Params.Remark = acc.Remark
	a.Params.OpenCAM = acc.CAM != nil && *acc.CAM
	a.After = map[string]string{"type": quote(typ)}
	if acc.Remark != nil {
		a.After["remark"] = quote(*acc.Remark)
	}
	if acc.CAM != nil {
		a.After["cam"] = boolText(*acc.CAM)
	}
	if typ == config.AccountTypeSuper {
		a.Risks = append(a.Risks, RiskSuperuser)
	}
	if a.Params.OpenCAM {
		a.Risks = append(a.Risks, RiskCAM)
	}
	a.Reason = fmt.Sprintf("Account %s does not exist on instance %s.", acc.Name, instanceID)
	a.Precondition = Precondition{Description: fmt.Sprintf("account %s absent on %s", acc.Name, instanceID), Expect: ExpectAbsent}
	// A CAM account authenticates through CAM; the API takes no password
	// with OpenCam (reference §5.1), so none is required or sent.
	if !a.Params.OpenCAM {
		a.NeedsPassword, a.SecretAddr = true, acc.Addr
		a.After["password"] = passwordMarker
		if !b.requirePassword(a.Addr, acc.PasswordSource, acc.Password, acc.DeclRange, "creating it sends its password") {
			return
		}
	}
	b.add(a)
}

// requirePassword checks that an action sending the password of the
// account at addr can obtain it at apply time. With no password source at
// all it adds an error; with a source that has no value yet (a PR job
// without secrets) it adds a note and lets planning go on.
func (b *builder) requirePassword(addr, source string, pw secret.Value, rng hcl.Range, why string) bool {
	if pw.IsSet() {
		return true
	}
	if source == "" {
		b.errorAt(rng, "Password required",
			fmt.Sprintf("%s has no password, but %s. Set password = var.NAME (a sensitive variable) or password = env(\"NAME\") in this block.", addr, why))
		return false
	}
	b.note(Info, addr, fmt.Sprintf("The password (from %s) has no value now; it will be required at apply.", source))
	return true
}
