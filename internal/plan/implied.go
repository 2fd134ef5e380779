package plan

import (
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/dbplan/dbplan/internal/config"
)

// A saved plan file is not trusted: in CI it travels as an artifact from a
// pull-request job to the job holding the write keys, and anyone who can
// change it could make apply send any call. So before apply runs a saved
// plan it checks that the configuration it loads implies every action:
// the object is declared there, the kind is one the configuration can
// produce at that object, the target is the declared one, and every
// parameter the call sends is the declared value (Spec.Implied, per
// kind). What a saved action would do depends also on the cloud's state
// at plan time (an account is created because it was absent); that part
// is re-checked against the cloud right before each call
// (CheckPrecondition), never taken from the file.

// Declared is what the configuration declares at a saved action's
// address, resolved for Spec.Implied.
type Declared struct {
	// Addr is the declared address: the action's own, or the same under a
	// selector block for an instance the selector matched.
	Addr string
	// Object is the kind of object declared at Addr (0: an instance,
	// group or cluster block itself, on which no kind acts).
	Object Object
	// Instance is the instance block of account and public-access
	// objects; SelectedID is the instance id in the action's address when
	// the block is a selector.
	Instance   *config.Instance
	SelectedID string
	Account    *config.Account
	Extranet   *config.Extranet
	Group      *config.ROGroup
	Network    *config.Network
	Cluster    *config.LibraCluster
	Libra      *config.LibraAccount
	// DBObject and Privileges are, for privileges (ObjectPrivileges), the
	// object the account's grants name and the privileges they declare on
	// it.
	DBObject   DBObject
	Privileges []string
	// Prune is set, with Account and Libra nil, when nothing declares the
	// account at the address but its instance or cluster block has a
	// prune_accounts block: only a delete can be implied there.
	Prune *config.Prune
	// Elsewhere lists the other blocks that declare an account of this
	// name: explicit ones by instance id (Explicit), selector blocks by
	// address (Selectors), for a pruned account, which must be undeclared
	// on its instance by every block.
	Explicit  map[string]bool
	Selectors []string
}

// declaredIndex maps every declared address to what it declares.
func declaredIndex(cfg *config.Config) map[string]*Declared {
	idx := map[string]*Declared{}
	for _, in := range cfg.Instances {
		idx[in.Addr] = &Declared{Addr: in.Addr, Instance: in}
		if in.Extranet != nil {
			addr := in.Addr + ".extranet"
			idx[addr] = &Declared{Addr: addr, Object: ObjectPublicAccess, Instance: in, Extranet: in.Extranet}
		}
		for _, a := range in.Accounts {
			idx[a.Addr] = &Declared{Addr: a.Addr, Object: ObjectAccount, Instance: in, Account: a}
			for _, d := range declaredObjects(a.Grants) {
				addr := GrantAddr(a.Addr, d.obj)
				idx[addr] = &Declared{Addr: addr, Object: ObjectPrivileges, Instance: in, Account: a, DBObject: d.obj, Privileges: d.privs}
			}
		}
	}
	for _, g := range cfg.ROGroups {
		idx[g.Addr] = &Declared{Addr: g.Addr, Group: g}
		for _, n := range g.Networks {
			idx[n.Addr] = &Declared{Addr: n.Addr, Object: ObjectRONetwork, Group: g, Network: n}
		}
	}
	for _, c := range cfg.LibraClusters {
		idx[c.Addr] = &Declared{Addr: c.Addr, Cluster: c}
		for _, a := range c.Accounts {
			idx[a.Addr] = &Declared{Addr: a.Addr, Object: ObjectLibraAccount, Cluster: c, Libra: a}
		}
	}
	return idx
}

// SelectorTargets says which instances selector blocks must select
// (Selects: the instances a saved plan acts on through them) and must not
// select (Excludes: instances where the plan prunes an account such a
// block declares), by selector block address. Whether a selector matches
// an instance depends on the instance's tags and name, so it is confirmed
// against the cloud (Confirm), not offline.
type SelectorTargets struct {
	Selects, Excludes map[string][]string
}

// Empty reports whether there is nothing to confirm.
func (st SelectorTargets) Empty() bool { return len(st.Selects) == 0 && len(st.Excludes) == 0 }

// IDs returns every instance id to read for Confirm, by selector block.
func (st SelectorTargets) IDs() map[string][]string {
	out := map[string][]string{}
	for _, m := range []map[string][]string{st.Selects, st.Excludes} {
		for addr, ids := range m {
			out[addr] = slices.Compact(slices.Sorted(slices.Values(append(out[addr], ids...))))
		}
	}
	return out
}

