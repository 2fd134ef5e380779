package plan

import (
	"fmt"

	"github.com/dbplan/dbplan/internal/config"
)

// MaxGroupNetworks is how many networks a read-only group may have
// (reference §7.5).
const MaxGroupNetworks = 2

// NetworkName identifies an observed network in Unmanaged.Name.
func NetworkName(n ObservedNetwork) string { return n.VpcID + "/" + n.SubnetID + "/" + n.VIP }

// networkMatches reports whether an observed network is the declared one:
// same VPC and subnet, and the same address when the declaration pins a
// VIP. Closed entries are being (or have been) removed and never match.
func networkMatches(o ObservedNetwork, vpc, subnet, vip string) bool {
	return o.Status != NetClosed && o.VpcID == vpc && o.SubnetID == subnet && (vip == "" || o.VIP == vip)
}

// liveNetworks counts a group's networks that occupy one of its
// MaxGroupNetworks slots.
func liveNetworks(g *ObservedROGroup) int {
	n := 0
	for _, o := range g.Networks {
		if o.Status != NetClosed {
			n++
		}
	}
	return n
}

func (b *builder) buildROGroups(groups []*config.ROGroup) {
	seen := map[string]declSite{}
	for _, g := range groups {
		if declare(b, seen, g.ROGroupID, g.Addr, g.DeclRange, "read-only group", g.ROGroupID, "") {
			continue
		}
		if b.targets.touches(g.Addr) {
			b.buildROGroup(g)
		}
	}
}

func (b *builder) buildROGroup(g *config.ROGroup) {
	og := b.obs.ROGroups[g.ROGroupID]
	if og == nil {
		b.errorAt(g.DeclRange, "Read-only group not found",
			fmt.Sprintf("%s names read-only group %s of instance %s, which the cloud does not have (or the credentials cannot see). Check ro_group_id, the master instance and the region.", g.Addr, g.ROGroupID, g.MasterInstanceID))
		return
	}
	if og.Status != "ok" {
		b.note(Warning, g.Addr, fmt.Sprintf("Read-only group %s is %q, not ok; network changes will wait or fail until it is ok again.", g.ROGroupID, og.Status))
	}
	master := g.MasterInstanceID
	if master == "" {
		master = og.MasterInstanceID
	}
	declared := make([]bool, len(og.Networks))
	slots := liveNetworks(og)
	for _, n := range g.Networks {
		found := -1
		for i, o := range og.Networks {
			if networkMatches(o, n.VpcID, n.SubnetID, n.VIP) {
				found = i
				declared[i] = true
				break
			}
		}
		if !b.targets.matches(n.Addr) {
			continue
		}
		if found >= 0 {
			b.existingNetwork(n, og.Networks[found], g.ROGroupID)
			continue
		}
		if slots >= MaxGroupNetworks {
			b.errorAt(n.DeclRange, "Too many read-only group networks",
				fmt.Sprintf("Read-only group %s already has %d networks, the most the API allows; adding %s/%s would exceed it. Remove a network from the group first (dbplan never deletes), or drop this block.", g.ROGroupID, slots, n.VpcID, n.SubnetID))
			continue
		}
		slots++
		vip := n.VIP
		if vip == "" {
			vip = "(auto-assigned)"
		}
		b.add(Action{
			Addr: n.Addr, Kind: CreateRONetwork, Range: rangeOf(n.DeclRange),
			Target: Target{Provider: g.Provider, Region: g.Region, ROGroupID: g.ROGroupID, MasterInstanceID: master},
			Params: Params{VpcID: n.VpcID, SubnetID: n.SubnetID, VIP: n.VIP},
			After:  map[string]string{"vpc_id": quote(n.VpcID), "subnet_id": quote(n.SubnetID), "vip": quote(vip)},
			Reason: fmt.Sprintf("Read-only group %s has no network in %s/%s.", g.ROGroupID, n.VpcID, n.SubnetID),
			Precondition: Precondition{
				Description: fmt.Sprintf("network %s/%s absent on %s", n.VpcID, n.SubnetID, g.ROGroupID),
				Expect:      ExpectAbsent,
			},
		})
	}
	if !b.targets.matches(g.Addr) {
		return
	}
	for i, o := range og.Networks {
		if !declared[i] && o.Status != NetClosed {
			b.unmanaged(g.Addr, "network", NetworkName(o))
		}
	}
}

// existingNetwork classifies a declared network the group already lists.
func (b *builder) existingNetwork(n *config.Network, o ObservedNetwork, groupID string) {
	switch o.Status {
	case NetOpened, "":
		b.p.Unchanged++
	case NetOpening:
		b.note(Info, n.Addr, fmt.Sprintf("Network %s/%s of %s is opening already (in progress); no action is planned.", n.VpcID, n.SubnetID, groupID))
	default:
		b.note(Warning, n.Addr, fmt.Sprintf("Network %s/%s of %s is %q; no action is planned until it settles: plan again then.", n.VpcID, n.SubnetID, groupID, o.Status))
	}
}
