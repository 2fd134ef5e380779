package tcsim

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
)

// initialWorld picks the world a new Server starts from: the state file
// when it exists, else a validated copy of w.
func initialWorld(w *World, statePath string) (*World, error) {
	if statePath != "" {
		_, err := os.Stat(statePath)
		switch {
		case err == nil:
			sw, err := loadWorldFile("state", statePath)
			if err != nil {
				return nil, err
			}
			// The state file holds no credentials (persistLocked drops
			// them): they come from the world, as on the first run, per
			// account.
			if w != nil && len(w.Credentials) > 0 {
				sw.Credentials = slices.Clone(w.Credentials)
			}
			if w != nil {
				for _, a := range w.CloudAccounts {
					if sa := sw.account(a.UIN); sa != nil && sa != sw {
						sa.Credentials = slices.Clone(a.Credentials)
					}
				}
			}
			return sw, nil
		case !errors.Is(err, fs.ErrNotExist):
			return nil, fmt.Errorf("state file: %w", err)
		}
	}
	if w == nil {
		return nil, errors.New("no world given and no state file to load")
	}
	// Validate and fill defaults on a copy, so the caller's World is
	// never shared or changed.
	c := w.clone()
	if err := c.normalize(); err != nil {
		return nil, fmt.Errorf("world: %w", err)
	}
	return c, nil
}

// persistLocked writes the world to the state file atomically: a temporary
// file in the same directory, fsync, rename, then fsync of the directory.
// A crash leaves either the old or the new file, never a torn one.
//
// Credentials are left out: a secret key must not be copied into a file
// that is rewritten on every change and lives beside the configuration;
// on resume they are taken from the world again (initialWorld).
func (s *Server) persistLocked() error {
	state := *s.w
	state.Credentials = nil
	state.CloudAccounts = slices.Clone(s.w.CloudAccounts)
	for i := range state.CloudAccounts {
		state.CloudAccounts[i].Credentials = nil
	}
	b, err := json.MarshalIndent(&state, "", "  ")
	if err != nil {
		return fmt.Errorf("encode state: %w", err)
	}
	return writeFileAtomic(s.opts.StatePath, append(b, '\n'))
}
