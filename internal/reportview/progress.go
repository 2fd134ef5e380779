package reportview

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/clock"
	"github.com/dbplan/dbplan/internal/exec"
	"github.com/dbplan/dbplan/internal/plan"
	"github.com/dbplan/dbplan/internal/quota"
	"github.com/dbplan/dbplan/internal/retry"
)

// ProgressOptions tune Progress. The zero value writes a plain line every
// 5 seconds on the real clock against the documented quotas.
type ProgressOptions struct {
	// Terminal redraws one status line in place (carriage return and
	// erase-line) instead of writing a line per update.
	Terminal bool
	// Interval is the time between updates (0 means 1 s on a terminal and
	// 5 s otherwise).
	Interval time.Duration
	// Clock times the updates; nil means clock.Real{}.
	Clock clock.Clock
	// Quota returns the calls/s allowed for an API action (summed over
	// the accounts that run it); nil means quota.Default.
	Quota func(apiAction string) float64
	// AccountTotals is the number of actions per account; with more than
	// one account the line shows each account's done/total.
	AccountTotals map[string]int
}

// Progress is an exec.Observer that shows the run's progress: done/total,
// actions per second against the summed quota of the kinds under way,
// ETA, retries and throttled calls. It updates on a timer between
// RunStarted and RunFinished. It is safe for concurrent use.
type Progress struct {
	exec.NopObserver
	line *Live
	opts ProgressOptions

	mu                sync.Mutex
	total, done       int
	retries, throttle int
	started           time.Time
	apiActions        map[string]bool
	accountDone       map[string]int
	stop              chan struct{}
	wg                sync.WaitGroup
}

// NewProgress returns a Progress writing to w (normally stderr).
func NewProgress(w io.Writer, opts ProgressOptions) *Progress {
	if opts.Clock == nil {
		opts.Clock = clock.Real{}
	}
	if opts.Quota == nil {
		opts.Quota = quota.Default
	}
	if opts.Interval == 0 {
		opts.Interval = 5 * time.Second
		if opts.Terminal {
			opts.Interval = time.Second
		}
	}
	line := NewLive(w, LiveOptions{Terminal: opts.Terminal, Interval: opts.Interval, Clock: opts.Clock})
	return &Progress{line: line, opts: opts, apiActions: map[string]bool{}, accountDone: map[string]int{}}
}

// Print writes msg on lines of its own above the status line (see
// Live.Print), such as the notice that an interrupt was received.
func (p *Progress) Print(msg string) { p.line.Print(msg) }

// RunStarted starts the update timer.
func (p *Progress) RunStarted(total int, at time.Time) {
	p.mu.Lock()
	p.total, p.started = total, at
	p.stop = make(chan struct{})
	p.mu.Unlock()
	p.wg.Add(1)
	go p.tick(p.stop)
}

func (p *Progress) tick(stop chan struct{}) {
	defer p.wg.Done()
	for {
		t := p.opts.Clock.NewTimer(p.opts.Interval)
		select {
		case <-t.C():
			p.line.Draw(p.Line())
		case <-stop:
			t.Stop()
			return
		}
	}
}

// ActionStarted notes the API action under way.
func (p *Progress) ActionStarted(a *plan.Action, _ time.Time) {
	p.mu.Lock()
	p.apiActions[a.Kind.APIAction()] = true
	p.mu.Unlock()
}

// ActionRetrying counts retries and throttled calls.
func (p *Progress) ActionRetrying(_ *plan.Action, ev retry.Event) {
	p.mu.Lock()
	p.retries++
	if ev.Class == apiclient.Throttled {
		p.throttle++
	}
	p.mu.Unlock()
}

// ActionFinished counts finished actions, also per account.
func (p *Progress) ActionFinished(r exec.ActionResult) {
	p.mu.Lock()
	p.done++
	p.accountDone[r.Account]++
	p.mu.Unlock()
}

// RunFinished stops the timer and, on a terminal, erases the status line
// so the report starts on a clean line.
func (p *Progress) RunFinished(*exec.Report) {
	p.mu.Lock()
	stop := p.stop
	p.stop = nil
	p.mu.Unlock()
	if stop != nil {
		close(stop)
		p.wg.Wait()
	}
	p.line.Finish("")
}

// Line returns the current status line.
func (p *Progress) Line() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	elapsed := p.opts.Clock.Now().Sub(p.started)
	var rate float64
	if elapsed > 0 {
		rate = float64(p.done) / elapsed.Seconds()
	}
	var limit float64
	for a := range p.apiActions {
		limit += p.opts.Quota(a)
	}
	eta := "unknown"
	if rate > 0 {
		eta = seconds(time.Duration(float64(p.total-p.done) / rate * float64(time.Second)))
	}
	return fmt.Sprintf("%d/%d done, %.1f actions/s (quota %.0f/s), ETA %s, %d retries, %d throttled",
		p.done, p.total, rate, limit, eta, p.retries, p.throttle) + p.accountsText()
}

// accountsText is " · accounts 100000000001 120/250, 200000000002 118/250"
// for a run in several accounts, "" otherwise; p.mu is held.
func (p *Progress) accountsText() string {
	if len(p.opts.AccountTotals) < 2 {
		return ""
	}
	accts := make([]string, 0, len(p.opts.AccountTotals))
	for a := range p.opts.AccountTotals {
		accts = append(accts, a)
	}
	sort.Strings(accts)
	parts := make([]string, len(accts))
	for i, a := range accts {
		parts[i] = fmt.Sprintf("%s %d/%d", a, p.accountDone[a], p.opts.AccountTotals[a])
	}
	return " · accounts " + strings.Join(parts, ", ")
}
