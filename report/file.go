package report

import (
	"fmt"

	"github.com/cartelsim/cartelsim/internal/atomicfile"
)

// WriteFile writes d as an HTML page to path, creating its directory. It
// writes a temporary file beside path and renames it into place, so that a
// failure at any point leaves either the old file or none, never a
// half-written report that a reader might take for a finished one.
func WriteFile(path string, d Document) error {
	// Render first: a Document with problems never touches the disk.
	b, err := render(d)
	if err != nil {
		return err
	}
	if err := atomicfile.WriteFile(path, b); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}
