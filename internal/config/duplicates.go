package config

import (
	"cmp"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// sortModel sorts every slice of the model by address (accounts by name,
// LibraDB accounts by name and host), as Config documents.
func (l *loader) sortModel() {
	c := l.cfg
	slices.SortStableFunc(c.Instances, func(a, b *Instance) int { return strings.Compare(a.Addr, b.Addr) })
	for _, i := range c.Instances {
		slices.SortStableFunc(i.Accounts, func(a, b *Account) int { return strings.Compare(a.Name, b.Name) })
	}
	slices.SortStableFunc(c.ROGroups, func(a, b *ROGroup) int { return strings.Compare(a.Addr, b.Addr) })
	for _, g := range c.ROGroups {
		slices.SortStableFunc(g.Networks, func(a, b *Network) int { return strings.Compare(a.Addr, b.Addr) })
	}
	slices.SortStableFunc(c.LibraClusters, func(a, b *LibraCluster) int { return strings.Compare(a.Addr, b.Addr) })
	for _, k := range c.LibraClusters {
		slices.SortStableFunc(k.Accounts, func(a, b *LibraAccount) int {
			return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.Host, b.Host))
		})
	}
}

// decl is one declaration taking part in a duplicate check.
type decl struct {
	addr string
	rng  hcl.Range
}

// dupSet collects declarations by identity, remembering the order in
// which identities first appeared.
type dupSet struct {
	order []string
	by    map[string][]decl
}

func (s *dupSet) add(key string, d decl) {
	if s.by == nil {
		s.by = map[string][]decl{}
	}
	if _, ok := s.by[key]; !ok {
		s.order = append(s.order, key)
	}
	s.by[key] = append(s.by[key], d)
}

// report emits one error per declaration of an identity declared more than
// once, each naming another declaration of it.
func (l *loader) report(s *dupSet, summary, what, fix string) {
	for _, k := range s.order {
		ds := s.by[k]
		if len(ds) < 2 {
			continue
		}
		t, _, _ := strings.Cut(k, "\x00")
		for i, d := range ds {
			other := ds[0]
			if i == 0 {
				other = ds[1]
			}
			l.errorf(d.rng, summary, "%s %s is also declared as %s at %s; both apply to %s. %s", what, d.addr, other.addr, where(other.rng), t, fix)
		}
	}
}

// target is the identity of an instance, group or cluster for duplicate
// checks: its id when known (two blocks may name the same id), else its
// address.
func target(id, addr string) string {
	if id != "" {
		return id
	}
	return addr
}

// checkDuplicates reports the same account, extranet setting, network or
// LibraDB account declared twice for the same cloud object, also across
// for_each keys and across blocks naming the same id.
func (l *loader) checkDuplicates() {
	var accounts, extranets, networks, libra, masters dupSet
	for _, inst := range l.cfg.Instances {
		t := target(inst.InstanceID, inst.Addr)
		for _, a := range inst.Accounts {
			accounts.add(t+"\x00"+a.Name, decl{a.Addr, a.DeclRange})
		}
		if inst.Extranet != nil {
			extranets.add(t, decl{inst.Addr + ".extranet", inst.Extranet.DeclRange})
		}
	}
	perGroup := map[string][]*Network{}
	var groupOrder []string
	for _, g := range l.cfg.ROGroups {
		t := target(g.ROGroupID, g.Addr)
		if g.ROGroupID != "" && g.MasterInstanceID != "" {
			masters.add(t+"\x00"+g.MasterInstanceID, decl{g.Addr, g.DeclRange})
		}
		for _, n := range g.Networks {
			key := t + "\x00" + n.VpcID + "\x00" + n.SubnetID
			if _, seen := networks.by[key]; !seen && !n.Absent {
				if _, ok := perGroup[t]; !ok {
					groupOrder = append(groupOrder, t)
				}
				perGroup[t] = append(perGroup[t], n)
			}
			networks.add(key, decl{n.Addr, n.DeclRange})
		}
	}
	for _, c := range l.cfg.LibraClusters {
		t := target(c.ClusterID, c.Addr)
		for _, a := range c.Accounts {
			libra.add(t+"\x00"+a.Name+"\x00"+a.Host, decl{a.Addr, a.DeclRange})
		}
	}
	l.report(&accounts, "Duplicate account", "The account", "Declare each account once per instance: remove one declaration, or make the for_each keys name different instances.")
	l.report(&extranets, "Duplicate extranet block", "Public access", "Declare the extranet block of an instance once.")
	l.report(&networks, "Duplicate network", "The network", "Declare each VPC/subnet pair once per read-only group.")
	l.report(&libra, "Duplicate LibraDB account", "The account", "Declare each name and host pair once per cluster.")
	l.checkMasters(&masters)
	for _, t := range groupOrder {
		ns := perGroup[t]
		for _, n := range ns[min(MaxNetworksPerROGroup, len(ns)):] {
			l.errorf(n.DeclRange, "Too many networks", "The read-only group %s would have %d networks; a group has at most %d. Remove networks until at most %d remain.", t, len(ns), MaxNetworksPerROGroup, MaxNetworksPerROGroup)
		}
	}
}

// checkMasters reports one read-only group declared with two different
// master instances.
func (l *loader) checkMasters(s *dupSet) {
	first := map[string]string{} // group id → first master key
	for _, k := range s.order {
		gid, _, _ := strings.Cut(k, "\x00")
		prev, ok := first[gid]
		if !ok {
			first[gid] = k
			continue
		}
		p, d := s.by[prev][0], s.by[k][0]
		l.errorf(d.rng, "Conflicting master_instance_id", "%s gives the read-only group %s a different master instance than %s at %s. A group has one master instance; use the same master_instance_id.", d.addr, gid, p.addr, where(p.rng))
	}
}
