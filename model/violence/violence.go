// Package violence models homicides in Mexico by state and month, and the
// enforcement that feeds the organisation model.
//
// Homicides in state s are a baseline proportional to population, plus
// killings from conflict between groups (from orgs), plus deaths in
// confrontations with the state:
//
//	H_s = b·pop_s/12 + κ·l(R)·(K_s + c·X_s) + ε·T_s/10⁴/12
//
// with K_s the conflict casualties among members allocated to s by each
// group's presence, X_s the part of them in local succession contests
// after a leadership removal (orgs.State.ContestByState), c the extra
// homicides a contest brings per such casualty, κ the
// homicides per member casualty (victims outside the groups, unreported
// members), T_s troops deployed and ε deaths per 10,000 troops a year.
// Observed counts are drawn Poisson around H_s.
//
// How far conflict spreads beyond the groups' own members follows the
// trade's value: when revenue at stake rises, groups fight harder for routes
// and plazas and kill more people outside their ranks (Castillo, Mejía &
// Restrepo 2020, Rev. Econ. Stat. 102(2): revenue shocks raised violence).
// The multiplier is
//
//	l(R) = 1 + L·R/(R + R½)
//
// with R the monthly fentanyl revenue (USD) and R½ its half-saturation. It
// acts on homicides, not on member casualties, so the organisation model
// keeps the membership dynamics of Prieto-Curiel et al. (2023).
//
// Enforcement turns levers into the organisation model's inputs: troops,
// extraditions and intelligence raise incapacitation, and leadership
// removals (captures, strikes) are passed as events.
package violence

import (
	"fmt"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"

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
}

// Parameters lists the module's registry entries.
func Parameters() []params.Param {
	const m = "violence"
	fit := "fitted by least squares to INEGI national homicides 2015-2022 and SESNSP 2015-2023, INEGI 2016-2022 held within 17% (docs/violence.md, Calibration)"
	u := params.Uniform
	return []params.Param{
		{Name: m + ".base_rate", Module: m, Unit: "homicides per 100,000 persons per year", Default: 9.53,
			Prior:  params.Prior{Dist: u, Lo: 4, Hi: 14},
			Source: "INEGI homicide rates: about 8-10 per 100,000 in 2005-07, before the drug war's escalation (Gargiulo, Aburto & Floridi 2023 series)", Fit: fit,
			Description: "homicides not driven by cartel conflict"},
		{Name: m + ".per_casualty", Module: m, Unit: "homicides per member casualty", Default: 0.348,
			Prior:  params.Prior{Dist: u, Lo: 0.1, Hi: 3},
			Source: "Prieto-Curiel, Campedelli & Hope 2023 (Science 381:1312): conflict lethality set to about 200 member deaths a week, a part of all homicides; ratio set by fit", Fit: fit,
			Description: "homicides per cartel-member conflict casualty"},
		{Name: m + ".confrontation_deaths", Module: m, Unit: "deaths per 10,000 troops per year", Default: 100,
			Prior:       params.Prior{Dist: u, Lo: 10, Hi: 400},
			Source:      "CIDE, Monitor del uso de la fuerza letal en México (Silva Forné, Pérez Correa & Gutiérrez Rivas 2012, 2019): hundreds killed a year in confrontations with tens of thousands of troops deployed",
			Description: "deaths in confrontations per troops deployed"},
		{Name: m + ".lethality_max", Module: m, Unit: "1", Default: 10,
			Prior:  params.Prior{Dist: u, Lo: 0, Hi: 12},
			Source: "Castillo, Mejía & Restrepo 2020 (Rev Econ Stat 102:269): revenue shocks raise violence; size set by fit to the 2015-2018 rise", Fit: fit,
			Description: "largest rise of homicides per member casualty from fentanyl revenue"},
		{Name: m + ".revenue_half_usd", Module: m, Unit: "USD per month", Default: 3.878e+06,
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
		{Name: m + ".local_contest", Module: m, Unit: "1", Default: 7,
			Prior: params.Prior{Dist: u, Lo: 0, Hi: 10},
			Source: "Lindo & Padilla-Romo (2018) J. Health Econ. 58:253: homicides about 80% higher in the municipality " +
				"of a kingpin capture for 12 months or more; assumption: the whole effect acts through the captured " +
				"group's conflict casualties in the state of the capture",
			Fit: "set so that the model's event study of a capture (go test ./model/violence -run Kingpin -v) " +
				"gives about +80% homicides in the state of the capture over the following 12 months",
			Description: "extra homicides per member casualty in a local succession contest, as a multiple of " +
				"the homicides per casualty elsewhere"},
	}
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
	}
}

// Validate checks the parameters.
func (p Params) Validate() error {
	if p.RevenueHalf <= 0 || p.BaseRate < 0 || p.PerCasualty < 0 || p.LocalContest < 0 {
		return fmt.Errorf("violence: revenue half-saturation must be positive and rates non-negative")
	}
	return nil
}

// Lethality is the multiplier l(R) on homicides per member casualty at
// monthly revenue r, USD.
func (p Params) Lethality(r float64) float64 {
	return 1 + p.LethalityMax*r/(r+p.RevenueHalf)
}

// State is the month's homicides.
type State struct {
	Expected [geo.NumStates]float64
	Drawn    [geo.NumStates]float64
	Total    float64
}

// Inputs of a month.
type Inputs struct {
	Casualties []float64 // member casualties per geo state this month
	Contest    []float64 // the part of them in local succession contests (orgs.State.ContestByState)
	Revenue    float64   // fentanyl revenue this month, USD
	Population []float64 // persons per geo state
	Troops     *[geo.NumStates]float64
}

// Step computes the month's homicides and draws the observed counts.
func Step(p Params, in Inputs, s *State, rng *rand.Rand) {
	s.Total = 0
	k := p.PerCasualty * p.Lethality(in.Revenue)
	for i := range s.Expected {
		h := p.BaseRate*in.Population[i]/12 + k*in.Casualties[i] + p.Confrontation*in.Troops[i]/1e4/12
		if in.Contest != nil {
			h += k * p.LocalContest * in.Contest[i]
		}
		s.Expected[i] = h
		s.Drawn[i] = poisson(rng, h)
		s.Total += s.Drawn[i]
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
