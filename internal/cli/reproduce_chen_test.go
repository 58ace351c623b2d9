package cli

import (
	"strings"
	"testing"
)

// TestReproduceChen2019 runs the command and checks it prints both of
// Chen et al.'s anchors and finds 2025 inside their 95% interval.
func TestReproduceChen2019(t *testing.T) {
	t.Parallel()
	code, out, errOut := run(t, "reproduce", "chen2019")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"33100", "81700 (63600-101700)", "inside their 95% interval: true"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
