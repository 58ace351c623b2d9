package cli

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// run invokes the command line as a user would and returns the exit code
// and both streams.
func run(t *testing.T, args ...string) (ExitCode, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Main(args, strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

func writeFile(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestRunRejectsBadScenarios: every kind of bad scenario gives exit code 2,
// a message naming the file, the line and the field, and no output at all,
// not even a file that already existed is touched.
func TestRunRejectsBadScenarios(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, body string
		line       string // "file:LINE" expected in the message
		field, msg string
	}{
		{"unknown field", "name: x\nlevers:\n  - kind: naloxone\n    start: 2026-01\n    intensity: 0.3\n    intesity: 3\n", ":6", "levers[0].intesity", "unknown field"},
		{"wrong type", "name: x\nseed: lots\n", ":2", "seed", ""},
		{"negative intensity", "name: x\nlevers:\n  - kind: naloxone\n    start: 2026-01\n    intensity: -2\n", ":5", "levers[0].intensity", "negative"},
		{"end before start", "name: x\nlevers:\n  - kind: naloxone\n    start: 2028-01\n    end: 2026-01\n    intensity: 0.3\n", ":5", "levers[0].end", "before"},
		{"scenario end before start", "name: x\nstart: 2030-01\nend: 2020-01\n", ":3", "end", "before"},
		{"unknown lever", "name: x\nlevers:\n  - kind: nuke_everything\n    start: 2026-01\n    intensity: 1\n", ":3", "levers[0].kind", "unknown"},
		{"unknown state", "name: x\nlevers:\n  - kind: mexico_troops\n    start: 2026-01\n    intensity: 10000\n    regions: [\"99\"]\n", ":6", "levers[0].regions", "99"},
		{"unknown parameter", "name: x\nparams:\n  health.no_such_thing: 1\n", ":3", "params.health.no_such_thing", "unknown parameter"},
		{"parameter outside prior", "name: x\nparams:\n  health.naloxone_effect: 99\n", ":3", "params.health.naloxone_effect", "outside its prior"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			f := writeFile(t, dir, "bad.yaml", tt.body)
			outFile := writeFile(t, dir, "previous.csv", "precious results\n")
			code, stdout, stderr := run(t, "run", f, "--output", outFile)
			if code != ExitInput {
				t.Errorf("exit code %d, want %d; stderr: %s", code, ExitInput, stderr)
			}
			if stdout != "" {
				t.Errorf("partial output on stdout: %q", stdout)
			}
			for _, want := range []string{"bad.yaml" + tt.line, tt.field, tt.msg} {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr %q does not mention %q", stderr, want)
				}
			}
			if b, _ := os.ReadFile(outFile); string(b) != "precious results\n" {
				t.Errorf("existing output file changed to %q", b)
			}
			ents, _ := os.ReadDir(dir)
			if len(ents) != 2 {
				t.Errorf("left %d files in the output directory, want the 2 it had", len(ents))
			}
		})
	}
}

func TestRunUnknownScenarioAndFlags(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"run", "no-such-scenario"},
		{"run", "baseline", "--format", "xml"},
		{"run"},
		{"run", "baseline", "--no-such-flag"},
		{"run", "baseline", "--set", "health.naloxone_effect"},
		{"compare", "--from", "2030", "--to", "2026"},
		{"params", "--format", "yaml"},
		{"data", "show", "no_such_table"},
		{"scenario", "new", "Bad Name!"},
	} {
		code, stdout, stderr := run(t, args...)
		if code != ExitInput {
			t.Errorf("%v: exit %d, want 2 (stderr %q)", args, code, stderr)
		}
		if stdout != "" {
			t.Errorf("%v: wrote to stdout: %q", args, stdout)
		}
	}
}

