package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReproducePrietoCuriel runs the command as a user would: every row of
// the deSolve comparison is within 1% and every headline of Prieto-Curiel,
// Campedelli & Hope (2023) holds, and the HTML report with its charts is
// written.
func TestReproducePrietoCuriel(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	code, out, errOut := run(t, "reproduce", "prieto-curiel", "--out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if strings.Contains(out, "NO") {
		t.Errorf("a comparison fails:\n%s", out)
	}
	if n := strings.Count(out, "yes"); n != 8 { // 3 deSolve rows + 5 headlines
		t.Errorf("%d rows hold, want 8:\n%s", n, out)
	}
	page, err := os.ReadFile(filepath.Join(dir, "prieto-curiel.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"prieto-members", "prieto-casualties", "prieto-recruits"} {
		if !strings.Contains(string(page), id) {
			t.Errorf("report lacks chart %s", id)
		}
	}
}
