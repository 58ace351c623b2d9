package policy

import (
	"math"
	"strings"
	"testing"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/geo"
	"github.com/cartelsim/cartelsim/scenario"
)

// The window every lever below is in force: 2026-01..2030-12, the window
// of the built-in scenarios.
var (
	from = calendar.Of(2026, 1)
	to   = calendar.Of(2030, 12)
	mid  = calendar.Of(2028, 6)
)

// lever is a lever in force over [from, to].
func lever(kind string, intensity float64, regions ...string) scenario.Lever {
	return scenario.Lever{Kind: kind, Intensity: intensity, Regions: regions, From: from, To: to}
}

// levels resolves the levers and returns the levels in month t.
func levels(tb testing.TB, t calendar.Month, ls ...scenario.Lever) Levels {
	tb.Helper()
	p, err := NewPlan(&scenario.Scenario{Name: "test", Levers: ls, From: calendar.Of(2015, 1), To: calendar.Of(2035, 12)})
	if err != nil {
		tb.Fatal(err)
	}
	var lv Levels
	p.Step(t, &lv)
	return lv
}

// idx is the geo index of an INEGI state code.
func idx(tb testing.TB, code string) int {
	tb.Helper()
	i, err := geo.StateIndex(code)
	if err != nil {
		tb.Fatal(err)
	}
	return i
}

// TestNationalLeversAddAndCap: overlapping national levers of one kind
// add up, capped at the kind's maximum (scenario.Kinds).
func TestNationalLeversAddAndCap(t *testing.T) {
	t.Parallel()
	const tol = 1e-12
	for _, tt := range []struct {
		name string
		kind string
		a, b float64
		want float64
		get  func(Levels) float64
	}{
		{"intel adds", scenario.IntelSharing, 0.3, 0.2, 0.5, func(l Levels) float64 { return l.Intel }},
		{"intel caps at 1", scenario.IntelSharing, 0.6, 0.6, 1, func(l Levels) float64 { return l.Intel }},
		{"extraditions add", scenario.Extraditions, 300, 200, 500, func(l Levels) float64 { return l.Extraditions }},
		{"extraditions cap at 1000", scenario.Extraditions, 600, 600, 1000, func(l Levels) float64 { return l.Extraditions }},
		{"sanctions cap at 1", scenario.FTOSanctions, 0.7, 0.5, 1, func(l Levels) float64 { return l.Sanctions }},
		{"precursor controls cap at 0.95", scenario.PrecursorControls, 0.5, 0.5, 0.95, func(l Levels) float64 { return l.Precursor }},
		{"naloxone adds", scenario.Naloxone, 0.3, 0.2, 0.5, func(l Levels) float64 { return l.Naloxone }},
		{"naloxone caps at 3", scenario.Naloxone, 2, 2, 3, func(l Levels) float64 { return l.Naloxone }},
		{"MOUD caps at 3", scenario.MOUD, 2.5, 1, 3, func(l Levels) float64 { return l.MOUD }},
		{"retention adds", scenario.TreatmentRetention, 0.2, 0.3, 0.5, func(l Levels) float64 { return l.Retention }},
		{"retention caps at 3", scenario.TreatmentRetention, 2, 2, 3, func(l Levels) float64 { return l.Retention }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			lv := levels(t, mid, lever(tt.kind, tt.a), lever(tt.kind, tt.b))
			if got := tt.get(lv); math.Abs(got-tt.want) > tol {
				t.Errorf("level %g, want %g", got, tt.want)
			}
			k, _ := scenario.KindByName(tt.kind)
			if got := tt.get(lv); got > k.Max {
				t.Errorf("level %g above the kind's maximum %g", got, k.Max)
			}
		})
	}
}