func TestRunWritesTidyCSV(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := run(t, "run", "baseline")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rows, err := csv.NewReader(strings.NewReader(stdout)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "scenario,date,variable,region,value" {
		t.Fatalf("header %v", rows[0])
	}
	vars := map[string]map[string]bool{}
	for _, r := range rows[1:] {
		if r[0] != "baseline" || len(r[1]) != 7 {
			t.Fatalf("bad row %v", r)
		}
		if vars[r[2]] == nil {
			vars[r[2]] = map[string]bool{}
		}
		vars[r[2]][r[3]] = true
	}
	// Issue 2, item 6: the variables and regions every run must carry.
	for v, regions := range map[string][]string{
		"us_overdose_deaths":         {"all"},
		"us_synthetic_opioid_deaths": {"all"},
		"fentanyl_flow_kg":           {"all"},
		"fentanyl_seized_lbs":        {"all", "tucson_fo", "san_diego_fo", "el_paso_fo", "laredo_fo", "tucson_sector"},
		"mx_homicides":               {"all", "01", "25", "32"},
		"cartel_members":             {"all"},
		"cooperation":                {"all"},
	} {
		for _, r := range regions {
			if !vars[v][r] {
				t.Errorf("no rows for %s in region %s", v, r)
			}
		}
	}
	first, last := rows[1][1], rows[len(rows)-1][1]
	if first != "2015-01" || last != "2035-12" {
		t.Errorf("dates run %s..%s, want 2015-01..2035-12", first, last)
	}
}

func TestRunJSONAndOutputFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out := filepath.Join(dir, "sub", "naloxone.json")
	code, stdout, stderr := run(t, "run", "naloxone", "--format", "json", "--output", out, "--seed", "3")
	if code != ExitOK || stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr %s", code, stdout, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var rows []struct {
		Scenario, Date, Variable, Region string
		Value                            *float64
	}
	if err := json.Unmarshal(b, &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) < 1000 || rows[0].Scenario != "naloxone" || rows[0].Value == nil {
		t.Errorf("unexpected JSON rows: %d, first %+v", len(rows), rows[0])
	}
}

func TestScenarioNewRoundTrip(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	f := filepath.Join(dir, "mine.yaml")
	if code, _, stderr := run(t, "scenario", "new", "mine", "--output", f); code != ExitOK {
		t.Fatalf("scenario new: %s", stderr)
	}
	if code, out, stderr := run(t, "scenario", "show", f); code != ExitOK || !strings.Contains(out, "name: mine") {
		t.Fatalf("scenario show: exit %d, %s %s", code, out, stderr)
	}
	if code, _, stderr := run(t, "run", f, "--output", filepath.Join(dir, "mine.csv")); code != ExitOK {
		t.Fatalf("run template: %s", stderr)
	}
	code, out, _ := run(t, "scenario", "list")
	if code != ExitOK {
		t.Fatal("scenario list failed")
	}
	for _, name := range []string{"baseline", "us-strikes-leadership", "us-strikes-labs", "fto-sanctions", "mexico-troops",
		"intel-sharing", "extraditions", "border-inspection", "unilateral-campaign", "precursor-controls", "naloxone", "moud", "combined"} {
		if !strings.Contains(out, name) {
			t.Errorf("scenario list lacks %s", name)
		}
	}
}

func TestParamsFormats(t *testing.T) {
	t.Parallel()
	code, out, _ := run(t, "params", "--format", "csv")
	if code != ExitOK {
		t.Fatal("params csv failed")
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 50 || rows[0][0] != "name" {
		t.Fatalf("%d rows, header %v", len(rows), rows[0])
	}
	for _, r := range rows[1:] {
		if r[2] == "" || r[7] == "" || r[4] == "" {
			t.Errorf("parameter %s lacks a unit, prior or source", r[0])
		}
	}
	code, out, _ = run(t, "params", "--format", "json", "--module", "health")
	var ps []paramRow
	if code != ExitOK || json.Unmarshal([]byte(out), &ps) != nil || len(ps) == 0 {
		t.Fatalf("params json: exit %d", code)
	}
	for _, p := range ps {
		if p.Module != "health" {
			t.Errorf("--module health listed %s", p.Name)
		}
	}
	if code, out, _ = run(t, "params"); code != ExitOK || !strings.Contains(out, "health.naloxone_effect") {
		t.Error("params table lacks health.naloxone_effect")
	}
}

func TestDataCommands(t *testing.T) {
	t.Parallel()
	code, out, _ := run(t, "data", "list")
	if code != ExitOK {
		t.Fatal("data list failed")
	}
	for _, n := range []string{"cdc_overdose_12m", "nchs_overdose_annual", "cbp_fentanyl_monthly", "mx_homicides_inegi_state_month",
		"mx_homicides_sesnsp_state_month", "dea_fentanyl_purity", "mx_state_population"} {
		if !strings.Contains(out, n) {
			t.Errorf("data list lacks %s", n)
		}
	}
	code, out, _ = run(t, "data", "show", "nchs_overdose_annual")
	if code != ExitOK || !strings.Contains(out, "# source:") || !strings.Contains(out, "52404") {
		t.Errorf("data show: exit %d, %q", code, out)
	}
}

func TestCompareWritesReport(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	code, out, stderr := run(t, "compare", "--out", dir, "naloxone", "unilateral-campaign")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"naloxone", "unilateral-campaign", "overdose deaths averted"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Fit to observed data", "Scenarios to 2035", "unilateral-campaign", "fit-deaths"} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("report lacks %q", want)
		}
	}
}
