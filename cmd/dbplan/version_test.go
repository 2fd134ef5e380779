package main

import (
	"runtime/debug"
	"testing"
)

func TestVersionString(t *testing.T) {
	tests := []struct {
		name    string
		ldflags string
		info    *debug.BuildInfo
		want    string
	}{
		{name: "ldflags win", ldflags: "v1.2.3", info: &debug.BuildInfo{Main: debug.Module{Version: "v9"}}, want: "v1.2.3"},
		{name: "no build info", want: "dev"},
		{name: "go install at a version", info: &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v0.3.0"}}, want: "v0.3.0 go1.26.8"},
		{name: "checkout build", info: &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"},
			Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef"}, {Key: "vcs.modified", Value: "true"}}},
			want: "dev (0123456789ab+dirty) go1.26.8"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := versionString(tc.ldflags, tc.info); got != tc.want {
				t.Errorf("versionString() = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestVersionCommand(t *testing.T) {
	e, stdout, _ := newTestEnv(nil)
	if code := run(t.Context(), []string{"version"}, e); code != exitOK {
		t.Fatalf("dbplan version exit %d", code)
	}
	if got := stdout.String(); len(got) < len("dbplan x\n") || got[:7] != "dbplan " {
		t.Errorf("dbplan version printed %q", got)
	}
	e, _, _ = newTestEnv(nil)
	if code := run(t.Context(), []string{"version", "extra"}, e); code != exitError {
		t.Errorf("dbplan version extra: exit %d, want %d", code, exitError)
	}
}
