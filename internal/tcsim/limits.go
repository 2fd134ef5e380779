package tcsim

import (
	"bytes"
	"errors"
	"io"
	"net"
	"net/http"
	"sync"
	"time"
)

// Bounds on what a client can make the simulator hold before it knows who
// the client is. Memory before a signature is verified is at most
// MaxConnections × smallBodyBytes plus largeBodySlots × maxBodyBytes
// (about 56 MB), whatever clients send.
const (
	// maxBodyBytes is the documented POST limit for TC3-signed requests.
	maxBodyBytes = 10 << 20
	// smallBodyBytes is what any request may have buffered before its
	// signature is verified. Every legitimate request of the served
	// actions is far smaller (a 100-account LibraDB batch is ~30 KB).
	smallBodyBytes = 64 << 10
	// largeBodySlots is how many bodies above smallBodyBytes (from
	// requests whose headers passed the checks that need no body) are
	// read at once; others wait for a slot.
	largeBodySlots = 2
	// MaxConnections is the most client connections a Start-ed simulator
	// holds open; further ones wait in the listen queue.
	MaxConnections = 256
	// Timeouts of a Start-ed simulator: the headers must arrive within
	// readHeaderTimeout and the whole request within readTimeout, so a
	// slow client cannot hold a connection (and its buffer) for long.
	readHeaderTimeout = 10 * time.Second
	readTimeout       = 30 * time.Second
	maxHeaderBytes    = 64 << 10
)

// bodyReader reads request bodies within the bounds above.
type bodyReader struct {
	large chan struct{} // slots for bodies above smallBodyBytes
	// waiting, when set (tests), is called when a read waits for a slot.
	waiting func()
}

func newBodyReader() *bodyReader {
	return &bodyReader{large: make(chan struct{}, largeBodySlots)}
}

// read reads r's body: up to smallBodyBytes at once, more only when
// large is set (the request's headers passed the checks that need no
// body) and while holding a large-body slot; a larger body gets
// RequestSizeLimitExceeded without being read to the end.
func (b *bodyReader) read(w http.ResponseWriter, r *http.Request, large bool) ([]byte, *apiError) {
	limit := int64(maxBodyBytes)
	tooBig := errf(codeRequestSizeLimit, "The request body exceeds the %d-byte (10 MB) limit for TC3-HMAC-SHA256 POST requests.", maxBodyBytes)
	if !large {
		limit = smallBodyBytes
		tooBig = errf(codeRequestSizeLimit, "The body of an unsigned request may have at most %d bytes.", smallBodyBytes)
	}
	if r.ContentLength > limit {
		return nil, tooBig
	}
	body := http.MaxBytesReader(w, r.Body, limit)
	var buf bytes.Buffer
	n, err := buf.ReadFrom(io.LimitReader(body, smallBodyBytes))
	switch {
	case err != nil || n < smallBodyBytes:
	case !large:
		// Anything more is over the limit: MaxBytesReader says so at the
		// first byte.
		_, err = buf.ReadFrom(body)
	default:
		// A large body: read the rest while holding a slot.
		select {
		case b.large <- struct{}{}:
		default:
			if b.waiting != nil {
				b.waiting()
			}
			select {
			case b.large <- struct{}{}:
			case <-r.Context().Done():
				return nil, errf(codeInvalidRequest, "The request body could not be read: %v.", r.Context().Err())
			}
		}
		_, err = buf.ReadFrom(body)
		<-b.large
	}
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return nil, tooBig
	case err != nil:
		return nil, errf(codeInvalidRequest, "The request body could not be read: %v.", err)
	}
	return buf.Bytes(), nil
}

// limitListener accepts at most n connections at a time; Accept waits for
// one to close before taking another.
type limitListener struct {
	net.Listener
	sem chan struct{}
	// waiting, when set (tests), is called when Accept waits for a place.
	waiting func()
}

func newLimitListener(l net.Listener, n int) *limitListener {
	return &limitListener{Listener: l, sem: make(chan struct{}, n)}
}

// Accept implements net.Listener.
func (l *limitListener) Accept() (net.Conn, error) {
	select {
	case l.sem <- struct{}{}:
	default:
		if l.waiting != nil {
			l.waiting()
		}
		l.sem <- struct{}{}
	}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.sem
		return nil, err
	}
	return &limitConn{Conn: c, release: func() { <-l.sem }}, nil
}

type limitConn struct {
	net.Conn
	once    sync.Once
	release func()
}

// Close implements net.Conn, freeing the connection's place once.
func (c *limitConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}
