package plan

import (
	"fmt"
	"strconv"

	"github.com/dbplan/dbplan/internal/config"
)

// DefaultLibraHost is the host of a LibraDB account that does not name
// one: any address.
const DefaultLibraHost = "%"

func (b *builder) buildLibraClusters(clusters []*config.LibraCluster) {
	seen := map[string]declSite{}
	for _, c := range clusters {
		if declare(b, seen, c.ClusterID, c.Addr, c.DeclRange, "LibraDB cluster", c.ClusterID, "") {
			continue
		}
		if b.targets.touches(c.Addr) {
			b.buildLibraCluster(c)
		}
	}
}

func (b *builder) buildLibraCluster(c *config.LibraCluster) {
	oc := b.obs.LibraClusters[c.ClusterID]
	if oc == nil {
		b.errorAt(c.DeclRange, "LibraDB cluster not found",
			fmt.Sprintf("%s names LibraDB cluster %s, which the cloud does not have (or the credentials cannot see). Check cluster_id, the region and the provider of this block.", c.Addr, c.ClusterID))
		return
	}
	if oc.Status != "running" {
		b.note(Warning, c.Addr, fmt.Sprintf("LibraDB cluster %s is %q, not running; account changes will fail or wait until it is running again.", c.ClusterID, oc.Status))
	}
	region := c.Region
	if region == "" {
		region = oc.Region
	}
	declared := make(map[string]bool, len(c.Accounts))
	for _, la := range c.Accounts {
		host := la.Host
		if host == "" {
			host = DefaultLibraHost
		}
		key := LibraKey(la.Name, host)
		if declared[key] {
			b.errorAt(la.DeclRange, "Declared twice",
				fmt.Sprintf("LibraDB account %s is declared twice on cluster %s. Declare it once.", key, c.ClusterID))
			continue
		}
		declared[key] = true
		if !b.targets.matches(la.Addr) {
			continue
		}
		a := Action{
			Addr:   la.Addr,
			Range:  rangeOf(la.DeclRange),
			Target: Target{Provider: c.Provider, Region: region, ClusterID: c.ClusterID, UserName: la.Name, Host: host},
		}
		b.diffLibraAccount(a, la, oc.Accounts[key], key, c.ClusterID)
	}
	target := Target{Provider: c.Provider, Region: region, ClusterID: c.ClusterID}
	for key, oa := range oc.Accounts {
		if declared[key] || b.pruneLibraAccount(c, target, oa) || !b.targets.matches(c.Addr) {
			continue
		}
		b.unmanaged(c.Addr, "libradb_account", LibraKey(oa.Name, oa.Host))
	}
}

// pruneLibraAccount plans the delete of an undeclared LibraDB account
// when the cluster's prune_accounts block selects it, and reports whether
// it does (the account is then not unmanaged, planned or not).
func (b *builder) pruneLibraAccount(c *config.LibraCluster, target Target, oa *ObservedLibraAccount) bool {
	if !c.Prune.Matches(oa.Name, config.IsLibraSystemAccount) {
		return false
	}
	addr := libraAddr(c.Addr, oa.Name, oa.Host)
	if b.targets.matches(addr) {
		a := Action{Addr: addr, Target: target, Range: rangeOf(c.Prune.DeclRange)}
		a.Target.UserName, a.Target.Host = oa.Name, oa.Host
		b.deleteLibraAccount(a, oa, c.ClusterID, pruneReason("Account", LibraKey(oa.Name, oa.Host), "LibraDB cluster "+c.ClusterID, c.Prune))
	}
	return true
}

// libraAddr is the address of a LibraDB account of the cluster at
// parent, as config gives declared ones.
func libraAddr(parent, name, host string) string {
	addr := parent + ".account." + name
	if host != DefaultLibraHost {
		addr += "[" + strconv.Quote(host) + "]"
	}
	return addr
}

func (b *builder) diffLibraAccount(a Action, la *config.LibraAccount, oa *ObservedLibraAccount, key, clusterID string) {
	if la.Absent {
		switch {
		case oa == nil:
			b.p.Unchanged++
		case config.IsLibraSystemAccount(la.Name):
			b.errorAt(la.DeclRange, "System account cannot be deleted",
				fmt.Sprintf("%s is a built-in account of LibraDB cluster %s; dbplan never deletes one. Remove absent = true.", la.Name, clusterID))
		default:
			b.deleteLibraAccount(a, oa, clusterID, fmt.Sprintf("The configuration declares account %s absent = true; it exists on LibraDB cluster %s.", key, clusterID))
		}
		return
	}
	if oa == nil {
		b.diffLibraGrants(a, la, nil, key, clusterID, "")
		a.Kind = CreateLibraAccount
		a.Params.Description = la.Description
		a.Params.MaxUserConnections = la.MaxUserConnections
		a.After = map[string]string{"host": quote(a.Target.Host), "password": passwordMarker}
		if la.Description != nil {
			a.After["description"] = quote(*la.Description)
		}
		if la.MaxUserConnections != nil {
			a.After["max_user_connections"] = strconv.FormatInt(*la.MaxUserConnections, 10)
		}
		a.Reason = fmt.Sprintf("Account %s does not exist on LibraDB cluster %s.", key, clusterID)
		a.Precondition = Precondition{Description: fmt.Sprintf("LibraDB account %s absent on %s", key, clusterID), Expect: ExpectAbsent}
		a.NeedsPassword, a.SecretAddr = true, la.Addr
		if b.requirePassword(la.Addr, la.PasswordSource, la.Password, la.DeclRange, "creating it sends its password") {
			b.add(a)
		}
		return
	}
	reset := b.diffLibraRotation(a, la, oa, key, clusterID)
	b.diffLibraGrants(a, la, oa, key, clusterID, reset)
	b.checkPasswordAge(la.Addr, la.Rotation, oa.UpdateTime, BasisUpdateTime, reset != "")
	if la.Description == nil || *la.Description == oa.Description {
		if reset == "" {
			b.p.Unchanged++
		}
		return
	}
	if reset != "" {
		// The reset's re-check reads UpdateTime, which this change moves:
		// it runs first.
		a.DependsOn = []string{reset}
	}
	a.Kind = ModifyLibraDescription
	a.Params.Description = la.Description
	a.Before = map[string]string{"description": quote(oa.Description)}
	a.After = map[string]string{"description": quote(*la.Description)}
	a.Reason = fmt.Sprintf("The description of LibraDB account %s is %q in the cloud but %q in the configuration.", key, oa.Description, *la.Description)
	a.Precondition = Precondition{Description: fmt.Sprintf("description of LibraDB account %s on %s is %q", key, clusterID, oa.Description), Expect: oa.Description}
	b.add(a)
}
