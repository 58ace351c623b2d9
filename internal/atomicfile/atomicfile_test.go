package atomicfile

import (
	"os"
	"path/filepath"
	"testing"
)

func TestAbortKeepsOldFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := filepath.Join(dir, "out.csv")
	if err := os.WriteFile(p, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := Create(p)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("half")
	f.Abort()
	b, _ := os.ReadFile(p)
	if string(b) != "old" {
		t.Errorf("aborted write changed the file to %q", b)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Errorf("abort left %d files behind", len(ents))
	}
}

func TestCommitReplaces(t *testing.T) {
	t.Parallel()
	p := filepath.Join(t.TempDir(), "sub", "out.csv")
	f, err := Create(p)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("new")
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	f.Abort() // harmless after Commit
	if b, _ := os.ReadFile(p); string(b) != "new" {
		t.Errorf("file holds %q", b)
	}
}

func TestReadOnlyDirectory(t *testing.T) {
	t.Parallel()
	if os.Geteuid() == 0 {
		t.Skip("root ignores directory permissions")
	}
	dir := t.TempDir()
	os.Chmod(dir, 0o500)
	defer os.Chmod(dir, 0o700)
	if _, err := Create(filepath.Join(dir, "x")); err == nil {
		t.Error("write into a read-only directory succeeded")
	}
}

func TestWriteJSON(t *testing.T) {
	t.Parallel()
	p := filepath.Join(t.TempDir(), "a", "v.json")
	if err := WriteJSON(p, map[string]int{"x": 1}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); string(b) != "{\n \"x\": 1\n}\n" {
		t.Errorf("file holds %q", b)
	}
	if err := WriteJSON(p, func() {}); err == nil {
		t.Error("an unencodable value was written")
	}
	if b, _ := os.ReadFile(p); string(b) != "{\n \"x\": 1\n}\n" {
		t.Errorf("a failed write changed the file to %q", b)
	}
}
