package tcsim

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// maxArrayItems is the most items an array parameter may hold. The
// documentation states no such bound for the served actions (page sizes
// are at most 100, and so is this; UNCONFIRMED, see doc.go).
const maxArrayItems = 100

// decodeParams decodes an action's JSON body into dst (a pointer to a
// struct whose fields carry exact `json` names and `tc:"required"` marks),
// answering like the service: a name that is not a parameter (names are
// case-sensitive) → UnknownParameter, a missing required one →
// MissingParameter, a value of the wrong JSON type → InvalidParameter.
// Nested objects and arrays are checked the same way; paths use the
// documented flattening (Accounts.0.AccountName).
func decodeParams(body []byte, dst any) *apiError {
	if len(bytes.TrimSpace(body)) == 0 {
		body = []byte("{}")
	}
	if !json.Valid(body) {
		return errf(codeInvalidRequest, "The request body is not valid JSON; send the action parameters as one JSON object.")
	}
	if aerr := checkValue(body, reflect.TypeOf(dst).Elem(), ""); aerr != nil {
		return aerr
	}
	if err := json.Unmarshal(body, dst); err != nil {
		return errf(codeInvalidParameter, "The request parameters could not be decoded: %v.", err)
	}
	return nil
}

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func describePath(path string) string {
	if path == "" {
		return "the request body"
	}
	return "parameter `" + path + "`"
}

func checkValue(raw json.RawMessage, t reflect.Type, path string) *apiError {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	raw = bytes.TrimSpace(raw)
	typeErr := func(want string) *apiError {
		return errf(codeInvalidParameter, "The value of %s must be %s.", describePath(path), want)
	}
	if t == reflect.TypeOf(looseInt(0)) {
		if string(raw) != "null" && json.Unmarshal(raw, new(looseInt)) != nil {
			return typeErr("an Integer")
		}
		return nil
	}
	if string(raw) == "null" {
		// A null field counts as absent (see the struct case); a null
		// body or array element is not an object.
		if t.Kind() == reflect.Struct {
			return typeErr("a JSON object")
		}
		return nil
	}
	switch t.Kind() {
	case reflect.Struct:
		var m map[string]json.RawMessage
		if json.Unmarshal(raw, &m) != nil {
			return typeErr("a JSON object")
		}
		fields := map[string]reflect.StructField{}
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name != "" && name != "-" {
				fields[name] = f
			}
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if _, ok := fields[k]; !ok {
				return errf(codeUnknownParameter, "The parameter `%s` is not recognized.", joinPath(path, k))
			}
		}
		names := make([]string, 0, len(fields))
		for n := range fields {
			names = append(names, n)
		}
		slices.Sort(names)
		for _, n := range names {
			v, ok := m[n]
			if fields[n].Tag.Get("tc") == "required" && (!ok || string(bytes.TrimSpace(v)) == "null") {
				return errf(codeMissingParameter, "The request is missing the required parameter `%s`.", joinPath(path, n))
			}
		}
		for _, k := range keys {
			if string(bytes.TrimSpace(m[k])) == "null" {
				continue
			}
			if aerr := checkValue(m[k], fields[k].Type, joinPath(path, k)); aerr != nil {
				return aerr
			}
		}
	case reflect.Slice:
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) != nil {
			return typeErr("an array")
		}
		if len(items) > maxArrayItems {
			return errf(codeInvalidValue, "%s may hold at most %d items; it has %d.", describePath(path), maxArrayItems, len(items))
		}
		for i, it := range items {
			if aerr := checkValue(it, t.Elem(), joinPath(path, strconv.Itoa(i))); aerr != nil {
				return aerr
			}
		}
	case reflect.String:
		if !decodesAs[string](raw) {
			return typeErr("a String")
		}
	case reflect.Int64:
		if !decodesAs[int64](raw) {
			return typeErr("an Integer")
		}
	case reflect.Float64:
		if !decodesAs[float64](raw) {
			return typeErr("a Float")
		}
	case reflect.Bool:
		if !decodesAs[bool](raw) {
			return typeErr("a Boolean")
		}
	default:
		panic("tcsim: unsupported parameter type " + t.String())
	}
	return nil
}

// looseInt is an Integer parameter that also arrives as a string of
// digits, as in the documented AssumeRoleWithWebIdentity example
// ("DurationSeconds": "1800").
type looseInt int64

// UnmarshalJSON accepts a JSON integer or a string holding one.
func (n *looseInt) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		b = []byte(s)
	}
	var v int64
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*n = looseInt(v)
	return nil
}

// decodesAs reports whether raw is a JSON value of Go type T.
func decodesAs[T any](raw json.RawMessage) bool {
	var v T
	return json.Unmarshal(raw, &v) == nil
}
