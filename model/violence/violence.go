// Package violence models homicides in Mexico by state and month, and the
// enforcement that feeds the organisation model.
//
// Homicides in state s are a baseline proportional to population, plus
// killings from conflict between groups (from orgs), plus deaths in
// confrontations with the state:
//
//	H_s = b·w_s·pop_s/12 + κ·l(R)·(a_s(t)/ā)·(K_s + c·X_s)·e^(−S_s)·r_s + ε·T_s/10⁴/12
//
// with b the national baseline rate and w_s the state's homicide rate in
// 2000–2007, before the drug war's escalation, relative to the national
// rate then (History.Weight, from INEGI): the geography of homicides not
// driven by the groups' wars. K_s are the conflict casualties among
// members allocated to s by each group's presence, X_s the part of them in
// local succession contests after a leadership removal
// (orgs.State.ContestByState), c the extra homicides a contest brings per
// such casualty, a_s(t) the state's conflict weight in month t and ā its
// mean weighted by the casualties K_s + c·X_s (so that the weights move
// casualties between states, not their national total: the network codes
// each group to one state from media reports and the presence maps do not
// rank states, so where casualties fall is fitted for the ten states of
// the targets, Params.Allocate), κ the homicides per member casualty (victims
// outside the groups, unreported members), S_s the state's territorial
// consolidation and r_s its route factor (both below), T_s troops deployed
// and ε deaths per 10,000 troops a year. Observed counts are drawn Poisson around H_s.
//
// How far conflict spreads beyond the groups' own members follows the
// trade's value: when revenue at stake rises, groups fight harder for routes
// and plazas and kill more people outside their ranks (Castillo, Mejía &
// Restrepo 2020, Rev. Econ. Stat. 102(2): revenue shocks raised violence).
// The multiplier is
//
//	l(R) = 1 + L·Rⁿ/(Rⁿ + R½ⁿ)
//
// with R the monthly fentanyl revenue (USD), R½ its half-saturation and n
// how sharply the fight for the new rents sets in once they are worth it
// (a Hill curve; n = 1 is the plain saturating curve). It
// acts on homicides, not on member casualties, so the organisation model
// keeps the membership dynamics of Prieto-Curiel et al. (2023).
//
// The weight drifts at a fitted rate g_s a year (log scale) over the fit
// window 2015–2022 and holds its end values outside it:
//
//	a_s(t) = a_s·exp(g_s·(y(t) − y_mid)),  y(t) clamped to the window
//
// with y_mid the window's middle (Params.Weights). The presence network is
// a 2020 snapshot and the presence maps are undated, so there is no time
// series of where the groups fight; the drift is a calibrated stand-in for
// it, not a mechanism, and projections after 2022 keep the 2022 weights.
// It acts before consolidation, like the weight, so a state's
// consolidation damps it.
//
// # Territorial consolidation
//
// Wars between groups settle who holds a territory, and a settled
// territory is less violent: the same conflict among members kills fewer
// people once one side dominates the plazas and the rest keep out or pay
// (Durán-Martínez 2015, J. Conflict Resolut. 59:1377: violence falls where
// a market is consolidated under one group; the "Pax Sinaloa" decline of
// 2011–2014 in Baja California, Sonora and Chihuahua that Justice in
// Mexico's 2013 report attributes mostly to the Sinaloa cartel
// consolidating its power there). Each state's consolidation S_s follows
// its own recent conflict homicides, a memory that fades as territories
// reopen:
//
//	S_s(t+1) = S_s(t) + (h_s(t)/h* − S_s(t))/τ
//
// with h_s the state's conflict homicides (the second term of H_s) per
// 100,000 persons a year, h* the rate that, sustained, cuts the homicides
// per casualty by a factor e, and τ the memory in months. The consolidation
// of 2015-01 is that left by the wars of 2008–2014: the same recursion run
// over each state's observed homicides above its 2000–2007 rate
// (History.Excess). So violence rises first where territory was not
// fought over before, and a wave of violence settles itself: the rise of
// 2015–2018 and the fall after 2019 in the national series.
//
// # Routes
//
// Groups fight hardest where the trade passes: violence rises along the
// trafficking routes and moves with them when enforcement diverts them
// (Dell 2015, Am. Econ. Rev. 105(6):1738). The route factor moves a share
// φ of the conflict homicides towards the states the month's fentanyl
// shipments cross, in proportion to the shipments handled there (Q_s, the
// routes module's flow on each road split between its ends' states):
//
//	r_s = 1 − φ + φ·Q_s/Q̄
//
// with Q̄ the mean of Q_s weighted by each state's conflict homicides
// before the factor, so that the factor moves conflict homicides between
// states without changing their national total.
//
// Enforcement turns levers into the organisation model's inputs: troops,
// extraditions and intelligence raise incapacitation, and leadership
// removals (captures, strikes) are passed as events.
package violence

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/data/network"
	"github.com/cartelsim/cartelsim/geo"
	"github.com/cartelsim/cartelsim/params"
)

