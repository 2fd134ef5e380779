package tcsim

import (
	"encoding/json"
	"fmt"
	"mime"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dbplan/dbplan/internal/clock"
)

// DefaultFlowDuration is how long extranet and RO-group network flows stay
// opening/closing when Options.FlowDuration is zero.
const DefaultFlowDuration = 2 * time.Second

// Options tunes a Server. The zero value is a real-clock simulator with the
// documented rate limits, 2 s flows, no persistence and no faults.
type Options struct {
	// Clock drives signature expiry, rate limiting, flows, fault latency
	// and timestamps. Nil means clock.Real{}. Clients that sign with the
	// wall clock (the SDK) need a fake clock kept within 5 minutes of real
	// time, or their signatures expire.
	Clock clock.Clock
	// RateScale multiplies every per-action rate limit (0 means 1). Use a
	// large value for fast benchmarks.
	RateScale float64
	// FlowDuration is how long async flows run (0 means DefaultFlowDuration).
	FlowDuration time.Duration
	// StatePath, when set, makes the simulator persist its world there
	// after every change (atomically). If the file exists when New is
	// called, it is loaded instead of the given world.
	StatePath string
	// Faults are deterministic fault-injection rules, tried in order.
	Faults []FaultRule
	// Seed makes fault draws, request ids and generated addresses
	// reproducible.
	Seed int64
	// Logf, when set, receives one line per request (action, region,
	// outcome; never keys, tokens or passwords).
	Logf func(format string, args ...any)
	// Variants select other plausible answers where the documentation is
	// silent (see Variants); the zero value is the default choices.
	Variants Variants
	// TimeControl, with a nil Clock, runs the simulator on the real clock
	// plus an offset that POST /_tcsim/advance?by=DURATION raises (at most
	// 4 minutes in all, so clients' real-time signatures stay valid): a
	// separate test process can end flows and expire temporary
	// credentials without waiting.
	TimeControl bool
}

// Server is the simulator: an http.Handler serving the postgres and
// cynosdb actions on one endpoint. It is safe for concurrent use.
type Server struct {
	opts     Options
	clk      clock.Clock
	actions  map[string]map[string]action // service → action name → action
	limiter  *rateLimiter
	faults   *faultInjector
	counters *counterSet
	bodies   *bodyReader
	reqSeq   atomic.Uint64
	// stale holds, per instance or group, the state a network call
	// changed and how many more reads show it (Variants.StalePolls).
	stale map[string]*staleState

	mu sync.Mutex // guards w, issued and every change to them
	w  *World
	// issued are the temporary credentials sts handed out, by SecretId.
	issued map[string]*principal
}

