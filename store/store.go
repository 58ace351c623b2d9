// Package store keeps ensemble results in an embedded SQLite file (pure Go,
// modernc.org/sqlite): a catalogue of ensembles and of their runs (status,
// seed, parameter vector), the ensemble's histogram state, and its summary
// series. Progress is committed in one transaction per checkpoint, with
// idempotent upserts on (ensemble_id, run_idx), so an interrupted ensemble
// resumes without losing or double-counting a run. A finished ensemble may
// drop its histograms (DropHists): the summaries are what is read then.
package store

import (
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/cartelsim/cartelsim/ensemble"
)

const schema = `
CREATE TABLE IF NOT EXISTS ensembles (
	id        TEXT PRIMARY KEY,
	spec      TEXT NOT NULL,
	runs      INTEGER NOT NULL,
	shard     INTEGER NOT NULL,
	shards    INTEGER NOT NULL,
	status    TEXT NOT NULL,
	created   TEXT NOT NULL,
	updated   TEXT NOT NULL
);
-- runs is a rowid table: a WITHOUT ROWID row's 1 KB parameter blob would
-- spill into an overflow page of its own, quadrupling the file.
CREATE TABLE IF NOT EXISTS runs (
	ensemble_id TEXT NOT NULL,
	run_idx     INTEGER NOT NULL,
	status      TEXT NOT NULL,
	seed        INTEGER NOT NULL,
	params      BLOB,
	PRIMARY KEY (ensemble_id, run_idx)
);
CREATE TABLE IF NOT EXISTS state (
	ensemble_id  TEXT NOT NULL,
	scenario_idx INTEGER NOT NULL,
	hist         BLOB NOT NULL,
	PRIMARY KEY (ensemble_id, scenario_idx)
);
CREATE TABLE IF NOT EXISTS done (
	ensemble_id TEXT PRIMARY KEY,
	bits        BLOB NOT NULL,
	commits     INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS segments (
	ensemble_id TEXT NOT NULL,
	name        TEXT NOT NULL,
	PRIMARY KEY (ensemble_id, name)
);
CREATE TABLE IF NOT EXISTS summaries (
	ensemble_id TEXT NOT NULL,
	scenario    TEXT NOT NULL,
	variable    TEXT NOT NULL,
	region      TEXT NOT NULL,
	month       TEXT NOT NULL,
	n           INTEGER NOT NULL,
	p05 REAL, p25 REAL, p50 REAL, p75 REAL, p95 REAL,
	PRIMARY KEY (ensemble_id, scenario, variable, region, month)
) WITHOUT ROWID;
`

// Store is one results file.
type Store struct {
	db   *sql.DB
	path string
}

// Options of Open.
type Options struct {
	// ReadOnly opens an existing file without writing to it.
	ReadOnly bool
	// MaxPages caps the file at this many pages (PRAGMA max_page_count);
	// 0 means no cap. Tests use it to meet a full disk.
	MaxPages int
}

// Open opens or creates the results file at path.
func Open(path string, opt Options) (*Store, error) {
	if opt.ReadOnly {
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
	} else if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("store: cannot create the output folder: %w", err)
		}
	}
	dsn := "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)"
	if opt.ReadOnly {
		dsn += "&mode=ro"
	} else {
		dsn += "&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)"
	}
	if opt.MaxPages > 0 {
		dsn += fmt.Sprintf("&_pragma=max_page_count(%d)", opt.MaxPages)
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	// One connection: SQLite has one writer, and pragmas are per connection.
	db.SetMaxOpenConns(1)
	s := &Store{db: db, path: path}
	if !opt.ReadOnly {
		if _, err := db.Exec(schema); err != nil {
			db.Close()
			return nil, s.writeErr(err)
		}
	} else if err := db.Ping(); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	return s, nil
}

// writeErr words a failed write so the user sees the file and the cause.
func (s *Store) writeErr(err error) error {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "full"):
		return fmt.Errorf("store: cannot write %s: the disk is full (%w); progress up to the last checkpoint is saved and readable, free space and rerun with --resume", s.path, err)
	case strings.Contains(msg, "readonly") || strings.Contains(msg, "read-only") || strings.Contains(msg, "unable to open"):
		return fmt.Errorf("store: cannot write %s: the file or its folder is read-only or missing (%w)", s.path, err)
	}
	return fmt.Errorf("store: write %s: %w", s.path, err)
}

// Close closes the file.
func (s *Store) Close() error { return s.db.Close() }

// Path is the file's path.
func (s *Store) Path() string { return s.path }

