package orgs

import (
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/cartelsim/cartelsim/calendar"
)

// Geo indices used below (INEGI code − 1).
const (
	cdmx    = 8  // Ciudad de México
	durango = 9  // Durango, the source's home state of the Sinaloa cartel
	jalisco = 13 // Jalisco, home of CJNG
)

func TestOrgsInitThenStepIsStepFromPaperStart(t *testing.T) {
	t.Parallel()
	p := Defaults()
	start := calendar.Of(2015, 1)
	a := mustInit(t, p, start)
	b := mustInit(t, p, PaperStart)
	rng := rand.New(rand.NewPCG(1, 1))
	for m := PaperStart; m < start; m++ {
		if err := Step(m, p, StatusQuo(), b, rng); err != nil {
			t.Fatal(err)
		}
	}
	if !reflect.DeepEqual(a.Members, b.Members) || a.Month != b.Month || a.Flows != b.Flows {
		t.Error("Init to 2015-01 differs from Steps from 2012-01")
	}
}

func TestOrgsInitRejects(t *testing.T) {
	t.Parallel()
	net := testNetwork(t)
	bad := Defaults()
	bad.Lethality = math.NaN()
	for _, tt := range []struct {
		name  string
		p     Params
		net   *Network
		start calendar.Month
	}{
		{"before 2012", Defaults(), net, PaperStart - 1},
		{"nil network", Defaults(), nil, PaperStart},
		{"bad params", bad, net, PaperStart},
	} {
		if _, err := Init(tt.p, tt.net, tt.start); err == nil || !strings.HasPrefix(err.Error(), "orgs: ") {
			t.Errorf("%s: err = %v", tt.name, err)
		}
	}
}

func TestOrgsStepRejects(t *testing.T) {
	t.Parallel()
	p := Defaults()
	start := calendar.Of(2015, 1)
	rng := rand.New(rand.NewPCG(1, 1))
	for _, tt := range []struct {
		name string
		t    calendar.Month
		in   Inputs
		rng  *rand.Rand
		want string
	}{
		{"wrong month", start + 1, StatusQuo(), rng, "state is at"},
		{"nil rng", start, StatusQuo(), nil, "nil rng"},
		{"negative multiplier", start, Inputs{Recruitment: -1, Incapacitation: 1, Lethality: 1}, rng, "recruitment"},
		{"bad state", start, Inputs{1, 1, 1, []Removal{{State: 40, Count: 1}}, nil}, rng, "state index"},
		{"bad kind", start, Inputs{1, 1, 1, []Removal{{State: 1, Kind: 9, Count: 1}}, nil}, rng, "kind"},
		{"bad count", start, Inputs{1, 1, 1, []Removal{{State: 1, Count: math.NaN()}}, nil}, rng, "count"},
		{"unknown removal group", start, Inputs{1, 1, 1, []Removal{{Group: "no-such-group", Count: 1}}, nil}, rng, "unknown group"},
		{"unknown split group", start, Inputs{1, 1, 1, nil, []string{"no-such-group"}}, rng, "unknown group"},
	} {
		s := mustInit(t, p, start)
		err := Step(tt.t, p, tt.in, s, tt.rng)
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "orgs: ") {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
		}
		if s.Month != start {
			t.Errorf("%s: a failed Step moved the state", tt.name)
		}
	}
}

