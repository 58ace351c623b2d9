package violence_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/data"
	"github.com/cartelsim/cartelsim/geo"
	"github.com/cartelsim/cartelsim/model/orgs"
	"github.com/cartelsim/cartelsim/model/violence"
	"github.com/cartelsim/cartelsim/params"
)

// The event studies below run the organisation and violence models from
// 2016-01 twice with the same random streams, once without events and
// once with a leadership event in month 0, and compare the homicides of
// the targeted group's area month by month: the studies cited measure
// municipalities where the group operates, finer than the model's
// states, so the area is the group's part of each state: its share of the
// state's members times the state's baseline homicides, plus the
// homicides from its own conflict casualties there (local contests
// included) and allocated by the states' conflict weights, as violence.Step
// computes them. Revenue and each state's
// territorial consolidation are held at their 2015 levels (NewState), so
// that only the event differs between the runs.

// area is one run's monthly homicides in a group's area, by state.
type area [][geo.NumStates]float64

// eventStudy returns the control and treated areas of network group id
// over months months, the event being removals in month 0.
func eventStudy(tb testing.TB, id string, event []orgs.Removal, months int) (control, treated area, presence []float64) {
	tb.Helper()
	d, err := data.Cartels()
	if err != nil {
		tb.Fatal(err)
	}
	net, err := orgs.NewNetwork(d)
	if err != nil {
		tb.Fatal(err)
	}
	g, ok := net.Index(id)
	if !ok {
		tb.Fatalf("no group %q", id)
	}
	reg, err := params.New(append(orgs.Parameters(), violence.Parameters()...))
	if err != nil {
		tb.Fatal(err)
	}
	po, pv := orgs.FromValues(reg.Defaults()), violence.FromValues(reg.Defaults())
	pop, err := data.MexicoStatePopulation(2016)
	if err != nil {
		tb.Fatal(err)
	}
	start := calendar.Of(2016, 1)
	revenue := pv.RevenueHalf // held fixed: only the event differs
	k := pv.PerCasualty * pv.Lethality(revenue)
	hist, err := violence.LoadHistory()
	if err != nil {
		tb.Fatal(err)
	}
	vs, err := violence.NewState(pv, hist)
	if err != nil {
		tb.Fatal(err)
	}
	for run, ev := range [][]orgs.Removal{nil, event} {
		s, err := orgs.Init(po, net, start)
		if err != nil {
			tb.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(1, 1))
		path := make(area, months)
		for m := range months {
			in := orgs.StatusQuo()
			if m == 0 {
				in.Removals = ev
			}
			before := s.MembersByState()
			if err := orgs.Step(start+calendar.Month(m), po, in, s, rng); err != nil {
				tb.Fatal(err)
			}
			// The group's members and presence at the month's start
			// (a split would retire it; none happens in these studies).
			cas := s.GroupCasualties()[g]
			// Each state's allocation factor a_s/ā this month
			// (Params.Allocate over all groups' casualties).
			var raw, alloc [geo.NumStates]float64
			for st := range raw {
				raw[st] = s.CasualtiesByState[st] + pv.LocalContest*s.ContestByState[st]
			}
			alloc = raw
			pv.Allocate(start+calendar.Month(m), alloc[:])
			for st, w := range s.Presence(g) {
				if w == 0 || before[st] == 0 {
					continue
				}
				share := min(1, s.Members[g]*w/before[st])
				contest := min(1, s.Contest(g)[st]+s.Spill(g)[st])
				path[m][st] = share*pv.BaseRate*vs.BaseWeight(st)*pop[st]/12 +
					k*cas*w*(1+pv.LocalContest*contest)*math.Exp(-vs.Settled[st])*alloc[st]/raw[st]
			}
		}
		if run == 0 {
			control = path
		} else {
			treated = path
			presence = append([]float64(nil), s.Presence(g)...)
		}
	}
	return control, treated, presence
}

// effect is the relative change of the area's homicides in the states
// with weight w over months [a, b).
func effect(control, treated area, w []float64, a, b int) float64 {
	var c, t float64
	for m := a; m < b; m++ {
		for s, x := range w {
			c += x * control[m][s]
			t += x * treated[m][s]
		}
	}
	return t/c - 1
}

func only(s int) []float64 {
	w := make([]float64, geo.NumStates)
	w[s] = 1
	return w
}

