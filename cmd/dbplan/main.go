// Command dbplan reconciles Tencent Cloud database settings (PostgreSQL
// accounts, CAM, extranet access, read-only group networks, LibraDB
// accounts) from declarative HCL files. See README.md.
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/dbplan/dbplan/internal/clock"
)

func main() {
	ctx, in, stop := notifyInterrupts(context.Background())
	e := newEnv()
	e.interrupts = in
	code := run(ctx, os.Args[1:], e)
	stop()
	os.Exit(code)
}

// env is everything a command touches outside its arguments, so commands
// can be run in-process by tests.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	// stdoutTTY and stderrTTY say whether the streams are terminals
	// (colour, progress lines, prompts).
	stdoutTTY, stderrTTY, stdinTTY bool
	// interrupts is how the run is stopped (nil: as by Ctrl-C).
	interrupts *interrupts
	// noColor is set by a command's -no-color flag.
	noColor bool
	// clock times every wait of dbplan's own (retry backoff, rate limits,
	// flow polls, the progress line) and the timestamps of plans and
	// reports; nil means clock.Real{}. Tests set a clock.Fake. The -sim
	// simulator keeps the real clock: request signatures carry wall time.
	clock clock.Clock
}

// clk returns e's clock: clock.Real{} unless a test set one.
func (e *env) clk() clock.Clock {
	if e.clock == nil {
		return clock.Real{}
	}
	return e.clock
}

// withNoColor returns e, or a copy of it with noColor set when noColor.
func (e *env) withNoColor(noColor bool) *env {
	if !noColor {
		return e
	}
	c := *e
	c.noColor = true
	return &c
}

// color reports whether output to a stream that is a terminal (tty) is
// coloured: not with -no-color, nor when NO_COLOR is set to anything
// (https://no-color.org).
func (e *env) color(tty bool) bool {
	return tty && !e.noColor && (e.getenv == nil || e.getenv("NO_COLOR") == "")
}

func newEnv() *env {
	return &env{
		stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv, clock: clock.Real{},
		stdoutTTY: isTerminal(os.Stdout), stderrTTY: isTerminal(os.Stderr), stdinTTY: isTerminal(os.Stdin),
	}
}

// isTerminal reports whether f is a character device other than the null
// device: CI runners often give `< /dev/null`, which must count as "no
// terminal" (apply then refuses to prompt instead of reading EOF as "no").
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	if err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	if null, err := os.Stat(os.DevNull); err == nil && os.SameFile(fi, null) {
		return false
	}
	return true
}

// command is one dbplan subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e *env, args []string) int
	// graceful says the command stops cleanly when ctx is canceled by a
	// first interrupt; the others are ended by it at once.
	graceful bool
}

func commands() []command {
	return []command{
		{"plan", "Show what apply would change", runPlan, true},
		{"apply", "Make the cloud match the configuration", runApply, true},
		{"show", "Show a saved plan or apply report", runShow, false},
		{"validate", "Check the configuration offline", runValidate, false},
		{"fmt", "Rewrite configuration files in canonical style", runFmt, false},
		{"sim", "Run the local Tencent Cloud API simulator", runSim, true},
		{"version", "Print the dbplan version", runVersion, false},
	}
}

// Exit codes shared by every command. Command-specific codes are
// documented with the command.
const (
	exitOK    = 0
	exitError = 1
)

func run(ctx context.Context, args []string, e *env) int {
	if len(args) == 0 {
		usage(e.stderr)
		return exitError
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			for _, c := range commands() {
				if c.name == args[1] {
					return c.run(ctx, e, []string{"-h"})
				}
			}
		}
		usage(e.stdout)
		return exitOK
	case "-version", "--version":
		name = "version"
	}
	for _, c := range commands() {
		if c.name == name {
			if !c.graceful {
				e.interrupts.release()
			}
			return c.run(ctx, e, args[1:])
		}
	}
	fmt.Fprintf(e.stderr, "dbplan: unknown command %q\n\n", name)
	usage(e.stderr)
	return exitError
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: dbplan <command> [flags] [args]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'dbplan <command> -h' for a command's flags.")
}
