package exec

import "github.com/dbplan/dbplan/internal/plan"

// readyQueue holds the ready actions, one FIFO per API action (rate-limit
// bucket), and counts the units in flight per bucket. pick serves the
// bucket with the fewest units in flight, so no bucket starves for
// workers while another has them all queued on its limiter.
type readyQueue struct {
	actions    []plan.Action
	libraBatch int
	queues     map[string][]int
	inflight   map[string]int
}

func newReadyQueue(actions []plan.Action, libraBatch int) *readyQueue {
	return &readyQueue{actions: actions, libraBatch: libraBatch, queues: map[string][]int{}, inflight: map[string]int{}}
}

func (q *readyQueue) push(i int) {
	b := q.actions[i].Kind.APIAction()
	q.queues[b] = append(q.queues[b], i)
}

// pick removes and returns the next unit and its bucket (nil when nothing
// is ready). An action of a batched kind (plan.Spec.BatchMax > 1) takes
// along the other ready actions of its kind on the same parent, up to the
// smaller of BatchMax and the configured batch size.
func (q *readyQueue) pick() (string, []int) {
	best := ""
	for b, qu := range q.queues {
		if len(qu) == 0 {
			continue
		}
		if best == "" || q.inflight[b] < q.inflight[best] ||
			(q.inflight[b] == q.inflight[best] && qu[0] < q.queues[best][0]) {
			best = b
		}
	}
	if best == "" {
		return "", nil
	}
	qu := q.queues[best]
	head := qu[0]
	unit := []int{head}
	rest := qu[1:]
	if a := &q.actions[head]; a.Kind.Spec().BatchMax > 1 {
		most := min(a.Kind.Spec().BatchMax, q.libraBatch)
		kept := rest[:0:0]
		for _, i := range rest {
			o := &q.actions[i]
			if len(unit) < most && o.Kind == a.Kind && sameCluster(a, o) {
				unit = append(unit, i)
				continue
			}
			kept = append(kept, i)
		}
		rest = kept
	}
	q.queues[best] = rest
	q.inflight[best]++
	return best, unit
}

// release marks a unit of bucket finished.
func (q *readyQueue) release(bucket string) { q.inflight[bucket]-- }

func sameCluster(a, b *plan.Action) bool {
	return a.Target.Provider == b.Target.Provider && a.Target.Region == b.Target.Region &&
		a.Target.ClusterID == b.Target.ClusterID
}
