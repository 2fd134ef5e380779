package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/dbplan/dbplan/internal/config"
	"github.com/dbplan/dbplan/internal/plan"
	"github.com/dbplan/dbplan/internal/plan/refresh"
)

// The checks of a saved plan before it runs, in order: made by this
// dbplan; its objects still mean what they meant (digests), else it is
// stale, or for another configuration; every action implied by the
// configuration (an edited file is refused); and, with the cloud, every
// instance it reaches through a selector one the selector selects. Each
// failure is one line on stderr; nothing has been changed then.

// sameVersion refuses a plan made by another dbplan version.
func sameVersion(e *env, file string, p *plan.Plan) bool {
	if v := currentVersion(); p.DbplanVersion != v {
		fmt.Fprintf(e.stderr, "dbplan apply: %s was made by dbplan %s and this is dbplan %s, which may plan differently: "+
			"apply it with dbplan %s, or run dbplan plan -out %s again with this one\n", file, p.DbplanVersion, v, p.DbplanVersion, file)
		return false
	}
	return true
}

// impliedByConfig refuses a stale plan, one for another configuration and
// one holding actions cfg does not imply; it returns the selector targets
// still to confirm with the cloud.
func impliedByConfig(e *env, file string, p *plan.Plan, cfg *config.Config, dir string) (plan.SelectorTargets, bool) {
	if err := plan.CheckDigests(p, cfg); err != nil {
		var se *plan.StaleError
		if errors.As(err, &se) && se.ElsewhereRoot() {
			fmt.Fprintf(e.stderr, "dbplan apply: %s was made for another configuration (%s): %s declares none of the %d objects it changes; "+
				"name the right directory with -chdir DIR\n", file, recordedDirs(p), dir, se.Touched)
		} else {
			fmt.Fprintf(e.stderr, "dbplan apply: %s no longer matches the configuration in %s (%v); "+
				"run dbplan plan -out %s again and review the new plan\n", file, dir, err, file)
		}
		return plan.SelectorTargets{}, false
	}
	sel, err := plan.CheckImplied(p, cfg)
	if err != nil {
		fmt.Fprintf(e.stderr, "dbplan apply: %s holds actions the configuration in %s does not imply, so it was edited or not made by dbplan (%v); "+
			"nothing was applied: run dbplan plan -out %s again and review the new plan\n", file, dir, err, file)
		return plan.SelectorTargets{}, false
	}
	return sel, true
}

// confirmSelections reads the instances the plan reaches through
// selectors (or prunes accounts on, that selector blocks declare) and
// refuses the plan unless each selector selects, or does not, as needed.
func confirmSelections(ctx context.Context, e *env, file string, cfg *config.Config, cl *cloud, sel plan.SelectorTargets) int {
	if sel.Empty() {
		return exitOK
	}
	byAddr := map[string]*config.Instance{}
	for _, in := range cfg.Instances {
		byAddr[in.Addr] = in
	}
	obs := map[string]*plan.ObservedInstance{}
	for addr, ids := range sel.IDs() {
		in := byAddr[addr]
		src, err := cl.client(in.Provider, in.Region)
		if err == nil {
			var got map[string]*plan.ObservedInstance
			if got, err = refresh.Instances(ctx, src, refresh.Options{Retry: cl.retry}, ids); err == nil {
				for id, oi := range got {
					obs[id] = oi
				}
			}
		}
		if err != nil {
			if ctx.Err() != nil {
				return cl.fail(ctx, e, err)
			}
			fmt.Fprintf(e.stderr, "dbplan apply: reading the instances %s selects, to check %s: %s\n", addr, file, cl.explain(err))
			return exitError
		}
	}
	if err := sel.Confirm(cfg, obs); err != nil {
		fmt.Fprintf(e.stderr, "dbplan apply: %s acts on instances its selectors do not select, so it was edited or the instances changed since (%v); "+
			"nothing was applied: run dbplan plan -out %s again and review the new plan\n", file, err, file)
		return exitError
	}
	return exitOK
}