// stepWith runs one Step of p at 2015-01 with a single removal and seed,
// and returns the state.
func stepWith(t *testing.T, p Params, r Removal, seed uint64) *State {
	t.Helper()
	start := calendar.Of(2015, 1)
	s := mustInit(t, p, start)
	in := StatusQuo()
	in.Removals = []Removal{r}
	if err := Step(start, p, in, s, rand.New(rand.NewPCG(seed, 0))); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestOrgsCaptureLowersIntegrityOfLargestHomeGroup(t *testing.T) {
	t.Parallel()
	p := Defaults()
	p.SplitProbability = 0 // isolate the integrity change
	s := stepWith(t, p, Removal{State: jalisco, Kind: Capture, Count: 1}, 3)
	if s.RemovalEvents == 0 {
		t.Fatal("seed drew no removal; pick another")
	}
	net := s.net
	cjng := groupIndex(t, net, "cjng")
	// Integrity after the month: loss per event, then one month's recovery.
	want := 1 - min(1, float64(s.RemovalEvents)*p.CaptureLoss)*math.Exp(-p.Recovery)
	const tol = 1e-12
	if got := s.Integrity[cjng]; math.Abs(got-want) > tol {
		t.Errorf("CJNG integrity = %g, want %g after %d captures", got, want, s.RemovalEvents)
	}
	for i := range net.Len() {
		if i != cjng && s.Integrity[i] != 1 {
			t.Errorf("group %s integrity %g, want 1 (not the target)", net.Group(i).ID, s.Integrity[i])
		}
	}
	// A state that is no group's home: the removal hits nothing.
	s = stepWith(t, p, Removal{State: 0, Kind: Capture, Count: 5}, 3) // Aguascalientes
	if s.RemovalsUnmatched != s.RemovalEvents || s.RemovalEvents == 0 {
		t.Errorf("unmatched %d of %d removals in Aguascalientes", s.RemovalsUnmatched, s.RemovalEvents)
	}
}

// TestOrgsRemovalKindsOrdered: with the same draws, a killing costs more
// integrity than a capture (Dickenson 2014), an extradition no more than a
// capture, and a mid-level arrest the least (Phillips 2015).
func TestOrgsRemovalKindsOrdered(t *testing.T) {
	t.Parallel()
	p := Defaults()
	p.SplitProbability = 0
	net := testNetwork(t)
	sinaloa := groupIndex(t, net, "sinaloa")
	loss := map[RemovalKind]float64{}
	for _, k := range []RemovalKind{Killing, Capture, Extradition, MidLevelArrest} {
		s := stepWith(t, p, Removal{State: durango, Kind: k, Count: 1}, 3)
		if s.RemovalEvents == 0 {
			t.Fatal("seed drew no removal; pick another")
		}
		loss[k] = 1 - s.Integrity[sinaloa]
	}
	if !(loss[Killing] > loss[Capture] && loss[Capture] >= loss[Extradition] && loss[Extradition] > loss[MidLevelArrest] && loss[MidLevelArrest] > 0) {
		t.Errorf("integrity losses %v, want killing > capture ≥ extradition > mid-level > 0", loss)
	}
	// Killings also raise the group's conflict lethality more: the
	// month's casualties in its home state are higher.
	k := stepWith(t, p, Removal{State: durango, Kind: Killing, Count: 1}, 3)
	c := stepWith(t, p, Removal{State: durango, Kind: Capture, Count: 1}, 3)
	none := stepWith(t, p, Removal{State: durango, Kind: Capture, Count: 0}, 3)
	if !(k.CasualtiesByState[durango] > c.CasualtiesByState[durango] && c.CasualtiesByState[durango] > none.CasualtiesByState[durango]) {
		t.Errorf("Durango casualties killing %g, capture %g, none %g; want decreasing",
			k.CasualtiesByState[durango], c.CasualtiesByState[durango], none.CasualtiesByState[durango])
	}
}

func TestOrgsSplit(t *testing.T) {
	t.Parallel()
	p := Defaults()
	p.SuccessionLethality = 0 // isolate the structural effect of a split
	s := mustInit(t, p, calendar.Of(2015, 1))
	net := s.net
	cjng := groupIndex(t, net, "cjng")
	nfm := groupIndex(t, net, "nfmichoacana")
	cuinis := groupIndex(t, net, "cuinis")
	total, c := s.Total(), s.Members[cjng]
	cuinisA := s.strength[cuinis]
	before := s.Rates(p, StatusQuo()).Casualties

	s.split(p, cjng)
	a, b := s.Len()-2, s.Len()-1
	const tol = 1e-12 // rounding only
	if relDiff(s.Total(), total) > tol {
		t.Errorf("total %g after split, %g before", s.Total(), total)
	}
	if s.Active[cjng] || s.Members[cjng] != 0 || !s.Active[a] || !s.Active[b] {
		t.Error("split group not retired or splinters not active")
	}
	if relDiff(s.Members[b], p.SplitShare*c) > tol || relDiff(s.Members[a]+s.Members[b], c) > tol {
		t.Errorf("splinters %g + %g, want shares of %g", s.Members[a], s.Members[b], c)
	}
	for _, g := range []int{a, b} {
		if s.Parent[g] != cjng || s.Home[g] != jalisco || s.Integrity[g] != p.SplitThreshold {
			t.Errorf("splinter %d: parent %d home %d integrity %g", g, s.Parent[g], s.Home[g], s.Integrity[g])
		}
		if s.strength[g] != net.AllianceStrength(cjng) {
			t.Errorf("splinter %d: alliance strength %g, want CJNG's %g", g, s.strength[g], net.AllianceStrength(cjng))
		}
	}
	// Each splinter inherits the rivalry with NFM (13), and they are rivals.
	rivals := map[[2]int]float64{}
	for _, e := range s.extraRiv {
		rivals[[2]int{e.a, e.b}] = e.w
	}
	if rivals[[2]int{a, nfm}] != 13 || rivals[[2]int{b, nfm}] != 13 || rivals[[2]int{a, b}] != p.SplinterRivalry {
		t.Errorf("splinter rivalries: %v", rivals)
	}
	// Los Cuinis, allied with CJNG (6), keeps its alliance strength: the
	// splinters share the alliance.
	if got := s.strength[cuinis]; got != cuinisA {
		t.Errorf("Cuinis alliance strength %g, want %g", got, cuinisA)
	}
	// The splinters fight each other: killings rise at once, even with no
	// succession contest (κ = 0).
	if after := s.Rates(p, StatusQuo()).Casualties; !(after > before) {
		t.Errorf("casualties/week %g after the split, %g before; want a rise", after, before)
	}
	// Splitting a splinter drops the retired group's added ties.
	s.split(p, a)
	if r := s.Root(s.Len() - 1); r != cjng {
		t.Errorf("Root of a second-generation splinter = %d, want CJNG %d", r, cjng)
	}
	for _, e := range s.extraRiv {
		if e.a == a || e.b == a {
			t.Errorf("tie %+v of retired splinter %d kept", e, a)
		}
	}
}

func TestOrgsSplitsThroughStep(t *testing.T) {
	t.Parallel()
	p := Defaults()
	p.SplitProbability = 1
	start := calendar.Of(2015, 1)
	s := mustInit(t, p, start)
	net := s.net
	sinaloa := groupIndex(t, net, "sinaloa")
	s.Integrity[sinaloa] = 0.1 // below the threshold
	if err := Step(start, p, StatusQuo(), s, rand.New(rand.NewPCG(1, 1))); err != nil {
		t.Fatal(err)
	}
	if s.Splits != 1 || s.Active[sinaloa] || s.Len() != net.Len()+2 {
		t.Fatalf("splits %d, sinaloa active %v, groups %d", s.Splits, s.Active[sinaloa], s.Len())
	}
	// Filling every slot: later splits are skipped, not made.
	for i := range s.Integrity {
		s.Integrity[i] = 0
	}
	for m := start + 1; m < start+40; m++ {
		for i := range s.Integrity {
			s.Integrity[i] = 0
		}
		if err := Step(m, p, StatusQuo(), s, rand.New(rand.NewPCG(1, 1))); err != nil {
			t.Fatal(err)
		}
	}
	if s.Len() > net.Len()+SplinterCapacity || s.SplitsSkipped == 0 {
		t.Errorf("groups %d (capacity %d), skipped %d", s.Len(), net.Len()+SplinterCapacity, s.SplitsSkipped)
	}
}

func TestOrgsSameSeedSameState(t *testing.T) {
	t.Parallel()
	p := Defaults()
	p.SplitProbability = 0.3
	start := calendar.Of(2015, 1)
	in := StatusQuo()
	in.Removals = []Removal{{State: jalisco, Kind: Killing, Count: 0.4}, {State: durango, Kind: Capture, Count: 0.4}, {State: cdmx, Kind: MidLevelArrest, Count: 3}}
	run := func(seed uint64) *State {
		s := mustInit(t, p, start)
		rng := rand.New(rand.NewPCG(seed, 99))
		for m := start; m < start+120; m++ {
			if err := Step(m, p, in, s, rng); err != nil {
				t.Fatal(err)
			}
		}
		return s
	}
	a, b, c := run(5), run(5), run(6)
	if !reflect.DeepEqual(a, b) {
		t.Error("same seed, different states")
	}
	if reflect.DeepEqual(a.Integrity, c.Integrity) {
		t.Error("different seeds, identical integrity paths: the rng is not used")
	}
}

func TestOrgsPoisson(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(11, 12))
	for _, lambda := range []float64{0, 0.3, 4, 25, 400} {
		const n = 20000
		sum, sq := 0.0, 0.0
		for range n {
			k := float64(poisson(rng, lambda))
			sum += k
			sq += k * k
		}
		mean, v := sum/n, sq/n-(sum/n)*(sum/n)
		// Mean and variance both λ; 5 standard errors of the mean.
		if se := math.Sqrt(lambda / n); math.Abs(mean-lambda) > 5*se+1e-12 || math.Abs(v-lambda) > 0.1*lambda+1e-12 {
			t.Errorf("λ=%g: mean %g, variance %g", lambda, mean, v)
		}
	}
}