// Params of the violence module.
type Params struct {
	BaseRate        float64 // b, homicides per person per year
	PerCasualty     float64 // κ
	Confrontation   float64 // ε, deaths per 10,000 troops per year
	LethalityMax    float64 // L
	RevenueHalf     float64 // R½, USD per month
	TroopIncap      float64 // extra incapacitation per 10,000 troops, multiplier units
	ExtraditionInc  float64 // extra incapacitation per 100 extraditions a year
	IntelIncap      float64 // extra incapacitation at full intelligence sharing
	IntelRemoval    float64 // extra success of removals at full sharing
	RemovalSuccess  float64 // share of planned removal operations that succeed
	ExtraditionLead float64 // share of extraditions that remove leadership
	LocalContest    float64 // c, extra homicides per contested casualty, relative to κ
	SettleRate      float64 // h*, conflict homicides per 100,000 a year that cut lethality by a factor e once sustained
	SettleMemory    float64 // τ, months
	RevenueHill     float64 // n
	RouteShare      float64 // φ
	// ConflictWeight is a_s, each state's weight in the allocation of the
	// conflict homicides (by geo index; 1 outside WeightedStates).
	ConflictWeight [geo.NumStates]float64
	// ConflictDrift is g_s, each state's drift of its conflict weight,
	// per year on the log scale (by geo index; 0 outside WeightedStates),
	// over the window DriftFrom … DriftTo (Weights).
	ConflictDrift      [geo.NumStates]float64
	DriftFrom, DriftTo calendar.Month
}

