package main

import (
	"flag"
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2/hclsyntax"

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
// name wins. It fails when a -var lacks "=" or a valid name; the message
// then quotes nothing of the option, which may be a bare password
// (-var "$PASSWORD").
func (v *varFlags) loadOptions(e *env, mode config.Mode) (config.LoadOptions, error) {
	opts := config.LoadOptions{Getenv: e.getenv, Mode: mode}
	for i, raw := range v.vars {
		name, value, ok := strings.Cut(raw, "=")
		name = strings.TrimSpace(name)
		if !ok || !hclsyntax.ValidIdentifier(name) {
			what := "has no NAME= before its value"
			if ok {
				what = "does not start with a variable name"
			}
			return opts, fmt.Errorf("the %s -var option %s (it is not shown: it may hold a secret); write -var NAME=VALUE",
				ordinal(i+1), what)
		}
		if opts.Vars == nil {
			opts.Vars = map[string]string{}
		}
		opts.Vars[name] = value
	}
	opts.VarFiles = append(opts.VarFiles, v.files...)
	return opts, nil
}

// ordinal renders n as "1st", "2nd", "3rd", "4th", …
func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return fmt.Sprintf("%d%s", n, suffix)
}
