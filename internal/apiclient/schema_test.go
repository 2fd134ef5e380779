package apiclient

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/dbplan/dbplan/internal/apischema"
	"github.com/dbplan/dbplan/internal/secret"
)

// TestWireConformsToPublishedSchema sends every typed call of the client,
// with every request field set, to a recording server and checks the body
// against the published schema of its action (names, types, required
// parameters), the service it was signed for, and the response type's
// field names and types. Calls are found by reflection (a method
// X(ctx, XRequest) (*XResponse, error)), so a new call is checked without
// being listed here.
func TestWireConformsToPublishedSchema(t *testing.T) {
	schema, err := apischema.Load()
	if err != nil {
		t.Fatal(err)
	}
	f := newFakeAPI(t, func(seen) (int, string) { return 200, okBody("") })
	c := f.client(t)
	ctxType := reflect.TypeOf((*context.Context)(nil)).Elem()
	cv := reflect.ValueOf(c)
	checked := 0
	for i := range cv.NumMethod() {
		m := cv.Type().Method(i)
		ft := m.Type // receiver is In(0)
		if ft.NumIn() != 3 || ft.In(1) != ctxType || ft.In(2).Name() != m.Name+"Request" || ft.NumOut() != 2 {
			continue
		}
		t.Run(m.Name, func(t *testing.T) {
			req := reflect.New(ft.In(2)).Elem()
			fill(req)
			n := len(f.requests())
			out := cv.Method(i).Call([]reflect.Value{reflect.ValueOf(context.Background()), req})
			if err, _ := out[1].Interface().(error); err != nil {
				t.Fatalf("%s: %v", m.Name, err)
			}
			reqs := f.requests()
			if len(reqs) != n+1 {
				t.Fatalf("%s sent %d requests, want 1", m.Name, len(reqs)-n)
			}
			got := reqs[n]
			if got.Action != m.Name {
				t.Errorf("X-TC-Action = %q, want %q", got.Action, m.Name)
			}
			product := got.Service
			if got.Header.Get("Authorization") == "SKIP" {
				product = unsignedProduct(got.Version)
			}
			if !schema.HasAction(product, m.Name) {
				t.Fatalf("%s was signed for service %q, whose published schema has no such action", m.Name, product)
			}
			if err := schema.CheckRequest(product, m.Name, []byte(got.Raw)); err != nil {
				t.Errorf("request body does not conform to the published schema:\n%v\nbody: %s", err, got.Raw)
			}
			if err := schema.CheckType(product, m.Name, false, ft.Out(0)); err != nil {
				t.Errorf("response type %s does not conform to the published schema:\n%v", ft.Out(0), err)
			}
		})
		checked++
	}
	if checked < 19 {
		t.Errorf("checked %d calls; the client has at least 19", checked)
	}
}

// fill sets every settable field of v to a non-zero value of its type,
// recursively (one element per slice), so that omitempty fields are sent.
func fill(v reflect.Value) {
	if v.Type() == reflect.TypeOf(secret.Value{}) {
		v.Set(reflect.ValueOf(secret.New("Fill-pa55word!")))
		return
	}
	switch v.Kind() {
	case reflect.String:
		// A value that passes the client's own checks where it has any.
		v.SetString("x" + strings.Repeat("1", 7))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(1)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(1)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(1.5)
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		fill(p.Elem())
		v.Set(p)
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 1, 1)
		fill(s.Index(0))
		v.Set(s)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i))
			}
		}
	}
}

// schemaCheckingTransport checks every response body it carries against
// the published schema of the request's action (the service is taken
// from the signature's credential scope). The round-trip tests use it, so
// every answer the simulator gives in them is checked.
type schemaCheckingTransport struct {
	t    *testing.T
	base http.RoundTripper
}

func (s *schemaCheckingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := s.base.RoundTrip(r)
	if err != nil || resp.StatusCode != http.StatusOK {
		return resp, err
	}
	body, rerr := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if rerr != nil {
		return resp, nil // the client sees the short body and reports it
	}
	action := r.Header.Get("X-TC-Action")
	product := unsignedProduct(r.Header.Get("X-TC-Version"))
	if _, cred, ok := strings.Cut(r.Header.Get("Authorization"), "Credential="); ok {
		if parts := strings.Split(strings.SplitN(cred, ",", 2)[0], "/"); len(parts) == 4 {
			product = parts[2]
		}
	}
	schema, err := apischema.Load()
	if err != nil {
		s.t.Error(err)
		return resp, nil
	}
	if err := schema.CheckResponse(product, action, body); err != nil {
		s.t.Errorf("the simulator's %s %s answer does not conform to the published schema:\n%v\nbody: %.2000s", product, action, err, body)
	}
	return resp, nil
}

// unsignedProduct names the product of an unsigned request (no credential
// scope) by its API version, which differs between the products.
func unsignedProduct(version string) string {
	for _, s := range services {
		if s.version() == version {
			return string(s)
		}
	}
	return ""
}
