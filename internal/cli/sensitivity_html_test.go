package cli

import (
	"bytes"
	"context"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cartelsim/cartelsim/params"
	"github.com/cartelsim/cartelsim/report"
)

// fakeSensitivity is a finished sensitivity run over three parameters, the
// second an assumption, with made-up indices: no model runs, so the layout
// is tested in milliseconds.
func fakeSensitivity() ([]params.Param, *SensitivityReport, *SensitivityOptions) {
	factors := []params.Param{
		{Name: "health.naloxone_effect", Source: "Walley et al. 2013, BMJ 346:f174"},
		{Name: "policy.strike_effect", Source: "assumption: no study measures the effect of strikes on supply"},
		{Name: "orgs.recruitment", Source: "Prieto-Curiel et al. 2023, Science 381:1312"},
	}
	out := SensitivityOutput{Name: "deaths averted by naloxone", Used: 30, Rows: 32, Variance: 1.5e6,
		Sobol: []sobolJSON{
			{S: 0.1, SLo: 0, SHi: 0.2, ST: 0.2, STLo: 0.1, STHi: 0.3},
			{S: 0.5, SLo: 0.4, SHi: 0.6, ST: 0.7, STLo: 0.6, STHi: 0.8},
			{S: math.NaN(), SLo: math.NaN(), SHi: math.NaN(), ST: math.NaN(), STLo: math.NaN(), STHi: math.NaN()},
		},
		Morris: []morrisJSON{{MuStar: 900, Sigma: 100}, {MuStar: 500, Sigma: 50}, {MuStar: 1200, Sigma: 700}},
	}
	rep := &SensitivityReport{Scenarios: []string{"baseline", "naloxone"}, Window: "2026-2030",
		Parameters: []string{"health.naloxone_effect", "policy.strike_effect", "orgs.recruitment"}, Outputs: []SensitivityOutput{out}}
	return factors, rep, &SensitivityOptions{Top: 2, N: 32, R: 4, Boot: 100, Seed: 1, Out: "out/sensitivity.json"}
}

func TestSensitivityDoc(t *testing.T) {
	t.Parallel()
	factors, rep, opts := fakeSensitivity()
	doc := sensitivityDoc(factors, rep, opts)
	var buf bytes.Buffer
	if err := report.WriteHTML(&buf, doc); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	sec := doc.Sections[1]
	if len(sec.Bars) != 2 {
		t.Fatalf("%d bar charts, want Sobol' and Morris", len(sec.Bars))
	}
	// Sobol': ranked by total index, top 2, NaN last and so cut; the
	// assumption flagged; intervals carried.
	sob := sec.Bars[0]
	if len(sob.Rows) != 2 || sob.Rows[0].Label != "policy.strike_effect" || !sob.Rows[0].Flag || sob.Rows[1].Label != "health.naloxone_effect" || sob.Rows[1].Flag {
		t.Errorf("Sobol' rows %+v", sob.Rows)
	}
	if sob.Rows[0].Values[0] != 0.7 || sob.Rows[0].Lo[1] != 0.4 || sob.Rows[0].Hi[0] != 0.8 {
		t.Errorf("Sobol' first row %+v", sob.Rows[0])
	}
	// Morris: its own ranking by mu*.
	mor := sec.Bars[1]
	if mor.Rows[0].Label != "orgs.recruitment" || mor.Rows[0].Values[1] != 700 || mor.Rows[1].Label != "health.naloxone_effect" {
		t.Errorf("Morris rows %+v", mor.Rows)
	}
	// The table ranks as the Sobol' chart and says which rest on an
	// assumption.
	rank := regexp.MustCompile(`<tr><th scope="row"[^>]*>1</th><td>policy.strike_effect</td><td>▲ assumption</td>`)
	if !rank.MatchString(page) {
		t.Error("table's first row is not policy.strike_effect marked as an assumption")
	}
	for _, want := range []string{"deaths averted by naloxone, 2026-2030", "Sobol&#39; indices on 30 of 32 base rows", "0.700", "0.600 to 0.800", "Walley et al. 2013", "rest on an assumption rather than a study"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

// TestSensitivityHTMLPath: the page goes beside the JSON unless --html
// says otherwise.
func TestSensitivityHTMLPath(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"out/sensitivity.json": "out/sensitivity.html", "a/b.c/s": "a/b.c/s.html", "": ""} {
		if got := htmlBeside(in); got != want {
			t.Errorf("htmlBeside(%q) = %q, want %q", in, got, want)
		}
	}
	factors, rep, opts := fakeSensitivity()
	path := filepath.Join(t.TempDir(), "deep", "s.html")
	if err := report.WriteFile(path, sensitivityDoc(factors, rep, opts)); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
		t.Fatalf("page not written: %v", err)
	}
}

