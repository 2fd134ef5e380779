package main

import (
	"context"
	"fmt"
)

// runValidate is a placeholder until the validate command lands.
func runValidate(_ context.Context, e *env, _ []string) int {
	fmt.Fprintln(e.stderr, "dbplan validate: not implemented yet")
	return exitError
}
