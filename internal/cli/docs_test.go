package cli

import (
	"os"
	"strings"
	"testing"

	"github.com/cartelsim/cartelsim/scenario"
	"github.com/cartelsim/cartelsim/sim"
)

// TestDocsCoverCode keeps docs/ true to the code: every output variable and
// every lever kind is documented.
func TestDocsCoverCode(t *testing.T) {
	t.Parallel()
	model, err := os.ReadFile("../../docs/model.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range sim.Variables() {
		if !strings.Contains(string(model), "`"+v.Name+"`") {
			t.Errorf("docs/model.md does not document variable %s", v.Name)
		}
	}
	scen, err := os.ReadFile("../../docs/scenarios.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range scenario.Kinds() {
		if !strings.Contains(string(scen), "`"+k.Name+"`") {
			t.Errorf("docs/scenarios.md does not document lever %s", k.Name)
		}
	}
	for _, s := range scenario.Builtins() {
		if !strings.Contains(string(scen), "`"+s.Name+"`") {
			t.Errorf("docs/scenarios.md does not list built-in %s", s.Name)
		}
	}
}
