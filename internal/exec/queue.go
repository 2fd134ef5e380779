package exec

import "github.com/dbplan/dbplan/internal/plan"

// readyQueue holds the ready actions, one FIFO per rate-limit bucket
// (account and API action), and counts the units in flight per bucket.
// pick serves the bucket with the fewest units in flight, so no bucket
// starves for workers while another has them all queued on its limiter:
// the accounts of a plan spanning several run side by side, each at its
// own quota.
//
// Ready actions of batched kinds are also indexed by their batch
// (plan.Action.BatchKey), so a pick gathers a batch without scanning the
// whole queue: a plan granting privileges to thousands of accounts has
// tens of thousands of ready actions in one bucket. An action taken into
// a batch stays in its FIFO, marked taken, and is skipped there later.
type readyQueue struct {
	actions    []plan.Action
	libraBatch int
	// account is the account (API.Account) of each action.
	account  []string
	queues   map[string][]int
	batches  map[string][]int // bucket + batch key → ready actions, FIFO
	taken    []bool
	inflight map[string]int
}

// newReadyQueue returns an empty queue; account holds the account of each
// action (nil: one account).
func newReadyQueue(actions []plan.Action, libraBatch int, account []string) *readyQueue {
	if account == nil {
		account = make([]string, len(actions))
	}
	return &readyQueue{actions: actions, libraBatch: libraBatch, account: account, queues: map[string][]int{},
		batches: map[string][]int{}, taken: make([]bool, len(actions)), inflight: map[string]int{}}
}

func (q *readyQueue) push(i int) {
	a := &q.actions[i]
	b := q.account[i] + "/" + a.Kind.APIAction()
	q.queues[b] = append(q.queues[b], i)
	if a.Kind.Spec().BatchMax > 1 {
		k := q.batchKey(a)
		q.batches[k] = append(q.batches[k], i)
	}
}

// batchKey is the index key of a batched action: its bucket, kind and
// parent.
func (q *readyQueue) batchKey(a *plan.Action) string {
	return a.Kind.String() + "\x00" + a.BatchKey()
}

// head drops taken actions from the front of bucket b's FIFO and returns
// the first ready one (-1 when none).
func (q *readyQueue) head(b string) int {
	qu := q.queues[b]
	for len(qu) > 0 && q.taken[qu[0]] {
		qu = qu[1:]
	}
	q.queues[b] = qu
	if len(qu) == 0 {
		return -1
	}
	return qu[0]
}

// pick removes and returns the next unit and its bucket (nil when nothing
// is ready). An action of a batched kind (plan.Spec.BatchMax > 1) takes
// along the other ready actions of its kind and batch, in FIFO order, as
// long as their weights (plan.Action.BatchWeight) add up to at most
// BatchMax (and, for LibraDB creates, at most the configured batch size).
func (q *readyQueue) pick() (string, []int) {
	best, bestHead := "", -1
	for b := range q.queues {
		h := q.head(b)
		if h < 0 {
			continue
		}
		if best == "" || q.inflight[b] < q.inflight[best] || (q.inflight[b] == q.inflight[best] && h < bestHead) {
			best, bestHead = b, h
		}
	}
	if best == "" {
		return "", nil
	}
	a := &q.actions[bestHead]
	q.queues[best] = q.queues[best][1:]
	q.taken[bestHead] = true
	unit := []int{bestHead}
	if spec := a.Kind.Spec(); spec.BatchMax > 1 {
		most := spec.BatchMax
		if spec.Object == plan.ObjectLibraAccount {
			most = min(most, q.libraBatch)
		}
		used := a.BatchWeight()
		k := q.batchKey(a)
		var kept []int
		for _, i := range q.batches[k] {
			switch w := q.actions[i].BatchWeight(); {
			case q.taken[i]:
			case used+w <= most:
				unit = append(unit, i)
				q.taken[i] = true
				used += w
			default:
				kept = append(kept, i)
			}
		}
		if len(kept) == 0 {
			delete(q.batches, k)
		} else {
			q.batches[k] = kept
		}
	}
	q.inflight[best]++
	return best, unit
}

// release marks a unit of bucket finished.
func (q *readyQueue) release(bucket string) { q.inflight[bucket]-- }
