package tcsim

import (
	"net/http"
)

// introspectPrefix is the path of the simulator's own endpoints.
// The API itself is served only at "/", so they cannot clash with it.
const introspectPrefix = "/_tcsim/"

// introspect serves, for tests that drive a separate `dbplan sim serve`
// process:
//
//	GET /_tcsim/counters  Counters as JSON
//	GET /_tcsim/world     the current world as JSON (world-file format),
//	                      with secret keys and tokens replaced by "(sensitive)"
//	POST /_tcsim/advance?by=DURATION
//	                      moves the simulator clock forward (TimeControl)
//
// They need no signature: the simulator is a local test tool and neither
// answer holds a secret.
func (s *Server) introspect(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost && r.URL.Path == introspectPrefix+"advance" {
		s.advance(w, r)
		return
	}
	if r.Method != http.MethodGet {
		http.Error(w, "only GET is served under "+introspectPrefix, http.StatusMethodNotAllowed)
		return
	}
	switch r.URL.Path {
	case introspectPrefix + "counters":
		writeJSON(w, s.Counters())
	case introspectPrefix + "world":
		snap := s.Snapshot()
		for _, a := range snap.accounts() {
			for i := range a.Credentials {
				a.Credentials[i].SecretKey = "(sensitive)"
				if a.Credentials[i].Token != "" {
					a.Credentials[i].Token = "(sensitive)"
				}
			}
		}
		writeJSON(w, snap)
	default:
		http.Error(w, "unknown path; use "+introspectPrefix+"counters or "+introspectPrefix+"world", http.StatusNotFound)
	}
}
