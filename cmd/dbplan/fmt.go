package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"

	"github.com/dbplan/dbplan/internal/atomicfile"
	"github.com/dbplan/dbplan/internal/config"
)

// exitFmtCheck is the exit code of `dbplan fmt -check` when a file is not
// in canonical format (Terraform uses the same code).
const exitFmtCheck = 3

// fmtArgs are the parsed arguments of dbplan fmt.
type fmtArgs struct {
	check, diff, recursive, list bool
	paths                        []string
}

func fmtFlagSet(a *fmtArgs) *flag.FlagSet {
	fs := newFlagSet("fmt")
	fs.BoolVar(&a.check, "check", false, "write nothing; exit 3 if any file is not in canonical format")
	fs.BoolVar(&a.diff, "diff", false, "print a unified diff of the changes; values in *.vars.hcl files and of attributes\n"+
		"named like secrets (password, secret, token, …) show as ****")
	fs.BoolVar(&a.recursive, "recursive", false, "also format files in subdirectories")
	fs.BoolVar(&a.list, "list", true, "print the names of files that are (or would be) changed")
	return fs
}

func parseFmtArgs(args []string) (*fmtArgs, error) {
	a := &fmtArgs{}
	fs := fmtFlagSet(a)
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	a.paths = fs.Args()
	if err := flagAfterArgs("fmt", "DIR|FILE", a.paths); err != nil {
		return nil, err
	}
	if len(a.paths) == 0 {
		a.paths = []string{"."}
	}
	return a, nil
}

func fmtUsage(w io.Writer) {
	writeUsage(w, `Usage: dbplan fmt [flags] [DIR|FILE|-]...

Rewrite *.hcl files (default: in the current directory) in canonical style.
"-" formats standard input to standard output.
`, fmtFlagSet(&fmtArgs{}), `Exit codes: 0 success (with -check: every file canonical), 1 error (a syntax error
leaves the file untouched), 3 with -check when a file is not canonical.
`)
}

// runFmt implements `dbplan fmt`.
func runFmt(_ context.Context, e *env, args []string) int {
	a, err := parseFmtArgs(args)
	if code, stop := argsOutcome(e, "fmt", err, fmtUsage); stop {
		return code
	}
	var files []string
	failed := false
	for _, p := range a.paths {
		if p == "-" {
			files = append(files, p)
			continue
		}
		found, err := fmtTargets(p, a.recursive)
		if err != nil {
			fmt.Fprintf(e.stderr, "dbplan fmt: %v\n", err)
			failed = true
			continue
		}
		files = append(files, found...)
	}
	unformatted := false
	for _, f := range files {
		changed, ok := fmtFile(e, a, f)
		failed = failed || !ok
		unformatted = unformatted || changed
	}
	switch {
	case failed:
		return exitError
	case a.check && unformatted:
		return exitFmtCheck
	}
	return exitOK
}

// fmtTargets lists the files to format for one argument: the file itself,
// or the *.hcl files of a directory (and its subdirectories with
// recursive, skipping hidden ones).
func fmtTargets(p string, recursive bool) ([]string, error) {
	fi, err := os.Stat(p)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, fmt.Errorf("%s does not exist", p)
		}
		return nil, err
	}
	if !fi.IsDir() {
		return []string{p}, nil
	}
	var out []string
	err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != p && (!recursive || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(d.Name(), ".hcl") && regularOrLinkToOne(path, d) {
			out = append(out, path)
		}
		return nil
	})
	slices.Sort(out)
	return out, err
}

// regularOrLinkToOne reports whether a directory entry is a regular file
// or a symbolic link to one: dbplan plan loads a linked *.hcl file (shared
// provider settings), so fmt and fmt -check must see it too.
func regularOrLinkToOne(path string, d fs.DirEntry) bool {
	if d.Type()&fs.ModeSymlink == 0 {
		return d.Type().IsRegular()
	}
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular()
}

// fmtFile formats one file (or stdin for "-"). changed reports that the
// file was not canonical; ok is false after an error, which leaves the
// file untouched.
func fmtFile(e *env, a *fmtArgs, name string) (changed, ok bool) {
	var src []byte
	var err error
	if name == "-" {
		src, err = io.ReadAll(io.LimitReader(e.stdin, config.MaxFileSize+1))
	} else {
		src, err = config.ReadFile(name)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "dbplan fmt: %v\n", err)
		return false, false
	}
	label := name
	if name == "-" {
		label = "<stdin>"
	}
	diags := config.CheckSource(src, label)
	if !diags.HasErrors() {
		_, diags = hclsyntax.ParseConfig(src, label, hcl.InitialPos)
	}
	if diags.HasErrors() {
		f := map[string]*hcl.File{label: {Bytes: config.RedactSource(src, label)}}
		writeDiags(e, f, diags)
		return false, false
	}
	out := hclwrite.Format(src)
	if name == "-" {
		if !a.check {
			_, _ = e.stdout.Write(out)
		}
		if a.diff && !bytes.Equal(src, out) {
			writeRedactedDiff(e.stderr, label, src, out)
		}
		return !bytes.Equal(src, out), true
	}
	if bytes.Equal(src, out) {
		return false, true
	}
	if a.list {
		fmt.Fprintln(e.stdout, name)
	}
	if a.diff {
		writeRedactedDiff(e.stdout, name, src, out)
	}
	if !a.check {
		if err := atomicfile.Write(name, out, 0o644); err != nil {
			fmt.Fprintf(e.stderr, "dbplan fmt: %v\n", err)
			return true, false
		}
	}
	return true, true
}

// writeRedactedDiff writes the unified diff of a file's old and new
// content with what config.RedactSource hides masked in both: a diff
// goes to CI logs and terminals, and the files formatted are where
// literal passwords and variable values are.
func writeRedactedDiff(w io.Writer, name string, old, new []byte) {
	label := strings.TrimPrefix(filepath.ToSlash(name), "/")
	writeUnifiedDiff(w, label, string(config.RedactSource(old, name)), string(config.RedactSource(new, name)))
}
