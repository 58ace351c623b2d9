package cli

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/cartelsim/cartelsim/store"
)

// shortScenario writes a baseline cut to its first months, so that a test
// ensemble of hundreds of runs takes a second or two.
func shortScenario(t *testing.T, dir string) string {
	t.Helper()
	return writeFile(t, dir, "short.yaml", "name: short\nstart: 2015-01\nend: 2015-12\nseed: 1\n")
}

// shortPolicy is shortScenario with a lever from June.
func shortPolicy(t *testing.T, dir string) string {
	t.Helper()
	return writeFile(t, dir, "short-intel.yaml", "name: short-intel\nstart: 2015-01\nend: 2015-12\nseed: 1\n"+
		"levers:\n  - kind: intel_sharing\n    start: 2015-06\n    end: 2015-12\n    intensity: 0.5\n")
}

func exportCSV(t *testing.T, db string) string {
	t.Helper()
	code, out, errOut := run(t, "export", db)
	if code != ExitOK {
		t.Fatalf("export %s: exit %d: %s", db, code, errOut)
	}
	return out
}

// TestEnsembleHelperProcess is not a test: it runs the command line in a
// subprocess for TestEnsembleResumeAfterKill.
func TestEnsembleHelperProcess(t *testing.T) {
	if os.Getenv("CARTELSIM_HELPER") != "1" {
		t.Skip("helper process")
	}
	args := strings.Split(os.Getenv("CARTELSIM_ARGS"), "\x1f")
	os.Exit(int(Main(args, nil, os.Stdout, os.Stderr)))
}

