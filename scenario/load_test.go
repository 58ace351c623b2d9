package scenario

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(good, []byte("name: good\n"), 0o644)
	os.WriteFile(bad, []byte("name: bad\nseed: x\n"), 0o644)

	s, err := Load(good)
	if err != nil || s.Name != "good" || s.Origin != good {
		t.Errorf("Load(good) = %+v, %v", s, err)
	}
	_, err = Load(bad)
	var e *Error
	if !errors.As(err, &e) || !strings.HasPrefix(err.Error(), bad+":2: seed: ") {
		t.Errorf("Load(bad) = %v, want a problem at %s:2", err, bad)
	}
	missing := filepath.Join(dir, "missing.yaml")
	_, err = Load(missing)
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), missing) || !strings.HasPrefix(err.Error(), "scenario: ") {
		t.Errorf("Load(missing) = %v", err)
	}
}

func TestResolve(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	os.WriteFile("mine.yaml", []byte("name: mine\n"), 0o644)
	os.WriteFile("plain", []byte("name: plain\n"), 0o644)
	os.WriteFile("baseline", []byte("name: not-the-builtin\n"), 0o644)
	os.Mkdir("sub", 0o755)
	os.WriteFile(filepath.Join("sub", "x"), []byte("name: sub\n"), 0o644)

	for _, tt := range []struct{ arg, name, origin string }{
		{"baseline", "baseline", "builtin:baseline"},
		{"./baseline", "not-the-builtin", "./baseline"},
		{"mine.yaml", "mine", "mine.yaml"},
		{"plain", "plain", "plain"},
		{"sub/x", "sub", "sub/x"},
	} {
		s, err := Resolve(tt.arg)
		if err != nil {
			t.Errorf("Resolve(%q): %v", tt.arg, err)
			continue
		}
		if s.Name != tt.name || s.Origin != tt.origin {
			t.Errorf("Resolve(%q) = %s from %s, want %s from %s", tt.arg, s.Name, s.Origin, tt.name, tt.origin)
		}
	}

	_, err := Resolve("nalxone")
	if err == nil || !strings.Contains(err.Error(), `did you mean "naloxone"?`) || !strings.Contains(err.Error(), "built-ins are baseline, ") {
		t.Errorf("Resolve(nalxone) = %v", err)
	}
	if _, err := Resolve("nope.yml"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Resolve(nope.yml) = %v, want a missing file", err)
	}
}
