// Package apischema holds the published machine-readable contract of the
// postgres (2017-03-12), cynosdb (2019-01-07) and sts (2018-08-13) APIs
// and checks JSON bodies and Go wire types against it.
//
// The files are copies of tencentcloud-cli 3.1.155.1
// tccli/services/{postgres/v20170312,cynosdb/v20190107}/{api,examples}.json
// and, in errlists.json, the error codes tencentcloud-sdk-go v1.3.166
// documents per action (see the repository's reference notes). The sts
// files are an extract of tencentcloud-cli
// tccli/services/sts/v20180813/{api,examples}.json (the three actions
// dbplan uses: names, types and flags, without the documentation text)
// and of the per-action error lists of tencentcloud-sdk-go's sts
// client.go. They are embedded gzipped, so tests on a clean checkout need
// nothing else.
//
// It is test support: the client's and the simulator's tests use it so
// that every wire name and type each side sends is checked against the
// published contract, not against the other side (which could share the
// same mistake). No production code imports it.
package apischema

import (
	"bytes"
	"compress/gzip"
	"embed"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"
)

//go:embed *.json.gz
var files embed.FS

// Products served by the schemas: the product name as in the host
// (postgres.tencentcloudapi.com) and the signature's service.
const (
	Postgres = "postgres"
	Cynosdb  = "cynosdb"
	STS      = "sts"
)

// Schema is the loaded contract of both products. It is read-only and
// safe for concurrent use.
type Schema struct {
	products map[string]*product
	errs     map[string]map[string][]string // product → action → codes
}

type product struct {
	Actions map[string]struct {
		Input  string `json:"input"`
		Output string `json:"output"`
	} `json:"actions"`
	Objects  map[string]*Object `json:"objects"`
	examples map[string][]Example
}

// Object is one request, response or nested structure of the schema.
type Object struct {
	Members []Member `json:"members"`
	// Usage is "in", "out" or "both" for nested structures ("" for
	// request and response structures).
	Usage string `json:"usage"`
}

// Member is one field of an Object.
type Member struct {
	Name string `json:"name"`
	// Type is "string", "int", "float", "bool", "list" or "object".
	Type string `json:"type"`
	// Member is the element or object type: "string", "int64", "uint64",
	// "datetime", "bool", "float", or the name of another Object.
	Member string `json:"member"`
	// Required is set on request fields; OutputRequired on response fields
	// the service always returns.
	Required       bool `json:"required"`
	OutputRequired bool `json:"output_required"`
	// AllowNull says a response may carry null for it.
	AllowNull bool `json:"value_allowed_null"`
}

// Example is one documented request/response pair of an action.
type Example struct {
	Title string
	// Request is the JSON body of the documented request.
	Request string
	// Response is the documented response, {"Response": {...}}.
	Response string
}

var (
	loadOnce sync.Once
	loaded   *Schema
	loadErr  error
)

// Load returns the embedded schemas, read and parsed once.
func Load() (*Schema, error) {
	loadOnce.Do(func() { loaded, loadErr = load() })
	return loaded, loadErr
}

func load() (*Schema, error) {
	s := &Schema{products: map[string]*product{}}
	for _, name := range []string{Postgres, Cynosdb, STS} {
		p := &product{}
		if err := readGzipJSON(name+"-api.json.gz", p); err != nil {
			return nil, err
		}
		var ex struct {
			Actions map[string][]struct {
				Title  string `json:"title"`
				Input  string `json:"input"`
				Output string `json:"output"`
			} `json:"actions"`
		}
		if err := readGzipJSON(name+"-examples.json.gz", &ex); err != nil {
			return nil, err
		}
		p.examples = map[string][]Example{}
		for action, list := range ex.Actions {
			for _, e := range list {
				// The documented request is an HTTP message; the body
				// follows the first blank line.
				_, body, _ := strings.Cut(e.Input, "\n\n")
				p.examples[action] = append(p.examples[action], Example{Title: e.Title, Request: body, Response: e.Output})
			}
		}
		s.products[name] = p
	}
	if err := readGzipJSON("errlists.json.gz", &s.errs); err != nil {
		return nil, err
	}
	var stsErrs map[string]map[string][]string
	if err := readGzipJSON("sts-errlists.json.gz", &stsErrs); err != nil {
		return nil, err
	}
	s.errs[STS] = stsErrs[STS]
	return s, nil
}

func readGzipJSON(name string, v any) error {
	raw, err := files.ReadFile(name)
	if err != nil {
		return fmt.Errorf("apischema: %w", err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return fmt.Errorf("apischema: %s: %w", name, err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		return fmt.Errorf("apischema: %s: %w", name, err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("apischema: %s: %w", name, err)
	}
	return nil
}

// HasAction reports whether the product's schema has the action.
func (s *Schema) HasAction(productName, action string) bool {
	p := s.products[productName]
	if p == nil {
		return false
	}
	_, ok := p.Actions[action]
	return ok
}

// Input returns the request structure of an action (nil if unknown).
func (s *Schema) Input(productName, action string) *Object {
	return s.io(productName, action, true)
}

// Output returns the response structure of an action (nil if unknown).
func (s *Schema) Output(productName, action string) *Object {
	return s.io(productName, action, false)
}

func (s *Schema) io(productName, action string, in bool) *Object {
	p := s.products[productName]
	if p == nil {
		return nil
	}
	a, ok := p.Actions[action]
	if !ok {
		return nil
	}
	if in {
		return p.Objects[a.Input]
	}
	return p.Objects[a.Output]
}

// Object returns a named structure of the product's schema (nil if
// unknown).
func (s *Schema) Object(productName, name string) *Object {
	if p := s.products[productName]; p != nil {
		return p.Objects[name]
	}
	return nil
}

// Member returns the member of o named name.
func (o *Object) Member(name string) (Member, bool) {
	for _, m := range o.Members {
		if m.Name == name {
			return m, true
		}
	}
	return Member{}, false
}

// Errors returns the error codes the SDK documents for an action (nil if
// none are listed). Common errors (AuthFailure.*, RequestLimitExceeded, …)
// are not listed per action.
func (s *Schema) Errors(productName, action string) []string {
	return s.errs[productName][action]
}

// Examples returns the documented examples of an action.
func (s *Schema) Examples(productName, action string) []Example {
	if p := s.products[productName]; p != nil {
		return p.examples[action]
	}
	return nil
}
