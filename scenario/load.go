package scenario

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Load reads and parses the scenario file at path.
func Load(path string) (*Scenario, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("scenario: %w", err)
	}
	defer f.Close()
	// Read one byte past the limit so that Parse reports an oversized file
	// without this reading all of it.
	b, err := io.ReadAll(io.LimitReader(f, maxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("scenario: read %s: %w", path, err)
	}
	return Parse(path, b)
}

// Resolve finds the scenario a command-line argument names: a file when
// arg ends in .yaml or .yml or contains a path separator, else a built-in
// of that name, else a file of that name in the working directory. Bare
// names try the built-ins first so that a stray file called "baseline"
// cannot silently replace the built-in; write ./baseline to mean the file.
func Resolve(arg string) (*Scenario, error) {
	ext := strings.ToLower(filepath.Ext(arg))
	if ext == ".yaml" || ext == ".yml" || strings.ContainsRune(arg, '/') || strings.ContainsRune(arg, filepath.Separator) {
		return Load(arg)
	}
	if isBuiltin(arg) {
		return Builtin(arg)
	}
	if fi, err := os.Stat(arg); err == nil && fi.Mode().IsRegular() {
		return Load(arg)
	}
	return nil, fmt.Errorf("scenario: %q is neither a built-in scenario nor a file%s", arg, builtinHint(arg))
}
