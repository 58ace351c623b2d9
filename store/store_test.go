package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
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

// TestDropHists: a finished ensemble's file gives the space of its
// histograms back when it drops them, and its summaries stay as they were;
// before the drop (a crash between Finish and DropHists) the finished file
// is whole and still loads; after it, Load says the histograms are gone.
func TestDropHists(t *testing.T) {
	t.Parallel()
	m := model(t)
	path := filepath.Join(t.TempDir(), "e.db")
	const n = 400
	st, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sp, _ := ensemble.NewSpec("test", m, n, "prior")
	id := sp.ID()
	if err := st.Begin(store.Ensemble{ID: id, Spec: sp.JSON(), Runs: n, Shards: 1}, false); err != nil {
		t.Fatal(err)
	}
	state := ensemble.NewState(m, n)
	sink := sinkFunc(func(s *ensemble.State, recs []ensemble.RunRecord) error {
		return st.Checkpoint(id, 3, s, recs, "")
	})
	if err := ensemble.Run(context.Background(), m, ensemble.Local{}, state, n, ensemble.Options{}, sink); err != nil {
		t.Fatal(err)
	}
	if err := st.DropHists(id); err == nil {
		t.Error("an unfinished ensemble dropped its histograms")
	}
	if err := st.Finish(id, m, state); err != nil {
		t.Fatal(err)
	}
	hists := 0
	for _, h := range state.Hists {
		b, _ := h.MarshalBinary()
		hists += len(b)
	}
	// Closed, the file is whole without its write-ahead log.
	st.Close()
	before := fileSize(t, path)
	st, err = store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if ok, err := st.Load(id, ensemble.NewState(m, n)); err != nil || !ok {
		t.Fatalf("the finished file before the drop does not load: %v", err)
	}
	want := summaries(t, st, id)
	if err := st.DropHists(id); err != nil {
		t.Fatal(err)
	}
	if has, err := st.HasHists(id); err != nil || has {
		t.Errorf("histograms after the drop: %v (%v)", has, err)
	}
	if _, err := st.Load(id, ensemble.NewState(m, n)); !errors.Is(err, store.ErrNoHists) {
		t.Errorf("loading the dropped histograms: %v, want ErrNoHists", err)
	}
	if got := summaries(t, st, id); got != want {
		t.Error("the summaries changed with the drop")
	}
	after := fileSize(t, path)
	t.Logf("file %d -> %d bytes, histograms %d bytes", before, after, hists)
	// The histograms' bytes come back but for the pages they shared.
	if after > before-hists*9/10 {
		t.Errorf("file %d -> %d bytes: the %d bytes of histograms were not given back", before, after, hists)
	}
}

// fileSize is the size of the database file and of its write-ahead log.
func fileSize(t *testing.T, path string) int {
	t.Helper()
	n := 0
	for _, p := range []string{path, path + "-wal"} {
		if fi, err := os.Stat(p); err == nil {
			n += int(fi.Size())
		}
	}
	return n
}

// summaries prints every summary row of ensemble id.
func summaries(t *testing.T, st *store.Store, id string) string {
	t.Helper()
	var b strings.Builder
	err := st.Summaries(id, func(r store.Summary) error {
		fmt.Fprintln(&b, r)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if b.Len() == 0 {
		t.Fatal("no summaries")
	}
	return b.String()
}
