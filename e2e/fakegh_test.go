package e2e

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A fake `gh`, enough for the CI recipe: it is this test binary, run with
// DBPLAN_E2E_FAKE_GH set (TestMain hands over to fakeGH), keeping the
// pull request's comments, the commits' pull requests and the artifacts
// in the directory DBPLAN_E2E_FAKE_GH names. Every call is appended to
// calls.log there.

const fakeGHEnv = "DBPLAN_E2E_FAKE_GH"

type ghComment struct {
	ID   int    `json:"id"`
	Body string `json:"body"`
}

// fakeGHState is the fake's world, stored as state.json.
type fakeGHState struct {
	Comments map[string][]ghComment `json:"comments"` // by PR number
	// Pulls maps a commit to the head SHA of the pull request it came from.
	Pulls map[string]string `json:"pulls"`
	// Artifacts maps an artifact name to the run that uploaded it and
	// the head SHA of that run; the files are in artifacts/NAME.
	Artifacts map[string]fakeArtifact `json:"artifacts"`
	NextID    int                     `json:"next_id"`
}

type fakeArtifact struct {
	RunID   int    `json:"run_id"`
	HeadSHA string `json:"head_sha"`
	Expired bool   `json:"expired"`
}

// installFakeGH writes a `gh` into a new directory and returns that
// directory (to put first on PATH) and the state directory.
func installFakeGH(t *testing.T) (binDir, stateDir string) {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	binDir, stateDir = t.TempDir(), t.TempDir()
	script := fmt.Sprintf("#!/bin/sh\n%s=%q exec %q \"$@\"\n", fakeGHEnv, stateDir, self)
	if err := os.WriteFile(filepath.Join(binDir, "gh"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	saveFakeGH(stateDir, &fakeGHState{Comments: map[string][]ghComment{}, Pulls: map[string]string{}, Artifacts: map[string]fakeArtifact{}, NextID: 100})
	return binDir, stateDir
}

func loadFakeGH(dir string) *fakeGHState {
	var s fakeGHState
	data, err := os.ReadFile(filepath.Join(dir, "state.json"))
	if err != nil || json.Unmarshal(data, &s) != nil {
		panic(fmt.Sprintf("fake gh state: %v", err))
	}
	return &s
}

func saveFakeGH(dir string, s *fakeGHState) {
	data, _ := json.Marshal(s)
	if err := os.WriteFile(filepath.Join(dir, "state.json"), data, 0o644); err != nil {
		panic(err)
	}
}

// fakeGH is the fake's main: it serves the few `gh api` and `gh run
// download` calls the recipe makes and fails on anything else.
func fakeGH(dir string, args []string, stdin io.Reader, stdout io.Writer) int {
	f, _ := os.OpenFile(filepath.Join(dir, "calls.log"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	fmt.Fprintln(f, strings.Join(args, " "))
	f.Close()
	s := loadFakeGH(dir)
	defer saveFakeGH(dir, s)
	fail := func(format string, a ...any) int {
		fmt.Fprintf(os.Stderr, "fake gh: "+format+"\n", a...)
		return 1
	}
	if len(args) >= 2 && args[0] == "run" && args[1] == "download" {
		// gh run download RUN -R REPO -n NAME -D DIR
		var run, name, to string
		for i := 2; i < len(args); i++ {
			switch args[i] {
			case "-R":
				i++
			case "-n":
				i++
				name = args[i]
			case "-D":
				i++
				to = args[i]
			default:
				run = args[i]
			}
		}
		a, ok := s.Artifacts[name]
		if !ok || fmt.Sprint(a.RunID) != run {
			return fail("no artifact %s in run %s", name, run)
		}
		if err := copyDir(filepath.Join(dir, "artifacts", name), to); err != nil {
			return fail("%v", err)
		}
		return 0
	}
	if len(args) == 0 || args[0] != "api" {
		return fail("unsupported: %q", args)
	}
	method, path, input := "GET", "", false
	for i := 1; i < len(args); i++ {
		switch args[i] {
		case "-X":
			i++
			method = args[i]
		case "--input":
			i++
			input = args[i] == "-"
		case "--paginate":
		default:
			path = args[i]
		}
	}
	parts := strings.Split(strings.SplitN(path, "?", 2)[0], "/")
	var body struct {
		Body string `json:"body"`
	}
	if input {
		if err := json.NewDecoder(stdin).Decode(&body); err != nil {
			return fail("reading --input: %v", err)
		}
	}
	enc := json.NewEncoder(stdout)
	switch {
	case method == "GET" && len(parts) == 6 && parts[3] == "issues" && parts[5] == "comments":
		// Two pages when there are several comments, as --paginate prints.
		cs := s.Comments[parts[4]]
		if len(cs) > 1 {
			_ = enc.Encode(cs[:1])
			cs = cs[1:]
		}
		if cs == nil {
			cs = []ghComment{}
		}
		_ = enc.Encode(cs)
	case method == "POST" && len(parts) == 6 && parts[3] == "issues" && parts[5] == "comments":
		s.NextID++
		s.Comments[parts[4]] = append(s.Comments[parts[4]], ghComment{ID: s.NextID, Body: body.Body})
	case method == "PATCH" && len(parts) == 6 && parts[3] == "issues" && parts[4] == "comments":
		for pr, cs := range s.Comments {
			for i := range cs {
				if fmt.Sprint(cs[i].ID) == parts[5] {
					s.Comments[pr][i].Body = body.Body
					return 0
				}
			}
		}
		return fail("no comment %s", parts[5])
	case method == "GET" && len(parts) == 6 && parts[3] == "commits" && parts[5] == "pulls":
		pulls := []any{}
		if head, ok := s.Pulls[parts[4]]; ok {
			pulls = append(pulls, map[string]any{"head": map[string]string{"sha": head}})
		}
		_ = enc.Encode(pulls)
	case method == "GET" && len(parts) == 5 && parts[3] == "actions" && parts[4] == "artifacts":
		name := strings.TrimPrefix(strings.SplitN(path, "?", 2)[1], "name=")
		list := []any{}
		if a, ok := s.Artifacts[name]; ok {
			list = append(list, map[string]any{"name": name, "expired": a.Expired,
				"workflow_run": map[string]any{"id": a.RunID, "head_sha": a.HeadSHA}})
		}
		_ = enc.Encode(map[string]any{"total_count": len(list), "artifacts": list})
	default:
		return fail("unsupported: %s %s", method, path)
	}
	return 0
}

func copyDir(src, dst string) error {
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// fakeGHComments returns the comments of pull request pr.
func fakeGHComments(t *testing.T, stateDir, pr string) []ghComment {
	t.Helper()
	return loadFakeGH(stateDir).Comments[pr]
}