// Parameters lists the module's registry entries.
func Parameters() []params.Param {
	const m = "violence"
	fit := "fitted jointly by Nelder-Mead within the priors (go test ./fit -run TestViolenceRefit -violencerefit) to the homicide targets (docs/violence.md, Calibration): " +
		"squared log errors of national homicides against INEGI 2015-2022 and SESNSP 2015-2023 (errors beyond 7.5% weighted 30 times) " +
		"plus those of the ten highest states each year 2015-2022 against INEGI (weight 0.03 each), for the mean of the baseline runs " +
		"with seeds 1-8, violence.local_contest held at its event-study value and orgs.presence_home_share at 0.8, " +
		"with the presence of cartel_state_presence and the ten target states' conflict weights and their drifts fitted with them (docs/violence.md, Calibration)"
	u := params.Uniform
	return append([]params.Param{
		{Name: m + ".base_rate", Module: m, Unit: "homicides per 100,000 persons per year", Default: 13.3225,
			Prior: params.Prior{Dist: u, Lo: 4, Hi: 14},
			Source: "INEGI homicide rates: about 9.5 per 100,000 in 2000-2007, before the drug war's escalation (Gargiulo, Aburto & Floridi 2023 tabulation, " +
				"table mx_homicides_inegi_state_month_2000_2014), spread over the states as their 2000-2007 rates; the fit puts the rate of 2015 on about " +
				"a third higher (homicides outside the groups' wars grew too)", Fit: fit,
			Description: "national rate of homicides not driven by cartel conflict; state s has this times its 2000-2007 rate relative to the nation's"},
		{Name: m + ".per_casualty", Module: m, Unit: "homicides per member casualty", Default: 1.84393,
			Prior:  params.Prior{Dist: u, Lo: 0.1, Hi: 3},
			Source: "Prieto-Curiel, Campedelli & Hope 2023 (Science 381:1312): conflict lethality set to about 200 member deaths a week, a part of all homicides; ratio set by fit", Fit: fit,
			Description: "homicides per cartel-member conflict casualty"},
		{Name: m + ".confrontation_deaths", Module: m, Unit: "deaths per 10,000 troops per year", Default: 100,
			Prior:       params.Prior{Dist: u, Lo: 10, Hi: 400},
			Source:      "CIDE, Monitor del uso de la fuerza letal en México (Silva Forné, Pérez Correa & Gutiérrez Rivas 2012, 2019): hundreds killed a year in confrontations with tens of thousands of troops deployed",
			Description: "deaths in confrontations per troops deployed"},
		{Name: m + ".lethality_max", Module: m, Unit: "1", Default: 11.9726,
			Prior:  params.Prior{Dist: u, Lo: 0, Hi: 12},
			Source: "Castillo, Mejía & Restrepo 2020 (Rev Econ Stat 102:269): revenue shocks raise violence; size set by fit to the 2015-2018 rise", Fit: fit,
			Description: "largest rise of homicides per member casualty from fentanyl revenue"},
		{Name: m + ".revenue_half_usd", Module: m, Unit: "USD per month", Default: 7.22934e+06,
			Prior:  params.Prior{Dist: params.LogUniform, Lo: 1e5, Hi: 1e9},
			Source: "assumption: set by fit; the rise of homicides (2015-18) preceded the peak of seizures (FY2023)", Fit: fit,
			Description: "fentanyl revenue at which half the lethality rise is reached"},
		{Name: m + ".troop_incapacitation", Module: m, Unit: "1 per 10,000 troops", Default: 0.05,
			Prior:       params.Prior{Dist: u, Lo: 0, Hi: 0.2},
			Source:      "assumption: Mexico's federal forces (about 100,000-300,000 personnel) carry the status-quo 110 incapacitations a week of Prieto-Curiel et al. 2023; extra troops add in proportion, with diminishing reach",
			Description: "rise of the incapacitation multiplier per 10,000 extra troops"},
		{Name: m + ".extradition_incapacitation", Module: m, Unit: "1 per 100 extraditions a year", Default: 0.02,
			Prior:       params.Prior{Dist: u, Lo: 0, Hi: 0.1},
			Source:      "assumption: extradited people are already in custody; the gain is in keeping leadership from running groups from prison (no study measures it)",
			Description: "rise of the incapacitation multiplier per 100 extraditions a year"},
		{Name: m + ".intel_incapacitation", Module: m, Unit: "1", Default: 0.1,
			Prior:       params.Prior{Dist: u, Lo: 0, Hi: 0.4},
			Source:      "assumption: intelligence sharing makes arrests more effective; no study measures it (ANCHORS §6)",
			Description: "rise of the incapacitation multiplier at full intelligence sharing and status-quo cooperation"},
		{Name: m + ".intel_removal", Module: m, Unit: "1", Default: 0.5,
			Prior:       params.Prior{Dist: u, Lo: 0, Hi: 1.5},
			Source:      "assumption: intelligence sharing raises the success of removal operations (ANCHORS §6: no direct anchor)",
			Description: "rise of removal success at full intelligence sharing"},
		{Name: m + ".removal_success", Module: m, Unit: "1", Default: 0.5,
			Prior:       params.Prior{Dist: u, Lo: 0.1, Hi: 0.9},
			Source:      "Calderón et al. 2015 (J Conflict Resolution 59:1455): 20 of the 37 most-wanted removed within two years, about half of targets a year",
			Description: "share of planned removal operations that remove leadership"},
		{Name: m + ".extradition_leadership", Module: m, Unit: "1", Default: 0.05,
			Prior:       params.Prior{Dist: u, Lo: 0, Hi: 0.4},
			Source:      "assumption: a minority of extradited people held leadership roles (DOJ announcements of the 2025 transfers name several senior figures among 29 and 26)",
			Description: "share of extraditions that remove leadership"},
		{Name: m + ".local_contest", Module: m, Unit: "1", Default: 8.5,
			Prior: params.Prior{Dist: u, Lo: 0, Hi: 10},
			Source: "Lindo & Padilla-Romo (2018) J. Health Econ. 58:253: homicides about 80% higher in the municipality " +
				"of a kingpin capture for 12 months or more; assumption: the whole effect acts through the captured " +
				"group's conflict casualties in the state of the capture",
			Fit: "set so that the model's event study of a capture (go test ./model/violence -run Kingpin -v) " +
				"gives about +80% homicides in the state of the capture over the following 12 months",
			Description: "extra homicides per member casualty in a local succession contest, as a multiple of " +
				"the homicides per casualty elsewhere"},
		{Name: m + ".route_share", Module: m, Unit: "1", Default: 0.459662,
			Prior: params.Prior{Dist: u, Lo: 0, Hi: 1},
			Source: "Dell (2015) Am Econ Rev 105(6):1738: violence rises along the predicted trafficking routes and moves with them " +
				"when crackdowns divert them; share set by fit",
			Fit:         fit,
			Description: "share of conflict homicides that follow the fentanyl shipments handled in each state"},
		{Name: m + ".revenue_hill", Module: m, Unit: "1", Default: 2.00488,
			Prior: params.Prior{Dist: u, Lo: 1, Hi: 4},
			Source: "assumption: the fight for a new rent sets in once it is worth fighting for (Castillo, Mejía & Restrepo 2020, " +
				"Rev Econ Stat 102:269: violence follows the value of the trade); 1 is a plain saturating response; steepness set by fit",
			Fit:         fit,
			Description: "Hill exponent of the lethality's response to fentanyl revenue"},
		{Name: m + ".settle_rate", Module: m, Unit: "conflict homicides per 100,000 persons per year", Default: 8.47256,
			Prior: params.Prior{Dist: params.LogUniform, Lo: 2, Hi: 200},
			Source: "Durán-Martínez 2015 (J Conflict Resolut 59(8):1377): drug violence is lower where one group holds a market than where groups compete for it; " +
				"Justice in Mexico, Drug Violence in Mexico: Data and Analysis Through 2012 (Molzahn, Rodríguez Ferreira & Shirk, February 2013): " +
				"the decline of 2011-2012 in Baja California, Sonora and Chihuahua owed most to the Sinaloa cartel consolidating its power there after the wars of 2008-2011; size set by fit",
			Fit:         fit,
			Description: "sustained conflict homicide rate at which territorial consolidation cuts the homicides per member casualty by a factor e"},
		{Name: m + ".settle_memory_months", Module: m, Unit: "months", Default: 116.97,
			Prior: params.Prior{Dist: u, Lo: 6, Hi: 120},
			Source: "assumption: territories settled by a war stay settled for years (the decline in Baja California, Sonora and Chihuahua " +
				"after the 2008-2011 wars lasted into 2015, INEGI; Justice in Mexico 2013, as violence.settle_rate); size set by fit",
			Fit:         fit,
			Description: "memory of territorial consolidation: the time over which past conflict homicides settle territory"},
	}, append(weightParams(fit), driftParams(fit)...)...)
}

