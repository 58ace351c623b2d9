package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cartelsim/cartelsim/ensemble"
)

// TestSensitivitySmall runs Sobol' and Morris over two parameters on the
// model's first year and checks the report and the JSON.
func TestSensitivitySmall(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	pol := shortPolicy(t, dir)
	out := filepath.Join(dir, "s.json")
	code, stdout, errOut := run(t, "sensitivity", pol, "--from", "2015", "--to", "2015", "--n", "4", "--r", "2", "--boot", "20",
		"--params", "violence.base_rate,health.mu_fentanyl", "--progress", "none", "--out", out)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"deaths averted by short-intel", "homicide change by short-intel", "violence.base_rate", "total ST"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("report lacks %q:\n%s", want, stdout)
		}
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var rep SensitivityReport
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Parameters) != 2 || len(rep.Outputs) != 4 || len(rep.Outputs[1].Sobol) != 2 || len(rep.Outputs[1].Morris) != 2 {
		t.Errorf("JSON: %d parameters, %d outputs", len(rep.Parameters), len(rep.Outputs))
	}
	// The HTML page is written beside the JSON by default.
	page, err := os.ReadFile(filepath.Join(dir, "s.html"))
	if err != nil {
		t.Fatalf("no HTML page beside the JSON: %v", err)
	}
	for _, want := range []string{"deaths averted by short-intel, 2015-2015", `id="sobol-3"`, `id="morris-3"`, "violence.base_rate", "health.mu_fentanyl", "Ranking of deaths averted by short-intel"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("HTML page lacks %q", want)
		}
	}
	for _, bad := range [][]string{
		{"sensitivity", pol, "--params", "nosuch.param"},
		{"sensitivity", pol, "--method", "fast"},
		{"sensitivity", pol, "--n", "1"},
	} {
		if code, _, _ := run(t, bad...); code != ExitInput {
			t.Errorf("%v: exit %d, want 2", bad, code)
		}
	}
}

// TestCalibrateBadInput: the fit window and design are checked.
func TestCalibrateBadInput(t *testing.T) {
	t.Parallel()
	for _, bad := range [][]string{
		{"calibrate", "--last", "2024"},
		{"calibrate", "--particles", "2"},
		{"calibrate", "--params", "nosuch.param"},
		{"calibrate", "--progress", "loud"},
		{"sensitivity", "--progress", "loud"},
	} {
		if code, _, _ := run(t, bad...); code != ExitInput {
			t.Errorf("%v: exit %d, want 2", bad, code)
		}
	}
}

// TestCompareRunsIntervals: --runs reports medians and 90% intervals.
func TestCompareRunsIntervals(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	pol := shortPolicy(t, dir)
	code, stdout, errOut := run(t, "compare", pol, "--runs", "6", "--draw", "defaults", "--from", "2015", "--to", "2015", "--out", dir)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(stdout, "median [90% interval] over 6 runs") || !strings.Contains(stdout, "short-intel") {
		t.Errorf("compare --runs output:\n%s", stdout)
	}
	// The page draws each measure's medians with their intervals.
	page, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"id":"diff-averted"`, `"id":"diff-homicides"`, `"labels":["short-intel"]`, "Differences from the baseline, with their uncertainty"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("compare --runs page lacks %s", want)
		}
	}
}

// TestCalibrateSmall fits two parameters with a handful of particles and
// checks the report (fit beside the registry defaults, held-out errors)
// and the posterior file an ensemble reads.
func TestCalibrateSmall(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	post := filepath.Join(dir, "post.json")
	code, stdout, errOut := run(t, "calibrate", "--params", "health.mu_fentanyl,violence.base_rate", "--particles", "8", "--generations", "1", "--progress", "plain", "--out", post)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	// Each generation shows its accepted particles as it goes (the last
	// line of a generation that fills is always printed).
	if got := strings.Count(errOut, "progress: 8/8 particles (100%)"); got != 2 {
		t.Errorf("%d completed progress lines, want one per generation (2):\n%s", got, errOut)
	}
	for _, want := range []string{"health.mu_fentanyl", "best particle  registry defaults", "distance (root mean over the families)", "CDC overdose deaths", "held out of the fit (2024 on)"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("report lacks %q:\n%s", want, stdout)
		}
	}
	b, err := os.ReadFile(post)
	if err != nil {
		t.Fatal(err)
	}
	p, err := ensemble.ParsePosterior(b)
	if err != nil {
		t.Fatalf("posterior: %v", err)
	}
	if len(p.Names) != 2 || len(p.Particles) != 8 {
		t.Errorf("posterior: %d names, %d particles; want 2 and 8", len(p.Names), len(p.Particles))
	}
	// The page beside the posterior: both parameters against their
	// priors, and the baseline at the best particle against the data.
	page, err := os.ReadFile(filepath.Join(dir, "post.html"))
	if err != nil {
		t.Fatalf("no page beside the posterior: %v", err)
	}
	for _, want := range []string{`"id":"posterior"`, `"labels":["health.mu_fentanyl","violence.base_rate"]`, `"id":"fit-deaths"`, "The baseline at the best particle", "generation 1 (tolerance"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("page lacks %s", want)
		}
	}
}
