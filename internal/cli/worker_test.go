package cli

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cartelsim/cartelsim/cluster"
	"github.com/cartelsim/cartelsim/ensemble"
)

// workerProcess starts `cartelsim worker` in a subprocess.
func workerProcess(t *testing.T, args ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestEnsembleHelperProcess$")
	cmd.Env = append(os.Environ(), "CARTELSIM_HELPER=1", "CARTELSIM_ARGS="+strings.Join(append([]string{"worker"}, args...), "\x1f"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	})
	return cmd, &stderr
}

// TestEnsembleOverNATSSurvivesKilledWorker runs an ensemble whose runs
// are all done by worker processes over a NATS server, kills the first
// worker with SIGKILL mid-way, lets a second one finish, and checks the
// summaries against a run on local cores (DESIGN §6: "acknowledgements and
// redelivery make a lost worker harmless").
func TestEnsembleOverNATSSurvivesKilledWorker(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	sc := shortScenario(t, dir)
	const runs = 120
	args := []string{"ensemble", sc, "--runs", fmt.Sprint(runs), "--draw", "defaults", "--checkpoint", "10ms", "--progress", "none"}
	ref := filepath.Join(dir, "ref.db")
	if code, _, errOut := run(t, append(args, "--out", ref, "-j", "2")...); code != ExitOK {
		t.Fatalf("reference ensemble: exit %d: %s", code, errOut)
	}

	srv, err := cluster.StartServer("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	out := filepath.Join(dir, "nats.db")
	type result struct {
		code        ExitCode
		out, errOut string
	}
	done := make(chan result, 1)
	go func() {
		code, o, e := run(t, append(args, "--out", out, "--nats", srv.URL(), "--dispatch-only")...)
		done <- result{code, o, e}
	}()
	first, firstErr := workerProcess(t, "--nats", srv.URL(), "-j", "1", "--ack-wait", "1s")
	deadline := time.Now().Add(60 * time.Second)
	for committedRuns(out) == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if err := first.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = first.Wait()
	if !strings.Contains(firstErr.String(), "joined ensemble") {
		t.Errorf("the first worker did not join the ensemble: %s", firstErr.String())
	}
	second, secondErr := workerProcess(t, "--nats", srv.URL(), "-j", "2", "--ack-wait", "1s")
	var r result
	select {
	case r = <-done:
	case <-time.After(2 * time.Minute):
		t.Fatalf("the ensemble did not finish; second worker: %s", secondErr.String())
	}
	if r.code != ExitOK {
		t.Fatalf("ensemble over NATS: exit %d: %s", r.code, r.errOut)
	}
	if got := committedRuns(out); got != runs {
		t.Errorf("%d runs catalogued, want %d", got, runs)
	}
	if a, b := exportCSV(t, ref), exportCSV(t, out); a != b {
		t.Error("summaries over NATS with a killed worker differ from a local run")
	}
	// Ctrl-C stops a worker cleanly, saying what it did.
	if err := second.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	if err := second.Wait(); err != nil {
		t.Errorf("worker after Ctrl-C: %v: %s", err, secondErr.String())
	}
	if !strings.Contains(secondErr.String(), "runs done") {
		t.Errorf("the worker did not report its runs: %s", secondErr.String())
	}
}

// TestEnsembleEmbeddedNATS: --nats embedded needs nothing installed and
// gives the local summaries; bad NATS options are errors that name them.
func TestEnsembleEmbeddedNATS(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	sc := shortScenario(t, dir)
	args := []string{"ensemble", sc, "--runs", "30", "--draw", "defaults", "--progress", "none", "-j", "2"}
	ref, got := filepath.Join(dir, "ref.db"), filepath.Join(dir, "emb.db")
	if code, _, errOut := run(t, append(args, "--out", ref)...); code != ExitOK {
		t.Fatalf("reference: exit %d: %s", code, errOut)
	}
	code, _, errOut := run(t, append(args, "--out", got, "--nats", "embedded", "--listen", "127.0.0.1:0")...)
	if code != ExitOK {
		t.Fatalf("embedded: exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut, "NATS server at nats://127.0.0.1:") {
		t.Errorf("the embedded server's address is not shown: %s", errOut)
	}
	if exportCSV(t, ref) != exportCSV(t, got) {
		t.Error("summaries with --nats embedded differ from a local run")
	}

	srv, err := cluster.StartServer("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	busy := strings.TrimPrefix(srv.URL(), "nats://")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--nats", "embedded", "--listen", busy}, busy},
		{[]string{"--nats", "embedded", "--listen", "nonsense"}, "host:port"},
		{[]string{"--nats", "nats://127.0.0.1:1"}, "connecting to NATS"},
		{[]string{"--nats", srv.URL(), "--nats-creds", filepath.Join(dir, "missing.creds")}, "missing.creds"},
		{[]string{"--dispatch-only"}, "need --nats"},
	} {
		out := filepath.Join(dir, "bad.db")
		code, _, errOut := run(t, append(append(args, "--out", out), c.args...)...)
		if code != ExitInput || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, %q; want exit %d naming %q", c.args, code, errOut, ExitInput, c.want)
		}
	}
	if code, _, errOut := run(t, "worker"); code != ExitInput || !strings.Contains(errOut, "--nats") {
		t.Errorf("worker without --nats: exit %d: %s", code, errOut)
	}
}

// TestSensitivityOverNATS: the points of a Sobol' and Morris design
// evaluated by a worker process (which rebuilds the evaluator from the
// job) give the same indices as on this machine's cores.
func TestSensitivityOverNATS(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	pol := shortPolicy(t, dir)
	args := []string{"sensitivity", pol, "--from", "2015", "--to", "2015", "--n", "4", "--r", "2", "--boot", "20",
		"--params", "violence.base_rate,health.mu_fentanyl", "--progress", "none", "--html", ""}
	local, remote := filepath.Join(dir, "local.json"), filepath.Join(dir, "remote.json")
	if code, _, errOut := run(t, append(args, "--out", local)...); code != ExitOK {
		t.Fatalf("local: exit %d: %s", code, errOut)
	}
	log := viaWorker(t, append(args, "--out", remote)...)
	if !strings.Contains(log, "joined points job sens-") {
		t.Errorf("the worker process did not evaluate the points: %s", log)
	}
	a, err := os.ReadFile(local)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(remote)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("indices over NATS differ from local ones")
	}
}