// New returns a Server serving a copy of w (or, when opts.StatePath names an
// existing file, the world stored there). It fails on an invalid world,
// fault rule or state file.
func New(w *World, opts Options) (*Server, error) {
	if opts.Clock == nil {
		opts.Clock = clock.Real{}
		if opts.TimeControl {
			opts.Clock = &offsetClock{}
		}
	}
	if opts.RateScale <= 0 {
		opts.RateScale = 1
	}
	if opts.FlowDuration <= 0 {
		opts.FlowDuration = DefaultFlowDuration
	}
	for i, f := range opts.Faults {
		if err := f.validate(); err != nil {
			return nil, fmt.Errorf("fault rule %d: %w", i, err)
		}
	}
	if opts.StatePath != "" {
		// Clear what a simulator killed while saving may have left (the
		// state is written through a link, which stays).
		removeStaleTemps(opts.StatePath)
	}
	world, err := initialWorld(w, opts.StatePath)
	if err != nil {
		return nil, err
	}
	s := &Server{
		opts:     opts,
		clk:      opts.Clock,
		actions:  map[string]map[string]action{},
		limiter:  newRateLimiter(opts.RateScale),
		faults:   newFaultInjector(opts.Faults, opts.Seed),
		counters: newCounterSet(),
		bodies:   newBodyReader(),
		stale:    map[string]*staleState{},
		w:        world,
		issued:   map[string]*principal{},
	}
	for _, a := range actionTable() {
		if s.actions[a.service] == nil {
			s.actions[a.service] = map[string]action{}
		}
		s.actions[a.service][a.name] = a
	}
	if opts.StatePath != "" {
		if err := s.persistLocked(); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// Snapshot returns a deep copy of the current world, with every flow that
// is due by now settled.
func (s *Server) Snapshot() *World {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.settleLocked(s.clk.Now()) && s.opts.StatePath != "" {
		if err := s.persistLocked(); err != nil {
			s.logf("tcsim: %v", err)
		}
	}
	return s.w.clone()
}

// Credentials returns the accepted credentials (for printing setup hints).
func (s *Server) Credentials() []Credential {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.w.Credentials)
}

func (s *Server) logf(format string, args ...any) {
	if s.opts.Logf != nil {
		s.opts.Logf(format, args...)
	}
}

// newRequestID returns a UUID-shaped id, reproducible for a given Seed.
func (s *Server) newRequestID() string {
	n := s.reqSeq.Add(1)
	a, b := mix64(uint64(s.opts.Seed)^n), mix64(uint64(s.opts.Seed)+n*0x9e3779b97f4a7c15)
	return fmt.Sprintf("%08x-%04x-4%03x-%04x-%012x", uint32(a>>32), uint16(a>>16), uint16(a)&0xfff,
		uint16(b>>48)&0x3fff|0x8000, b&0xffffffffffff)
}

// ServeHTTP answers one API 3.0 request. The order of checks follows the
// reference (§9): protocol → signature → action/version → rate limit →
// region and parameters → resource existence → resource state. The
// signature checks that need no body run before the body is read (see
// limits.go).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// One reading of the clock, at arrival, for the signature window, the
	// rate limit and the per-second counter.
	now := s.clk.Now()
	rid := s.newRequestID()
	name, code := "-", "OK"
	defer func() { s.logf("tcsim %s %s region=%s -> %s", rid, name, r.Header.Get("X-TC-Region"), code) }()
	fail := func(e *apiError) {
		code = e.Code
		if s.opts.Variants.ErrorHTTPStatus {
			w.WriteHeader(errorStatus(e.Code))
		}
		writeError(w, rid, e)
	}
	if strings.HasPrefix(r.URL.Path, introspectPrefix) {
		name = r.URL.Path
		s.introspect(w, r)
		return
	}
	if r.Method != http.MethodPost {
		fail(errf(codeUnsupportedProtocol, "HTTP method %s is not supported by the simulator: send POST with Content-Type application/json and a TC3-HMAC-SHA256 signature.", r.Method))
		return
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		fail(errf(codeInvalidRequest, "Content-Type %q is not supported: send application/json.", r.Header.Get("Content-Type")))
		return
	}
	if r.ContentLength > maxBodyBytes {
		fail(errf(codeRequestSizeLimit, "The request body exceeds the %d-byte (10 MB) limit for TC3-HMAC-SHA256 POST requests.", maxBodyBytes))
		return
	}
	claim, aerr := s.authHeaders(r, now)
	if aerr != nil {
		w.Header().Set("Connection", "close") // the body is not read
		fail(aerr)
		return
	}
	body, aerr := s.bodies.read(w, r, claim != nil)
	if aerr != nil {
		fail(aerr)
		return
	}
	v, aerr := s.authenticate(r, claim, body, now)
	if aerr != nil {
		fail(aerr)
		return
	}
	act, aerr := s.admit(r, v)
	if aerr != nil {
		fail(aerr)
		return
	}
	name = act.name
	s.counters.arrive(act.name, v.limitKey(), now)
	if !s.limiter.allow(v.limitKey(), act.name, act.limit, now) {
		s.counters.throttle(act.name)
		lim := act.limit * s.opts.RateScale
		fail(errf(codeRequestLimit, msgRequestLimit, lim+1, lim))
		return
	}
	rule := s.faults.pick(act.name)
	if rule != nil {
		s.counters.fault(act.name, rule.Mode)
		if clock.Sleep(r.Context(), s.clk, rule.Latency) != nil {
			code = "client gone"
			return
		}
		switch rule.Mode {
		case FaultError:
			fail(errf(rule.code(), "Injected fault: the request was not applied."))
			return
		case FaultReset:
			code = "injected reset"
			dropConnection(w, true)
			return
		}
	}
	resp, aerr := s.dispatch(act, v, r.Header.Get("X-TC-Region"), body)
	if rule != nil {
		switch rule.Mode {
		case FaultCommitThen5xx:
			code = "injected 502"
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusBadGateway)
			_, _ = w.Write([]byte("<html><body><h1>502 Bad Gateway</h1></body></html>\n"))
			return
		case FaultCommitThenError:
			fail(errf(rule.code(), "Injected fault after the request was applied."))
			return
		case FaultCommitThenDrop:
			code = "injected drop"
			dropConnection(w, false)
			return
		}
	}
	if aerr != nil {
		fail(aerr)
		return
	}
	writeSuccess(w, rid, resp)
}

