package tcsim

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
)

// countingBody is a request body of n spaces that counts what was read.
type countingBody struct {
	n, read int64
}

func (b *countingBody) Read(p []byte) (int, error) {
	if b.read >= b.n {
		return 0, io.EOF
	}
	k := min(int64(len(p)), b.n-b.read)
	for i := range k {
		p[i] = ' '
	}
	b.read += k
	return int(k), nil
}

func (b *countingBody) Close() error { return nil }

// TestBodyOfUnauthenticatedRequestIsNotRead: a request whose headers
// cannot be authenticated (no signature, unknown SecretId, stale
// timestamp) is answered without reading its body, so unsigned clients
// cannot make the simulator buffer megabytes.
func TestBodyOfUnauthenticatedRequestIsNotRead(t *testing.T) {
	f := newFixture(t, Options{})
	srv := f.run.Server
	for name, mod := range map[string]func(*http.Request){
		"unsigned": func(r *http.Request) { r.Header.Del("Authorization") },
		"unknown SecretId": func(r *http.Request) {
			r.Header.Set("Authorization", "TC3-HMAC-SHA256 Credential=AKIDnobody/2026-11-22/postgres/tc3_request, SignedHeaders=content-type;host, Signature="+string(bytes.Repeat([]byte("0"), 64)))
		},
		"expired timestamp": func(r *http.Request) { r.Header.Set("X-TC-Timestamp", "1000") },
	} {
		t.Run(name, func(t *testing.T) {
			r := f.cl.signed("DescribeDBInstances", []byte(`{}`))
			mod(r)
			body := &countingBody{n: 5 << 20}
			req := httptest.NewRequest(r.Method, "/", body)
			req.Header, req.Host, req.ContentLength = r.Header, r.Host, -1
			w := httptest.NewRecorder()
			srv.ServeHTTP(w, req)
			if body.read != 0 {
				t.Errorf("%d bytes of the body were read before the request was refused", body.read)
			}
			if !bytes.Contains(w.Body.Bytes(), []byte(`"AuthFailure`)) && !bytes.Contains(w.Body.Bytes(), []byte(`"MissingParameter`)) {
				t.Errorf("answer %s, want an AuthFailure", w.Body.String())
			}
		})
	}
}

// TestLargeBodiesTakeASlot: a body above the small limit (from a request
// whose headers pass) is read only while holding one of a few slots, so
// signed-looking requests cannot make the simulator buffer 10 MB each
// without bound either.
func TestLargeBodiesTakeASlot(t *testing.T) {
	b := newBodyReader()
	waits := make(chan struct{}, 1)
	b.waiting = func() { waits <- struct{}{} }
	type reading struct {
		pw   *io.PipeWriter
		read atomic.Int64
		done chan struct{}
	}
	start := func() *reading {
		pr, pw := io.Pipe()
		rd := &reading{pw: pw, done: make(chan struct{})}
		req := httptest.NewRequest(http.MethodPost, "/", io.TeeReader(pr, writerFunc(func(p []byte) { rd.read.Add(int64(len(p))) })))
		req.ContentLength = -1
		go func() {
			defer close(rd.done)
			_, _ = b.read(httptest.NewRecorder(), req, true)
		}()
		return rd
	}
	chunk := bytes.Repeat([]byte(" "), smallBodyBytes)
	var holders []*reading
	for range largeBodySlots {
		rd := start()
		if _, err := rd.pw.Write(chunk); err != nil { // fills the small buffer
			t.Fatal(err)
		}
		if _, err := rd.pw.Write([]byte(" ")); err != nil { // read under a slot
			t.Fatal(err)
		}
		holders = append(holders, rd)
	}
	waiter := start()
	if _, err := waiter.pw.Write(chunk); err != nil {
		t.Fatal(err)
	}
	// The waiter has its small part read, but no slot: nothing more is
	// read from it until a holder finishes.
	<-waits
	if got := waiter.read.Load(); got != smallBodyBytes {
		t.Fatalf("waiter read %d bytes while both slots were held, want only the small part", got)
	}
	wrote := make(chan struct{})
	go func() { _, _ = waiter.pw.Write([]byte(" ")); close(wrote) }()
	holders[0].pw.Close()
	<-holders[0].done
	<-wrote
	waiter.pw.Close()
	<-waiter.done
	if got := waiter.read.Load(); got != smallBodyBytes+1 {
		t.Errorf("waiter read %d bytes, want all %d once it had a slot", got, smallBodyBytes+1)
	}
	for _, h := range holders[1:] {
		h.pw.Close()
		<-h.done
	}
}

type writerFunc func(p []byte)

func (f writerFunc) Write(p []byte) (int, error) { f(p); return len(p), nil }

// TestConnectionCap: the listener holds at most n connections; the next
// one is accepted only when one closes.
func TestConnectionCap(t *testing.T) {
	inner, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln := newLimitListener(inner, 2)
	waits := make(chan struct{}, 1)
	ln.waiting = func() { waits <- struct{}{} }
	defer ln.Close()
	accepted := make(chan net.Conn, 3)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				close(accepted)
				return
			}
			accepted <- c
		}
	}()
	for range 3 {
		c, err := net.Dial("tcp", inner.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
	}
	first, second := <-accepted, <-accepted
	<-waits // Accept waits for a place instead of taking the third
	if len(accepted) != 0 {
		t.Fatal("a third connection was accepted while two were open")
	}
	first.Close()
	first.Close() // closing twice frees one place only
	third := <-accepted
	third.Close()
	second.Close()
}

// TestUnsignedBodyIsSmall: a request that claims to need no signature
// (Authorization: SKIP, for sts AssumeRoleWithWebIdentity) cannot be
// authenticated at all, so its body is read up to the small limit only.
func TestUnsignedBodyIsSmall(t *testing.T) {
	f := newFixture(t, Options{})
	r := f.cl.signed("DescribeDBInstances", []byte(`{}`))
	body := &countingBody{n: 5 << 20}
	req := httptest.NewRequest(r.Method, "/", body)
	req.Header, req.Host, req.ContentLength = r.Header, r.Host, -1
	req.Header.Set("Authorization", "SKIP")
	w := httptest.NewRecorder()
	f.run.Server.ServeHTTP(w, req)
	if body.read > smallBodyBytes+4096 {
		t.Errorf("%d bytes of an unsigned body were read, want at most the small limit", body.read)
	}
	if !bytes.Contains(w.Body.Bytes(), []byte(codeRequestSizeLimit)) {
		t.Errorf("answer %s, want %s", w.Body.String(), codeRequestSizeLimit)
	}
}
