package secret

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

const plain = "Pa55word!xyz"

func TestNoFormattingPathRevealsThePlainText(t *testing.T) {
	v := New(plain)
	type wrapper struct {
		Password Value
		Ptr      *Value
	}
	w := wrapper{Password: v, Ptr: &v}
	var outputs []string
	for _, verb := range []string{"%s", "%v", "%+v", "%#v", "%q", "%x", "%X", "%d"} {
		outputs = append(outputs, fmt.Sprintf(verb, v), fmt.Sprintf(verb, w))
	}
	js, err := json.Marshal(w)
	if err != nil {
		t.Fatalf("json.Marshal: %v", err)
	}
	outputs = append(outputs, string(js))
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("x", "password", v)
	slog.New(slog.NewTextHandler(&buf, nil)).Info("x", "password", v)
	outputs = append(outputs, buf.String())
	for _, out := range outputs {
		if strings.Contains(out, plain) || strings.Contains(out, fmt.Sprintf("%x", plain)) {
			t.Errorf("output reveals the secret: %s", out)
		}
	}
	if got := v.Reveal(); got != plain {
		t.Errorf("Reveal() = %q, want the plain text", got)
	}
}

func TestAbsent(t *testing.T) {
	var v Value
	if v.IsSet() {
		t.Error("zero Value IsSet() = true")
	}
	if got := v.String(); got != "(absent)" {
		t.Errorf("String() = %q", got)
	}
	if !New("").IsSet() {
		t.Error("New(\"\").IsSet() = false")
	}
}
