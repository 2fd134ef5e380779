package reportview

import (
	"bytes"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/dbplan/dbplan/internal/clock"
)

func TestLive(t *testing.T) {
	tests := map[string]struct {
		terminal bool
		want     string
	}{
		"terminal": {terminal: true,
			want: "\r\x1b[KReading: 12 objects read" + // first update
				"\r\x1b[KReading: 3 objects" + // a second later, shorter: nothing left of the longer one
				"\r\x1b[K\nInterrupted.\n\r\x1b[KReading: 3 objects" + // a message above the line
				"\r\x1b[KDone: 4\n"},
		"log": {terminal: false,
			want: "Reading: 12 objects read\nReading: 3 objects\n\nInterrupted.\nDone: 4\n"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			clk := clock.NewFake(epoch)
			l := NewLive(&b, LiveOptions{Terminal: tt.terminal, Interval: time.Second, Clock: clk})
			l.Update("Reading: 12 objects read")
			l.Update("Reading: 2 objects") // too soon: not drawn
			clk.Advance(time.Second)
			l.Update("Reading: 3 objects")
			l.Print("\nInterrupted.")
			l.Finish("Done: 4")
			l.Finish("again")    // ignored
			l.Update("too late") // ignored
			if diff := cmp.Diff(tt.want, b.String()); diff != "" {
				t.Errorf("Live output mismatch (-want +got):\n%s", diff)
			}
		})
	}
	var off *Live
	off.Update("x")
	off.Print("x")
	off.Finish("x")
}