// TestCalibrateOverNATS: a calibration whose proposals are all evaluated
// by a worker process gives the same posterior particles and weights as
// one on this machine's cores.
func TestCalibrateOverNATS(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	args := []string{"calibrate", "--params", "health.mu_fentanyl,violence.base_rate", "--particles", "8", "--generations", "1"}
	local, remote := filepath.Join(dir, "local.json"), filepath.Join(dir, "remote.json")
	if code, _, errOut := run(t, append(args, "--out", local)...); code != ExitOK {
		t.Fatalf("local: exit %d: %s", code, errOut)
	}
	log := viaWorker(t, append(args, "--out", remote)...)
	if !strings.Contains(log, "joined points job calib-") {
		t.Errorf("the worker process did not evaluate the proposals: %s", log)
	}
	a, err := ensemble.LoadPosterior(local)
	if err != nil {
		t.Fatal(err)
	}
	b, err := ensemble.LoadPosterior(remote)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.EqualFunc(a.Particles, b.Particles, slices.Equal) || !slices.Equal(a.Weights, b.Weights) {
		t.Error("the posterior over NATS differs from the local one")
	}
}

// viaWorker runs the command line args with --nats on a fresh NATS server
// and --dispatch-only, so that a `cartelsim worker` subprocess does all the
// work, and returns the worker's log, naming the jobs it joined.
func viaWorker(t *testing.T, args ...string) string {
	t.Helper()
	srv, err := cluster.StartServer("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	type result struct {
		code   ExitCode
		errOut string
	}
	done := make(chan result, 1)
	go func() {
		code, _, e := run(t, append(args, "--nats", srv.URL(), "--dispatch-only")...)
		done <- result{code, e}
	}()
	worker, workerErr := workerProcess(t, "--nats", srv.URL(), "-j", "2")
	var r result
	select {
	case r = <-done:
	case <-time.After(2 * time.Minute):
		t.Fatalf("%s over NATS did not finish", args[0])
	}
	if err := worker.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	_ = worker.Wait()
	if r.code != ExitOK {
		t.Fatalf("%s over NATS: exit %d: %s; worker: %s", args[0], r.code, r.errOut, workerErr.String())
	}
	return workerErr.String()
}

// TestEnsembleVarsOverNATS: a worker process rebuilds an ensemble of
// --vars with the same variables (the spec names them), so its summaries
// are those of a local run.
func TestEnsembleVarsOverNATS(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	sc := shortScenario(t, dir)
	args := []string{"ensemble", sc, "--runs", "10", "--progress", "none", "--vars", "cooperation,mx_homicides"}
	ref, got := filepath.Join(dir, "ref.db"), filepath.Join(dir, "nats.db")
	if code, _, errOut := run(t, append(args, "--out", ref, "-j", "2")...); code != ExitOK {
		t.Fatalf("reference: exit %d: %s", code, errOut)
	}
	log := viaWorker(t, append(args, "--out", got)...)
	if !strings.Contains(log, "joined ensemble") {
		t.Errorf("the worker process did not run the ensemble: %s", log)
	}
	want := exportCSV(t, ref)
	if !strings.Contains(want, ",cooperation,all,2015-12,10,") || strings.Contains(want, "us_overdose_deaths") {
		t.Fatalf("the reference is not of the two variables:\n%.300s", want)
	}
	if exportCSV(t, got) != want {
		t.Error("summaries of --vars over NATS differ from a local run")
	}
}
