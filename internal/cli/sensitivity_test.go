package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
	code, stdout, errOut := run(t, "compare", pol, "--runs", "6", "--draw", "defaults", "--from", "2015", "--to", "2015")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(stdout, "median [90% interval] over 6 runs") || !strings.Contains(stdout, "short-intel") {
		t.Errorf("compare --runs output:\n%s", stdout)
	}
}
