package main

import (
	"context"
	"strings"
	"testing"
)

// TestNoColor: on a terminal, plan and apply colour their output and
// diagnostics unless NO_COLOR is set (to anything) or -no-color is given.
func TestNoColor(t *testing.T) {
	t.Parallel()
	// The literal password makes a warning: a diagnostic on stderr.
	hcl := strings.Replace(fixtureHCL, "var.app_password", `"Literal-Passw0rd!"`, 1)
	tests := map[string]struct {
		environ   map[string]string
		flags     []string
		wantColor bool
	}{
		"terminal":  {wantColor: true},
		"NO_COLOR":  {environ: map[string]string{"NO_COLOR": "1"}},
		"-no-color": {flags: []string{"-no-color"}},
	}
	for name, tt := range tests {
		for _, cmd := range []string{"plan", "apply"} {
			dir := writeFixture(t, hcl, fixtureWorld)
			e, stdout, stderr := newTestEnv(tt.environ)
			e.stdoutTTY, e.stderrTTY = true, true
			args := append([]string{cmd, "-sim"}, tt.flags...)
			if cmd == "apply" {
				args = append(args, "-auto-approve")
			}
			if code := run(context.Background(), append(args, dir), e); code != exitOK {
				t.Fatalf("%s %s: exit %d\n%s", name, cmd, code, stderr)
			}
			for stream, out := range map[string]string{"stdout": stdout.String(), "stderr": stderr.String()} {
				// Progress lines erase with \x1b[K; colours are \x1b[<n>m.
				colored := strings.Contains(strings.ReplaceAll(out, "\x1b[K", ""), "\x1b[")
				if colored != tt.wantColor {
					t.Errorf("%s: %s %s coloured = %v, want %v:\n%q", name, cmd, stream, colored, tt.wantColor, out)
				}
			}
		}
	}
}