// TestSensitivityHTMLBrowser opens the page in headless Chromium and checks
// that uPlot drew every bar chart (report's own tests check the drawing in
// detail).
func TestSensitivityHTMLBrowser(t *testing.T) {
	const chromium = "/usr/bin/chromium"
	if _, err := os.Stat(chromium); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI is set but %s is missing: CI must install chromium", chromium)
		}
		t.Skipf("%s not installed", chromium)
	}
	factors, rep, opts := fakeSensitivity()
	path := filepath.Join(t.TempDir(), "sensitivity.html")
	if err := report.WriteFile(path, sensitivityDoc(factors, rep, opts)); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu",
		"--disable-background-networking", "--disable-component-update", "--no-first-run",
		"--user-data-dir="+t.TempDir(), "--virtual-time-budget=5000", "--dump-dom", "file://"+path)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, stderr.String())
	}
	dom := stdout.String()
	if !strings.Contains(dom, `class="js"`) {
		t.Error("the page's script did not finish")
	}
	for _, id := range []string{"sobol-1", "morris-1"} {
		fig := regexp.MustCompile(`(?s)<figure class="chart bars" id="` + id + `">(.*?)</figure>`).FindStringSubmatch(dom)
		if fig == nil {
			t.Errorf("%s: no figure", id)
			continue
		}
		if !strings.Contains(fig[1], `class="uplot`) || !strings.Contains(fig[1], "<canvas") || strings.Contains(fig[1], "could not be drawn") {
			t.Errorf("%s: not drawn: %.400s", id, fig[1])
		}
		// Only the Sobol' top two include an assumption.
		if got, want := strings.Contains(fig[1], "▲ assumption"), id == "sobol-1"; got != want {
			t.Errorf("%s: legend of the assumption marker shown %v, want %v", id, got, want)
		}
	}
}

// TestSensitivityDocMorrisOnly: with --method morris the page has the
// Morris chart alone, ranked by mu*.
func TestSensitivityDocMorrisOnly(t *testing.T) {
	t.Parallel()
	factors, rep, opts := fakeSensitivity()
	rep.Outputs[0].Sobol = nil
	doc := sensitivityDoc(factors, rep, opts)
	if err := report.Validate(doc); err != nil {
		t.Fatal(err)
	}
	sec := doc.Sections[1]
	if len(sec.Bars) != 1 || sec.Bars[0].Series[0] != "mu*" || sec.Bars[0].Unit != "deaths over the window, per move across a prior range" {
		t.Fatalf("bar charts %+v", sec.Bars)
	}
	tab := sec.Tables[0]
	if slices.Contains(tab.Header, "total ST") || tab.Rows[0][1] != "orgs.recruitment" {
		t.Errorf("table header %v, first row %v", tab.Header, tab.Rows[0])
	}
}

// TestSensitivityConstantOutput: an output no parameter moves (naloxone's
// effect on homicides) is said to be constant, not ranked by its zeros.
func TestSensitivityConstantOutput(t *testing.T) {
	t.Parallel()
	factors, rep, opts := fakeSensitivity()
	flat := SensitivityOutput{Name: "homicide change by naloxone", Used: 32, Rows: 32,
		Sobol: make([]sobolJSON, 3), Morris: make([]morrisJSON, 3)}
	rep.Outputs = append(rep.Outputs, flat)
	doc := sensitivityDoc(factors, rep, opts)
	sec := doc.Sections[2]
	if sec.Text != constantNote || len(sec.Bars) != 0 || len(sec.Tables) != 0 {
		t.Errorf("constant output: text %q, %d charts, %d tables; want the note alone", sec.Text, len(sec.Bars), len(sec.Tables))
	}
	if constantOutput(rep.Outputs[0]) {
		t.Error("an output with variance counted as constant")
	}
}