// dropConnection closes the client's connection without an answer: with
// reset, abortively (TCP RST, "connection reset by peer"), else with a
// normal close (the client sees EOF).
func dropConnection(w http.ResponseWriter, reset bool) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler) // HTTP/2 or a wrapper: aborting also drops the answer
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tcp, ok := conn.(*net.TCPConn); ok && reset {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}

// resolveAction finds the action from the signed service and the
// X-TC-Action / X-TC-Version headers.
func (s *Server) resolveAction(r *http.Request, service string) (action, *apiError) {
	acts, ok := s.actions[service]
	if !ok {
		return action{}, errf(codeNoSuchProduct, "The product %q is not served here; the simulator serves postgres, cynosdb and sts.", service)
	}
	name := r.Header.Get("X-TC-Action")
	if name == "" {
		return action{}, errf(codeMissingParameter, "The request is missing the required parameter `Action` (header X-TC-Action).")
	}
	act, ok := acts[name]
	if !ok {
		return action{}, errf(codeInvalidAction, "The action %q is not found for product %s.", name, service)
	}
	want := map[string]string{servicePostgres: versionPostgres, serviceCynosdb: versionCynosdb, serviceSTS: versionSTS}[service]
	switch ver := r.Header.Get("X-TC-Version"); ver {
	case want:
	case "":
		return action{}, errf(codeMissingParameter, "The request is missing the required parameter `Version` (header X-TC-Version).")
	default:
		return action{}, errf(codeNoSuchVersion, "The API version %q does not exist for product %s; use %s.", ver, service, want)
	}
	return act, nil
}

// dispatch checks the region (except for global actions) and runs the
// handler under the world lock in the caller's account, persisting the
// world when it changed.
func (s *Server) dispatch(act action, v authenticated, region string, body []byte) (any, *apiError) {
	regions := postgresRegions
	if act.service == serviceCynosdb {
		regions = cynosdbRegions
	}
	if !act.global && region == "" {
		return nil, errf(codeMissingParameter, "The request is missing the required parameter `Region` (header X-TC-Region).")
	}
	if !act.global && !slices.Contains(regions, region) {
		return nil, errf(codeUnsupportedRegion, "The region %q is not supported by %s.", region, act.name)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := &call{w: s.w.account(v.who.uin), uin: v.who.uin, who: v.who, region: region, body: body, now: s.clk.Now()}
	settled := s.settleLocked(c.now)
	resp, aerr := act.handle(s, c)
	if aerr == nil && c.changed {
		s.counters.mutation(act.name)
	}
	if (c.changed || settled) && s.opts.StatePath != "" {
		if err := s.persistLocked(); err != nil {
			s.logf("tcsim: %v", err)
			return nil, errf(codeInternalError, "The simulator could not save its state file.")
		}
	}
	return resp, aerr
}

func writeError(w http.ResponseWriter, rid string, e *apiError) {
	type errBody struct {
		Code    string `json:"Code"`
		Message string `json:"Message"`
	}
	writeJSON(w, map[string]any{"Response": map[string]any{"Error": errBody{e.Code, e.Message}, "RequestId": rid}})
}

func writeSuccess(w http.ResponseWriter, rid string, resp any) {
	b, err := json.Marshal(resp)
	if err != nil || len(b) < 2 || b[0] != '{' {
		panic(fmt.Sprintf("tcsim: response of type %T is not a JSON object", resp))
	}
	rb, _ := json.Marshal(rid)
	out := append([]byte(`{"Response":`), b[:len(b)-1]...)
	if len(b) > 2 {
		out = append(out, ',')
	}
	out = append(out, `"RequestId":`...)
	out = append(out, rb...)
	out = append(out, "}}\n"...)
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(out)
}

func writeJSON(w http.ResponseWriter, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		panic("tcsim: marshal response: " + err.Error())
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(append(b, '\n'))
}
