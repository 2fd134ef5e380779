package plan

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"

	"github.com/dbplan/dbplan/internal/config"
)

// Deletes are planned only from a declaration a reviewer sees in the
// diff: absent = true on an account or network, or a prune_accounts block
// naming the undeclared accounts to delete by pattern. Removing a block
// deletes nothing: the object becomes unmanaged. System accounts are
// never deleted (the configuration cannot ask for it; Build refuses
// again).

// deleteDeclaredAccount plans the delete of an account declared
// absent = true on one instance.
func (b *builder) deleteDeclaredAccount(ic instanceCtx, acc *config.Account, addr string) {
	oa := ic.obs.Accounts[acc.Name]
	if oa == nil {
		b.p.Unchanged++
		return
	}
	if config.IsPostgresSystemAccount(acc.Name) {
		b.errorAt(acc.DeclRange, "System account cannot be deleted",
			fmt.Sprintf("%s is a system account of instance %s; dbplan never deletes one. Remove absent = true.", acc.Name, ic.id))
		return
	}
	a := Action{Addr: addr, Target: ic.target(), Range: rangeOf(acc.DeclRange)}
	a.Target.UserName = acc.Name
	b.deleteAccount(a, oa, ic.id, fmt.Sprintf("The configuration declares account %s absent = true; it exists on instance %s.", acc.Name, ic.id))
}

// deleteAccount plans a DeleteAccount of the observed account oa, against
// its creation time: an account recreated since the plan is not deleted.
func (b *builder) deleteAccount(a Action, oa *ObservedAccount, instanceID, reason string) {
	if oa.Status == accountDeleting {
		b.note(Info, a.Addr, fmt.Sprintf("Account %s is being deleted already; no action is planned.", oa.Name))
		return
	}
	a.Kind = DeleteAccount
	a.Before = map[string]string{"user_name": quote(oa.Name)}
	if oa.Type != "" {
		a.Before["type"] = quote(oa.Type)
	}
	if oa.Remark != "" {
		a.Before["remark"] = quote(oa.Remark)
	}
	if oa.CAM {
		a.Before["cam"] = "true"
	}
	if oa.Locked() {
		a.Before["locked"] = "true"
	}
	a.Reason = reason
	a.Precondition = Precondition{Description: fmt.Sprintf("account %s exists on %s%s", oa.Name, instanceID, createdText(oa.CreateTime)), Expect: oa.CreateTime}
	b.add(a)
}

// createdText is " (created T)" for a known creation time.
func createdText(t string) string {
	if t == "" {
		return ""
	}
	return " (created " + t + ")"
}

// pruneSite is an in-scope block with a prune_accounts block, on one
// concrete instance or cluster.
type pruneSite struct {
	addr   string // the concrete instance or cluster address
	target Target // the API coordinates of its actions
	prune  *config.Prune
}

// pruneFor returns the first site whose pattern selects the undeclared
// account name (system accounts never match), or nil.
func pruneFor(sites []pruneSite, name string, system func(string) bool) *pruneSite {
	for i := range sites {
		if sites[i].prune.Matches(name, system) {
			return &sites[i]
		}
	}
	return nil
}

// pruneReason explains a prune delete (the action's Range is the
// prune_accounts block).
func pruneReason(what, name, parentID string, p *config.Prune) string {
	return fmt.Sprintf("%s %s on %s is not declared and matches %s.", what, name, parentID, p)
}

// pruneAccount plans the delete of the undeclared account oa on use's
// instance when a prune_accounts block selects it, and reports whether
// one did (the account is then not unmanaged, planned or not).
func (b *builder) pruneAccount(use *instanceUse, oa *ObservedAccount) bool {
	site := pruneFor(use.prunes, oa.Name, config.IsPostgresSystemAccount)
	if site == nil {
		return false
	}
	addr := site.addr + ".account." + oa.Name
	if b.targets.matches(addr) {
		a := Action{Addr: addr, Target: site.target, Range: rangeOf(site.prune.DeclRange)}
		a.Target.UserName = oa.Name
		b.deleteAccount(a, oa, use.obs.ID, pruneReason("Account", oa.Name, "instance "+use.obs.ID, site.prune))
	}
	return true
}

// deleteLibraAccount plans the delete of the observed LibraDB account oa.
func (b *builder) deleteLibraAccount(a Action, oa *ObservedLibraAccount, clusterID, reason string) {
	key := LibraKey(oa.Name, oa.Host)
	a.Kind = DeleteLibraAccount
	a.Before = map[string]string{"host": quote(oa.Host)}
	if oa.Description != "" {
		a.Before["description"] = quote(oa.Description)
	}
	a.Reason = reason
	a.Precondition = Precondition{Description: fmt.Sprintf("LibraDB account %s exists on %s%s", key, clusterID, createdText(oa.CreateTime)), Expect: oa.CreateTime}
	b.add(a)
}

// deleteNetwork plans the removal of the observed network o of a group,
// declared absent = true at n.
func (b *builder) deleteNetwork(n *config.Network, o ObservedNetwork, g *config.ROGroup, master string) {
	b.add(Action{
		Addr: n.Addr, Kind: DeleteRONetwork, Range: rangeOf(n.DeclRange),
		Target: Target{Provider: g.Provider, Region: g.Region, ROGroupID: g.ROGroupID, MasterInstanceID: master},
		Params: Params{VpcID: o.VpcID, SubnetID: o.SubnetID, VIP: o.VIP},
		Before: map[string]string{"vpc_id": quote(o.VpcID), "subnet_id": quote(o.SubnetID), "vip": quote(o.VIP)},
		Reason: fmt.Sprintf("The configuration declares network %s/%s absent = true; read-only group %s has it (VIP %s).", o.VpcID, o.SubnetID, g.ROGroupID, o.VIP),
		Precondition: Precondition{
			Description: fmt.Sprintf("network %s on %s is opened", NetworkName(o), g.ROGroupID),
			Expect:      NetOpened,
		},
	})
}

// lastNetworkError reports an absent network whose removal would leave
// the group without any: the API keeps at least one.
func (b *builder) lastNetworkError(rng hcl.Range, groupID string) {
	b.errorAt(rng, "A read-only group keeps one network",
		fmt.Sprintf("Removing this network would leave read-only group %s without any, and the API keeps at least one. Declare the network that replaces it in the same group (dbplan adds it before removing this one), or keep this one.", groupID))
}
