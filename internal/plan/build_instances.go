package plan

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/dbplan/dbplan/internal/config"
)

// instanceUse is what every instance block declares on one instance id.
// The same id may be reached by several blocks (explicitly and through a
// selector); each account and each extranet family may be declared only
// once per id.
type instanceUse struct {
	obs *ObservedInstance
	// parent is the first in-scope declaring address, the Parent of the
	// id's unmanaged accounts ("" when no declaring address is in scope).
	parent   string
	accounts map[string]declSite
	extranet map[bool]declSite // keyed by IPv6
	// prunes are the in-scope blocks on the id with prune_accounts.
	prunes []pruneSite
}

// declSite is one declaration, remembered to report duplicates at both
// places.
type declSite struct {
	addr     string
	rng      hcl.Range
	reported bool
}

// instanceCtx is one concrete instance being planned: a block, or one
// instance a selector block matched.
type instanceCtx struct {
	inst *config.Instance
	addr string
	id   string
	obs  *ObservedInstance
}

// target returns the API coordinates shared by the instance's actions.
func (ic instanceCtx) target() Target {
	region := ic.inst.Region
	if region == "" {
		region = ic.obs.Region
	}
	return Target{Provider: ic.inst.Provider, Region: region, InstanceID: ic.id}
}

// childAddr rewrites the address of a block nested in inst for the
// concrete instance address: a selector's accounts live under
// `postgres_instance.LABEL["postgres-…"]`.
func (ic instanceCtx) childAddr(child string) string {
	if ic.addr == ic.inst.Addr {
		return child
	}
	return ic.addr + strings.TrimPrefix(child, ic.inst.Addr)
}

// SelectedAddr returns the address of the instance id matched by the
// selector block at addr: `postgres_instance.LABEL["postgres-…"]`.
func SelectedAddr(addr, instanceID string) string {
	return addr + "[" + strconv.Quote(instanceID) + "]"
}

func (b *builder) buildInstances(insts []*config.Instance) {
	for _, inst := range insts {
		if inst.Selector == nil {
			b.buildInstance(inst, inst.Addr, inst.InstanceID)
			continue
		}
		ids := slices.Compact(slices.Sorted(slices.Values(b.obs.Selections[inst.Addr])))
		if len(ids) == 0 && b.targets.touches(inst.Addr) {
			b.note(Warning, inst.Addr, "The selector matches no instance, so nothing is planned for this block; check its tags, name pattern and region.")
		}
		for _, id := range ids {
			b.buildInstance(inst, SelectedAddr(inst.Addr, id), id)
		}
	}
	b.listUnmanagedAccounts()
}

func (b *builder) buildInstance(inst *config.Instance, addr, id string) {
	use := b.hosts[id]
	if use == nil {
		use = &instanceUse{obs: b.obs.Instances[id], accounts: map[string]declSite{}, extranet: map[bool]declSite{}}
		b.hosts[id] = use
	}
	ic := instanceCtx{inst: inst, addr: addr, id: id, obs: use.obs}

	// Duplicates are found before target filtering: a declaration outside
	// the targets still conflicts with one inside.
	dup := make([]bool, len(inst.Accounts))
	for i, acc := range inst.Accounts {
		dup[i] = declare(b, use.accounts, acc.Name, ic.childAddr(acc.Addr), acc.DeclRange, "account", acc.Name, id)
	}
	exDup := inst.Extranet != nil && declare(b, use.extranet, inst.Extranet.IPv6, addr+".extranet", inst.Extranet.DeclRange, "public access", "settings", id)

	if !b.targets.touches(addr) {
		return
	}
	if use.obs == nil {
		b.errorAt(inst.DeclRange, "Instance not found",
			fmt.Sprintf("%s names PostgreSQL instance %s, which the cloud does not have (or the credentials cannot see). Check the instance id, the region and the provider of this block.", addr, id))
		return
	}
	if use.parent == "" && b.targets.matches(addr) {
		use.parent = addr
	}
	if inst.Prune != nil {
		use.prunes = append(use.prunes, pruneSite{addr: addr, target: ic.target(), prune: inst.Prune})
	}
	if st := use.obs.Status; st != "running" {
		b.note(Warning, addr, fmt.Sprintf("Instance %s is %q, not running; changes to it will fail or wait until it is running again.", id, st))
	}
	for i, acc := range inst.Accounts {
		accAddr := ic.childAddr(acc.Addr)
		switch {
		case dup[i]:
		case b.targets.matches(accAddr):
			b.diffAccount(ic, acc, accAddr)
		case b.targets.touches(accAddr):
			// A target below the account selects some of its grants.
			base := Action{Addr: accAddr, Target: ic.target(), Range: rangeOf(acc.DeclRange)}
			base.Target.UserName = acc.Name
			b.diffGrants(base, acc, ic.obs.Accounts[acc.Name], ic.id, false)
		}
	}
	if inst.Extranet != nil && !exDup {
		b.diffExtranet(ic, inst.Extranet)
	}
}

// declare records a declaration of key and reports whether it duplicates
// an earlier one, adding an error at both places (the first place only
// once). The object is named "<what> <name> of instance <instanceID>"
// (without the instance part when instanceID is empty) in the message,
// built only when there is one: declare runs for every declared account.
func declare[K comparable](b *builder, sites map[K]declSite, key K, addr string, rng hcl.Range, what, name, instanceID string) bool {
	prev, ok := sites[key]
	if !ok {
		sites[key] = declSite{addr: addr, rng: rng}
		return false
	}
	obj := what + " " + name
	if instanceID != "" {
		obj += " of instance " + instanceID
	}
	if !prev.reported {
		prev.reported = true
		sites[key] = prev
		b.errorAt(prev.rng, "Declared twice",
			fmt.Sprintf("The %s is declared here as %s and again as %s. Declare it once: remove one declaration or narrow the selector.", obj, prev.addr, addr))
	}
	b.errorAt(rng, "Declared twice",
		fmt.Sprintf("The %s is already declared as %s (%s). Declare it once: remove one declaration or narrow the selector.", obj, prev.addr, rangeOf(prev.rng)))
	return true
}

// listUnmanagedAccounts deletes every observed account that no block
// declares on its instance and a prune_accounts block selects, and lists
// the others as unmanaged under the first in-scope declaring address.
func (b *builder) listUnmanagedAccounts() {
	for _, use := range b.hosts {
		if use.obs == nil {
			continue
		}
		for name, oa := range use.obs.Accounts {
			if _, ok := use.accounts[name]; ok || b.pruneAccount(use, oa) || use.parent == "" {
				continue
			}
			b.unmanaged(use.parent, "account", name)
		}
	}
}
