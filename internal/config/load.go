package config

import (
	"cmp"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// Mode says what the loaded configuration is for; it decides which
// variables must have values.
type Mode int

const (
	// ModePlan (the zero Mode) requires a value for every variable that is
	// not sensitive. A sensitive variable without a value, or env() of an
	// unset variable, leaves the passwords it feeds absent, with
	// Account.PasswordSource naming where they will come from.
	ModePlan Mode = iota
	// ModeValidate checks everything offline and requires no value: a
	// variable without one is unknown, and what depends on it is not
	// checked.
	ModeValidate
	// ModeApply requires values as ModePlan does: apply needs only the
	// passwords of the actions it runs, and the executor fails exactly
	// those whose password is absent.
	ModeApply
)

// String returns "plan", "validate" or "apply".
func (m Mode) String() string {
	switch m {
	case ModePlan:
		return "plan"
	case ModeValidate:
		return "validate"
	case ModeApply:
		return "apply"
	}
	return fmt.Sprintf("Mode(%d)", int(m))
}

// LoadOptions are the inputs of Load besides the directory. The zero
// value loads with defaults and auto files only, without environment.
type LoadOptions struct {
	// Vars are -var name=value assignments, highest precedence. A value is
	// taken literally when the variable's type is primitive or not given,
	// and parsed as an HCL expression otherwise.
	Vars map[string]string
	// VarFiles are -var-file paths (relative to the working directory),
	// applied in order after the *.auto.vars.hcl files of the directory.
	VarFiles []string
	// Getenv looks up environment variables for DBPLAN_VAR_<name> and
	// env(); nil means an empty environment.
	Getenv func(string) string
	// Mode decides whether missing secrets are errors; see Mode.
	Mode Mode
	// Now is the current time, against which a password_changed_after in
	// the future is refused; nil means time.Now.
	Now func() time.Time

	// limits, when set (in tests), replaces defaultLimits.
	limits *evalLimits
}

// loader holds the state of one Load call.
type loader struct {
	dir    string
	opts   LoadOptions
	parser *hclparse.Parser
	cfg    *Config
	diags  hcl.Diagnostics

	vars      map[string]*variable
	varObj    cty.Value
	localObj  cty.Value
	funcs     map[string]function.Function
	locals    map[string]*local
	providers map[string]*Provider
	// secrets are plain sensitive strings to redact from diagnostics.
	secrets map[string]struct{}
	// varFiles names the variable files read; their snippets show no value.
	varFiles map[string]bool
	// broken names the files that did not parse (their bodies are partial).
	broken map[string]bool
	// budget is what evaluation may still spend (see guard).
	budget budget
	// labels maps "type.label" to the first declaring block.
	labels map[string]hcl.Range
}

// Load reads every *.hcl file directly in dir (not *.vars.hcl) and returns
// the evaluated desired state. The Config is never nil and its Files are
// always set, so the diagnostics can be rendered with source snippets; when
// the diagnostics contain errors the Config may be partial and must not be
// planned from. All problems found are reported together, sorted by
// position, and no diagnostic contains a sensitive value.
func Load(dir string, opts LoadOptions) (*Config, hcl.Diagnostics) {
	l := &loader{
		dir:    dir,
		opts:   opts,
		parser: hclparse.NewParser(),
		cfg:    &Config{Dir: dir, Files: map[string]*hcl.File{}},
		labels: map[string]hcl.Range{},
	}
	l.budget.limits = defaultLimits
	if opts.limits != nil {
		l.budget.limits = *opts.limits
	}
	l.funcs = l.functions()
	l.load()
	l.cfg.Files = l.maskedFiles()
	l.sanitize(l.diags)
	return l.cfg, tidy(l.diags)
}

func (l *loader) load() {
	names, err := configFiles(l.dir)
	if err != nil {
		l.diags = append(l.diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Cannot read configuration directory",
			Detail:   fmt.Sprintf("%s. Run dbplan in a directory holding *.hcl files or pass the directory as an argument.", capitalize(err.Error())),
		})
		return
	}
	if len(names) == 0 {
		l.diags = append(l.diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "No configuration files",
			Detail:   fmt.Sprintf("The directory %s holds no *.hcl configuration file. Create one, or pass the directory that holds your configuration.", l.dir),
		})
		return
	}
	var files []*hcl.File
	for _, name := range names {
		if f := l.parseFile(name); f != nil {
			files = append(files, f)
		}
	}
	if l.diags.HasErrors() {
		// Decoding a half-parsed file only adds confusing follow-up errors.
		return
	}
	blocks := l.rootBlocks(files)
	l.declareVariables(blocks["variable"])
	l.assignVariables()
	l.validateVariables()
	l.evalLocals(blocks["locals"])
	l.decodeProviders(blocks["provider"])
	for _, b := range blocks["postgres_instance"] {
		l.decodeInstances(b)
	}
	for _, b := range blocks["postgres_ro_group"] {
		l.decodeROGroups(b)
	}
	for _, b := range blocks["libradb_cluster"] {
		l.decodeLibraClusters(b)
	}
	l.sortModel()
	l.checkDuplicates()
	l.cfg.Digest = l.digest(files)
}

