package main

import (
	"bytes"
	"strings"
)

// newTestEnv returns an env for running commands in-process: empty stdin,
// stdout and stderr captured in the returned buffers, no terminal, and an
// environment made of environ (nil means empty).
func newTestEnv(environ map[string]string) (e *env, stdout, stderr *bytes.Buffer) {
	stdout, stderr = &bytes.Buffer{}, &bytes.Buffer{}
	e = &env{
		stdin:  strings.NewReader(""),
		stdout: stdout,
		stderr: stderr,
		getenv: func(k string) string { return environ[k] },
	}
	return e, stdout, stderr
}
