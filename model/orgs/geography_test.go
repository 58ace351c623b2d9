package orgs

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/geo"
)

// TestOrgsPresence: every group's presence sums to 1 over the states, has
// the home share at home when the group has ties, all of it at home
// otherwise, and the rest where its allies and rivals are based. Members
// and casualties by state add up to the national figures.
func TestOrgsPresence(t *testing.T) {
	t.Parallel()
	const tol = 1e-12
	p := Defaults()
	s := mustInit(t, p, calendar.Of(2015, 1))
	net := s.net
	for i := range net.Len() {
		pr := s.Presence(i)
		sum := 0.0
		for _, w := range pr {
			sum += w
		}
		if math.Abs(sum-1) > tol {
			t.Errorf("group %s presence sums to %g", net.Group(i).ID, sum)
		}
		home := net.Group(i).State
		switch {
		case len(net.tieW[i]) == 0 && pr[home] != 1:
			t.Errorf("group %s has no ties but %g at home", net.Group(i).ID, pr[home])
		case len(net.tieW[i]) > 0 && pr[home] < p.PresenceHome-tol:
			t.Errorf("group %s: %g at home, want ≥ %g", net.Group(i).ID, pr[home], p.PresenceHome)
		}
		for _, tt := range net.tieW[i] {
			if pr[net.Group(tt.j).State] <= 0 {
				t.Errorf("group %s absent from the home state of its tie %s", net.Group(i).ID, net.Group(tt.j).ID)
			}
		}
	}
	// CJNG has ties across the country: it is present beyond Jalisco.
	cjng := groupIndex(t, net, "cjng")
	n := 0
	for _, w := range s.Presence(cjng) {
		if w > 0 {
			n++
		}
	}
	if n < 3 {
		t.Errorf("CJNG present in %d states, want several", n)
	}
	if err := Step(s.Month, p, StatusQuo(), s, rand.New(rand.NewPCG(1, 1))); err != nil {
		t.Fatal(err)
	}
	var cas, mem float64
	for st := range geo.NumStates {
		cas += s.CasualtiesByState[st]
		mem += s.MembersByState[st]
	}
	if relDiff(cas, s.Casualties) > 1e-9 || relDiff(mem, s.Total()) > 1e-9 {
		t.Errorf("by state: casualties %g vs %g, members %g vs %g", cas, s.Casualties, mem, s.Total())
	}
}

// TestOrgsGroupRemovalAndSplit: an exact removal named by group hits that
// group wherever its home, starts a local contest in the state named, and
// a forced split of the same group divides its largest descendant.
func TestOrgsGroupRemovalAndSplit(t *testing.T) {
	t.Parallel()
	p := Defaults()
	p.SplitProbability = 0
	start := calendar.Of(2016, 1)
	s := mustInit(t, p, start)
	net := s.net
	sin := groupIndex(t, net, "sinaloa")
	const sinaloaState = 24 // geo index of Sinaloa (INEGI 25), not the group's table home
	in := StatusQuo()
	in.Removals = []Removal{{Group: "sinaloa", State: sinaloaState, Kind: Capture, Count: 1, Exact: true}}
	rng := rand.New(rand.NewPCG(1, 1))
	if err := Step(start, p, in, s, rng); err != nil {
		t.Fatal(err)
	}
	if s.RemovalEvents != 1 || s.RemovalsUnmatched != 0 {
		t.Fatalf("removals %d, unmatched %d; want exactly 1 applied", s.RemovalEvents, s.RemovalsUnmatched)
	}
	want := 1 - p.CaptureLoss*math.Exp(-p.Recovery)
	if got := s.Integrity[sin]; math.Abs(got-want) > 1e-12 {
		t.Errorf("Sinaloa integrity %g, want %g", got, want)
	}
	if c := s.Contest(sin)[sinaloaState]; math.Abs(c-p.CaptureLoss*math.Exp(-p.ContestRecovery)) > 1e-12 {
		t.Errorf("contest in Sinaloa state %g, want %g", c, p.CaptureLoss*math.Exp(-p.ContestRecovery))
	}
	before := s.Members[sin]
	in = StatusQuo()
	in.Splits = []string{"sinaloa"}
	if err := Step(start+1, p, in, s, rng); err != nil {
		t.Fatal(err)
	}
	if s.Splits != 1 || s.Active[sin] {
		t.Fatalf("splits %d, Sinaloa active %v; want one split retiring it", s.Splits, s.Active[sin])
	}
	a, b := s.Len()-2, s.Len()-1
	if s.Root(a) != sin || s.Root(b) != sin {
		t.Errorf("splinters descend from %d and %d, want %d", s.Root(a), s.Root(b), sin)
	}
	if got := s.Members[a] + s.Members[b]; got < 0.9*before || got > 1.1*before {
		t.Errorf("splinters hold %g members, Sinaloa had %g", got, before)
	}
	// A later removal named "sinaloa" hits the larger splinter.
	in = StatusQuo()
	in.Removals = []Removal{{Group: "sinaloa", State: sinaloaState, Kind: Killing, Count: 1, Exact: true}}
	ia := s.Integrity[a]
	if err := Step(start+2, p, in, s, rng); err != nil {
		t.Fatal(err)
	}
	if !(s.Integrity[a] < ia) {
		t.Errorf("larger splinter integrity %g → %g, want a fall", ia, s.Integrity[a])
	}
}
