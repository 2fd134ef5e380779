package plan

import (
	"fmt"
	"strings"

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
	found := make([]int, len(g.Networks))
	live := liveNetworks(og)
	b.groupLive[g.ROGroupID] = live
	// Removals first: the slots they free are available to additions,
	// which apply runs after them when the group is full (addDependencies).
	var removed []*config.Network
	for i, n := range g.Networks {
		found[i] = b.matchNetwork(n, og, declared)
		if n.Absent && found[i] >= 0 && b.targets.matches(n.Addr) && b.absentNetwork(n, og.Networks[found[i]], g, master) {
			removed = append(removed, n)
		}
	}
	slots := live - len(removed)
	for i, n := range g.Networks {
		if n.Absent || !b.targets.matches(n.Addr) {
			if n.Absent && found[i] < 0 && b.targets.matches(n.Addr) {
				b.p.Unchanged++ // already absent
			}
			continue
		}
		if found[i] >= 0 {
			b.existingNetwork(n, og.Networks[found[i]], g.ROGroupID)
			continue
		}
		if slots >= MaxGroupNetworks {
			b.errorAt(n.DeclRange, "Too many read-only group networks",
				fmt.Sprintf("Read-only group %s already has %d networks, the most the API allows; adding %s/%s would exceed it. Declare a network of the group absent = true to make room, or drop this block.", g.ROGroupID, slots, n.VpcID, n.SubnetID))
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
	if len(removed) > 0 && slots < 1 {
		b.lastNetworkError(removed[len(removed)-1].DeclRange, g.ROGroupID)
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

// matchNetwork returns the index of the group's network that the
// declaration n is (see networkMatches), marking it declared, or -1. A
// declaration without vip that matches two networks is ambiguous for a
// removal (which needs the exact VIP): an error when n is absent.
func (b *builder) matchNetwork(n *config.Network, og *ObservedROGroup, declared []bool) int {
	found := -1
	var vips []string
	for i, o := range og.Networks {
		if networkMatches(o, n.VpcID, n.SubnetID, n.VIP) {
			if found < 0 {
				found = i
			}
			declared[i] = true
			vips = append(vips, o.VIP)
		}
	}
	if n.Absent && len(vips) > 1 {
		b.errorAt(n.DeclRange, "Ambiguous network",
			fmt.Sprintf("Read-only group %s has %d networks in %s/%s (VIPs %s); set vip to the one to remove.", og.ID, len(vips), n.VpcID, n.SubnetID, strings.Join(vips, ", ")))
		return -1
	}
	return found
}

// absentNetwork plans the removal of the observed network o declared
// absent at n, and reports whether it did; a network in transition gets
// a note instead.
func (b *builder) absentNetwork(n *config.Network, o ObservedNetwork, g *config.ROGroup, master string) bool {
	switch o.Status {
	case NetOpened, "":
		b.deleteNetwork(n, o, g, master)
		return true
	case NetClosing:
		b.note(Info, n.Addr, fmt.Sprintf("Network %s of %s is closing already (in progress); no action is planned.", NetworkName(o), g.ROGroupID))
	default:
		b.note(Warning, n.Addr, fmt.Sprintf("Network %s of %s is %q; no action is planned until it settles: plan again then.", NetworkName(o), g.ROGroupID, o.Status))
	}
	return false
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