// HasConfigFiles reports whether dir holds at least one configuration file,
// by the same rule Load uses (so *.vars.hcl files and dotfiles do not
// count); false when dir cannot be read.
func HasConfigFiles(dir string) bool {
	names, err := configFiles(dir)
	return err == nil && len(names) > 0
}

// configFiles lists the configuration files of dir, sorted.
func configFiles(dir string) ([]string, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, fmt.Errorf("the directory %s does not exist", dir)
		}
		return nil, fmt.Errorf("cannot read %s: %v", dir, err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("%s is not a directory", dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %v", dir, err)
	}
	var names []string
	for _, e := range entries {
		n := e.Name()
		if !strings.HasSuffix(n, ".hcl") || strings.HasSuffix(n, ".vars.hcl") || strings.HasPrefix(n, ".") {
			continue
		}
		p := filepath.Join(dir, n)
		if e.Type()&fs.ModeSymlink != 0 {
			// A symlinked file (shared provider settings) counts; a
			// dangling link is reported when it is read.
			if fi, err := os.Stat(p); err == nil && !fi.Mode().IsRegular() {
				continue
			}
		} else if !e.Type().IsRegular() {
			continue
		}
		names = append(names, p)
	}
	slices.Sort(names)
	return names, nil
}

// autoVarFiles lists the *.auto.vars.hcl files of dir, sorted. It reads
// the directory rather than globbing it: filepath.Glob would take a
// directory name such as "db[prod]" for a pattern and find nothing.
func autoVarFiles(dir string) []string {
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".auto.vars.hcl") {
			names = append(names, filepath.Join(dir, e.Name()))
		}
	}
	slices.Sort(names)
	return names
}

// parseFile reads and parses one HCL file, refusing input beyond the
// limits (see checkSource), and guards its evaluation (see guard). It
// returns nil when the file cannot be used.
func (l *loader) parseFile(name string) *hcl.File {
	src, diag := readLimited(name)
	if diag != nil {
		l.diags = append(l.diags, diag)
		return nil
	}
	if d := checkSource(src, name, false); d != nil {
		l.diags = append(l.diags, d)
		return nil
	}
	f, diags := l.parser.ParseHCL(src, name)
	l.diags = append(l.diags, diags...)
	if diags.HasErrors() {
		l.markBroken(name)
		return nil
	}
	if body, ok := f.Body.(*hclsyntax.Body); ok {
		l.guard(body)
	}
	return f
}

// rootSchema lists the top-level blocks of a configuration file.
func rootSchema() *hcl.BodySchema {
	return &hcl.BodySchema{
		Blocks: []hcl.BlockHeaderSchema{
			{Type: "provider", LabelNames: []string{"name"}},
			{Type: "variable", LabelNames: []string{"name"}},
			{Type: "locals"},
			{Type: "postgres_instance", LabelNames: []string{"name"}},
			{Type: "postgres_ro_group", LabelNames: []string{"name"}},
			{Type: "libradb_cluster", LabelNames: []string{"name"}},
		},
	}
}

// rootBlocks decodes the top level of every file and groups the blocks by
// type, in file order.
func (l *loader) rootBlocks(files []*hcl.File) map[string][]*hcl.Block {
	out := map[string][]*hcl.Block{}
	for _, f := range files {
		content, diags := f.Body.Content(rootSchema())
		l.diags = append(l.diags, diags...)
		for _, b := range content.Blocks {
			out[b.Type] = append(out[b.Type], b)
		}
	}
	return out
}

// tidy removes repeated diagnostics (for_each expansions report the same
// problem once per key) and sorts the rest by position.
func tidy(diags hcl.Diagnostics) hcl.Diagnostics {
	seen := map[string]bool{}
	var out hcl.Diagnostics
	for _, d := range diags {
		k := fmt.Sprintf("%d\x00%s\x00%s", d.Severity, d.Summary, d.Detail)
		if d.Subject != nil {
			k += "\x00" + d.Subject.String()
		}
		if !seen[k] {
			seen[k] = true
			out = append(out, d)
		}
	}
	slices.SortStableFunc(out, func(a, b *hcl.Diagnostic) int {
		if a.Subject == nil || b.Subject == nil {
			return cmpBool(a.Subject != nil, b.Subject != nil)
		}
		return cmp.Or(cmp.Compare(a.Subject.Filename, b.Subject.Filename), cmp.Compare(a.Subject.Start.Byte, b.Subject.Start.Byte))
	})
	return out
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}

// markBroken records that the file name did not parse.
func (l *loader) markBroken(name string) {
	if l.broken == nil {
		l.broken = map[string]bool{}
	}
	l.broken[name] = true
}
