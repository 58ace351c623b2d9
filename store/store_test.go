package store_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cartelsim/cartelsim/ensemble"
	"github.com/cartelsim/cartelsim/scenario"
	"github.com/cartelsim/cartelsim/sim"
	"github.com/cartelsim/cartelsim/store"
)

func model(t *testing.T) *ensemble.Model {
	t.Helper()
	w, err := sim.LoadWorld()
	if err != nil {
		t.Fatal(err)
	}
	reg, err := sim.Registry()
	if err != nil {
		t.Fatal(err)
	}
	s, err := scenario.Parse("short", []byte("name: short\nstart: 2015-01\nend: 2015-06\nseed: 1\n"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := ensemble.NewModel(context.Background(), w, reg, []*scenario.Scenario{s}, ensemble.Prior{}, 3)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestFullDisk: when the file cannot grow, a checkpoint fails with an error
// that says so, and what was committed before stays readable and whole.
func TestFullDisk(t *testing.T) {
	t.Parallel()
	m := model(t)
	path := filepath.Join(t.TempDir(), "full.db")
	const n = 4000
	// Small enough that the state fits once but not the runs of a later
	// checkpoint; the page size is SQLite's default 4096 bytes.
	st, err := store.Open(path, store.Options{MaxPages: 200})
	if err != nil {
		t.Fatal(err)
	}
	sp, _ := ensemble.NewSpec("test", m, n, "prior")
	if err := st.Begin(store.Ensemble{ID: sp.ID(), Spec: sp.JSON(), Runs: n, Shards: 1}, false); err != nil {
		t.Fatal(err)
	}
	state := ensemble.NewState(m, n)
	sink := sinkFunc(func(s *ensemble.State, recs []ensemble.RunRecord) error {
		return st.Checkpoint(sp.ID(), 3, s, recs, "")
	})
	err = ensemble.Run(context.Background(), m, ensemble.Local{}, state, n, ensemble.Options{Every: 1}, sink)
	if err == nil || !strings.Contains(err.Error(), "disk is full") || !strings.Contains(err.Error(), "--resume") {
		t.Fatalf("filling the file: got %v, want a disk-full error that says how to go on", err)
	}
	st.Close()
	ro, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	back := ensemble.NewState(m, n)
	ok, err := ro.Load(sp.ID(), back)
	if err != nil || !ok {
		t.Fatalf("reading what was saved before the disk filled: %v (saved: %v)", err, ok)
	}
	if c := back.Done.Count(); c == 0 || c >= n {
		t.Errorf("%d runs saved before the disk filled", c)
	}
}

type sinkFunc func(*ensemble.State, []ensemble.RunRecord) error

func (f sinkFunc) Commit(s *ensemble.State, r []ensemble.RunRecord) error { return f(s, r) }
