package data

import (
	"strings"
	"testing"
	"time"
)

// TestHistory loads the history table and checks its contents against
// what the table claims: every event is since 2015, in date order, names a
// group of the 2020 network (or troops for a deployment) and a source.
func TestHistory(t *testing.T) {
	t.Parallel()
	ev, err := History()
	if err != nil {
		t.Fatal(err)
	}
	if len(ev) < 20 {
		t.Fatalf("%d events, want the table's 30-odd", len(ev))
	}
	kinds := map[HistoryKind]int{}
	for i, e := range ev {
		kinds[e.Kind]++
		if e.Date.Before(time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("event %d dated %v, before 2015", i, e.Date)
		}
		if e.Month.Year() != e.Date.Year() {
			t.Errorf("event %d: month %v, date %v", i, e.Month, e.Date)
		}
		if !strings.Contains(e.Source, ":") {
			t.Errorf("event %d: source %q lacks a publisher", i, e.Source)
		}
	}
	for _, k := range []HistoryKind{HistoryCapture, HistoryExtradition, HistoryKilling, HistorySplit, HistoryDeployment} {
		if kinds[k] == 0 {
			t.Errorf("no %s event", k)
		}
	}
	// The 2025 northern-border deployment: 10,000 National Guard (Mexican
	// Presidency, 2025-02-03), spread over six states.
	troops := 0.0
	for _, e := range ev {
		if e.Kind == HistoryDeployment && e.Date.Year() == 2025 {
			troops += e.Troops
		}
	}
	if troops != 10000 {
		t.Errorf("2025 deployment troops %g, want 10000", troops)
	}
}
