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

// SelectorTargets lists, by selector block address, the instance ids a
// saved plan acts on through that selector. Whether the selector matches
// an instance depends on the instance's tags and name, so it is confirmed
// against the cloud (Confirm), not offline.
type SelectorTargets map[string][]string

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
	sel := SelectorTargets{}
	e := &ImpliedError{}
	for i := range p.Actions {
		a := &p.Actions[i]
		spec := a.Kind.Spec()
		if spec == nil {
			e.add(a, fmt.Errorf("kind %s is not one this dbplan knows", a.Kind))
			continue
		}
		d := idx[DeclaredAddr(a.Addr, declared)]
		switch {
		case d == nil:
			e.add(a, fmt.Errorf("the configuration declares no %s", a.Addr))
			continue
		case d.Object != spec.Object:
			e.add(a, fmt.Errorf("the configuration cannot produce %s there", a.Kind))
			continue
		}
		if d.Addr != a.Addr {
			d = resolveSelected(d, a.Addr)
		}
		if err := spec.Implied(a, d); err != nil {
			e.add(a, err)
			continue
		}
		if d.SelectedID != "" {
			sel[d.Instance.Addr] = append(sel[d.Instance.Addr], d.SelectedID)
		}
	}
	if err := checkDependencies(p.Actions); err != nil {
		e.Problems = append(e.Problems, err.Error())
	}
	for k, ids := range sel {
		sel[k] = slices.Compact(slices.Sorted(slices.Values(ids)))
	}
	if len(e.Problems) > 0 {
		return nil, e
	}
	return sel, nil
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
// and compares them with the saved ones.
func checkDependencies(actions []Action) error {
	fresh := make([]Action, len(actions))
	for i, a := range actions {
		a.DependsOn = nil
		fresh[i] = a
	}
	addDependencies(fresh)
	for i := range actions {
		if !slices.Equal(slices.Sorted(slices.Values(actions[i].DependsOn)), fresh[i].DependsOn) {
			return fmt.Errorf("%s: depends_on %v, but its actions give %v", actions[i].ID, actions[i].DependsOn, fresh[i].DependsOn)
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

// Confirm checks that every selector target is an instance the selector
// matches, by the instances' observed attributes (obs, keyed by id; an id
// absent from obs is an instance the cloud no longer has).
func (st SelectorTargets) Confirm(cfg *config.Config, obs map[string]*ObservedInstance) error {
	byAddr := map[string]*config.Instance{}
	for _, in := range cfg.Instances {
		byAddr[in.Addr] = in
	}
	var problems []string
	for _, addr := range slices.Sorted(maps.Keys(st)) {
		in := byAddr[addr]
		for _, id := range st[addr] {
			oi := obs[id]
			switch {
			case in == nil || in.Selector == nil:
				problems = append(problems, fmt.Sprintf("%s is not a selector", addr))
			case oi == nil:
				problems = append(problems, fmt.Sprintf("%s: instance %s does not exist", SelectedAddr(addr, id), id))
			case !oi.Primary() || !in.Selector.Matches(id, oi.Name, oi.Tags):
				problems = append(problems, fmt.Sprintf("%s: the selector does not select instance %s", SelectedAddr(addr, id), id))
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