// FromValues reads the parameters.
func FromValues(v params.Values) Params {
	g := v.Get
	return Params{
		BaseRate: g("violence.base_rate") / 1e5, PerCasualty: g("violence.per_casualty"),
		Confrontation: g("violence.confrontation_deaths"), LethalityMax: g("violence.lethality_max"),
		RevenueHalf: g("violence.revenue_half_usd"), TroopIncap: g("violence.troop_incapacitation"),
		ExtraditionInc: g("violence.extradition_incapacitation"), IntelIncap: g("violence.intel_incapacitation"),
		IntelRemoval: g("violence.intel_removal"), RemovalSuccess: g("violence.removal_success"),
		ExtraditionLead: g("violence.extradition_leadership"), LocalContest: g("violence.local_contest"),
		SettleRate: g("violence.settle_rate"), SettleMemory: g("violence.settle_memory_months"),
		RevenueHill: g("violence.revenue_hill"), RouteShare: g("violence.route_share"),
		ConflictWeight: conflictWeights(v), ConflictDrift: conflictDrifts(v),
		DriftFrom: v.Month("violence.drift_from"), DriftTo: v.Month("violence.drift_to"),
	}
}

// Validate checks the parameters.
func (p Params) Validate() error {
	if p.RevenueHalf <= 0 || p.BaseRate < 0 || p.PerCasualty < 0 || p.LocalContest < 0 {
		return fmt.Errorf("violence: revenue half-saturation must be positive and rates non-negative")
	}
	if !(p.RouteShare >= 0 && p.RouteShare <= 1) {
		return fmt.Errorf("violence: route share %g, want [0, 1]", p.RouteShare)
	}
	if !(p.RevenueHill >= 1) {
		return fmt.Errorf("violence: revenue Hill exponent %g, want at least 1", p.RevenueHill)
	}
	for i, a := range p.ConflictWeight {
		if !(a >= 0) || math.IsInf(a, 1) {
			return fmt.Errorf("violence: conflict weight %g of state index %d, want a non-negative number", a, i)
		}
	}
	for i, g := range p.ConflictDrift {
		if math.IsNaN(g) || math.IsInf(g, 0) {
			return fmt.Errorf("violence: conflict drift %g of state index %d, want a finite number", g, i)
		}
	}
	if p.DriftFrom != 0 || p.DriftTo != 0 {
		if err := calendar.Ordered([]string{"violence.drift_from", "violence.drift_to"}, p.DriftFrom, p.DriftTo); err != nil {
			return fmt.Errorf("violence: %w", err)
		}
	}
	if !(p.SettleRate > 0) || !(p.SettleMemory >= 1) {
		return fmt.Errorf("violence: settle rate %g must be positive and settle memory %g at least a month", p.SettleRate, p.SettleMemory)
	}
	return nil
}

