package sim

import (
	"testing"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/data"
	"github.com/cartelsim/cartelsim/scenario"
)

// TestHistoryReplayed: every run replays the history table: the
// Sinaloa cartel's split of September 2024 (history_events) happens in
// that month, and splits before the network's 2020 snapshot do not.
func TestHistoryReplayed(t *testing.T) {
	t.Parallel()
	w, err := LoadWorld()
	if err != nil {
		t.Fatal(err)
	}
	// The Sinaloa cartel is based in Sinaloa (cartel_home_corrections),
	// not in Durango as BACRIM2020 codes it.
	if i, _ := w.Cartels.Index("sinaloa"); w.Cartels.Group(i).State != 24 {
		t.Errorf("Sinaloa cartel's home is geo index %d, want 24 (Sinaloa)", w.Cartels.Group(i).State)
	}
	var split calendar.Month
	early := map[calendar.Month]bool{} // splits the 2020 network already contains
	for _, h := range w.History {
		if h.Kind == data.HistorySplit && h.Group == "sinaloa" {
			split = h.Month
		}
		if h.Kind == data.HistorySplit && h.Month < calendar.Of(2020, 1) {
			early[h.Month] = true
		}
	}
	if len(early) == 0 {
		t.Fatal("history lacks a split before 2020; the check below would be moot")
	}
	if split == 0 {
		t.Fatal("history lacks the 2024 Sinaloa split")
	}
	reg, err := Registry()
	if err != nil {
		t.Fatal(err)
	}
	s, err := scenario.Builtin("baseline")
	if err != nil {
		t.Fatal(err)
	}
	v, err := Apply(reg, s)
	if err != nil {
		t.Fatal(err)
	}
	s.To = split
	e, err := newEngine(w, Config{Scenario: s, Values: v})
	if err != nil {
		t.Fatal(err)
	}
	for m := Origin; m <= split; m++ {
		if err := e.step(m); err != nil {
			t.Fatal(err)
		}
		if early[m] && e.so.Splits > 0 {
			t.Errorf("%v: a split before the 2020 network was replayed", m)
		}
	}
	if e.so.Splits < 1 {
		t.Errorf("%v: no split, want the Sinaloa cartel's", split)
	}
	sin, _ := w.Cartels.Index("sinaloa")
	if e.so.Active[sin] {
		t.Errorf("%v: the Sinaloa cartel is still whole", split)
	}
}
