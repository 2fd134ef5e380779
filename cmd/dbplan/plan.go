package main

import (
	"context"
	"fmt"
)

// runPlan is a placeholder until the plan command lands.
func runPlan(_ context.Context, e *env, _ []string) int {
	fmt.Fprintln(e.stderr, "dbplan plan: not implemented yet")
	return exitError
}
