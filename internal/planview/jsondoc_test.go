package planview

import (
	"os"
	"strings"
	"testing"

	"github.com/dbplan/dbplan/internal/plan"
)

// TestJSONDocListsEveryKindAndRisk keeps JSON.md, the contract of -json,
// in step with the kind table and the risk table.
func TestJSONDocListsEveryKindAndRisk(t *testing.T) {
	data, err := os.ReadFile("JSON.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	for _, k := range plan.Kinds() {
		row := "| `" + k.String() + "` | " + k.Effect().String() + " | " + k.APIAction()
		if !strings.Contains(doc, row) {
			t.Errorf("JSON.md has no kind row starting %q", row)
		}
	}
	for _, r := range risks {
		if !strings.Contains(doc, "`"+r.name+"`") {
			t.Errorf("JSON.md does not document the risk %q", r.name)
		}
	}
}