// Ensemble is a catalogue entry.
type Ensemble struct {
	ID            string
	Spec          string
	Runs          uint64
	Shard, Shards uint64
	Status        string
}

// Statuses of an ensemble.
const (
	StatusRunning  = "running"
	StatusComplete = "complete"
)

// Ensembles lists the catalogue.
func (s *Store) Ensembles() ([]Ensemble, error) {
	rows, err := s.db.Query(`SELECT id, spec, runs, shard, shards, status FROM ensembles ORDER BY created`)
	if err != nil {
		return nil, fmt.Errorf("store: read %s: %w", s.path, err)
	}
	defer rows.Close()
	var out []Ensemble
	for rows.Next() {
		var e Ensemble
		if err := rows.Scan(&e.ID, &e.Spec, &e.Runs, &e.Shard, &e.Shards, &e.Status); err != nil {
			return nil, fmt.Errorf("store: read %s: %w", s.path, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Begin registers e, or checks that the file already holds the same
// ensemble when resume is set. Without resume a file that already holds
// results is refused, so they are never overwritten by mistake.
func (s *Store) Begin(e Ensemble, resume bool) error {
	old, err := s.Ensembles()
	if err != nil {
		return err
	}
	for _, o := range old {
		if o.ID == e.ID && o.Shard == e.Shard && o.Shards == e.Shards {
			if !resume {
				return fmt.Errorf("store: %s already holds this ensemble (%s); use --resume to continue it or choose another file", s.path, o.Status)
			}
			return nil
		}
	}
	if len(old) > 0 {
		if resume {
			return fmt.Errorf("store: %s holds a different ensemble (%s, %d runs, shard %d/%d): the scenarios, runs, seed, source or model version differ", s.path, old[0].ID, old[0].Runs, old[0].Shard+1, old[0].Shards)
		}
		return fmt.Errorf("store: %s already holds results; choose another file", s.path)
	}
	now := time.Now().UTC().Format(time.RFC3339)
	_, err = s.db.Exec(`INSERT INTO ensembles (id, spec, runs, shard, shards, status, created, updated) VALUES (?,?,?,?,?,?,?,?)`,
		e.ID, e.Spec, e.Runs, e.Shard, e.Shards, StatusRunning, now, now)
	if err != nil {
		return s.writeErr(err)
	}
	return nil
}

// ErrNoHists is the error of Load for an ensemble whose histograms the
// file no longer holds: a finished ensemble's, dropped by DropHists.
var ErrNoHists = errors.New("the file holds no histograms of the ensemble")

// Load reads the saved state of ensemble id into st, which must be empty
// and of the right shape. It reports whether anything was saved. An
// ensemble whose run set is saved but not its histograms gives an error
// that wraps ErrNoHists.
func (s *Store) Load(id string, st *ensemble.State) (bool, error) {
	var bits []byte
	err := s.db.QueryRow(`SELECT bits FROM done WHERE ensemble_id = ?`, id).Scan(&bits)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: read %s: %w", s.path, err)
	}
	if !st.Done.SetBytes(bits) {
		return false, fmt.Errorf("store: %s: run set of %d bytes does not fit %d runs", s.path, len(bits), st.Done.Len())
	}
	for i, h := range st.Hists {
		var b []byte
		err := s.db.QueryRow(`SELECT hist FROM state WHERE ensemble_id = ? AND scenario_idx = ?`, id, i).Scan(&b)
		if errors.Is(err, sql.ErrNoRows) {
			return false, fmt.Errorf("store: %s: %w", s.path, ErrNoHists)
		}
		if err != nil {
			return false, fmt.Errorf("store: read %s: scenario %d: %w", s.path, i, err)
		}
		var got ensemble.Hist
		if err := got.UnmarshalBinary(b); err != nil {
			return false, fmt.Errorf("store: %s: %w", s.path, err)
		}
		if got.Len() != h.Len() {
			return false, fmt.Errorf("store: %s: scenario %d has %d cells, the model %d: the model changed since the ensemble started", s.path, i, got.Len(), h.Len())
		}
		*h = got
	}
	// The run catalogue must agree with the state it was saved with.
	var n uint64
	if err := s.db.QueryRow(`SELECT count(*) FROM runs WHERE ensemble_id = ? AND status = 'done'`, id).Scan(&n); err != nil {
		return false, fmt.Errorf("store: read %s: %w", s.path, err)
	}
	if c := st.Done.Count(); c != n {
		return false, fmt.Errorf("store: %s: %d runs catalogued but %d in the saved state", s.path, n, c)
	}
	return true, nil
}

// Checkpoint commits st and the new runs in one transaction; seg, if not
// empty, names a path segment file sealed with them.
func (s *Store) Checkpoint(id string, seed uint64, st *ensemble.State, recs []ensemble.RunRecord, seg string) error {
	tx, err := s.db.Begin()
	if err != nil {
		return s.writeErr(err)
	}
	defer tx.Rollback()
	stmt, err := tx.Prepare(`INSERT INTO runs (ensemble_id, run_idx, status, seed, params) VALUES (?,?,'done',?,?)
		ON CONFLICT (ensemble_id, run_idx) DO UPDATE SET status = 'done', params = excluded.params`)
	if err != nil {
		return s.writeErr(err)
	}
	defer stmt.Close()
	buf := []byte{}
	for _, r := range recs {
		buf = buf[:0]
		for _, x := range r.Params {
			buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(x))
		}
		if _, err := stmt.Exec(id, int64(r.Run), int64(seed), buf); err != nil {
			return s.writeErr(err)
		}
	}
	for i, h := range st.Hists {
		b, _ := h.MarshalBinary()
		if _, err := tx.Exec(`INSERT INTO state (ensemble_id, scenario_idx, hist) VALUES (?,?,?)
			ON CONFLICT (ensemble_id, scenario_idx) DO UPDATE SET hist = excluded.hist`, id, i, b); err != nil {
			return s.writeErr(err)
		}
	}
	if _, err := tx.Exec(`INSERT INTO done (ensemble_id, bits, commits) VALUES (?,?,1)
		ON CONFLICT (ensemble_id) DO UPDATE SET bits = excluded.bits, commits = commits + 1`, id, st.Done.Bytes()); err != nil {
		return s.writeErr(err)
	}
	if seg != "" {
		if _, err := tx.Exec(`INSERT OR IGNORE INTO segments (ensemble_id, name) VALUES (?,?)`, id, seg); err != nil {
			return s.writeErr(err)
		}
	}
	if _, err := tx.Exec(`UPDATE ensembles SET updated = ? WHERE id = ?`, time.Now().UTC().Format(time.RFC3339), id); err != nil {
		return s.writeErr(err)
	}
	if err := tx.Commit(); err != nil {
		return s.writeErr(err)
	}
	return nil
}

// Segments lists the committed path segment files of ensemble id.
func (s *Store) Segments(id string) (map[string]bool, error) {
	rows, err := s.db.Query(`SELECT name FROM segments WHERE ensemble_id = ?`, id)
	if err != nil {
		return nil, fmt.Errorf("store: read %s: %w", s.path, err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out[n] = true
	}
	return out, rows.Err()
}

// Finish writes the summary rows of a complete ensemble and marks it so.
func (s *Store) Finish(id string, m *ensemble.Model, st *ensemble.State) error {
	tx, err := s.db.Begin()
	if err != nil {
		return s.writeErr(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`DELETE FROM summaries WHERE ensemble_id = ?`, id); err != nil {
		return s.writeErr(err)
	}
	stmt, err := tx.Prepare(`INSERT INTO summaries (ensemble_id, scenario, variable, region, month, n, p05, p25, p50, p75, p95) VALUES (?,?,?,?,?,?,?,?,?,?,?)`)
	if err != nil {
		return s.writeErr(err)
	}
	defer stmt.Close()
	err = ensemble.Rows(m, st, func(r ensemble.Row) error {
		q := make([]any, 5)
		for i, x := range r.Q {
			if !math.IsNaN(x) {
				q[i] = x
			}
		}
		_, err := stmt.Exec(id, r.Scenario, r.Variable, r.Region, r.Period, int64(r.N), q[0], q[1], q[2], q[3], q[4])
		return err
	})
	if err != nil {
		return s.writeErr(err)
	}
	if _, err := tx.Exec(`UPDATE ensembles SET status = ?, updated = ? WHERE id = ?`, StatusComplete, time.Now().UTC().Format(time.RFC3339), id); err != nil {
		return s.writeErr(err)
	}
	if err := tx.Commit(); err != nil {
		return s.writeErr(err)
	}
	return nil
}

// DropHists deletes the histograms of ensemble id, which must be finished
// (Finish committed its summaries), and compacts the file. Only --resume
// and merge read histograms, and a finished unsharded ensemble needs
// neither, while they are most of its file (a 200-run ensemble of three
// scenarios: 42 of 66 MB). The deletion is a transaction of its own, and
// VACUUM rewrites the file in another: a crash leaves either the finished
// file with its histograms or without them, uncompacted or compacted,
// every one readable.
func (s *Store) DropHists(id string) error {
	tx, err := s.db.Begin()
	if err != nil {
		return s.writeErr(err)
	}
	defer tx.Rollback()
	var status string
	if err := tx.QueryRow(`SELECT status FROM ensembles WHERE id = ?`, id).Scan(&status); err != nil {
		return fmt.Errorf("store: read %s: %w", s.path, err)
	}
	if status != StatusComplete {
		return fmt.Errorf("store: %s: the ensemble is %s; its histograms are kept until it is finished", s.path, status)
	}
	if _, err := tx.Exec(`DELETE FROM state WHERE ensemble_id = ?`, id); err != nil {
		return s.writeErr(err)
	}
	if err := tx.Commit(); err != nil {
		return s.writeErr(err)
	}
	// VACUUM in WAL mode goes through the log: checkpoint it into the
	// file, and empty it, so that the space is given back now.
	for _, q := range []string{`VACUUM`, `PRAGMA wal_checkpoint(TRUNCATE)`} {
		if _, err := s.db.Exec(q); err != nil {
			return s.writeErr(err)
		}
	}
	return nil
}

// HasHists reports whether the file holds histograms of ensemble id.
func (s *Store) HasHists(id string) (bool, error) {
	var n int
	if err := s.db.QueryRow(`SELECT count(*) FROM state WHERE ensemble_id = ?`, id).Scan(&n); err != nil {
		return false, fmt.Errorf("store: read %s: %w", s.path, err)
	}
	return n > 0, nil
}

// Summary is one row of the summaries table.
type Summary struct {
	Scenario, Variable, Region, Month string
	N                                 int64
	Q                                 [5]float64
}

// Summaries calls fn with every summary row of ensemble id, in a stable
// order.
func (s *Store) Summaries(id string, fn func(Summary) error) error {
	rows, err := s.db.Query(`SELECT scenario, variable, region, month, n, p05, p25, p50, p75, p95 FROM summaries
		WHERE ensemble_id = ? ORDER BY scenario, variable, region, month`, id)
	if err != nil {
		return fmt.Errorf("store: read %s: %w", s.path, err)
	}
	defer rows.Close()
	for rows.Next() {
		var r Summary
		var q [5]sql.NullFloat64
		if err := rows.Scan(&r.Scenario, &r.Variable, &r.Region, &r.Month, &r.N, &q[0], &q[1], &q[2], &q[3], &q[4]); err != nil {
			return fmt.Errorf("store: read %s: %w", s.path, err)
		}
		for i := range q {
			r.Q[i] = math.NaN()
			if q[i].Valid {
				r.Q[i] = q[i].Float64
			}
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// RunParams returns the catalogued parameter vector of a run.
func (s *Store) RunParams(id string, run uint64) ([]float64, error) {
	var b []byte
	if err := s.db.QueryRow(`SELECT params FROM runs WHERE ensemble_id = ? AND run_idx = ?`, id, int64(run)).Scan(&b); err != nil {
		return nil, fmt.Errorf("store: run %d: %w", run, err)
	}
	out := make([]float64, len(b)/8)
	for i := range out {
		out[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:]))
	}
	return out, nil
}

// CopyRuns copies every run of ensemble id from another store into s, for
// merging shards.
func (s *Store) CopyRuns(id string, from *Store) error {
	rows, err := from.db.Query(`SELECT run_idx, status, seed, params FROM runs WHERE ensemble_id = ?`, id)
	if err != nil {
		return fmt.Errorf("store: read %s: %w", from.path, err)
	}
	defer rows.Close()
	tx, err := s.db.Begin()
	if err != nil {
		return s.writeErr(err)
	}
	defer tx.Rollback()
	stmt, err := tx.Prepare(`INSERT INTO runs (ensemble_id, run_idx, status, seed, params) VALUES (?,?,?,?,?)
		ON CONFLICT (ensemble_id, run_idx) DO NOTHING`)
	if err != nil {
		return s.writeErr(err)
	}
	defer stmt.Close()
	for rows.Next() {
		var run, seed int64
		var status string
		var p []byte
		if err := rows.Scan(&run, &status, &seed, &p); err != nil {
			return fmt.Errorf("store: read %s: %w", from.path, err)
		}
		if _, err := stmt.Exec(id, run, status, seed, p); err != nil {
			return s.writeErr(err)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return s.writeErr(err)
	}
	return nil
}

// CountRuns counts the runs catalogued as done, over every ensemble.
func (s *Store) CountRuns() (uint64, error) {
	var n uint64
	if err := s.db.QueryRow(`SELECT count(*) FROM runs WHERE status = 'done'`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: read %s: %w", s.path, err)
	}
	return n, nil
}
