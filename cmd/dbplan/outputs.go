package main

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/dbplan/dbplan/internal/atomicfile"
	"github.com/dbplan/dbplan/internal/config"
)

// checkOutput refuses an output file of a run (flag names its option, such
// as "-out") that would replace one of the run's inputs: a configuration
// or variable file of cfg, a *.hcl file in cfg's directory (the next run
// would read it as configuration), or one of inputs (the saved plan being
// applied). A device or pipe such as /dev/stdout is never an input. cfg
// may be nil.
func checkOutput(flag, path string, cfg *config.Config, inputs ...string) error {
	target, fi, err := atomicfile.Target(path)
	if err != nil || (fi != nil && !fi.Mode().IsRegular()) {
		return nil // atomicfile.Check or the write reports it
	}
	if cfg != nil {
		for _, name := range slices.Sorted(maps.Keys(cfg.Files)) {
			inputs = append(inputs, name)
		}
		if strings.HasSuffix(target, ".hcl") && sameDir(filepath.Dir(target), cfg.Dir) {
			return fmt.Errorf("%s %s would be read as configuration by the next run (every *.hcl file in %s is); name it, for example, plan.dbplan or report.json",
				flag, path, cfg.Dir)
		}
	}
	if fi == nil {
		return nil
	}
	for _, in := range inputs {
		if ifi, err := os.Stat(in); err == nil && os.SameFile(fi, ifi) {
			return fmt.Errorf("%s %s would replace %s, an input of this run; give another file name", flag, path, in)
		}
	}
	return nil
}

// sameDir reports whether a and b name the same existing directory.
func sameDir(a, b string) bool {
	fa, err := os.Stat(a)
	if err != nil {
		return false
	}
	fb, err := os.Stat(b)
	return err == nil && os.SameFile(fa, fb)
}