// TestLabStrikesAddAndCap: the share of lab capacity struck is a rate per
// state, so every listed state gets the full intensity, and overlapping
// levers add up to at most all capacity (1 a year).
func TestLabStrikesAddAndCap(t *testing.T) {
	t.Parallel()
	const tol = 1e-12
	sin, jal := idx(t, "25"), idx(t, "14")
	lv := levels(t, mid, lever(scenario.USStrikeLabs, 0.6, "25", "14"), lever(scenario.USStrikeLabs, 0.3, "25"))
	if math.Abs(lv.StrikesLabs[sin]-0.9) > tol || lv.StrikesLabs[jal] != 0.6 {
		t.Errorf("Sinaloa %g (want 0.9), Jalisco %g (want 0.6)", lv.StrikesLabs[sin], lv.StrikesLabs[jal])
	}
	lv = levels(t, mid, lever(scenario.USStrikeLabs, 0.6, "25"), lever(scenario.USStrikeLabs, 0.6, "25"))
	if lv.StrikesLabs[sin] != 1 {
		t.Errorf("Sinaloa %g, want the cap 1", lv.StrikesLabs[sin])
	}
}

// TestWindow: a lever acts from its first month to its last, inclusive,
// and not outside them; this holds for every kind.
func TestWindow(t *testing.T) {
	t.Parallel()
	for _, k := range scenario.Kinds() {
		t.Run(k.Name, func(t *testing.T) {
			t.Parallel()
			// A tenth of the maximum, so every kind is in range.
			l := lever(k.Name, k.Max/10)
			for _, tt := range []struct {
				m      calendar.Month
				active bool
			}{
				{from - 1, false},
				{from, true},
				{mid, true},
				{to, true},
				{to + 1, false},
			} {
				lv := levels(t, tt.m, l)
				if active := lv != (Levels{}); active != tt.active {
					t.Errorf("%v: active %v, want %v (%+v)", tt.m, active, tt.active, lv)
				}
			}
		})
	}
}

// TestRegionalLevers: regional levers reach only their regions. Totals
// (troops, captures, leadership strikes) are spread evenly over the
// listed states; rates (lab strikes, scanning) apply in full to each.
func TestRegionalLevers(t *testing.T) {
	t.Parallel()
	const tol = 1e-9
	producing := []string{"25", "14", "16", "10", "26"} // the kinds' default regions
	border := []string{"02", "26", "08", "05", "19", "28"}
	for _, tt := range []struct {
		name  string
		l     scenario.Lever
		get   func(Levels) []float64
		codes []string // states or offices that receive the lever
		each  float64  // what each receives
	}{
		{"troops in two states", lever(scenario.MexicoTroops, 60000, "02", "26"),
			func(l Levels) []float64 { return l.Troops[:] }, []string{"02", "26"}, 30000},
		{"troops, default border states", lever(scenario.MexicoTroops, 60000),
			func(l Levels) []float64 { return l.Troops[:] }, border, 10000},
		{"arrests, default producing states", lever(scenario.MexicoArrests, 100),
			func(l Levels) []float64 { return l.Arrests[:] }, producing, 20},
		{"captures in three states", lever(scenario.MexicoCaptures, 12, "25", "14", "16"),
			func(l Levels) []float64 { return l.Captures[:] }, []string{"25", "14", "16"}, 4},
		{"leadership strikes, default producing states", lever(scenario.USStrikeLeadership, 10),
			func(l Levels) []float64 { return l.StrikesLeadership[:] }, producing, 2},
		{"lab strikes, default producing states", lever(scenario.USStrikeLabs, 0.3),
			func(l Levels) []float64 { return l.StrikesLabs[:] }, producing, 0.3},
		{"scanning at Tucson", lever(scenario.BorderInspection, 0.3, "tucson_fo"),
			func(l Levels) []float64 { return l.Inspection[:] }, []string{"tucson_fo"}, 0.3},
		{"scanning, all offices", lever(scenario.BorderInspection, 0.2),
			func(l Levels) []float64 { return l.Inspection[:] }, []string{"san_diego_fo", "tucson_fo", "el_paso_fo", "laredo_fo"}, 0.2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := tt.get(levels(t, mid, tt.l))
			want := make([]float64, len(got))
			for _, c := range tt.codes {
				var i int
				var err error
				if strings.HasSuffix(c, "_fo") {
					i, err = geo.OfficeIndex(c)
				} else {
					i, err = geo.StateIndex(c)
				}
				if err != nil {
					t.Fatal(err)
				}
				want[i] = tt.each
			}
			for i := range got {
				if math.Abs(got[i]-want[i]) > tol {
					t.Errorf("region %d: %g, want %g", i, got[i], want[i])
				}
			}
		})
	}
}

