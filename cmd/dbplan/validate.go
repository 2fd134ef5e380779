package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/hashicorp/hcl/v2"

	"github.com/dbplan/dbplan/internal/config"
)

// validateJSON is the `dbplan validate -json` document. Its shape is a
// contract: fields are only ever added, and incompatible changes bump
// FormatVersion.
type validateJSON struct {
	FormatVersion string           `json:"format_version"`
	Valid         bool             `json:"valid"`
	ErrorCount    int              `json:"error_count"`
	WarningCount  int              `json:"warning_count"`
	Diagnostics   []jsonDiagnostic `json:"diagnostics"`
	// Omitted counts the diagnostics left out of Diagnostics (only the
	// first 100 are listed; the counts above include every one).
	Omitted int `json:"omitted,omitempty"`
}

// validateArgs are the parsed arguments of dbplan validate.
type validateArgs struct {
	dir     string
	json    bool
	noColor bool
	vars    *varFlags
}

func validateFlagSet(a *validateArgs) *flag.FlagSet {
	fs := newFlagSet("validate")
	fs.BoolVar(&a.json, "json", false, "print the result as one JSON document (versioned by format_version)")
	fs.BoolVar(&a.noColor, "no-color", false, "never colour the diagnostics")
	a.vars = addVarFlags(fs)
	return fs
}

// parseValidateArgs parses `dbplan validate [flags] [DIR]`; it returns
// flag.ErrHelp for -h. a.json is set as far as parsing got, so errors can
// be reported in the requested format.
func parseValidateArgs(args []string) (*validateArgs, error) {
	a := &validateArgs{}
	fs := validateFlagSet(a)
	// Know about -json before reporting any flag error.
	a.json = slices.Contains(args, "-json") || slices.Contains(args, "--json")
	var err error
	a.dir, err = parseFlagsAndArg(fs, args, ".", "DIR", "at most one configuration directory")
	return a, err
}

func validateUsage(w io.Writer) {
	writeUsage(w, `Usage: dbplan validate [flags] [DIR]

Check the configuration in DIR (default: the current directory) offline: syntax,
types, names, passwords, ids, regions, duplicates. No API is called and no secret
is required: sensitive variables may be left unset.
`, validateFlagSet(&validateArgs{}), "Exit codes: 0 valid (warnings allowed), 1 invalid or error.\n")
}

// runValidate implements `dbplan validate`. Exit 0 when the configuration
// is valid (warnings allowed), 1 otherwise.
func runValidate(_ context.Context, e *env, args []string) int {
	a, err := parseValidateArgs(args)
	if err != nil && !errors.Is(err, flag.ErrHelp) && a.json {
		return writeValidateJSON(e, nil, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Invalid command-line arguments",
			Detail:   fmt.Sprintf("%s. Run dbplan validate -h for the flags.", err),
		}})
	}
	if code, stop := argsOutcome(e, "validate", err, validateUsage); stop {
		return code
	}
	opts, err := a.vars.loadOptions(e, config.ModeValidate)
	if err == nil {
		err = checkDir(a.dir)
	}
	if err != nil {
		if a.json {
			return writeValidateJSON(e, nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Cannot validate", Detail: err.Error() + "."}})
		}
		fmt.Fprintf(e.stderr, "dbplan validate: %v\n", err)
		return exitError
	}
	cfg, diags := config.Load(a.dir, opts)
	if a.json {
		return writeValidateJSON(e, cfg.Files, diags)
	}
	e = e.withNoColor(a.noColor)
	writeDiags(e, cfg.Files, diags)
	if diags.HasErrors() {
		return exitError
	}
	if len(diags) > 0 {
		fmt.Fprintln(e.stdout, "Success! The configuration is valid, but there were some validation warnings as shown above.")
	} else {
		fmt.Fprintln(e.stdout, "Success! The configuration is valid.")
	}
	return exitOK
}

// checkDir returns a one-line error when dir is not a readable directory.
func checkDir(dir string) error {
	fi, err := os.Stat(dir)
	switch {
	case os.IsNotExist(err):
		return fmt.Errorf("the directory %s does not exist", dir)
	case err != nil:
		return fmt.Errorf("cannot read %s: %v", dir, err)
	case !fi.IsDir():
		return fmt.Errorf("%s is not a directory; give the directory holding the *.hcl files", dir)
	}
	return nil
}

// writeValidateJSON prints the validate -json document and returns the
// exit code.
func writeValidateJSON(e *env, files map[string]*hcl.File, diags hcl.Diagnostics) int {
	doc := validateJSON{FormatVersion: "1", Diagnostics: jsonDiagnostics(files, diags)}
	for _, d := range diags {
		if d.Severity == hcl.DiagError {
			doc.ErrorCount++
		} else {
			doc.WarningCount++
		}
	}
	doc.Valid = doc.ErrorCount == 0
	doc.Omitted = len(diags) - len(doc.Diagnostics)
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		fmt.Fprintf(e.stderr, "dbplan validate: %v\n", err)
		return exitError
	}
	if !doc.Valid {
		return exitError
	}
	return exitOK
}
