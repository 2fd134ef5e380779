package main

import (
	"context"
	"fmt"
)

// runApply is a placeholder until the apply command lands.
func runApply(_ context.Context, e *env, _ []string) int {
	fmt.Fprintln(e.stderr, "dbplan apply: not implemented yet")
	return exitError
}
