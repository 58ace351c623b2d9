package report

import (
	"fmt"
	"os"
	"path/filepath"
)

// WriteFile writes d as an HTML page to path, creating its directory. It
// writes a temporary file in the same directory and renames it over path,
// so that a failure at any point leaves either the old file or none, never
// a half-written report that a reader might take for a finished one.
func WriteFile(path string, d Document) (err error) {
	// Render first: a Document with problems never touches the disk.
	b, err := render(d)
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close() // may already be closed; the error then says so and is moot
			os.Remove(tmp)
		}
	}()
	if _, err := f.Write(b); err != nil {
		return fmt.Errorf("report: write %s: %w", tmp, err)
	}
	// CreateTemp makes the file private (0600); a report is for reading.
	if err := f.Chmod(0o644); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	// Sync before the rename so that a crash cannot leave the new name
	// pointing at blocks that never reached the disk.
	if err := f.Sync(); err != nil {
		return fmt.Errorf("report: sync %s: %w", tmp, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("report: close %s: %w", tmp, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}
