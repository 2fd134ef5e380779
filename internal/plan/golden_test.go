package plan_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"

	"github.com/dbplan/dbplan/internal/config"
	"github.com/dbplan/dbplan/internal/plan"
	"github.com/dbplan/dbplan/internal/planview"
)

var update = flag.Bool("update", false, "rewrite the want* files of testdata/<case>/ from the current output")

// goldenNow is the CreatedAt of every golden plan.
var goldenNow = time.Date(2026, 11, 22, 21, 0, 0, 0, time.UTC)

// TestGolden runs every case directory under testdata: config/*.hcl is
// loaded with config.Load in ModePlan (variables from env.txt, KEY=VALUE
// lines, as the environment), observed.json is the cloud, targets.txt
// (optional) lists -target prefixes. Build's diagnostics must match
// want_diags.txt (absent when there are none) and the three views must
// match want.txt, want.json and want.md. No output may contain a
// password of the fixture. `go test ./internal/plan -update` rewrites
// the wants.
func TestGolden(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("testdata", "*", "config"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no golden cases under testdata (%v)", err)
	}
	for _, cfgDir := range dirs {
		dir := filepath.Dir(cfgDir)
		t.Run(filepath.Base(dir), func(t *testing.T) { runGolden(t, dir) })
	}
}

func runGolden(t *testing.T, dir string) {
	env := readKV(t, filepath.Join(dir, "env.txt"))
	cfg, diags := config.Load(filepath.Join(dir, "config"), config.LoadOptions{
		Mode:   config.ModePlan,
		Getenv: func(k string) string { return env[k] },
	})
	if diags.HasErrors() {
		t.Fatalf("config.Load() errors (golden configs must be valid): %v", diags)
	}
	var obs plan.Observed
	readJSON(t, filepath.Join(dir, "observed.json"), &obs)
	targets := readLines(t, filepath.Join(dir, "targets.txt"))

	p, pdiags := plan.Build(cfg, &obs, plan.BuildOptions{Targets: targets, Now: goldenNow})
	if p.ConfigDigest == "" || p.ConfigDigest != cfg.Digest {
		t.Errorf("Plan.ConfigDigest = %q, want the configuration's digest %q", p.ConfigDigest, cfg.Digest)
	}
	// The digest algorithm belongs to internal/config; keep the goldens
	// independent of it.
	p.ConfigDigest = "sha256-of-the-configuration"

	outputs := map[string][]byte{"want_diags.txt": []byte(formatDiags(pdiags))}
	var human, js, md bytes.Buffer
	if err := planview.Human(&human, p, planview.HumanOptions{}); err != nil {
		t.Fatalf("Human() = %v", err)
	}
	if err := planview.JSON(&js, p); err != nil {
		t.Fatalf("JSON() = %v", err)
	}
	if err := planview.Markdown(&md, p, planview.MarkdownOptions{}); err != nil {
		t.Fatalf("Markdown() = %v", err)
	}
	outputs["want.txt"], outputs["want.json"], outputs["want.md"] = human.Bytes(), js.Bytes(), md.Bytes()
	planFile, err := plan.Encode(p)
	if err != nil {
		t.Fatalf("Encode() = %v", err)
	}

	// Redaction: no password of the fixture, from the environment or the
	// loaded configuration, may reach any output or the plan file.
	secrets := configPasswords(cfg)
	if len(env) > 0 && len(secrets) == 0 {
		t.Errorf("env.txt gives values but the configuration holds no password: the redaction check would prove nothing")
	}
	for k, v := range env {
		if strings.Contains(strings.ToLower(k), "pw") || strings.Contains(strings.ToLower(k), "pass") {
			secrets = append(secrets, v)
		}
	}
	all := map[string][]byte{"plan file": planFile}
	for k, v := range outputs {
		all[k] = v
	}
	for name, out := range all {
		for _, s := range secrets {
			if s != "" && bytes.Contains(out, []byte(s)) {
				t.Errorf("%s contains the password %q", name, s)
			}
		}
	}
	if !json.Valid(outputs["want.json"]) {
		t.Errorf("JSON() output is not valid JSON")
	}

	for name, got := range outputs {
		path := filepath.Join(dir, name)
		if *update {
			if name == "want_diags.txt" && len(got) == 0 {
				os.Remove(path)
				continue
			}
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil && !(os.IsNotExist(err) && name == "want_diags.txt") {
			t.Errorf("read %s: %v (run with -update to create it)", path, err)
			continue
		}
		if diff := cmp.Diff(string(want), string(got)); diff != "" {
			t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
		}
	}
}

// formatDiags renders diagnostics one per line: severity, summary and
// the subject's file:line.
func formatDiags(diags hcl.Diagnostics) string {
	var b strings.Builder
	for _, d := range diags {
		sev := "error"
		if d.Severity == hcl.DiagWarning {
			sev = "warning"
		}
		at := ""
		if d.Subject != nil {
			at = fmt.Sprintf(" @ %s:%d", filepath.Base(d.Subject.Filename), d.Subject.Start.Line)
		}
		fmt.Fprintf(&b, "%s: %s%s: %s\n", sev, d.Summary, at, d.Detail)
	}
	return b.String()
}

func configPasswords(cfg *config.Config) []string {
	var pw []string
	for _, i := range cfg.Instances {
		for _, a := range i.Accounts {
			if a.Password.IsSet() {
				pw = append(pw, a.Password.Reveal())
			}
		}
	}
	for _, c := range cfg.LibraClusters {
		for _, a := range c.Accounts {
			if a.Password.IsSet() {
				pw = append(pw, a.Password.Reveal())
			}
		}
	}
	return pw
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" && !strings.HasPrefix(l, "#") {
			lines = append(lines, l)
		}
	}
	return lines
}

func readKV(t *testing.T, path string) map[string]string {
	t.Helper()
	m := map[string]string{}
	for _, l := range readLines(t, path) {
		k, v, ok := strings.Cut(l, "=")
		if !ok {
			t.Fatalf("%s: line %q is not KEY=VALUE", path, l)
		}
		m[k] = v
	}
	return m
}
