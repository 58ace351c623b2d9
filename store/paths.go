package store

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/parquet-go/parquet-go"

	"github.com/cartelsim/cartelsim/ensemble"
)

// PathRow is one value of one run's path, as --keep-paths writes it.
type PathRow struct {
	Scenario string  `parquet:"scenario,dict"`
	Run      int64   `parquet:"run"`
	Variable string  `parquet:"variable,dict"`
	Region   string  `parquet:"region,dict"`
	Period   string  `parquet:"period,dict"`
	Value    float64 `parquet:"value"`
}

// Paths writes every run's path to Parquet segment files in a folder next
// to the results file. A segment is sealed (closed and renamed) at each
// checkpoint and named in the same transaction as its runs, so after a
// crash the segments not named in the store hold runs that will be redone,
// and Clean removes them: no path is written twice.
type Paths struct {
	dir  string
	seq  int
	f    *os.File
	w    *parquet.GenericWriter[PathRow]
	rows []PathRow
}

// PathsDir is where the segments of the results file at path go.
func PathsDir(path string) string { return strings.TrimSuffix(path, filepath.Ext(path)) + ".paths" }

// NewPaths prepares the segment folder for the results file at path,
// removing segments that committed does not name.
func NewPaths(path string, committed map[string]bool) (*Paths, error) {
	p := &Paths{dir: PathsDir(path), seq: len(committed)}
	if err := os.MkdirAll(p.dir, 0o755); err != nil {
		return nil, fmt.Errorf("store: paths: %w", err)
	}
	ents, err := os.ReadDir(p.dir)
	if err != nil {
		return nil, fmt.Errorf("store: paths: %w", err)
	}
	for _, e := range ents {
		if !committed[e.Name()] {
			if err := os.Remove(filepath.Join(p.dir, e.Name())); err != nil {
				return nil, fmt.Errorf("store: paths: removing an uncommitted segment: %w", err)
			}
		}
	}
	return p, nil
}

func (p *Paths) name() string { return fmt.Sprintf("seg-%06d.parquet", p.seq) }

// Write appends every value of mb.
func (p *Paths) Write(m *ensemble.Model, mb *ensemble.Member) error {
	if p.w == nil {
		p.seq++
		f, err := os.Create(filepath.Join(p.dir, p.name()+".tmp"))
		if err != nil {
			return fmt.Errorf("store: paths: %w", err)
		}
		p.f = f
		p.w = parquet.NewGenericWriter[PathRow](f, parquet.Compression(&parquet.Zstd))
	}
	for s, l := range m.Layouts {
		p.rows = p.rows[:0]
		name := m.Scenarios[s].Name
		for i, x := range mb.Values[s] {
			se, period := l.Cell(i)
			p.rows = append(p.rows, PathRow{name, int64(mb.Run), se.Variable, se.Region, period, x})
		}
		if _, err := p.w.Write(p.rows); err != nil {
			return fmt.Errorf("store: paths: %w", err)
		}
	}
	return nil
}

// Seal closes the open segment and returns its name, or "" if none is open.
func (p *Paths) Seal() (string, error) {
	if p.w == nil {
		return "", nil
	}
	err := p.w.Close()
	if err == nil {
		err = p.f.Sync()
	}
	if cerr := p.f.Close(); err == nil {
		err = cerr
	}
	p.w, p.f = nil, nil
	if err != nil {
		return "", fmt.Errorf("store: paths: %w", err)
	}
	tmp := filepath.Join(p.dir, p.name()+".tmp")
	if err := os.Rename(tmp, filepath.Join(p.dir, p.name())); err != nil {
		return "", fmt.Errorf("store: paths: %w", err)
	}
	return p.name(), nil
}
