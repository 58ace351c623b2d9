package data

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/geo"
)

// HistoryKind is the kind of a historical event.
type HistoryKind string

// The kinds of event in the history table.
const (
	HistoryCapture     HistoryKind = "capture"
	HistoryExtradition HistoryKind = "extradition"
	HistoryKilling     HistoryKind = "killing"
	// HistoryTransfer is the transfer to the US of a leader already held
	// in Mexican custody (the 2025 mass transfers).
	HistoryTransfer   HistoryKind = "transfer"
	HistorySplit      HistoryKind = "split"
	HistoryDeployment HistoryKind = "deployment"
	// HistoryIncursion is a group moving into a state held by others to
	// contest it: the start of a turf war there, dated by the first
	// dated report of the war. Listed for the record: the baseline does
	// not replay them (docs/violence.md, what was tried and dropped).
	HistoryIncursion HistoryKind = "incursion"
)

// HistoryEvent is one organisation-level event of the history table. It
// names groups and places, never a person.
type HistoryEvent struct {
	// Date is the day of the event; Month its month.
	Date  time.Time
	Month calendar.Month
	Kind  HistoryKind
	// Group is the id of a group in cartel_groups; empty for deployments.
	Group string
	// State is the geo index (0–31) where the event happened, or −1 for
	// several states or national.
	State int
	// Troops deployed, persons; 0 except for deployments.
	Troops float64
	// Source cites the publisher, kind of document and date.
	Source string
}

// History loads the history table (history_events), in table order, which
// is by date. It fails on an unknown kind, a group that is not in
// cartel_groups (or one missing, or given for a deployment), an unknown
// state code, a deployment or incursion without a state, a deployment
// without a positive troop count, a date before
// 2015 or out of order, or a row without a source.
func History() ([]HistoryEvent, error) {
	t, err := Load("history_events")
	if err != nil {
		return nil, err
	}
	idx, err := t.colIndices("date", "kind", "group", "state", "troops", "source")
	if err != nil {
		return nil, fmt.Errorf("data: history_events: %w", err)
	}
	net, err := Cartels()
	if err != nil {
		return nil, err
	}
	groups := make(map[string]bool, len(net.Groups))
	for _, g := range net.Groups {
		groups[g.ID] = true
	}
	var out []HistoryEvent
	var errs []error
	bad := func(r int, col string, format string, a ...any) {
		errs = append(errs, cellError(t, r, col, fmt.Errorf(format, a...)))
	}
	for r, row := range t.Rows {
		e := HistoryEvent{Kind: HistoryKind(row[idx[1]]), Group: row[idx[2]], Source: row[idx[5]], State: -1}
		d, err := time.Parse(time.DateOnly, row[idx[0]])
		switch {
		case err != nil:
			bad(r, "date", "%q is not YYYY-MM-DD", row[idx[0]])
		case d.Year() < 2015:
			bad(r, "date", "%s is before 2015", row[idx[0]])
		case len(out) > 0 && d.Before(out[len(out)-1].Date):
			bad(r, "date", "%s is out of date order", row[idx[0]])
		}
		e.Date = d
		e.Month = calendar.Of(d.Year(), int(d.Month()))
		switch e.Kind {
		case HistoryCapture, HistoryExtradition, HistoryKilling, HistoryTransfer, HistorySplit, HistoryIncursion:
			if !groups[e.Group] {
				bad(r, "group", "%q is not a group id of cartel_groups", e.Group)
			}
		case HistoryDeployment:
			if e.Group != "" {
				bad(r, "group", "a deployment names no group, got %q", e.Group)
			}
		default:
			bad(r, "kind", "unknown kind %q", e.Kind)
		}
		if code := row[idx[3]]; code != "00" {
			if e.State, err = geo.StateIndex(code); err != nil {
				bad(r, "state", "%v", err)
			}
		}
		if s := row[idx[4]]; s != "" {
			if e.Troops, err = strconv.ParseFloat(s, 64); err != nil || !(e.Troops > 0) {
				bad(r, "troops", "%q is not a positive number", s)
			}
		}
		if (e.Kind == HistoryDeployment) != (e.Troops > 0) {
			bad(r, "troops", "troops are given for deployments, and only for them")
		}
		if (e.Kind == HistoryDeployment || e.Kind == HistoryIncursion) && e.State < 0 {
			bad(r, "state", "a %s names its state", e.Kind)
		}
		if e.Source == "" {
			bad(r, "source", "missing")
		}
		out = append(out, e)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}