// TestUnilateral: only strikes marked unilateral register as unilateral;
// leadership strikes count operations a year, lab strikes the share of
// capacity, and overlapping campaigns add.
func TestUnilateral(t *testing.T) {
	t.Parallel()
	uni := func(l scenario.Lever) scenario.Lever { l.Unilateral = true; return l }
	for _, tt := range []struct {
		name     string
		ls       []scenario.Lever
		ops, lab float64
	}{
		{"consented leadership strikes", []scenario.Lever{lever(scenario.USStrikeLeadership, 6)}, 0, 0},
		{"consented lab strikes", []scenario.Lever{lever(scenario.USStrikeLabs, 0.3)}, 0, 0},
		{"unilateral leadership strikes", []scenario.Lever{uni(lever(scenario.USStrikeLeadership, 12))}, 12, 0},
		{"unilateral lab strikes", []scenario.Lever{uni(lever(scenario.USStrikeLabs, 0.3))}, 0, 0.3},
		// The built-in unilateral-campaign: 12 operations and 30% of labs a year.
		{"unilateral campaign", []scenario.Lever{uni(lever(scenario.USStrikeLeadership, 12)), uni(lever(scenario.USStrikeLabs, 0.3))}, 12, 0.3},
		{"mixed", []scenario.Lever{uni(lever(scenario.USStrikeLeadership, 12)), lever(scenario.USStrikeLeadership, 6)}, 12, 0},
		{"two unilateral campaigns", []scenario.Lever{uni(lever(scenario.USStrikeLeadership, 12)), uni(lever(scenario.USStrikeLeadership, 4, "25"))}, 16, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			lv := levels(t, mid, tt.ls...)
			if lv.Unilateral != tt.ops || lv.UnilateralLabs != tt.lab {
				t.Errorf("unilateral %g ops, %g labs; want %g, %g", lv.Unilateral, lv.UnilateralLabs, tt.ops, tt.lab)
			}
			if lv = levels(t, to+1, tt.ls...); lv.Unilateral != 0 || lv.UnilateralLabs != 0 {
				t.Errorf("after the window: unilateral %g, %g", lv.Unilateral, lv.UnilateralLabs)
			}
		})
	}
}

// TestTargetedLevers: a lever that names a group goes to Targeted, with
// its operations shared evenly over its states, and not to the per-state
// levels; a unilateral strike on a group still counts as unilateral.
func TestTargetedLevers(t *testing.T) {
	t.Parallel()
	const tol = 1e-15
	sin, dgo := idx(t, "25"), idx(t, "10")
	group := func(l scenario.Lever, g string, uni bool) scenario.Lever {
		l.Group, l.Unilateral = g, uni
		return l
	}
	lv := levels(t, mid,
		group(lever(scenario.USStrikeLeadership, 6, "25", "10"), "sinaloa-cartel", true),
		group(lever(scenario.MexicoCaptures, 4), "cjng", false),
		lever(scenario.MexicoCaptures, 10, "25"),
	)
	if lv.NumTargeted != 2 {
		t.Fatalf("%d targeted levers, want 2", lv.NumTargeted)
	}
	a, b := lv.Targeted[0], lv.Targeted[1]
	if a.Kind != scenario.USStrikeLeadership || a.Group != "sinaloa-cartel" || a.PerYear != 6 || !a.Unilateral {
		t.Errorf("first targeted lever %+v", a)
	}
	if math.Abs(a.Share[sin]-0.5) > tol || math.Abs(a.Share[dgo]-0.5) > tol {
		t.Errorf("shares Sinaloa %g, Durango %g; want 0.5 each", a.Share[sin], a.Share[dgo])
	}
	if b.Kind != scenario.MexicoCaptures || b.Group != "cjng" || b.PerYear != 4 || b.Unilateral || b.Share != ([geo.NumStates]float64{}) {
		t.Errorf("second targeted lever %+v (no regions: all shares zero, the group's main state)", b)
	}
	// Per-state levels hold only the untargeted lever.
	if lv.StrikesLeadership != ([geo.NumStates]float64{}) {
		t.Errorf("targeted strikes leaked into StrikesLeadership: %v", lv.StrikesLeadership)
	}
	if lv.Captures[sin] != 10 {
		t.Errorf("untargeted captures in Sinaloa %g, want 10", lv.Captures[sin])
	}
	if lv.Unilateral != 6 {
		t.Errorf("unilateral %g, want the targeted strikes' 6", lv.Unilateral)
	}
	if lv := levels(t, to+1, group(lever(scenario.MexicoCaptures, 4), "cjng", false)); lv.NumTargeted != 0 {
		t.Errorf("after the window: %d targeted levers", lv.NumTargeted)
	}
}