// TestOrgsDecapitationFragments: a decade of leader killings and captures
// splits groups, and killings in the second five years exceed those of
// the same run without removals (the long-run fragmentation effect of
// Phillips 2015 and Calderón et al. 2015; the sign is what is checked).
func TestOrgsDecapitationFragments(t *testing.T) {
	t.Parallel()
	p := Defaults()
	start := calendar.Of(2015, 1)
	base, dec := mustInit(t, p, start), mustInit(t, p, start)
	in := StatusQuo()
	in.Removals = []Removal{{State: jalisco, Kind: Killing, Count: 0.05}, {State: durango, Kind: Capture, Count: 0.1}}
	rb, rd := rand.New(rand.NewPCG(1, 1)), rand.New(rand.NewPCG(1, 1))
	splits, killedBase, killedDec := 0, 0.0, 0.0
	for m := start; m < start+120; m++ {
		if err := Step(m, p, StatusQuo(), base, rb); err != nil {
			t.Fatal(err)
		}
		if err := Step(m, p, in, dec, rd); err != nil {
			t.Fatal(err)
		}
		splits += dec.Splits
		if m >= start+60 {
			killedBase += base.Casualties
			killedDec += dec.Casualties
		}
	}
	if splits == 0 || base.Len() != base.net.Len() {
		t.Errorf("splits %d with removals, groups %d without", splits, base.Len())
	}
	if !(killedDec > killedBase) {
		t.Errorf("killings 2020-2024: %g with removals, %g without; want more", killedDec, killedBase)
	}
	t.Logf("%d splits; killings 2020-2024 %+.1f%%, members 2025 %+.1f%%", splits, 100*(killedDec/killedBase-1), 100*(dec.Total()/base.Total()-1))
}