// pruneDeclared resolves an address nothing declares to its parent block
// when that block prunes accounts (see Declared.Prune); nil otherwise.
func pruneDeclared(cfg *config.Config, idx map[string]*Declared, addr string, object Object) *Declared {
	cut := strings.LastIndex(addr, ".account.")
	if cut < 0 {
		return nil
	}
	declared := func(a string) bool { _, ok := idx[a]; return ok }
	parent := idx[DeclaredAddr(addr[:cut], declared)]
	if parent == nil {
		return nil
	}
	d := &Declared{Addr: addr, Object: object, Instance: parent.Instance, Cluster: parent.Cluster}
	switch {
	case object == ObjectAccount && parent.Instance != nil && parent.Instance.Prune != nil:
		d.Prune = parent.Instance.Prune
		if parent.Instance.Selector != nil {
			d = resolveSelected(d, addr)
		}
		name := addr[cut+len(".account."):]
		d.Explicit = map[string]bool{}
		for _, in := range cfg.Instances {
			for _, a := range in.Accounts {
				if a.Name != name || in == parent.Instance {
					continue
				}
				if in.Selector != nil {
					d.Selectors = append(d.Selectors, in.Addr)
				} else {
					d.Explicit[in.InstanceID] = true
				}
			}
		}
	case object == ObjectLibraAccount && parent.Cluster != nil && parent.Cluster.Prune != nil:
		d.Prune = parent.Cluster.Prune
	default:
		return nil
	}
	return d
}

// CheckImplied checks every action of the saved plan p against cfg, the
// configuration loaded at apply time, without the cloud: see Declared and
// Spec.Implied. It returns an *ImpliedError naming the actions cfg does
// not imply, and the selector targets still to Confirm.
//
// It also recomputes the actions' dependencies: an edited DependsOn could
// run an action before the one it needs.
func CheckImplied(p *Plan, cfg *config.Config) (SelectorTargets, error) {
	idx := declaredIndex(cfg)
	declared := func(a string) bool { _, ok := idx[a]; return ok }
	sel := SelectorTargets{Selects: map[string][]string{}, Excludes: map[string][]string{}}
	e := &ImpliedError{}
	for i := range p.Actions {
		a := &p.Actions[i]
		spec := a.Kind.Spec()
		if spec == nil || spec.Implied == nil {
			e.add(a, fmt.Errorf("kind %s is not one this dbplan can check", a.Kind))
			continue
		}
		d := idx[DeclaredAddr(a.Addr, declared)]
		if d == nil {
			d = pruneDeclared(cfg, idx, a.Addr, spec.Object)
		}
		switch {
		case d == nil || d.Prune != nil && spec.Effect != EffectDelete:
			e.add(a, fmt.Errorf("the configuration declares no %s", a.Addr))
			continue
		case !declares(d, spec.Object):
			e.add(a, fmt.Errorf("the configuration cannot produce %s there", a.Kind))
			continue
		}
		if d.Addr != a.Addr && d.Prune == nil {
			d = resolveSelected(d, a.Addr)
		}
		if err := spec.Implied(a, d); err != nil {
			e.add(a, err)
			continue
		}
		if d.SelectedID != "" {
			sel.Selects[d.Instance.Addr] = append(sel.Selects[d.Instance.Addr], d.SelectedID)
		}
		for _, s := range d.Selectors {
			sel.Excludes[s] = append(sel.Excludes[s], a.Target.InstanceID)
		}
	}
	if err := checkDependencies(p.Actions); err != nil {
		e.Problems = append(e.Problems, err.Error())
	}
	for _, m := range []map[string][]string{sel.Selects, sel.Excludes} {
		for k, ids := range m {
			m[k] = slices.Compact(slices.Sorted(slices.Values(ids)))
		}
	}
	if len(e.Problems) > 0 {
		return SelectorTargets{}, e
	}
	return sel, nil
}

// declares reports whether what is declared at d holds an object of
// kind o: its own, or a LibraDB account's privileges (declared by the
// account's grants, at the account's address).
func declares(d *Declared, o Object) bool {
	return d.Object == o || o == ObjectLibraPrivileges && d.Object == ObjectLibraAccount
}

