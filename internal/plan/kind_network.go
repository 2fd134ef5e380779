package plan

import (
	"context"
	"errors"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/config"
	"github.com/dbplan/dbplan/internal/secret"
)

// The read-only group network kinds: asynchronous flows that lock the
// group.

var createNetworkSpec = Spec{
	Name: "create_ro_network", API: "CreateReadOnlyGroupNetworkAccess", Effect: EffectCreate, Object: ObjectRONetwork,
	Async: true, Check: checkNetwork, Flow: createNetworkFlow, Implied: impliedNetwork,
	Send: func(ctx context.Context, w Writer, a *Action, _ secret.Value) (int64, error) {
		p := a.Params
		return flowSend(w.CreateReadOnlyGroupNetworkAccess(ctx, apiclient.CreateReadOnlyGroupNetworkAccessRequest{
			ReadOnlyGroupId: a.Target.ROGroupID, VpcId: p.VpcID, SubnetId: p.SubnetID, IsAssignVip: p.VIP != "", Vip: p.VIP}))
	},
}

// impliedNetwork: the declared group (and its master, when declared) and
// the declared VPC, subnet and VIP.
func impliedNetwork(a *Action, d *Declared) error {
	n := d.Network
	if err := impliedGroup(a, d.Group); err != nil {
		return err
	}
	if n.Absent {
		return errors.New("the configuration declares the network absent = true")
	}
	if err := sameParams(a.Params, Params{VpcID: n.VpcID, SubnetID: n.SubnetID, VIP: n.VIP}); err != nil {
		return err
	}
	return impliedPassword(a, false, "")
}

// impliedDeleteNetwork: the network is declared absent = true; the call
// names its VPC and subnet, and the declared VIP (or, when none is
// declared, the one the group had).
func impliedDeleteNetwork(a *Action, d *Declared) error {
	n := d.Network
	if err := impliedGroup(a, d.Group); err != nil {
		return err
	}
	if !n.Absent {
		return errors.New("the configuration does not declare the network absent = true")
	}
	vip := n.VIP
	if vip == "" {
		vip = a.Params.VIP
	}
	if err := sameParams(a.Params, Params{VpcID: n.VpcID, SubnetID: n.SubnetID, VIP: vip}); err != nil {
		return err
	}
	return impliedPassword(a, false, "")
}

// impliedGroup checks the read-only group of a network action (and its
// master, when declared), provider and region.
func impliedGroup(a *Action, g *config.ROGroup) error {
	if err := same("read-only group", a.Target.ROGroupID, g.ROGroupID); err != nil {
		return err
	}
	if g.MasterInstanceID != "" {
		if err := same("master instance", a.Target.MasterInstanceID, g.MasterInstanceID); err != nil {
			return err
		}
	}
	return impliedPlace(a, g.Provider, g.Region)
}

// checkNetwork re-checks a network create: Done when the group has the
// network, Drifted when the group is gone, the network is in transition or
// the group has no free slot.
func checkNetwork(a *Action, obs *Observed) PreconditionResult {
	og := obs.ROGroups[a.Target.ROGroupID]
	if og == nil {
		return drifted("Read-only group %s no longer exists.", a.Target.ROGroupID)
	}
	for _, o := range og.Networks {
		if !networkMatches(o, a.Params.VpcID, a.Params.SubnetID, a.Params.VIP) {
			continue
		}
		if o.Status == NetOpened || o.Status == "" {
			return done("The group already has network %s.", NetworkName(o))
		}
		return drifted("Network %s is %s now; plan again once it settles.", NetworkName(o), o.Status)
	}
	if n := liveNetworks(og); n >= MaxGroupNetworks {
		return drifted("The group has %d networks now, the most allowed.", n)
	}
	return holds()
}

