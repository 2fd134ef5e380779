package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// Flag handling shared by every command: parse errors are returned, never
// printed by the flag package; -h prints the usage to stdout and exits 0;
// any other argument error prints one line and the usage to stderr and
// exits 1.

// newFlagSet returns an empty flag set for the command name that returns
// its errors (flag.ErrHelp for -h) instead of printing them or exiting.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parseFlagsAndArg parses args with fs and returns the command's one
// optional positional argument (named argName in usage, such as "DIR"),
// or def when there is none. A flag after the argument is an error saying
// that flags go first (Go's flag parsing stops at the first argument);
// any other second argument is an error that says what to give.
func parseFlagsAndArg(fs *flag.FlagSet, args []string, def, argName, give string) (string, error) {
	if err := fs.Parse(args); err != nil {
		return def, err
	}
	switch fs.NArg() {
	case 0:
		return def, nil
	case 1:
		return fs.Arg(0), nil
	}
	if err := flagAfterArgs(fs.Name(), argName, fs.Args()); err != nil {
		return def, err
	}
	return def, fmt.Errorf("too many arguments %q: give %s", fs.Args(), give)
}

// writeUsage prints a command's usage: intro (its usage lines and
// description, each ending in a newline), a blank line, "Flags:" and the
// defaults of fs, then, when outro is not empty, a blank line and outro.
func writeUsage(w io.Writer, intro string, fs *flag.FlagSet, outro string) {
	fmt.Fprint(w, intro, "\n", "Flags:\n")
	fs.SetOutput(w)
	fs.PrintDefaults()
	if outro != "" {
		fmt.Fprint(w, "\n", outro)
	}
}

// argsOutcome turns the error of parsing a command's arguments into its
// exit: stop is false when err is nil (carry on). flag.ErrHelp prints usage
// to stdout and exits exitOK; any other error prints "dbplan NAME: err", a
// blank line and usage to stderr and exits exitError.
func argsOutcome(e *env, name string, err error, usage func(io.Writer)) (code int, stop bool) {
	switch {
	case err == nil:
		return exitOK, false
	case errors.Is(err, flag.ErrHelp):
		usage(e.stdout)
		return exitOK, true
	}
	fmt.Fprintf(e.stderr, "dbplan %s: %v\n\n", name, err)
	usage(e.stderr)
	return exitError, true
}

// flagAfterArgs returns an error when an argument after the first of args,
// a command's positional arguments, is a flag.
func flagAfterArgs(command, argName string, args []string) error {
	for i := 1; i < len(args); i++ {
		if a := args[i]; strings.HasPrefix(a, "-") && a != "-" {
			return fmt.Errorf("flags go before %s: %s comes after %q; write dbplan %s [flags] %s", argName, a, args[i-1], command, argName)
		}
	}
	return nil
}
