package main

import (
	"context"
	"fmt"
)

// runFmt is a placeholder until the fmt command lands.
func runFmt(_ context.Context, e *env, _ []string) int {
	fmt.Fprintln(e.stderr, "dbplan fmt: not implemented yet")
	return exitError
}
