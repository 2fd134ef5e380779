package plan

import (
	"fmt"

	"github.com/dbplan/dbplan/internal/config"
)

// publicState returns the attribute name, family label and observed
// public network state of an instance for IPv4 or IPv6 access.
func publicState(o *ObservedInstance, ipv6 bool) (attr, family, state string) {
	if ipv6 {
		return "public_ipv6", "IPv6", o.PublicIPv6
	}
	return "public_ipv4", "IPv4", o.PublicIPv4
}

// publicClosed reports whether a public network state means "not open":
// a never-opened instance lists "initing" (reference §10.6), and no entry
// at all means the same.
func publicClosed(state string) bool {
	return state == NetIniting || state == NetClosed || state == ""
}

// expectState is the Precondition.Expect of a public network state.
func expectState(state string) string {
	if state == "" {
		return ExpectAbsent
	}
	return state
}

// diffExtranet plans the public access of one concrete instance.
func (b *builder) diffExtranet(ic instanceCtx, ex *config.Extranet) {
	addr := ic.addr + ".extranet"
	if !b.targets.matches(addr) {
		return
	}
	attr, family, state := publicState(ic.obs, ex.IPv6)
	a := Action{Addr: addr, Target: ic.target(), Range: rangeOf(ex.DeclRange)}
	a.Params.IPv6 = ex.IPv6
	a.Before = map[string]string{attr: quote(expectState(state))}
	a.Precondition.Expect = expectState(state)

	switch {
	case ex.Enabled && publicClosed(state):
		if ex.IPv6 && !ic.obs.SupportIPv6 {
			b.note(Warning, addr, fmt.Sprintf("Instance %s does not report IPv6 support; opening IPv6 public access will likely fail.", ic.id))
		}
		a.Kind = OpenExtranet
		a.After = map[string]string{attr: quote(NetOpened)}
		a.Reason = fmt.Sprintf("The configuration enables public %s access but the public network of %s is %s.", family, ic.id, expectState(state))
		a.Precondition.Description = fmt.Sprintf("public %s network of %s is %s", family, ic.id, expectState(state))
		b.add(a)
	case !ex.Enabled && state == NetOpened:
		a.Kind = CloseExtranet
		a.After = map[string]string{attr: quote(NetClosed)}
		a.Reason = fmt.Sprintf("The configuration disables public %s access but the public network of %s is opened.", family, ic.id)
		a.Precondition.Description = fmt.Sprintf("public %s network of %s is opened", family, ic.id)
		b.add(a)
	case ex.Enabled && state == NetOpened, !ex.Enabled && publicClosed(state):
		b.p.Unchanged++
	case ex.Enabled && state == NetOpening, !ex.Enabled && state == NetClosing:
		b.note(Info, addr, fmt.Sprintf("Public %s access of %s is %s already (in progress); no action is planned.", family, ic.id, state))
	case state == NetOpening, state == NetClosing:
		b.note(Warning, addr, fmt.Sprintf("Public %s access of %s is %s, the opposite of the configuration; no action is planned until it finishes: plan again then.", family, ic.id, state))
	default:
		b.note(Warning, addr, fmt.Sprintf("Public %s network of %s has the unknown status %q; no action is planned.", family, ic.id, state))
	}
}