func others(presence []float64, s int) []float64 {
	w := make([]float64, geo.NumStates)
	for i, x := range presence {
		if i != s && x > 0 {
			w[i] = 1
		}
	}
	return w
}

const jalisco = 13 // geo index of Jalisco (INEGI 14), CJNG's main state

func capture(kind orgs.RemovalKind) []orgs.Removal {
	return []orgs.Removal{{Group: "cjng", State: jalisco, Kind: kind, Count: 1, Exact: true}}
}

// TestKingpinCaptureEventStudy: the capture of a group's leader raises
// homicides in the group's area where it happens by +50% to +110% over
// the following year, still raised at month 12 (Lindo & Padilla-Romo
// 2018, J. Health Econ. 58:253: +80% in the municipality of the capture,
// lasting 12 months or more), and by +15% to +45% over the first six
// months in the group's areas elsewhere, fading after (same study: +30%
// in the group's other municipalities for about six months).
func TestKingpinCaptureEventStudy(t *testing.T) {
	t.Parallel()
	c, tr, pres := eventStudy(t, "cjng", capture(orgs.Capture), 18)
	home, late := effect(c, tr, only(jalisco), 0, 12), effect(c, tr, only(jalisco), 11, 12)
	t.Logf("capture, CJNG's area in Jalisco: %+.0f%% over 12 months, %+.0f%% in month 12", 100*home, 100*late)
	if home < 0.50 || home > 1.10 {
		t.Errorf("effect where the capture happened %+.0f%%, want +50%% to +110%% (Lindo & Padilla-Romo 2018: +80%%)", 100*home)
	}
	if late < 0.25 {
		t.Errorf("effect in month 12 %+.0f%%, want it to last 12 months (Lindo & Padilla-Romo 2018)", 100*late)
	}
	w := others(pres, jalisco)
	near, after := effect(c, tr, w, 0, 6), effect(c, tr, w, 12, 18)
	t.Logf("capture, CJNG's areas in its other states: %+.0f%% over months 1-6, %+.0f%% over months 13-18", 100*near, 100*after)
	if near < 0.15 || near > 0.45 {
		t.Errorf("effect in the group's other areas %+.0f%% over 6 months, want +15%% to +45%% (Lindo & Padilla-Romo 2018: +30%%)", 100*near)
	}
	if after > near/2 {
		t.Errorf("effect in the other areas %+.0f%% a year on, want it mostly gone (about six months, Lindo & Padilla-Romo 2018)", 100*after)
	}
}

// TestKingpinKillingExceedsCapture: killing a leader is followed by more
// violence than capturing one (Dickenson 2014, J. Quant. Criminol.
// 30:651), where it happens and in the group's other areas.
func TestKingpinKillingExceedsCapture(t *testing.T) {
	t.Parallel()
	c, cap_, pres := eventStudy(t, "cjng", capture(orgs.Capture), 12)
	_, kill, _ := eventStudy(t, "cjng", capture(orgs.Killing), 12)
	for _, w := range [][]float64{only(jalisco), others(pres, jalisco)} {
		ec, ek := effect(c, cap_, w, 0, 12), effect(c, kill, w, 0, 12)
		t.Logf("12-month effect: capture %+.0f%%, killing %+.0f%%", 100*ec, 100*ek)
		if !(ek > ec) {
			t.Errorf("killing %+.0f%% not above capture %+.0f%% (Dickenson 2014)", 100*ek, 100*ec)
		}
	}
}

// TestKingpinMidLevelDipThenRise: arrests of mid-level figures are
// followed by a short fall in violence, then a rise (Phillips 2015, J.
// Politics 77:324): the group's area sees fewer homicides in the first
// month and more from the third month on.
func TestKingpinMidLevelDipThenRise(t *testing.T) {
	t.Parallel()
	c, tr, _ := eventStudy(t, "cjng", capture(orgs.MidLevelArrest), 12)
	w := only(jalisco)
	dip, rise := effect(c, tr, w, 0, 1), effect(c, tr, w, 2, 12)
	t.Logf("mid-level arrest, CJNG's area in Jalisco: %+.0f%% in month 1, %+.0f%% over months 3-12", 100*dip, 100*rise)
	if !(dip < 0) {
		t.Errorf("month 1 %+.1f%%, want a dip (Phillips 2015)", 100*dip)
	}
	if !(rise > 0) {
		t.Errorf("months 3-12 %+.1f%%, want a rise after the dip (Phillips 2015)", 100*rise)
	}
}
