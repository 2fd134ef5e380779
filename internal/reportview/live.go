package reportview

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/dbplan/dbplan/internal/clock"
)

// eraseLine returns the cursor to the start of the line and clears it
// (carriage return, ANSI erase-in-line), so a shorter text leaves nothing
// of a longer one behind.
const eraseLine = "\r\x1b[K"

// LiveOptions tune a Live line. The zero value writes plain lines, at most
// one a second, on the real clock.
type LiveOptions struct {
	// Terminal redraws the line in place instead of writing a line per
	// update.
	Terminal bool
	// Interval is the least time between two drawings by Update (0 means
	// 1 s).
	Interval time.Duration
	// Clock times Update; nil means clock.Real{}.
	Clock clock.Clock
}

// Live is the one status line of a long-running step (the refresh of
// plan, the actions of apply), normally on stderr: on a terminal it is
// redrawn in place, elsewhere (CI logs) each drawing is a line of its own.
// Messages written with Print appear above it without garbling it. It is
// safe for concurrent use; a nil *Live does nothing.
type Live struct {
	w    io.Writer
	opts LiveOptions

	mu    sync.Mutex
	text  string    // the current status
	drawn bool      // the status is on screen, cursor after it (terminal)
	last  time.Time // the last drawing by Update
	ended bool
}

// NewLive returns a Live line writing to w.
func NewLive(w io.Writer, opts LiveOptions) *Live {
	if opts.Clock == nil {
		opts.Clock = clock.Real{}
	}
	if opts.Interval == 0 {
		opts.Interval = time.Second
	}
	return &Live{w: w, opts: opts}
}

// Update sets the status to text and draws it unless the last drawing by
// Update is less than Interval ago (the first update draws at once).
func (l *Live) Update(text string) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.text = text
	if now := l.opts.Clock.Now(); l.last.IsZero() || now.Sub(l.last) >= l.opts.Interval {
		l.last = now
		l.drawLocked()
	}
}

// Draw sets the status to text and draws it now (for callers with their
// own timer).
func (l *Live) Draw(text string) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.text = text
	l.drawLocked()
}

// Print writes msg (a newline is added) on lines of its own, above the
// status, which is drawn again after it on a terminal.
func (l *Live) Print(msg string) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.drawn {
		fmt.Fprint(l.w, eraseLine)
	}
	fmt.Fprintln(l.w, msg)
	l.drawn = false
	if l.opts.Terminal && l.text != "" && !l.ended {
		l.drawLocked()
	}
}

// Finish ends the line. A non-empty final text is written as the last
// status, ending the line; with "" a terminal's status is erased, so that
// what follows starts on a clean line. Later calls do nothing.
func (l *Live) Finish(final string) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ended {
		return
	}
	l.ended = true
	if l.drawn {
		fmt.Fprint(l.w, eraseLine)
		l.drawn = false
	}
	if final != "" {
		fmt.Fprintln(l.w, final)
	}
}

func (l *Live) drawLocked() {
	if l.ended {
		return
	}
	if l.opts.Terminal {
		fmt.Fprint(l.w, eraseLine+l.text)
		l.drawn = true
		return
	}
	fmt.Fprintln(l.w, l.text)
}