// resolveSelected returns a copy of d (declared under a selector block)
// for the concrete action address addr, with SelectedID set from the key
// of the instance part of addr.
func resolveSelected(d *Declared, addr string) *Declared {
	c := *d
	r := ResourceAddr(addr)
	key := strings.TrimSuffix(strings.TrimPrefix(r[len(d.Instance.Addr):], `["`), `"]`)
	c.SelectedID = key
	if d.Instance.Selector == nil || SelectedAddr(d.Instance.Addr, key) != r {
		c.SelectedID = "\x00" // not an address Build makes: refused by the hooks
	}
	return &c
}

// checkDependencies recomputes the plan's dependencies from its actions
// and checks the saved ones against them: each recomputed one must be
// saved (an edit cannot make an action run before what it needs); a saved
// one beyond them may only name an action on the same object (Build adds
// such, e.g. a LibraDB description change waits for its password reset);
// and the dependencies have no cycle. The order of a read-only group's
// network actions depends on how many networks the group had when it was
// planned (see addDependencies), which the file does not prove, so the
// saved order of each group must be the one some possible count gives.
func checkDependencies(actions []Action) error {
	var fresh [MaxGroupNetworks + 2][]Action
	for live := range fresh {
		fresh[live] = make([]Action, len(actions))
		counts := map[string]int{}
		for i, a := range actions {
			a.DependsOn = nil
			fresh[live][i] = a
			counts[a.Target.ROGroupID] = live
		}
		addDependencies(fresh[live], counts)
	}
	addrOf := make(map[string]string, len(actions))
	for _, a := range actions {
		addrOf[a.ID] = a.Addr
	}
	matches := func(i, live int) bool {
		a := &actions[i]
		for _, d := range fresh[live][i].DependsOn {
			if !slices.Contains(a.DependsOn, d) {
				return false
			}
		}
		for _, d := range a.DependsOn {
			if !slices.Contains(fresh[live][i].DependsOn, d) && addrOf[d] != a.Addr {
				return false
			}
		}
		return true
	}
	groups := map[string][]int{} // read-only group → its network actions
	for i, a := range actions {
		if a.Kind.Spec().Object == ObjectRONetwork {
			groups[a.Target.ROGroupID] = append(groups[a.Target.ROGroupID], i)
		} else if !matches(i, 0) {
			return fmt.Errorf("%s: depends_on %v, but its actions give %v", a.ID, a.DependsOn, fresh[0][i].DependsOn)
		}
	}
	for g, idx := range groups {
		ok := false
		for live := range fresh {
			all := true
			for _, i := range idx {
				all = all && matches(i, live)
			}
			ok = ok || all
		}
		if !ok {
			return fmt.Errorf("the network actions of read-only group %s are in an order dbplan does not plan", g)
		}
	}
	return acyclic(actions)
}

// acyclic fails when the actions' dependencies form a cycle, which would
// leave its actions waiting for each other forever.
func acyclic(actions []Action) error {
	deps := make(map[string][]string, len(actions))
	for _, a := range actions {
		deps[a.ID] = a.DependsOn
	}
	const (
		visiting = 1
		done     = 2
	)
	state := map[string]int{}
	var visit func(id string) error
	visit = func(id string) error {
		switch state[id] {
		case visiting:
			return fmt.Errorf("%s depends on itself through depends_on", id)
		case done:
			return nil
		}
		state[id] = visiting
		for _, d := range deps[id] {
			if err := visit(d); err != nil {
				return err
			}
		}
		state[id] = done
		return nil
	}
	for _, a := range actions {
		if err := visit(a.ID); err != nil {
			return err
		}
	}
	return nil
}

// ImpliedError lists the saved actions the configuration does not imply.
type ImpliedError struct {
	// Problems are "ID: reason" texts, in plan order.
	Problems []string
}

func (e *ImpliedError) add(a *Action, err error) {
	e.Problems = append(e.Problems, a.ID+": "+err.Error())
}

// Error names the first problems in one line.
func (e *ImpliedError) Error() string {
	return listSome(e.Problems)
}

