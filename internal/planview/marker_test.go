package planview_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/dbplan/dbplan/internal/planview"
)

func TestMarker(t *testing.T) {
	tests := []struct {
		root, id, want string
	}{
		{"", "", "<!-- dbplan-plan -->"},
		{".", "", "<!-- dbplan-plan root=. -->"},
		{"db/orders", "", "<!-- dbplan-plan root=db/orders -->"},
		{"db/orders", "staging", "<!-- dbplan-plan root=db/orders id=staging -->"},
		{"", "prod-eu", "<!-- dbplan-plan id=prod-eu -->"},
		// Nothing can end the comment early or smuggle markup in.
		{"db/a-->b", "x --> <script>", "<!-- dbplan-plan root=db/a-%2D%3Eb id=x%20-%2D%3E%20%3Cscript%3E -->"},
		{"db/with space", "", "<!-- dbplan-plan root=db/with%20space -->"},
	}
	for _, tc := range tests {
		got := planview.Marker(tc.root, tc.id)
		if got != tc.want {
			t.Errorf("Marker(%q, %q) = %q, want %q", tc.root, tc.id, got, tc.want)
		}
		if inner := strings.TrimSuffix(strings.TrimPrefix(got, "<!--"), "-->"); strings.Contains(inner, "--") {
			t.Errorf("Marker(%q, %q) = %q holds -- inside the comment", tc.root, tc.id, got)
		}
	}
}

// TestMarkdownRoots: two roots of one repository (and two comment ids of
// one root) get different first lines, so CI keeps one comment each, and
// the heading names the root.
func TestMarkdownRoots(t *testing.T) {
	render := func(root, id string) string {
		t.Helper()
		var buf bytes.Buffer
		if err := planview.Markdown(&buf, samplePlan(), planview.MarkdownOptions{Root: root, CommentID: id}); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	firstLine := func(s string) string { return s[:strings.IndexByte(s, '\n')] }
	orders, billing := render("db/orders", ""), render("db/billing", "")
	if firstLine(orders) == firstLine(billing) {
		t.Errorf("two roots share the marker %q", firstLine(orders))
	}
	if firstLine(orders) != firstLine(render("db/orders", "")) {
		t.Error("the marker of one root differs between two plans")
	}
	if firstLine(render("db/orders", "staging")) == firstLine(render("db/orders", "prod")) {
		t.Error("two comment ids of one root share the marker")
	}
	if !strings.Contains(orders, "\n## dbplan plan: `db/orders`\n") {
		t.Errorf("the heading does not name the root:\n%.200s", orders)
	}
	if got := render("db/orders", "staging"); !strings.Contains(got, "\n## dbplan plan: `db/orders` (staging)\n") {
		t.Errorf("the heading does not name the comment id:\n%.200s", got)
	}
	if got := render(".", ""); !strings.HasPrefix(got, "<!-- dbplan-plan root=. -->\n## dbplan plan\n") {
		t.Errorf("the current directory as root:\n%.200s", got)
	}
}
