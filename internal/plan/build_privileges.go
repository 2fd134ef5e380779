package plan

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/dbplan/dbplan/internal/config"
)

// declaredObject is one object an account's grants name, with the union
// of the privileges they declare on it.
type declaredObject struct {
	obj   DBObject
	privs []string
	rng   hcl.Range // the first grant naming it
}

// DeclaredObjects returns the objects an account's PostgreSQL grants name,
// each with the union of the privileges declared on it, sorted by key.
// Several grants may name one object; together they say what the account
// may do there.
func DeclaredObjects(grants []*config.Grant) []DBObject {
	objs := declaredObjects(grants)
	out := make([]DBObject, len(objs))
	for i, d := range objs {
		out[i] = d.obj
	}
	return out
}

func declaredObjects(grants []*config.Grant) []declaredObject {
	byKey := map[string]*declaredObject{}
	var keys []string
	for _, g := range grants {
		for _, o := range GrantObjects(g) {
			k := o.Key()
			d := byKey[k]
			if d == nil {
				d = &declaredObject{obj: o, rng: g.DeclRange}
				byKey[k] = d
				keys = append(keys, k)
			}
			d.privs = append(d.privs, g.Privileges...)
		}
	}
	slices.Sort(keys)
	out := make([]declaredObject, len(keys))
	for i, k := range keys {
		out[i] = *byKey[k]
		out[i].privs = sortedSet(out[i].privs)
	}
	return out
}

// GrantAddr is the address of the privileges of the account at acctAddr
// on an object: `….account.NAME.grant["table db.schema.t"]`.
func GrantAddr(acctAddr string, o DBObject) string {
	return acctAddr + ".grant[" + strconv.Quote(o.Key()) + "]"
}

// diffGrants plans the privileges of an account (oa; nil when it is being
// created) on every object its grants name, each in scope of the
// targets: one modify_privileges action per object whose privileges
// differ, granting what is missing and revoking what is not declared. A
// new account gets what is declared; a target below an account that does
// not exist plans nothing for it (its create is not in the plan).
func (b *builder) diffGrants(base Action, acc *config.Account, oa *ObservedAccount, instanceID string, creating bool) {
	for _, d := range declaredObjects(acc.Grants) {
		addr := GrantAddr(base.Addr, d.obj)
		if !b.targets.matches(addr) {
			continue
		}
		if oa == nil && !creating {
			b.note(Warning, addr, fmt.Sprintf("Account %s does not exist on %s, so its privileges cannot be planned alone; target the account to create it with them.", acc.Name, instanceID))
			continue
		}
		var have []string
		if oa != nil {
			op, read := oa.Privileges[d.obj.Key()]
			switch {
			case !read:
				b.errorAt(d.rng, "Privileges not read",
					fmt.Sprintf("The privileges of %s on %s %s were not read from the cloud, so they cannot be compared. This is a bug in dbplan; please report it.", acc.Name, d.obj.Type, d.obj.Key()))
				continue
			case op.Missing:
				b.errorAt(d.rng, "Object not found",
					fmt.Sprintf("%s names %s, which instance %s does not have. Check the database, schema, table and object names and the object_type of the grant.", addr, d.obj.Key(), instanceID))
				continue
			}
			have = op.Privileges
		}
		grant, revoke := setDiff(d.privs, have), setDiff(have, d.privs)
		if len(grant) == 0 && len(revoke) == 0 {
			b.p.Unchanged++
			continue
		}
		b.add(privilegeAction(base, addr, acc.Name, instanceID, d, have, grant, revoke))
	}
}

// privilegeAction builds the modify_privileges action of one object.
func privilegeAction(base Action, addr, user, instanceID string, d declaredObject, have, grant, revoke []string) Action {
	a := base
	a.Kind = ModifyPrivileges
	a.Addr = addr
	a.Target = base.Target.withObject(d.obj)
	a.Range = rangeOf(d.rng)
	a.Params.Grant, a.Params.Revoke = grant, revoke
	a.Before = map[string]string{"privileges": privilegeList(sortedSet(have))}
	a.After = map[string]string{"privileges": privilegeList(d.privs)}
	var says []string
	if len(grant) > 0 {
		says = append(says, fmt.Sprintf("lacks %s", strings.Join(grant, ", ")))
	}
	if len(revoke) > 0 {
		says = append(says, fmt.Sprintf("holds %s, which the configuration does not declare", strings.Join(revoke, ", ")))
		a.Risks = append(a.Risks, RiskRemovesAccess)
	}
	a.Reason = fmt.Sprintf("On %s, account %s %s.", d.obj.Key(), user, strings.Join(says, " and "))
	a.Precondition = Precondition{
		Description: fmt.Sprintf("%s holds %s on %s of %s", user, privilegeList(sortedSet(have)), d.obj.Key(), instanceID),
		Expect:      privilegeList(sortedSet(have)),
	}
	return a
}

// diffType plans a type change of an existing account whose type the
// configuration declares and the cloud reports otherwise, and reports
// whether it planned one. Becoming tencentDBSuper is a privilege
// escalation (RiskSuperuser); becoming normal takes every superuser
// privilege away (RiskRemovesAccess).
func (b *builder) diffType(base Action, acc *config.Account, oa *ObservedAccount, instanceID string) bool {
	if !acc.TypeDeclared || oa.Type == "" || oa.Type == acc.Type {
		return false
	}
	a := base
	a.Kind = ChangeAccountType
	a.Params.AccountType = acc.Type
	a.Before = map[string]string{"type": quote(oa.Type)}
	a.After = map[string]string{"type": quote(acc.Type)}
	if acc.Type == config.AccountTypeSuper {
		a.Risks = append(a.Risks, RiskSuperuser)
		a.Reason = fmt.Sprintf("Account %s is %s in the cloud; the configuration makes it a superuser (tencentDBSuper), with every privilege on the instance.", acc.Name, oa.Type)
	} else {
		a.Risks = append(a.Risks, RiskRemovesAccess)
		a.Reason = fmt.Sprintf("Account %s is %s in the cloud; the configuration makes it %s, taking away the superuser's privileges.", acc.Name, oa.Type, acc.Type)
	}
	a.Precondition = Precondition{Description: fmt.Sprintf("account %s on %s is %s", acc.Name, instanceID, oa.Type), Expect: oa.Type}
	b.add(a)
	return true
}