// TestEnsembleResumeAfterKill kills a real ensemble process with SIGKILL
// after its first checkpoints, resumes it, and checks that every run is
// counted exactly once and the summaries equal an uninterrupted run's
// (issue 6, item 2).
func TestEnsembleResumeAfterKill(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	sc := shortScenario(t, dir)
	// Parameters at their defaults keep the runs fast; the random streams
	// still differ run by run.
	const runs = 100
	args := []string{"ensemble", sc, "--runs", fmt.Sprint(runs), "--draw", "defaults", "--checkpoint", "10ms", "--progress", "none", "-j", "2"}
	ref := filepath.Join(dir, "ref.db")
	if code, _, errOut := run(t, append(args, "--out", ref)...); code != ExitOK {
		t.Fatalf("reference ensemble: exit %d: %s", code, errOut)
	}
	killed := filepath.Join(dir, "killed.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestEnsembleHelperProcess$")
	cmd.Env = append(os.Environ(), "CARTELSIM_HELPER=1", "CARTELSIM_ARGS="+strings.Join(append(args, "--out", killed), "\x1f"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill once some runs are committed and before the end.
	deadline := time.Now().Add(60 * time.Second)
	saved := uint64(0)
	for time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
		if saved = committedRuns(killed); saved > 0 {
			break
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	if saved == 0 {
		t.Fatalf("no checkpoint within a minute (%v): %s", err, stderr.String())
	}
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Skipf("the ensemble finished before it could be killed (%v); nothing to resume", err)
	}
	after := committedRuns(killed)
	if after >= runs {
		t.Skip("killed after the last checkpoint; nothing to resume")
	}
	// Without --resume the file is refused, not overwritten.
	if code, _, errOut := run(t, append(args, "--out", killed)...); code != ExitInput || !strings.Contains(errOut, "--resume") {
		t.Errorf("rerun without --resume: exit %d: %s", code, errOut)
	}
	code, _, errOut := run(t, append(args, "--out", killed, "--resume")...)
	if code != ExitOK {
		t.Fatalf("resume: exit %d: %s", code, errOut)
	}
	if got := committedRuns(killed); got != runs {
		t.Errorf("after resume %d runs are catalogued, want %d", got, runs)
	}
	if a, b := exportCSV(t, ref), exportCSV(t, killed); a != b {
		t.Errorf("summaries after kill -9 at %d runs and resume differ from an uninterrupted run", after)
	}
}

// committedRuns counts the runs the results file has committed, or 0.
func committedRuns(path string) uint64 {
	if _, err := os.Stat(path); err != nil {
		return 0
	}
	st, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		return 0
	}
	defer st.Close()
	n, _ := st.CountRuns()
	return n
}

// TestEnsembleShardsAndWorkers: one run, any worker count and three merged
// shards give byte-identical summaries (issue 6, items 6 and 7).
func TestEnsembleShardsAndWorkers(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	sc := shortScenario(t, dir)
	args := []string{"ensemble", sc, shortPolicy(t, dir), "--runs", "12", "--draw", "defaults", "--progress", "none"}
	one := filepath.Join(dir, "one.db")
	if code, _, errOut := run(t, append(args, "--out", one, "-j", "1")...); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	want := exportCSV(t, one)
	if !strings.HasPrefix(want, "scenario,variable,region,period,n,p05,p25,p50,p75,p95\n") || !strings.Contains(want, "short-intel,us_overdose_deaths,all,2015,12,") {
		t.Fatalf("export lacks the annual row of 12 runs:\n%.400s", want)
	}
	two := filepath.Join(dir, "two.db")
	if code, _, errOut := run(t, append(args, "--out", two, "-j", "3")...); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if exportCSV(t, two) != want {
		t.Error("3 workers give other summaries than 1")
	}
	var shards []string
	for i := 1; i <= 3; i++ {
		p := filepath.Join(dir, "shard"+string(rune('0'+i))+".db")
		if code, _, errOut := run(t, append(args, "--out", p, "--shard", string(rune('0'+i))+"/3")...); code != ExitOK {
			t.Fatalf("shard %d: exit %d: %s", i, code, errOut)
		}
		shards = append(shards, p)
	}
	if code, _, errOut := run(t, "export", shards[0]); code != ExitInput || !strings.Contains(errOut, "merge") {
		t.Errorf("exporting a shard: exit %d: %s", code, errOut)
	}
	if code, _, errOut := run(t, append([]string{"merge", "--out", filepath.Join(dir, "part.db")}, shards[:2]...)...); code != ExitInput || !strings.Contains(errOut, "8 of the ensemble's 12") {
		t.Errorf("merging 2 of 3 shards: exit %d: %s", code, errOut)
	}
	merged := filepath.Join(dir, "merged.db")
	if code, _, errOut := run(t, append([]string{"merge", "--out", merged}, shards...)...); code != ExitOK {
		t.Fatalf("merge: exit %d: %s", code, errOut)
	}
	if exportCSV(t, merged) != want {
		t.Error("merged shards give other summaries than one run")
	}
	// Pages beside the results: the same for one run and the merged
	// shards (but for the file name in nothing), none for a shard.
	for _, db := range []string{one, merged} {
		page, err := os.ReadFile(strings.TrimSuffix(db, ".db") + ".html")
		if err != nil {
			t.Fatalf("no page beside %s: %v", db, err)
		}
		for _, want := range []string{`"id":"ens-us_overdose_deaths"`, `"label":"short-intel"`, "Medians and 90% bands over the runs", `"label":"observed (INEGI)"`, `"label":"observed (CDC)"`} {
			if !strings.Contains(string(page), want) {
				t.Errorf("%s's page lacks %s", db, want)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "shard1.html")); err == nil {
		t.Error("a shard wrote a page of its part of the runs")
	}
	// A finished unsharded file, one run or merged, keeps its summaries
	// only; shards keep their histograms for the merge. Merging a file
	// without them says why it cannot, and resuming a finished file
	// runs nothing and changes nothing.
	for _, db := range append([]string{one, merged}, shards...) {
		st, err := store.Open(db, store.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		es, err := st.Ensembles()
		if err != nil || len(es) != 1 {
			t.Fatalf("%s: %d ensembles (%v)", db, len(es), err)
		}
		has, err := st.HasHists(es[0].ID)
		st.Close()
		if err != nil {
			t.Fatal(err)
		}
		if shard := es[0].Shards > 1; has != shard {
			t.Errorf("%s (shard: %v) holds histograms: %v", db, shard, has)
		}
	}
	if code, _, errOut := run(t, "merge", "--out", filepath.Join(dir, "again.db"), one); code != ExitInput || !strings.Contains(errOut, "without its histograms") {
		t.Errorf("merging a finished file: exit %d: %s", code, errOut)
	}
	if code, _, errOut := run(t, append(args, "--out", one, "--resume")...); code != ExitOK || !strings.Contains(errOut, "already holds this ensemble, finished") {
		t.Errorf("resuming a finished file: exit %d: %s", code, errOut)
	}
	if exportCSV(t, one) != want {
		t.Error("resuming a finished file changed its summaries")
	}
	pq := filepath.Join(dir, "q.parquet")
	if code, _, errOut := run(t, "export", merged, "--format", "parquet", "--output", pq); code != ExitOK {
		t.Fatalf("parquet export: exit %d: %s", code, errOut)
	}
	if b, err := os.ReadFile(pq); err != nil || !bytes.HasPrefix(b, []byte("PAR1")) {
		t.Errorf("parquet export is not a Parquet file (%v)", err)
	}
}

// TestEnsembleKeepPathsAndBadInput: --keep-paths writes Parquet segments;
// bad flags exit 2; a read-only output folder gives a clear error.
func TestEnsembleKeepPathsAndBadInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	sc := shortScenario(t, dir)
	db := filepath.Join(dir, "paths.db")
	if code, _, errOut := run(t, "ensemble", sc, "--runs", "6", "--keep-paths", "--progress", "none", "--out", db); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	segs, _ := filepath.Glob(filepath.Join(store.PathsDir(db), "seg-*.parquet"))
	if len(segs) == 0 {
		t.Error("--keep-paths wrote no Parquet segment")
	}
	for _, bad := range [][]string{
		{"ensemble", sc, "--runs", "0"},
		{"ensemble", sc, "--shard", "4/3"},
		{"ensemble", sc, "--draw", "nonsense"},
		{"ensemble"},
		{"export", db, "--format", "xml"},
	} {
		if code, _, _ := run(t, bad...); code != ExitInput {
			t.Errorf("%v: exit %d, want 2", bad, code)
		}
	}
	// A posterior that is not one is named, and nothing runs.
	post := writeFile(t, dir, "post.json", "not json")
	if code, _, errOut := run(t, "ensemble", sc, "--posterior", post, "--runs", "2", "--out", filepath.Join(dir, "p.db")); code != ExitInput || !strings.Contains(errOut, "post.json: malformed posterior") {
		t.Errorf("malformed posterior: exit %d: %s", code, errOut)
	}
	if os.Geteuid() == 0 {
		t.Log("running as root: a read-only folder is writable; checking a path under a file instead")
		f := writeFile(t, dir, "afile", "x")
		code, _, errOut := run(t, "ensemble", sc, "--runs", "2", "--progress", "none", "--out", filepath.Join(f, "x.db"))
		if code == ExitOK || !strings.Contains(errOut, "cannot create the output folder") {
			t.Errorf("output under a file: exit %d: %s", code, errOut)
		}
		return
	}
	ro := filepath.Join(dir, "ro")
	if err := os.Mkdir(ro, 0o555); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := run(t, "ensemble", sc, "--runs", "2", "--progress", "none", "--out", filepath.Join(ro, "x.db"))
	if code == ExitOK || !strings.Contains(errOut, "read-only") {
		t.Errorf("read-only folder: exit %d: %s", code, errOut)
	}
}

// TestTightGC: an ensemble collects at GOGC=50 and restores the setting
// after; a GOGC the user set is left alone.
func TestTightGC(t *testing.T) {
	t.Setenv("GOGC", "")
	before := debug.SetGCPercent(100)
	defer debug.SetGCPercent(before)
	restore := tightGC()
	if got := debug.SetGCPercent(50); got != 50 {
		t.Errorf("during an ensemble GOGC is %d, want 50", got)
	}
	restore()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("after an ensemble GOGC is %d, want 100 again", got)
	}
	t.Setenv("GOGC", "200")
	debug.SetGCPercent(200)
	tightGC()()
	if got := debug.SetGCPercent(100); got != 200 {
		t.Errorf("with GOGC=200 set, an ensemble left %d", got)
	}
}

// keptRows returns the lines of an export whose variable is one of vars,
// sorted.
func keptRows(csv string, vars ...string) []string {
	var out []string
	for line := range strings.Lines(csv) {
		f := strings.SplitN(line, ",", 3)
		if len(f) == 3 && slices.Contains(vars, f[1]) {
			out = append(out, line)
		}
	}
	slices.Sort(out)
	return out
}

// TestEnsembleVars: --vars keeps its variables' cells, with the summaries
// of an ensemble of every variable, in one run, in merged shards and over
// a NATS worker; its paths and page hold only them; resuming or merging
// with another set is refused, and bad lists are errors that say why.
func TestEnsembleVars(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	sc := shortScenario(t, dir)
	args := []string{"ensemble", sc, shortPolicy(t, dir), "--runs", "8", "--progress", "none", "-j", "2"}
	vars := []string{"--vars", "us_overdose_deaths, mx_homicides"}
	full, kept := filepath.Join(dir, "full.db"), filepath.Join(dir, "kept.db")
	if code, _, errOut := run(t, append(args, "--out", full)...); code != ExitOK {
		t.Fatalf("full: exit %d: %s", code, errOut)
	}
	code, out, errOut := run(t, append(append(args, "--out", kept, "--keep-paths"), vars...)...)
	if code != ExitOK {
		t.Fatalf("--vars: exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "us_overdose_deaths") || !strings.Contains(out, "mx_homicides") {
		t.Errorf("the headline lacks the kept variables: %s", out)
	}
	all, some := exportCSV(t, full), exportCSV(t, kept)
	want := keptRows(all, "us_overdose_deaths", "mx_homicides")
	if got := keptRows(some, "us_overdose_deaths", "mx_homicides"); len(want) < 2*33*12 || !slices.Equal(got, want) {
		t.Errorf("--vars kept %d rows of the variables, the full ensemble has %d (or they differ)", len(got), len(want))
	}
	if n := strings.Count(some, "\n") - 1; n != len(want) {
		t.Errorf("--vars exported %d rows, want only the %d of its variables", n, len(want))
	}
	// The paths hold only the kept variables.
	segs, _ := filepath.Glob(filepath.Join(store.PathsDir(kept), "seg-*.parquet"))
	if len(segs) == 0 {
		t.Fatal("--keep-paths wrote no Parquet segment")
	}
	rows, err := parquet.ReadFile[store.PathRow](segs[0])
	if err != nil || len(rows) == 0 {
		t.Fatalf("reading %s: %d rows, %v", segs[0], len(rows), err)
	}
	for _, r := range rows {
		if r.Variable != "us_overdose_deaths" && r.Variable != "mx_homicides" {
			t.Fatalf("a path of --vars holds %s", r.Variable)
		}
	}
	// The page draws the kept variables and says which it does not.
	page, err := os.ReadFile(strings.TrimSuffix(kept, ".db") + ".html")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{`"id":"ens-us_overdose_deaths"`, `"id":"ens-mx_homicides"`, "kept only the variables mx_homicides, us_overdose_deaths", "Not drawn", "Members of criminal groups"} {
		if !strings.Contains(string(page), s) {
			t.Errorf("the page of --vars lacks %q", s)
		}
	}
	if strings.Contains(string(page), `"id":"ens-cartel_members"`) {
		t.Error("the page of --vars draws a variable it did not keep")
	}
	// Shards of the set merge to the same summaries; a shard of another
	// set is refused by name.
	var shards []string
	for i := 1; i <= 2; i++ {
		p := filepath.Join(dir, fmt.Sprintf("shard%d.db", i))
		if code, _, errOut := run(t, append(append(args, "--out", p, "--shard", fmt.Sprintf("%d/2", i)), vars...)...); code != ExitOK {
			t.Fatalf("shard %d: exit %d: %s", i, code, errOut)
		}
		shards = append(shards, p)
	}
	merged := filepath.Join(dir, "merged.db")
	if code, _, errOut := run(t, append([]string{"merge", "--out", merged}, shards...)...); code != ExitOK {
		t.Fatalf("merge: exit %d: %s", code, errOut)
	}
	if exportCSV(t, merged) != some {
		t.Error("merged shards of --vars differ from one run")
	}
	other := filepath.Join(dir, "other.db")
	if code, _, errOut := run(t, append(args, "--out", other, "--shard", "2/2", "--vars", "mx_homicides")...); code != ExitOK {
		t.Fatalf("other shard: exit %d: %s", code, errOut)
	}
	if code, _, errOut := run(t, "merge", "--out", filepath.Join(dir, "bad.db"), shards[0], other); code != ExitInput || !strings.Contains(errOut, "keeps --vars mx_homicides,") {
		t.Errorf("merging shards of other sets: exit %d: %s", code, errOut)
	}
	// Resuming with another set, or with all variables, is refused.
	for _, v := range [][]string{{"--vars", "mx_homicides"}, nil} {
		code, _, errOut := run(t, append(append(args, "--out", shards[0], "--shard", "1/2", "--resume"), v...)...)
		if code != ExitInput || !strings.Contains(errOut, "holds an ensemble of --vars mx_homicides,us_overdose_deaths") {
			t.Errorf("resume with %v: exit %d: %s", v, code, errOut)
		}
	}
	if code, _, errOut := run(t, append(append(args, "--out", kept, "--resume"), "--vars", "mx_homicides,us_overdose_deaths")...); code != ExitOK || !strings.Contains(errOut, "finished") {
		t.Errorf("resume with the same set in another order: exit %d: %s", code, errOut)
	}
	for _, c := range []struct{ list, want string }{
		{"", "empty list"},
		{"mx_homicides,,us_overdose_deaths", `item 2 of "mx_homicides,,us_overdose_deaths" is empty`},
		{"overdoses", `unknown variable "overdoses"; the model's variables are us_overdose_deaths`},
	} {
		code, _, errOut := run(t, "ensemble", sc, "--runs", "2", "--out", filepath.Join(dir, "x.db"), "--vars", c.list)
		if code != ExitInput || !strings.Contains(errOut, "invalid --vars: "+c.want) {
			t.Errorf("--vars %q: exit %d, %q; want %q", c.list, code, errOut, c.want)
		}
	}
}