// Confirm checks that every selector selects the instances it must and
// none it must not, by the instances' observed attributes (obs, keyed by
// id; an id absent from obs is an instance the cloud no longer has).
func (st SelectorTargets) Confirm(cfg *config.Config, obs map[string]*ObservedInstance) error {
	byAddr := map[string]*config.Instance{}
	for _, in := range cfg.Instances {
		byAddr[in.Addr] = in
	}
	selects := func(in *config.Instance, oi *ObservedInstance) bool {
		return oi != nil && oi.Primary() && in.Selector.Matches(oi.ID, oi.Name, oi.Tags)
	}
	var problems []string
	for _, addr := range slices.Sorted(maps.Keys(st.Selects)) {
		in := byAddr[addr]
		for _, id := range st.Selects[addr] {
			switch oi := obs[id]; {
			case in == nil || in.Selector == nil:
				problems = append(problems, fmt.Sprintf("%s is not a selector", addr))
			case oi == nil:
				problems = append(problems, fmt.Sprintf("%s: instance %s does not exist", SelectedAddr(addr, id), id))
			case !selects(in, oi):
				problems = append(problems, fmt.Sprintf("%s: the selector does not select instance %s", SelectedAddr(addr, id), id))
			}
		}
	}
	for _, addr := range slices.Sorted(maps.Keys(st.Excludes)) {
		in := byAddr[addr]
		for _, id := range st.Excludes[addr] {
			if in == nil || in.Selector == nil || selects(in, obs[id]) {
				problems = append(problems, fmt.Sprintf("%s declares an account the plan deletes from instance %s as undeclared", addr, id))
			}
		}
	}
	if len(problems) > 0 {
		return errors.New(listSome(problems))
	}
	return nil
}

// The checks the kinds' Implied hooks share.

// impliedInstance checks an action's instance coordinates: the declared
// instance id (or, under a selector, the id in the address, which must be
// among the selector's instance_ids when it lists them), provider and
// region.
func impliedInstance(a *Action, d *Declared) error {
	in := d.Instance
	want := in.InstanceID
	if in.Selector != nil {
		want = d.SelectedID
		if want == "" || want == "\x00" || len(in.Selector.InstanceIDs) > 0 && !slices.Contains(in.Selector.InstanceIDs, want) {
			return fmt.Errorf("the selector of %s does not select %s", in.Addr, ResourceAddr(a.Addr))
		}
	}
	if err := same("instance", a.Target.InstanceID, want); err != nil {
		return err
	}
	return impliedPlace(a, in.Provider, in.Region)
}

// impliedPlace checks the provider and region of an action (the region
// only when the configuration names one: otherwise it is the instance's).
func impliedPlace(a *Action, provider, region string) error {
	if err := same("provider", a.Target.Provider, provider); err != nil {
		return err
	}
	if region != "" {
		return same("region", a.Target.Region, region)
	}
	return nil
}

// impliedPassword checks which password an action sends: the one of the
// account at addr when needs is true, none otherwise.
func impliedPassword(a *Action, needs bool, addr string) error {
	switch {
	case needs && (!a.NeedsPassword || a.SecretAddr != addr):
		return fmt.Errorf("it must send the password of %s", addr)
	case !needs && (a.NeedsPassword || a.SecretAddr != ""):
		return errors.New("it sends a password the configuration does not call for")
	}
	return nil
}

// same says how got differs from the declared want.
func same(what, got, want string) error {
	if got != want {
		return fmt.Errorf("%s is %q but the configuration says %q", what, got, want)
	}
	return nil
}

// declaredTrue reports whether an optional bool is set to want.
func declaredTrue(v *bool, want bool) bool { return v != nil && *v == want }

// sameParams compares every parameter of an action with the ones the
// configuration implies, pointers by value, and names the first that
// differs. A parameter the kind does not send must be unset in both.
func sameParams(got, want Params) error {
	g, w := reflect.ValueOf(got), reflect.ValueOf(want)
	for i := range g.NumField() {
		gv, wv := g.Field(i), w.Field(i)
		if gv.Kind() == reflect.Pointer {
			if gv.IsNil() != wv.IsNil() || !gv.IsNil() && !reflect.DeepEqual(gv.Elem().Interface(), wv.Elem().Interface()) {
				return fmt.Errorf("parameter %s is %s but the configuration says %s", g.Type().Field(i).Name, show(gv), show(wv))
			}
			continue
		}
		if !reflect.DeepEqual(gv.Interface(), wv.Interface()) {
			return fmt.Errorf("parameter %s is %s but the configuration says %s", g.Type().Field(i).Name, show(gv), show(wv))
		}
	}
	return nil
}

// show renders a parameter value for a message ("unset" for nil).
func show(v reflect.Value) string {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return "unset"
		}
		v = v.Elem()
	}
	return fmt.Sprintf("%#v", v.Interface())
}
