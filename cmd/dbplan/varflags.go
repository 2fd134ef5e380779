package main

import (
	"flag"
	"fmt"
	"strings"

	"github.com/dbplan/dbplan/internal/config"
)

// varFlags holds the repeatable -var and -var-file options shared by
// validate, plan and apply.
type varFlags struct {
	vars  []string // raw NAME=VALUE, in command-line order
	files []string
}

// appendValue is a repeatable string flag appending to a slice.
type appendValue struct{ dst *[]string }

func (a appendValue) String() string {
	if a.dst == nil {
		return ""
	}
	return strings.Join(*a.dst, ",")
}

func (a appendValue) Set(s string) error { *a.dst = append(*a.dst, s); return nil }

// addVarFlags registers -var and -var-file on fs and returns where their
// values land.
func addVarFlags(fs *flag.FlagSet) *varFlags {
	v := &varFlags{}
	fs.Var(appendValue{&v.vars}, "var", "set a variable: `NAME=VALUE` (repeatable; highest precedence; lists and maps as HCL, e.g. 'ids=[\"a\"]')")
	fs.Var(appendValue{&v.files}, "var-file", "read variable values from an HCL `FILE` of NAME = VALUE lines (repeatable, applied in order)")
	return v
}

// loadOptions turns the flags into config.LoadOptions for mode, with the
// environment of e (DBPLAN_VAR_NAME, env()). A later -var for the same
// name wins. It fails when a -var lacks "=" or a name.
func (v *varFlags) loadOptions(e *env, mode config.Mode) (config.LoadOptions, error) {
	opts := config.LoadOptions{Getenv: e.getenv, Mode: mode}
	for _, raw := range v.vars {
		name, value, ok := strings.Cut(raw, "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" {
			// Only the name part is shown: the value may be a secret.
			return opts, fmt.Errorf("invalid -var option %q: write -var NAME=VALUE", name)
		}
		if opts.Vars == nil {
			opts.Vars = map[string]string{}
		}
		opts.Vars[name] = value
	}
	opts.VarFiles = append(opts.VarFiles, v.files...)
	return opts, nil
}
