package apischema

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
)

// CheckRequest checks a request body against the action's input schema:
// it must be a JSON object whose every key is a documented parameter with
// a value of the documented type (recursively for structures and lists),
// with every required parameter present and no nulls. The error joins
// every problem found, each naming the JSON path.
func (s *Schema) CheckRequest(productName, action string, body []byte) error {
	in := s.Input(productName, action)
	if in == nil {
		return fmt.Errorf("%s %s: no such action in the published schema", productName, action)
	}
	v, err := decode(body)
	if err != nil {
		return fmt.Errorf("%s request: %w", action, err)
	}
	c := checker{s: s, product: productName, request: true}
	c.object(action, in, v)
	return c.err()
}

// CheckResponse checks a response body, {"Response": {...}}, against the
// action's output schema: every key documented, values of the documented
// types, members the service always returns present, null only where
// allowed. An error response ({"Error": {"Code", "Message"}, "RequestId"})
// passes when its shape is right; which codes are plausible is the
// caller's business (see Errors).
func (s *Schema) CheckResponse(productName, action string, body []byte) error {
	out := s.Output(productName, action)
	if out == nil {
		return fmt.Errorf("%s %s: no such action in the published schema", productName, action)
	}
	v, err := decode(body)
	if err != nil {
		return fmt.Errorf("%s response: %w", action, err)
	}
	env, ok := v.(map[string]any)
	resp, ok2 := env["Response"].(map[string]any)
	if !ok || !ok2 || len(env) != 1 {
		return fmt.Errorf("%s response: want {\"Response\": {...}}, got %.200s", action, body)
	}
	c := checker{s: s, product: productName}
	if e, isErr := resp["Error"]; isErr {
		em, _ := e.(map[string]any)
		code, _ := em["Code"].(string)
		msg, _ := em["Message"].(string)
		rid, _ := resp["RequestId"].(string)
		if code == "" || msg == "" || rid == "" || len(em) != 2 || len(resp) != 2 {
			return fmt.Errorf("%s error response: want {\"Error\": {\"Code\", \"Message\"}, \"RequestId\"}, got %.300s", action, body)
		}
		return nil
	}
	c.object(action+".Response", out, resp)
	return c.err()
}

// CheckType checks a Go type used to encode requests (in) or decode
// responses (!in) of the action: every exported field, by its JSON name,
// must be a documented member of a compatible type, recursively. Missing
// members are not problems (a client need not decode everything), so pair
// it with CheckRequest on real bodies for requests.
func (s *Schema) CheckType(productName, action string, in bool, t reflect.Type) error {
	o := s.io(productName, action, in)
	if o == nil {
		return fmt.Errorf("%s %s: no such action in the published schema", productName, action)
	}
	c := checker{s: s, product: productName, request: in}
	c.goType(action, o, t)
	return c.err()
}

func decode(body []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("not JSON: %v", err)
	}
	if dec.More() {
		return nil, errors.New("trailing data after the JSON value")
	}
	return v, nil
}

type checker struct {
	s        *Schema
	product  string
	request  bool
	problems []string
}

func (c *checker) errf(path, format string, args ...any) {
	c.problems = append(c.problems, path+": "+fmt.Sprintf(format, args...))
}

func (c *checker) err() error {
	if len(c.problems) == 0 {
		return nil
	}
	return errors.New(strings.Join(c.problems, "\n"))
}

func (c *checker) object(path string, o *Object, v any) {
	m, ok := v.(map[string]any)
	if !ok {
		c.errf(path, "want an object, got %s", kindOf(v))
		return
	}
	for k, val := range m {
		mem, ok := o.Member(k)
		if !ok {
			c.errf(path+"."+k, "not a documented member")
			continue
		}
		c.value(path+"."+k, mem, val)
	}
	for _, mem := range o.Members {
		if _, present := m[mem.Name]; present {
			continue
		}
		if (c.request && mem.Required) || (!c.request && mem.OutputRequired) {
			c.errf(path+"."+mem.Name, "required member missing")
		}
	}
}