// TestStepResets: Step overwrites last month's levels.
func TestStepResets(t *testing.T) {
	t.Parallel()
	p, err := NewPlan(&scenario.Scenario{Name: "test", Levers: []scenario.Lever{lever(scenario.Naloxone, 0.3), lever(scenario.MexicoTroops, 6000, "02")}})
	if err != nil {
		t.Fatal(err)
	}
	var lv Levels
	p.Step(mid, &lv)
	p.Step(mid, &lv)
	if lv.Naloxone != 0.3 || lv.Troops[idx(t, "02")] != 6000 {
		t.Errorf("second step of the same month: naloxone %g, troops %g", lv.Naloxone, lv.Troops[idx(t, "02")])
	}
	p.Step(to+1, &lv)
	if lv != (Levels{}) {
		t.Errorf("after the window: %+v", lv)
	}
}

func TestNewPlanErrors(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		l    scenario.Lever
		want string
	}{
		{"unknown kind", lever("carpet_bombing", 1), "unknown kind"},
		{"bad state code", lever(scenario.MexicoTroops, 1000, "33"), "INEGI"},
		{"office for a state lever", lever(scenario.MexicoTroops, 1000, "tucson_fo"), "INEGI"},
		{"state for an office lever", lever(scenario.BorderInspection, 0.2, "02"), "field office"},
		{"region on a national lever", lever(scenario.Naloxone, 0.3, "02"), "takes no regions"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := NewPlan(&scenario.Scenario{Name: "test", Levers: []scenario.Lever{lever(scenario.Naloxone, 0.1), tt.l}})
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "policy: lever 1") {
				t.Errorf("err = %v, want %q naming lever 1", err, tt.want)
			}
		})
	}
}

// TestBuiltinsResolve: every built-in scenario resolves and steps without
// panicking, and its levels stay within the kinds' maxima.
func TestBuiltinsResolve(t *testing.T) {
	t.Parallel()
	for _, name := range scenario.BuiltinNames() {
		s, err := scenario.Builtin(name)
		if err != nil {
			t.Fatal(err)
		}
		p, err := NewPlan(s)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var lv Levels
		for m := s.From; m <= s.To; m++ {
			p.Step(m, &lv)
			for _, x := range []float64{lv.Intel, lv.Sanctions, lv.Precursor} {
				if x < 0 || x > 1 {
					t.Fatalf("%s %v: level %g outside [0, 1] (%+v)", name, m, x, lv)
				}
			}
		}
	}
}

