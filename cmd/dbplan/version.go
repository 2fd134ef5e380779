package main

import (
	"context"
	"fmt"
	"runtime/debug"
)

// version is set at build time with -ldflags "-X main.version=…"; when it
// is not, versionString falls back to the module version and VCS
// revision Go embeds in the binary.
var version = ""

func runVersion(_ context.Context, e *env, args []string) int {
	if len(args) > 0 {
		fmt.Fprintln(e.stderr, "Usage: dbplan version")
		if args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
			return exitOK
		}
		return exitError
	}
	fmt.Fprintf(e.stdout, "dbplan %s\n", currentVersion())
	return exitOK
}

// currentVersion is this binary's version (versionString of the build).
// Saved plans record it; apply refuses a plan made by another version.
func currentVersion() string {
	info, _ := debug.ReadBuildInfo()
	return versionString(version, info)
}

// versionString is the ldflags version when set; otherwise the module
// version (set by `go install …@vX`), followed by the VCS revision (and
// "+dirty") when Go recorded one; "dev" when nothing is known.
func versionString(ldflags string, info *debug.BuildInfo) string {
	if ldflags != "" {
		return ldflags
	}
	v := "dev"
	if info == nil {
		return v
	}
	if mv := info.Main.Version; mv != "" && mv != "(devel)" {
		v = mv
	}
	var rev, dirty string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+dirty"
			}
		}
	}
	if rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		v += " (" + rev + dirty + ")"
	}
	return v + " " + info.GoVersion
}