func (c *checker) value(path string, mem Member, v any) {
	if v == nil {
		if c.request || !mem.AllowNull {
			c.errf(path, "null is not allowed")
		}
		return
	}
	if mem.Type == "list" {
		list, ok := v.([]any)
		if !ok {
			c.errf(path, "want a list, got %s", kindOf(v))
			return
		}
		for i, e := range list {
			c.scalarOrObject(fmt.Sprintf("%s[%d]", path, i), mem.Member, e)
		}
		return
	}
	c.scalarOrObject(path, mem.Member, v)
}

// scalarOrObject checks v against an element type: a scalar type name or
// the name of an object.
func (c *checker) scalarOrObject(path, typ string, v any) {
	switch typ {
	case "string", "datetime", "datetime_iso":
		if _, ok := v.(string); !ok {
			c.errf(path, "want a string, got %s", kindOf(v))
		}
	case "bool":
		if _, ok := v.(bool); !ok {
			c.errf(path, "want a bool, got %s", kindOf(v))
		}
	case "int64", "uint64":
		n, ok := v.(json.Number)
		if !ok {
			c.errf(path, "want an integer, got %s", kindOf(v))
			return
		}
		f, err := n.Float64()
		if strings.ContainsAny(n.String(), ".eE") || err != nil || (typ == "uint64" && f < 0) {
			c.errf(path, "want a%s integer, got %s", map[bool]string{true: "n unsigned", false: "n"}[typ == "uint64"], n)
		}
	case "float":
		n, ok := v.(json.Number)
		if f, err := n.Float64(); !ok || err != nil || math.IsInf(f, 0) {
			c.errf(path, "want a number, got %s", kindOf(v))
		}
	default:
		o := c.s.Object(c.product, typ)
		if o == nil {
			c.errf(path, "the schema names an unknown structure %q", typ)
			return
		}
		c.object(path, o, v)
	}
}

// goType checks the exported fields of a struct type against o.
func (c *checker) goType(path string, o *Object, t reflect.Type) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		c.errf(path, "want a struct type, got %s", t)
		return
	}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name := f.Name
		if tag, ok := f.Tag.Lookup("json"); ok {
			n, _, _ := strings.Cut(tag, ",")
			if n == "-" {
				continue
			}
			if n != "" {
				name = n
			}
		}
		if f.Anonymous && name == f.Name {
			c.goType(path, o, f.Type)
			continue
		}
		mem, ok := o.Member(name)
		if !ok {
			if name == "Error" && !c.request {
				continue // the error envelope, common to every response
			}
			c.errf(path+"."+name, "not a documented member (Go field %s %s)", f.Name, f.Type)
			continue
		}
		c.goField(path+"."+name, mem, f.Type)
	}
}

func (c *checker) goField(path string, mem Member, t reflect.Type) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if mem.Type == "list" {
		if t.Kind() != reflect.Slice {
			c.errf(path, "documented as a list of %s, Go type %s", mem.Member, t)
			return
		}
		t = t.Elem()
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
	}
	if !c.goCompatible(path, mem.Member, t) {
		c.errf(path, "documented as %s, Go type %s", mem.Member, t)
	}
}

// secretValue is the type name of dbplan's secret wrapper, which encodes
// as a string on the wire.
const secretValue = "secret.Value"

func (c *checker) goCompatible(path, typ string, t reflect.Type) bool {
	switch typ {
	case "string", "datetime", "datetime_iso":
		return t.Kind() == reflect.String || t.String() == secretValue
	case "bool":
		return t.Kind() == reflect.Bool
	case "int64":
		return t.Kind() >= reflect.Int && t.Kind() <= reflect.Int64
	case "uint64":
		return (t.Kind() >= reflect.Int && t.Kind() <= reflect.Int64) || (t.Kind() >= reflect.Uint && t.Kind() <= reflect.Uint64)
	case "float":
		return t.Kind() == reflect.Float64 || t.Kind() == reflect.Float32
	}
	o := c.s.Object(c.product, typ)
	if o == nil || t.Kind() != reflect.Struct {
		return false
	}
	c.goType(path, o, t)
	return true
}

func kindOf(v any) string {
	switch v.(type) {
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	case string:
		return "a string"
	case bool:
		return "a bool"
	case json.Number:
		return "a number"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", v)
}