// Lethality is the multiplier l(R) on homicides per member casualty at
// monthly revenue r, USD.
func (p Params) Lethality(r float64) float64 {
	if !(r > 0) {
		return 1
	}
	x := math.Pow(r/p.RevenueHalf, p.RevenueHill)
	return 1 + p.LethalityMax*x/(1+x)
}

// State is the month's homicides and each state's territorial
// consolidation. The zero value has no consolidation and the national
// baseline rate in every state; NewState starts from the history.
type State struct {
	Expected [geo.NumStates]float64
	Drawn    [geo.NumStates]float64
	Total    float64
	// Conflict is the month's conflict homicides by state (the second
	// term of H_s), before the draw.
	Conflict [geo.NumStates]float64
	// Settled is each state's territorial consolidation S_s; the
	// homicides per casualty are multiplied by e^(−S_s).
	Settled [geo.NumStates]float64
	// weight is w_s; unset (weighted false) means 1 everywhere.
	weight   [geo.NumStates]float64
	weighted bool
}

// NewState returns the state of 2015-01: the baselines and the
// consolidation left by 2008–2014, from h (LoadHistory).
func NewState(p Params, h *History) (*State, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if h == nil {
		return nil, fmt.Errorf("violence: new state: no history")
	}
	s := &State{weight: h.Weight, weighted: true}
	for _, e := range h.Excess {
		for i := range s.Settled {
			s.settle(p, i, e[i])
		}
	}
	return s, nil
}

