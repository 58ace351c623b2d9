package data

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/cartelsim/cartelsim/geo"
)

// CartelNetwork is the 2020 network of Mexican criminal groups that
// Prieto-Curiel, Campedelli & Hope (2023) run their model on: 150 groups,
// each with a main state, and the alliances and rivalries between them.
// It is read from the tables cartel_groups, cartel_alliances and
// cartel_rivalries.
type CartelNetwork struct {
	// Groups in table order (the source's node order).
	Groups []CartelGroup
	// Alliances and Rivalries hold one tie per undirected pair, A < B.
	Alliances, Rivalries []CartelTie
}

// CartelGroup is one criminal group.
type CartelGroup struct {
	// ID is the project's identifier, e.g. "cjng"; unique.
	ID string
	// Name and Short are the source's labels (withheld as "Cell NNN" where
	// the source label names a person).
	Name, Short string
	// State is the geo index (0–31) of the group's main state.
	State int
}

// CartelTie is an undirected alliance or rivalry between two groups.
type CartelTie struct {
	// A and B index Groups, A < B.
	A, B int
	// Weight is the number of reports coding the tie, > 0.
	Weight float64
}

// Cartels loads and checks the cartel network tables. It fails on a
// duplicate or empty id, an unknown state code, a tie naming an unknown
// group or a group with itself, a duplicate pair, or a weight that is not
// a positive number.
func Cartels() (*CartelNetwork, error) {
	g, err := Load("cartel_groups")
	if err != nil {
		return nil, err
	}
	cols, err := cartelCols(g, "id", "name", "short", "state")
	if err != nil {
		return nil, fmt.Errorf("data: cartels: %w", err)
	}
	net := &CartelNetwork{Groups: make([]CartelGroup, 0, len(g.Rows))}
	index := make(map[string]int, len(g.Rows))
	var errs []error
	for i, r := range g.Rows {
		id := strings.TrimSpace(r[cols[0]])
		st, err := geo.StateIndex(strings.TrimSpace(r[cols[3]]))
		switch {
		case err != nil:
			errs = append(errs, fmt.Errorf("data: table cartel_groups row %d: %w", i+1, err))
		case id == "":
			errs = append(errs, fmt.Errorf("data: table cartel_groups row %d: empty id", i+1))
		default:
			if _, dup := index[id]; dup {
				errs = append(errs, fmt.Errorf("data: table cartel_groups row %d: duplicate id %q", i+1, id))
			}
		}
		index[id] = i
		net.Groups = append(net.Groups, CartelGroup{ID: id, Name: r[cols[1]], Short: r[cols[2]], State: st})
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if net.Alliances, err = cartelTies("cartel_alliances", index); err != nil {
		return nil, err
	}
	if net.Rivalries, err = cartelTies("cartel_rivalries", index); err != nil {
		return nil, err
	}
	return net, nil
}

// cartelTies reads a tie table a,b,weight whose ids are keys of index.
func cartelTies(name string, index map[string]int) ([]CartelTie, error) {
	t, err := Load(name)
	if err != nil {
		return nil, err
	}
	cols, err := cartelCols(t, "a", "b", "weight")
	if err != nil {
		return nil, fmt.Errorf("data: cartels: %w", err)
	}
	out := make([]CartelTie, 0, len(t.Rows))
	seen := make(map[[2]int]bool, len(t.Rows))
	var errs []error
	bad := func(row int, format string, a ...any) {
		errs = append(errs, fmt.Errorf("data: table %s row %d: "+format, append([]any{name, row}, a...)...))
	}
	for i, r := range t.Rows {
		a, okA := index[strings.TrimSpace(r[cols[0]])]
		b, okB := index[strings.TrimSpace(r[cols[1]])]
		w, werr := strconv.ParseFloat(strings.TrimSpace(r[cols[2]]), 64)
		switch {
		case !okA || !okB:
			bad(i+1, "unknown group %q or %q", r[cols[0]], r[cols[1]])
			continue
		case a == b:
			bad(i+1, "tie of %q with itself", r[cols[0]])
			continue
		case werr != nil || !(w > 0) || math.IsInf(w, 0):
			bad(i+1, "weight %q is not a positive number", r[cols[2]])
			continue
		}
		a, b = min(a, b), max(a, b)
		if seen[[2]int{a, b}] {
			bad(i+1, "pair %q–%q listed twice", r[cols[0]], r[cols[1]])
			continue
		}
		seen[[2]int{a, b}] = true
		out = append(out, CartelTie{A: a, B: b, Weight: w})
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

// cartelCols returns the indices of the named columns of t.
func cartelCols(t *Table, names ...string) ([]int, error) {
	out := make([]int, len(names))
	for i, n := range names {
		c, err := t.Col(n)
		if err != nil {
			return nil, err
		}
		out[i] = c
	}
	return out, nil
}
