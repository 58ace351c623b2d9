package orgs

import (
	"bytes"
	_ "embed" // the deSolve reference run
	"encoding/csv"
	"fmt"
	"strconv"
)

// desolveCSV is the paper's model solved independently in R with deSolve
// by bench/orgs/prieto.R (the command is in the file's header).
//
//go:embed testdata/prieto_desolve.csv
var desolveCSV []byte

// Reference phases in DeSolveReference: the paper's 520 weeks from 2012,
// then, each from the week-520 state, 260 weeks with incapacitation
// doubled and with recruitment halved.
const (
	RefPaper     = "paper"
	RefIncap2    = "incap2"
	RefRecruit05 = "recruit05"
)

// DeSolveReference returns the R deSolve solution of the paper's
// equations by phase (RefPaper, RefIncap2, RefRecruit05). In each phase
// row k is week k of the phase; the paper phase has a row 0, the initial
// state, and the others start at week 1 (their week 0 is the paper's
// week 520). Saturation is not in the file and is left 0.
func DeSolveReference() (map[string][]Week, error) {
	r := csv.NewReader(bytes.NewReader(desolveCSV))
	r.Comment = '#'
	recs, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("orgs: deSolve reference: %w", err)
	}
	if len(recs) < 2 || len(recs[0]) != 6 {
		return nil, fmt.Errorf("orgs: deSolve reference: want a header and rows of 6 columns")
	}
	out := map[string][]Week{}
	for i, rec := range recs[1:] {
		var x [6]float64
		for j := range 6 {
			if j == 1 {
				continue
			}
			if x[j], err = strconv.ParseFloat(rec[j], 64); err != nil {
				return nil, fmt.Errorf("orgs: deSolve reference: row %d column %d: %w", i+2, j+1, err)
			}
		}
		out[rec[1]] = append(out[rec[1]], Week{Week: int(x[0]), Members: x[2],
			Flows: Flows{Recruits: x[3], Casualties: x[4], Incapacitated: x[5]}})
	}
	for _, ph := range []string{RefPaper, RefIncap2, RefRecruit05} {
		if len(out[ph]) == 0 {
			return nil, fmt.Errorf("orgs: deSolve reference: no rows for phase %q", ph)
		}
	}
	return out, nil
}