// settle moves state i's consolidation a month towards the conflict
// homicide rate rate, per 100,000 persons a year.
func (s *State) settle(p Params, i int, rate float64) {
	s.Settled[i] += (rate/p.SettleRate - s.Settled[i]) / p.SettleMemory
}

// BaseWeight is w_s, state i's baseline relative to the national rate.
func (s *State) BaseWeight(i int) float64 {
	if !s.weighted {
		return 1
	}
	return s.weight[i]
}

// Inputs of a month.
type Inputs struct {
	Casualties []float64 // member casualties per geo state this month
	Contest    []float64 // the part of them in local succession contests (orgs.State.ContestByState)
	Revenue    float64   // fentanyl revenue this month, USD
	Population []float64 // persons per geo state
	Troops     *[geo.NumStates]float64
	// Throughput is the fentanyl shipments handled in each geo state this
	// month, kg (StateThroughput); nil for no route factor.
	Throughput []float64
}

// Step computes month t's homicides and draws the observed counts.
func Step(t calendar.Month, p Params, in Inputs, s *State, rng *rand.Rand) {
	s.Total = 0
	k := p.PerCasualty * p.Lethality(in.Revenue)
	for i := range s.Conflict {
		c := in.Casualties[i]
		if in.Contest != nil {
			c += p.LocalContest * in.Contest[i]
		}
		s.Conflict[i] = c
	}
	p.Allocate(t, s.Conflict[:])
	for i, c := range s.Conflict {
		s.Conflict[i] = k * c * math.Exp(-s.Settled[i])
	}
	s.route(p, in.Throughput)
	for i := range s.Expected {
		conflict := s.Conflict[i]
		h := p.BaseRate*s.BaseWeight(i)*in.Population[i]/12 + conflict + p.Confrontation*in.Troops[i]/1e4/12
		if in.Population[i] > 0 {
			s.settle(p, i, conflict/in.Population[i]*12e5)
		}
		s.Expected[i] = h
		s.Drawn[i] = poisson(rng, h)
		s.Total += s.Drawn[i]
	}
}

// route multiplies the month's conflict homicides by the route factor
// r_s = 1 − φ + φ·Q_s/Q̄, with Q_s = q[s] and Q̄ the mean of q weighted by
// the conflict homicides. With no throughput anywhere (or none given) it
// leaves them as they are.
func (s *State) route(p Params, q []float64) {
	if q == nil || p.RouteShare == 0 {
		return
	}
	var num, den float64
	for i, c := range s.Conflict {
		num += c * q[i]
		den += c
	}
	if !(num > 0) {
		return
	}
	mean := num / den
	for i := range s.Conflict {
		s.Conflict[i] *= 1 - p.RouteShare + p.RouteShare*q[i]/mean
	}
}

// StateThroughput writes into out (32 entries, by geo index) the
// shipments handled in each state: each road's flow edgeFlow (kg, indexed
// as net.Edges) split evenly between the states of its two ends (a US port
// has none). A shipment is counted on every road it takes, so a state
// crossed by a long route handles more.
func StateThroughput(net *network.Network, edgeFlow []float64, out []float64) {
	clear(out)
	for k, f := range edgeFlow {
		if f == 0 {
			continue
		}
		// A pointer, not a copy: an edge carries its names and sources.
		e := &net.Edges[k]
		for _, n := range [2]int{e.From, e.To} {
			if st := net.Nodes[n].State; st >= 0 {
				out[st] += f / 2
			}
		}
	}
}

// poisson draws a Poisson variate with gonum's sampler, which stays O(1)
// for large means.
func poisson(rng *rand.Rand, mean float64) float64 {
	if mean <= 0 {
		return 0
	}
	return distuv.Poisson{Lambda: mean, Src: rng}.Rand()
}

// Clone returns a copy of s that steps on its own (sim.RunAll branches
// runs into scenarios from a shared past).
func (s *State) Clone() *State {
	c := *s
	return &c
}
