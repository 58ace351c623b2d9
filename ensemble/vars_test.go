package ensemble_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/cartelsim/cartelsim/ensemble"
	"github.com/cartelsim/cartelsim/sim"
)

func TestParseVars(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in   string
		want []string
		err  string // a substring of the error; "" for none
	}{
		{in: "us_overdose_deaths", want: []string{"us_overdose_deaths"}},
		{in: "us_overdose_deaths,mx_homicides", want: []string{"mx_homicides", "us_overdose_deaths"}},
		{in: " mx_homicides , us_overdose_deaths,mx_homicides", want: []string{"mx_homicides", "us_overdose_deaths"}},
		{in: "", err: "empty list"},
		{in: " , ", err: "item 1 of"},
		{in: "mx_homicides,,us_overdose_deaths", err: "item 2 of"},
		{in: "mx_homicides,", err: "item 2 of"},
		{in: "overdoses", err: `unknown variable "overdoses"; the model's variables are us_overdose_deaths,`},
		{in: "MX_HOMICIDES", err: `unknown variable "MX_HOMICIDES"`},
		{in: "mx_homicides;us_overdose_deaths", err: `unknown variable "mx_homicides;us_overdose_deaths"`},
	} {
		got, err := ensemble.ParseVars(tt.in)
		switch {
		case tt.err == "" && err != nil:
			t.Errorf("ParseVars(%q): %v", tt.in, err)
		case tt.err == "" && !slices.Equal(got, tt.want):
			t.Errorf("ParseVars(%q) = %v, want %v", tt.in, got, tt.want)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("ParseVars(%q) = %v, %v; want an error with %q", tt.in, got, err, tt.err)
		}
	}
	// Every declared variable is accepted.
	var all []string
	for _, v := range sim.Variables() {
		all = append(all, v.Name)
	}
	if got, err := ensemble.ParseVars(strings.Join(all, ",")); err != nil || len(got) != len(all) {
		t.Errorf("ParseVars(every variable) = %d names, %v; want %d", len(got), err, len(all))
	}
}

// rowsOf returns st's summary rows, keyed by scenario, variable, region
// and period, formatted exactly.
func rowsOf(t *testing.T, m *ensemble.Model, st *ensemble.State) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := ensemble.Rows(m, st, func(r ensemble.Row) error {
		out[r.Scenario+"/"+r.Variable+"/"+r.Region+"/"+r.Period] = fmt.Sprintf("%d %x", r.N, r.Q)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestKeepMatchesFull: an ensemble of some variables has exactly the
// cells of those variables in an ensemble of all, with the same
// summaries, however its runs are split.
func TestKeepMatchesFull(t *testing.T) {
	t.Parallel()
	full := model(t, ensemble.Prior{}, "short", "short-intel")
	kept := model(t, ensemble.Prior{}, "short", "short-intel")
	vars := []string{sim.VarHomicides, sim.VarDeaths}
	slices.Sort(vars)
	if err := kept.Keep(vars); err != nil {
		t.Fatal(err)
	}
	const n = 12
	stFull, _ := run(t, full, n, 2, 0, 1)
	stKept, _ := run(t, kept, n, 1, 0, 1)
	all, some := rowsOf(t, full, stFull), rowsOf(t, kept, stKept)
	want := 0
	for k, v := range all {
		variable := strings.Split(k, "/")[1]
		if !slices.Contains(vars, variable) {
			continue
		}
		want++
		if some[k] != v {
			t.Errorf("%s: kept %q, full %q", k, some[k], v)
		}
	}
	// Both variables have their national annual totals and homicides its
	// states, in both scenarios.
	for _, k := range []string{"short/us_overdose_deaths/all/2015", "short-intel/mx_homicides/all/2015", "short/mx_homicides/25/2015-07"} {
		if _, ok := some[k]; !ok {
			t.Errorf("no row %s", k)
		}
	}
	if len(some) != want || want == 0 {
		t.Errorf("kept %d rows, the full ensemble has %d of those variables", len(some), want)
	}
	// Sharded, the kept ensemble is the same.
	merged := ensemble.NewState(kept, n)
	for s := range uint64(2) {
		part, _ := run(t, kept, n, 1, s, 2)
		if err := merged.Merge(part); err != nil {
			t.Fatal(err)
		}
	}
	if !slices.EqualFunc(encode(t, merged), encode(t, stKept), slices.Equal) {
		t.Error("2 merged shards of a kept ensemble differ from one run")
	}
	// Its identity differs from the full ensemble's, and names the set.
	a, _ := ensemble.NewSpec("test", full, n, "prior")
	b, _ := ensemble.NewSpec("test", kept, n, "prior")
	if a.ID() == b.ID() || b.VarsText() != "mx_homicides,us_overdose_deaths" || a.VarsText() != "all" {
		t.Errorf("specs: full %s (%s), kept %s (%s)", a.ID(), a.VarsText(), b.ID(), b.VarsText())
	}
	if strings.Contains(a.JSON(), "vars") {
		t.Errorf("a full ensemble's spec names vars: %s", a.JSON())
	}
}

func TestKeepRefuses(t *testing.T) {
	t.Parallel()
	m := model(t, ensemble.Defaults{}, "short")
	for _, vars := range [][]string{nil, {"us_overdose_deaths", "mx_homicides"}, {"mx_homicides", "mx_homicides"}} {
		if err := m.Keep(vars); err == nil {
			t.Errorf("Keep(%v) did not fail", vars)
		}
	}
	if err := m.Keep([]string{"mx_homicides"}); err != nil {
		t.Fatal(err)
	}
	if err := m.Keep([]string{"mx_homicides"}); err == nil {
		t.Error("a second Keep did not fail")
	}
}
