package exec

import (
	"fmt"

	"github.com/dbplan/dbplan/internal/plan"
)

// graph is the dependency DAG of a plan's actions, by index.
type graph struct {
	actions    []plan.Action
	pending    []int   // dependencies not yet satisfied
	dependents [][]int // reverse edges
}

// newGraph indexes actions and rejects what cannot be run: unknown kinds, duplicate IDs,
// dependencies on unknown actions and cycles (a corrupted or hand-edited
// plan file), so no run can hang on an action that never becomes ready.
func newGraph(actions []plan.Action) (*graph, error) {
	g := &graph{actions: actions, pending: make([]int, len(actions)), dependents: make([][]int, len(actions))}
	idx := make(map[string]int, len(actions))
	for i, a := range actions {
		if a.Kind.Spec() == nil {
			return nil, fmt.Errorf("exec: action %q has kind %s, which this dbplan cannot run: plan again", a.ID, a.Kind)
		}
		if _, dup := idx[a.ID]; dup {
			return nil, fmt.Errorf("exec: the plan has two actions with id %q: plan again", a.ID)
		}
		idx[a.ID] = i
	}
	for i, a := range actions {
		for _, d := range a.DependsOn {
			j, ok := idx[d]
			if !ok {
				return nil, fmt.Errorf("exec: action %q depends on %q, which is not in the plan: plan again", a.ID, d)
			}
			g.pending[i]++
			g.dependents[j] = append(g.dependents[j], i)
		}
	}
	if cyc := g.cycle(); cyc != "" {
		return nil, fmt.Errorf("exec: the plan's dependencies form a cycle through %q: plan again", cyc)
	}
	return g, nil
}

// cycle returns the ID of an action on a dependency cycle, or "".
func (g *graph) cycle() string {
	pending := append([]int(nil), g.pending...)
	var queue []int
	for i, p := range pending {
		if p == 0 {
			queue = append(queue, i)
		}
	}
	seen := 0
	for len(queue) > 0 {
		i := queue[0]
		queue = queue[1:]
		seen++
		for _, d := range g.dependents[i] {
			if pending[d]--; pending[d] == 0 {
				queue = append(queue, d)
			}
		}
	}
	if seen == len(g.actions) {
		return ""
	}
	for i, p := range pending {
		if p > 0 {
			return g.actions[i].ID
		}
	}
	return ""
}