// createNetworkFlow classifies the group while a network create runs: the
// flow is done when the network is opened and the group is ok again.
func createNetworkFlow(a *Action, obs *Observed) (FlowState, string) {
	og := obs.ROGroups[a.Target.ROGroupID]
	if og == nil {
		return FlowOther, "the read-only group no longer exists"
	}
	desc := "the group is " + og.Status
	p := a.Params
	for _, n := range og.Networks {
		if n.VpcID != p.VpcID || n.SubnetID != p.SubnetID || (p.VIP != "" && n.VIP != p.VIP) {
			continue
		}
		switch {
		case (n.Status == NetOpened || n.Status == "") && groupSettled(og):
			return FlowDone, desc
		case n.Status == NetOpened, n.Status == NetOpening, n.Status == NetIniting:
			return FlowRunning, desc
		}
		return FlowOther, desc
	}
	if og.Status == "modifying" {
		return FlowRunning, desc
	}
	return FlowOld, desc
}

// groupSettled reports whether a group accepts changes (no flow locks it).
func groupSettled(og *ObservedROGroup) bool { return og.Status == "ok" || og.Status == "" }

var deleteNetworkSpec = Spec{
	Name: "delete_ro_network", API: "DeleteReadOnlyGroupNetworkAccess", Effect: EffectDelete, Object: ObjectRONetwork,
	Risks: []string{RiskDeletes}, Async: true, Check: checkDeleteNetwork, Flow: deleteNetworkFlow, Implied: impliedDeleteNetwork,
	Send: func(ctx context.Context, w Writer, a *Action, _ secret.Value) (int64, error) {
		p := a.Params
		return flowSend(w.DeleteReadOnlyGroupNetworkAccess(ctx, apiclient.DeleteReadOnlyGroupNetworkAccessRequest{
			ReadOnlyGroupId: a.Target.ROGroupID, VpcId: p.VpcID, SubnetId: p.SubnetID, Vip: p.VIP}))
	},
}

// plannedNetwork returns the group's network with the action's VPC,
// subnet and exact VIP (a delete names the VIP it saw), or nil.
func plannedNetwork(a *Action, og *ObservedROGroup) *ObservedNetwork {
	for i, o := range og.Networks {
		if o.VpcID == a.Params.VpcID && o.SubnetID == a.Params.SubnetID && o.VIP == a.Params.VIP {
			return &og.Networks[i]
		}
	}
	return nil
}

// checkDeleteNetwork re-checks a network delete: Done when the network is
// gone, Drifted when the group is gone or the network is in transition.
// (Whether it is the group's last network is not checked here: in a swap
// it is, until the addition ordered before it has run; the API refuses
// to remove the last one with FailedOperation.NetworkNumLimitError.)
func checkDeleteNetwork(a *Action, obs *Observed) PreconditionResult {
	og := obs.ROGroups[a.Target.ROGroupID]
	if og == nil {
		return drifted("Read-only group %s no longer exists.", a.Target.ROGroupID)
	}
	o := plannedNetwork(a, og)
	switch {
	case o == nil || o.Status == NetClosed:
		return done("The group no longer has network %s/%s/%s.", a.Params.VpcID, a.Params.SubnetID, a.Params.VIP)
	case o.Status != NetOpened && o.Status != "":
		return drifted("Network %s is %s now; plan again once it settles.", NetworkName(*o), o.Status)
	}
	return holds()
}

// deleteNetworkFlow classifies the group while a network delete runs: the
// flow is done when the network is gone (or closed) and the group is ok.
func deleteNetworkFlow(a *Action, obs *Observed) (FlowState, string) {
	og := obs.ROGroups[a.Target.ROGroupID]
	if og == nil {
		return FlowOther, "the read-only group no longer exists"
	}
	desc := "the group is " + og.Status
	o := plannedNetwork(a, og)
	switch {
	case (o == nil || o.Status == NetClosed) && groupSettled(og):
		return FlowDone, desc
	case o == nil || o.Status == NetClosed || o.Status == NetClosing || og.Status == "modifying":
		return FlowRunning, desc
	case o.Status == NetOpened:
		return FlowOld, desc
	}
	return FlowOther, desc
}