// TestOverlappingRegionalLeversAddAndCap holds the regional levers to the
// package comment: "Overlapping levers of one kind add up, capped at the
// kind's maximum."
func TestOverlappingRegionalLeversAddAndCap(t *testing.T) {
	t.Parallel()
	tuc, _ := geo.OfficeIndex("tucson_fo")
	if lv := levels(t, mid, lever(scenario.BorderInspection, 0.3, "tucson_fo"), lever(scenario.BorderInspection, 0.3, "tucson_fo")); lv.Inspection[tuc] != 0.6 {
		t.Errorf("two 30%% scanning levers at Tucson: %g, want 0.6", lv.Inspection[tuc])
	}
	sin := idx(t, "25")
	if lv := levels(t, mid, lever(scenario.MexicoCaptures, 40, "25"), lever(scenario.MexicoCaptures, 40, "25")); lv.Captures[sin] > 52 {
		t.Errorf("two 40-capture levers in Sinaloa: %g a year, above the maximum 52", lv.Captures[sin])
	}
	if lv := levels(t, mid, lever(scenario.USStrikeLeadership, 40, "25"), lever(scenario.USStrikeLeadership, 40, "25")); lv.StrikesLeadership[sin] > 52 {
		t.Errorf("two 40-strike levers in Sinaloa: %g a year, above the maximum 52", lv.StrikesLeadership[sin])
	}
	lv := levels(t, mid, lever(scenario.MexicoTroops, 150000), lever(scenario.MexicoTroops, 150000))
	total := 0.0
	for _, x := range lv.Troops {
		total += x
	}
	if total > 200000 {
		t.Errorf("two 150,000-troop levers deploy %g troops, above the maximum 200,000", total)
	}
}

// TestPortInspection: a border_inspection lever may name ports of entry;
// a port's scan share is its office's level plus its own, capped at 1,
// and naming only a port leaves the offices at the status quo.
func TestPortInspection(t *testing.T) {
	t.Parallel()
	nogales, ok := scenario.PortIndex("poe_nogales")
	if !ok {
		t.Fatal("no port poe_nogales")
	}
	naco, _ := scenario.PortIndex("poe_naco")
	ysidro, _ := scenario.PortIndex("poe_san_ysidro")
	const tucson, sanDiego = 1, 0 // geo.FieldOffices
	lv := levels(t, mid,
		lever(scenario.BorderInspection, 0.5, "poe_nogales"),
		lever(scenario.BorderInspection, 0.3, "tucson_fo"))
	for _, c := range []struct {
		name         string
		port, office int
		want         float64
	}{
		{"Nogales, office and port", nogales, tucson, 0.8},
		{"Naco, office only", naco, tucson, 0.3},
		{"San Ysidro, neither", ysidro, sanDiego, 0},
	} {
		if got := lv.PortScan(c.port, c.office); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("%s: scan share %g, want %g", c.name, got, c.want)
		}
	}
	only := levels(t, mid, lever(scenario.BorderInspection, 0.7, "poe_nogales"), lever(scenario.BorderInspection, 0.7, "poe_nogales", "poe_naco"))
	if only.Inspection != [4]float64{} {
		t.Errorf("port-only levers set office levels %v", only.Inspection)
	}
	if got := only.PortScan(nogales, tucson); got != 1 {
		t.Errorf("two port levers of 0.7: scan share %g, want capped at 1", got)
	}
	if got := only.PortScan(naco, tucson); math.Abs(got-0.7) > 1e-12 {
		t.Errorf("Naco: scan share %g, want 0.7", got)
	}
	if _, err := NewPlan(&scenario.Scenario{Name: "bad", Levers: []scenario.Lever{lever(scenario.BorderInspection, 0.5, "poe_nowhere")}}); err == nil {
		t.Error("unknown port: no error")
	}
}

// TestStart: a plan's start is its earliest lever's first month, before
// which every month's levels are zero; a plan without levers has none.
func TestStart(t *testing.T) {
	t.Parallel()
	late := lever(scenario.Naloxone, 0.1)
	late.From = from + 7
	p, err := NewPlan(&scenario.Scenario{Name: "test", Levers: []scenario.Lever{late, lever(scenario.MOUD, 0.1)},
		From: calendar.Of(2015, 1), To: calendar.Of(2035, 12)})
	if err != nil {
		t.Fatal(err)
	}
	if start, ok := p.Start(); !ok || start != from {
		t.Errorf("start %v (%v), want %v", start, ok, from)
	}
	var lv Levels
	for m := calendar.Of(2015, 1); m < from; m++ {
		if p.Step(m, &lv); lv != (Levels{}) {
			t.Fatalf("%v, before the start: levels %+v", m, lv)
		}
	}
	none, err := NewPlan(&scenario.Scenario{Name: "none", From: calendar.Of(2015, 1), To: calendar.Of(2035, 12)})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := none.Start(); ok {
		t.Error("a plan without levers has a start")
	}
}
