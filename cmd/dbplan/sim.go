package main

import (
	"context"
	"fmt"
)

// runSim is a placeholder until the sim command lands.
func runSim(_ context.Context, e *env, _ []string) int {
	fmt.Fprintln(e.stderr, "dbplan sim: not implemented yet")
	return exitError
}
