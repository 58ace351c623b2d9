// Package health models US opioid use and overdose deaths.
//
// First form (issue 2): the compartments of Chen et al. (2019), non-medical
// prescription opioid use N, prescription opioid use disorder O and illicit
// opioid use I (heroin or fentanyl), plus treatment with medication T, in
// persons, integrated monthly with RK4:
//
//	dN/dt = α(t) − (a_NO + a_NI + e_N + μ_N)·N
//	dO/dt = a_NO·N − (a_OI + e_O + τ + μ_O)·O
//	dI/dt = ι + a_NI·N + a_OI·O − (e_I + τ + μ_I(t))·I + (1 − r)·x_T·T
//	dT/dt = τ·(O + I)·(1 − T/cap) − (x_T + μ_T)·T
//
// Fentanyl raises deaths, not users (Pardo et al. 2019, RAND RR-3117): the
// illicit overdose hazard mixes heroin's and fentanyl's by fentanyl's share
// f of the supply (from market), scaled by potency and cut by naloxone:
//
//	μ_I(t) = [μ_H·(1 − f) + μ_F·f·(π/π₀)^β] · c(t) / (1 + e_n·x_n)
//
// Of those leaving treatment a share r is in remission and leaves the model;
// the rest return to illicit use.
//
// with π purity, c(t) the COVID-19 disruption of 2020-21 and x_n the
// relative expansion of naloxone. Deaths from other drugs alone (mostly
// stimulants) are added as an exogenous trend.
//
// Sources: Chen Q. et al. (2019) Prevention of prescription opioid misuse
// and projected overdose deaths in the United States, JAMA Netw Open
// 2(2):e187621; Lim T.Y. et al. (2022) PNAS 119(23):e2115714119 (SOURCE);
// Rao, Humphreys & Brandeau (2021) Lancet Reg Health Am 3:100031; Sordo L.
// et al. (2017) BMJ 357:j1550.
package health

import (
	"fmt"
	"math"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/params"
)

// Params of the health module; rates are per year as published and divided
// by 12 inside Step.
type Params struct {
	N0, O0, I0, T0     float64 // persons, January 2015
	MisuseIncidence    float64 // α in 2015, persons/yr
	MisuseAPC          float64 // annual percentage change of α
	IllicitIncidence   float64 // ι, persons/yr
	NtoO, NtoI, OtoI   float64 // per yr
	ExitN, ExitO       float64 // per yr
	ExitI              float64 // per yr
	MuN, MuO           float64 // overdose death rate, per yr
	MuHeroin, MuFent   float64 // per yr
	PotencyElast       float64 // β
	PotencyRef         float64 // π₀, %
	TreatEntry         float64 // τ, per yr
	TreatExit          float64 // x_T, per yr
	TreatCap           float64 // persons
	TreatMortality     float64 // μ_T/μ_I
	TreatRemission     float64 // r
	NaloxoneEffect     float64 // e_n
	Covid              float64 // c − 1 at the 2020-21 peak
	FentInRx           float64 // share of prescription-type deaths that involve fentanyl, at f = 1
	NonOpioid2015      float64 // deaths/yr
	NonOpioidGrowth    float64 // per yr
	SyntheticNonOpioid float64 // share of non-opioid trend also counted as synthetic (co-involvement), at f = 1
}

// Parameters lists the module's registry entries.
func Parameters() []params.Param {
	const m = "health"
	chen := "Chen et al. 2019 (JAMA Netw Open 2:e187621), parameters as ported in WhyNot (ANCHORS §3.2)"
	fit := "fitted by least squares to CDC 12-month-ending deaths (all drugs and synthetic opioids, December of 2015-2023) (internal/fit)"
	u := params.Uniform
	return []params.Param{
		{Name: m + ".n_2015", Module: m, Unit: "persons", Default: 10.3e6, Prior: params.Prior{Dist: u, Lo: 8e6, Hi: 12e6},
			Source: "NSDUH 2015 (SAMHSA): 12.5 million misused prescription pain relievers, 2.0 million of them with a use disorder", Description: "non-medical prescription opioid users without use disorder, January 2015"},
		{Name: m + ".o_2015", Module: m, Unit: "persons", Default: 2.0e6, Prior: params.Prior{Dist: u, Lo: 1.5e6, Hi: 2.6e6},
			Source: "NSDUH 2015 (SAMHSA): 2.0 million with prescription pain reliever use disorder", Description: "prescription opioid use disorder, January 2015"},
		{Name: m + ".i_2015", Module: m, Unit: "persons", Default: 0.93e6, Prior: params.Prior{Dist: u, Lo: 0.6e6, Hi: 1.3e6},
			Source: chen + ": 0.93 million illicit opioid users in 2015", Description: "illicit opioid users (heroin or fentanyl), January 2015"},
		{Name: m + ".t_2015", Module: m, Unit: "persons", Default: 0.8e6, Prior: params.Prior{Dist: u, Lo: 0.5e6, Hi: 1.2e6},
			Source: "SAMHSA N-SSATS/N-SUMHSS 2015-2016: about 0.35 million in methadone programmes; IQVIA: about 0.5-0.7 million on buprenorphine in a month", Description: "people in treatment with medication for OUD, January 2015"},
		{Name: m + ".misuse_incidence_2015", Module: m, Unit: "persons/year", Default: 1.45e6, Prior: params.Prior{Dist: u, Lo: 1.0e6, Hi: 2.0e6},
			Source: chen + ": 2,496,835/yr in 2002 falling 7.47%/yr after 2008, i.e. about 1.45 million in 2015", Description: "incidence of non-medical prescription opioid use"},
		{Name: m + ".misuse_apc", Module: m, Unit: "per year", Default: -0.0747, Prior: params.Prior{Dist: u, Lo: -0.113, Hi: 0},
			Source: chen + ": historical trend -7.47%/yr; scenario -11.3%/yr", Description: "annual percentage change of misuse incidence"},
		{Name: m + ".illicit_incidence", Module: m, Unit: "persons/year", Default: 1.905e+05, Prior: params.Prior{Dist: u, Lo: 2e4, Hi: 2.5e5},
			Source: chen + ": direct illicit initiation 13,489/yr in 2002 growing 23.5%/yr, stabilising by 2025", Fit: fit, Description: "direct initiation of illicit opioid use"},
		{Name: m + ".n_to_o", Module: m, Unit: "per year", Default: 0.06, Prior: params.Prior{Dist: u, Lo: 0.03, Hi: 0.1},
			Source: chen, Description: "progression from misuse to prescription use disorder"},
		{Name: m + ".n_to_i", Module: m, Unit: "per year", Default: 0.002, Prior: params.Prior{Dist: u, Lo: 0.001, Hi: 0.005},
			Source: chen, Description: "transition from misuse to illicit use"},
		{Name: m + ".o_to_i", Module: m, Unit: "per year", Default: 0.12, Prior: params.Prior{Dist: u, Lo: 0.071, Hi: 0.16},
			Source: chen + ": 0.071 in 2002 growing 4.2%/yr, about 0.12 by 2015", Description: "transition from prescription use disorder to illicit use"},
		{Name: m + ".exit_n", Module: m, Unit: "per year", Default: 0.177, Prior: params.Prior{Dist: u, Lo: 0.1, Hi: 0.25},
			Source: chen, Description: "cessation of misuse"},
		{Name: m + ".exit_o", Module: m, Unit: "per year", Default: 0.24, Prior: params.Prior{Dist: u, Lo: 0.15, Hi: 0.311},
			Source: chen + ": 0.311 in 2002 falling 2.1%/yr, about 0.24 by 2015", Description: "exit from prescription use disorder"},
		{Name: m + ".exit_i", Module: m, Unit: "per year", Default: 0.319, Prior: params.Prior{Dist: u, Lo: 0.15, Hi: 0.4},
			Source: chen, Description: "exit from illicit use"},
		{Name: m + ".mu_n", Module: m, Unit: "per year", Default: 0.0002189, Prior: params.Prior{Dist: u, Lo: 0.0002, Hi: 0.002},
			Source: chen + ": 0.001", Fit: fit, Description: "overdose death rate of non-medical prescription users"},
		{Name: m + ".mu_o", Module: m, Unit: "per year", Default: 0.00279, Prior: params.Prior{Dist: u, Lo: 0.002, Hi: 0.012},
			Source: chen + ": 0.003 in 2002 with 22.4%/yr growth to 2007 then 3%/yr", Fit: fit, Description: "overdose death rate of prescription use disorder"},
		{Name: m + ".mu_heroin", Module: m, Unit: "per year", Default: 0.01612, Prior: params.Prior{Dist: u, Lo: 0.005, Hi: 0.03},
			Source: chen + ": illicit rate 0.005 in 2002, rising 1.1%/yr to 2011 (before fentanyl)", Fit: fit, Description: "overdose death rate of illicit users on a heroin supply"},
		{Name: m + ".mu_fentanyl", Module: m, Unit: "per year", Default: 0.07313, Prior: params.Prior{Dist: u, Lo: 0.015, Hi: 0.12},
			Source: "Pardo et al. 2019 (RAND RR-3117): fentanyl brings more deaths, not more users; CDC synthetic-opioid deaths about 70,000 a year against about 1.5 million illicit users in 2021-23", Fit: fit, Description: "overdose death rate of illicit users on a fentanyl supply at reference purity"},
		{Name: m + ".potency_elasticity", Module: m, Unit: "1", Default: 0.2, Prior: params.Prior{Dist: u, Lo: 0, Hi: 1},
			Source: "Lim et al. 2022 (PNAS) and Stringfellow et al. 2025 (JAMA Psychiatry): fentanyl potency and lethality per user drive deaths; elasticity is an assumption (DEA purity tripled 2021-23 while deaths rose little)", Description: "elasticity of fentanyl lethality to purity"},
		{Name: m + ".potency_ref_pct", Module: m, Unit: "%", Default: 8, Prior: params.Prior{Dist: params.Fixed, Lo: 8, Hi: 8},
			Source: "DEA National Drug Threat Assessment 2025: powder purity about 8% in 2019-21 (definition of the reference)", Description: "reference purity pi0"},
		{Name: m + ".treat_entry", Module: m, Unit: "per year", Default: 0.6, Prior: params.Prior{Dist: u, Lo: 0.1, Hi: 1.0},
			Source: "assumption: about a fifth of people with OUD receive MOUD in a year (NSDUH 2021: 22%), entry rate set accordingly", Description: "treatment entry rate from use disorder and illicit use"},
		{Name: m + ".treat_exit", Module: m, Unit: "per year", Default: 0.9, Prior: params.Prior{Dist: u, Lo: 0.5, Hi: 2},
			Source: "Samples et al. 2018 (J Subst Abuse Treat 95:9): median buprenorphine retention of a few months; about half stay 6 months", Description: "treatment exit rate"},
		{Name: m + ".treat_remission", Module: m, Unit: "1", Default: 0.5, Prior: params.Prior{Dist: u, Lo: 0.2, Hi: 0.8},
			Source: "assumption: after leaving MOUD many relapse within a year (Williams et al. 2020, Drug Alcohol Depend 215:108209: about half of buprenorphine discontinuers had an adverse outcome); the rest remit", Description: "share of those leaving treatment who are in remission"},
		{Name: m + ".treat_capacity", Module: m, Unit: "persons", Default: 1.2e6, Prior: params.Prior{Dist: u, Lo: 1e6, Hi: 2.5e6},
			Source: "assumption: buprenorphine prescribing limits (X-waiver, removed 2023) and methadone programme slots; SAMHSA N-SUMHSS", Description: "treatment capacity"},
		{Name: m + ".treat_mortality", Module: m, Unit: "1", Default: 0.35, Prior: params.Prior{Dist: u, Lo: 0.2, Hi: 0.6},
			Source: "Sordo et al. 2017 (BMJ 357:j1550): overdose mortality in methadone/buprenorphine treatment a fraction of that out of treatment", Description: "overdose hazard in treatment relative to illicit use"},
		{Name: m + ".naloxone_effect", Module: m, Unit: "1 per unit expansion", Default: 1.0, Prior: params.Prior{Dist: u, Lo: 0.3, Hi: 1.5},
			Source: "Rao, Humphreys & Brandeau 2021 (Lancet Reg Health Am 3:100031): +30% naloxone averts about 25% of opioid deaths", Description: "effect e_n of relative naloxone expansion on lethality"},
		{Name: m + ".covid_excess", Module: m, Unit: "1", Default: 0.3736, Prior: params.Prior{Dist: u, Lo: 0, Hi: 0.5},
			Source: "CDC Health Alert Network HAN-00438 (Dec 2020): overdose deaths accelerated during the COVID-19 pandemic", Fit: fit, Description: "peak extra overdose hazard of illicit users during 2020-21"},
		{Name: m + ".fentanyl_in_rx_deaths", Module: m, Unit: "1", Default: 0.5, Prior: params.Prior{Dist: u, Lo: 0.1, Hi: 0.9},
			Source: "DEA NDTA 2024: counterfeit prescription pills pressed with fentanyl; share is an assumption", Description: "share of prescription-type overdose deaths involving fentanyl when the supply is all fentanyl"},
		{Name: m + ".nonopioid_2015", Module: m, Unit: "deaths/year", Default: 19300, Prior: params.Prior{Dist: u, Lo: 15000, Hi: 24000},
			Source: "CDC WONDER 2015: 52,404 overdose deaths of which 33,091 involved opioids", Description: "overdose deaths not involving opioids, 2015"},
		{Name: m + ".nonopioid_growth", Module: m, Unit: "per year", Default: 0.035, Prior: params.Prior{Dist: u, Lo: 0, Hi: 0.08},
			Source: "CDC WONDER 2015-2022: non-opioid overdose deaths (mostly stimulants) rose from about 19,000 to about 26,000", Description: "growth of non-opioid overdose deaths"},
		{Name: m + ".synthetic_in_nonopioid", Module: m, Unit: "1", Default: 0, Prior: params.Prior{Dist: u, Lo: 0, Hi: 0.3},
			Source: "assumption: the non-opioid trend is by definition free of opioids; kept for sensitivity to misclassified co-involvement", Description: "share of non-opioid trend counted as synthetic-opioid deaths at full fentanyl share"},
	}
}

// FromValues reads the parameters.
func FromValues(v params.Values) Params {
	g := v.Get
	return Params{
		N0: g("health.n_2015"), O0: g("health.o_2015"), I0: g("health.i_2015"), T0: g("health.t_2015"),
		MisuseIncidence: g("health.misuse_incidence_2015"), MisuseAPC: g("health.misuse_apc"),
		IllicitIncidence: g("health.illicit_incidence"),
		NtoO:             g("health.n_to_o"), NtoI: g("health.n_to_i"), OtoI: g("health.o_to_i"),
		ExitN: g("health.exit_n"), ExitO: g("health.exit_o"), ExitI: g("health.exit_i"),
		MuN: g("health.mu_n"), MuO: g("health.mu_o"), MuHeroin: g("health.mu_heroin"), MuFent: g("health.mu_fentanyl"),
		PotencyElast: g("health.potency_elasticity"), PotencyRef: g("health.potency_ref_pct"),
		TreatEntry: g("health.treat_entry"), TreatExit: g("health.treat_exit"), TreatCap: g("health.treat_capacity"),
		TreatMortality: g("health.treat_mortality"), TreatRemission: g("health.treat_remission"), NaloxoneEffect: g("health.naloxone_effect"),
		Covid: g("health.covid_excess"), FentInRx: g("health.fentanyl_in_rx_deaths"),
		NonOpioid2015: g("health.nonopioid_2015"), NonOpioidGrowth: g("health.nonopioid_growth"),
		SyntheticNonOpioid: g("health.synthetic_in_nonopioid"),
	}
}

// Validate checks the parameters.
func (p Params) Validate() error {
	if p.TreatCap <= 0 || p.PotencyRef <= 0 {
		return fmt.Errorf("health: treatment capacity and reference purity must be positive")
	}
	for _, x := range []float64{p.N0, p.O0, p.I0, p.T0} {
		if x < 0 {
			return fmt.Errorf("health: negative initial population %g", x)
		}
	}
	return nil
}

// State of the US opioid-using population.
type State struct {
	// Y holds N, O, I, T in persons.
	Y [4]float64
	// Deaths of the month by kind.
	Deaths, OpioidDeaths, SyntheticDeaths float64
	// Hazard is the illicit-use overdose hazard of the month, per year.
	Hazard float64
	start  calendar.Month
}

// Init sets the 2015 population.
func Init(p Params, start calendar.Month) (*State, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return &State{Y: [4]float64{p.N0, p.O0, p.I0, p.T0}, start: start}, nil
}

// Inputs from the market and policy.
type Inputs struct {
	Share    float64 // fentanyl share of illicit supply
	Purity   float64 // %
	Naloxone float64 // relative expansion
	MOUD     float64 // relative capacity expansion
}

// covid is the shape of the pandemic's extra hazard: ramping up from
// March 2020 to a plateau through 2021 and fading over 2022.
func covid(t calendar.Month) float64 {
	a, b, c, d := calendar.Of(2020, 3), calendar.Of(2020, 9), calendar.Of(2021, 12), calendar.Of(2022, 12)
	switch {
	case t < a || t > d:
		return 0
	case t < b:
		return float64(t-a+1) / float64(b-a+1)
	case t <= c:
		return 1
	}
	return float64(d-t) / float64(d-c)
}

// Step integrates one month with RK4 and records the month's deaths.
func Step(t calendar.Month, p Params, in Inputs, s *State) {
	years := float64(t-calendar.Of(2015, 1)) / 12
	alpha := p.MisuseIncidence * math.Pow(1+p.MisuseAPC, years)
	pot := 1.0
	if in.Purity > 0 {
		pot = math.Pow(in.Purity/p.PotencyRef, p.PotencyElast)
	}
	cov := 1 + p.Covid*covid(t)
	nal := 1 / (1 + p.NaloxoneEffect*in.Naloxone)
	fentHaz := p.MuFent * in.Share * pot
	muI := (p.MuHeroin*(1-in.Share) + fentHaz) * cov * nal
	muO := p.MuO * cov * nal
	muN := p.MuN * cov * nal
	muT := p.TreatMortality * muI
	capT := p.TreatCap * (1 + in.MOUD)
	s.Hazard = muI

	// deriv writes d/dt (per month) and the death rate into dy[4].
	deriv := func(y [4]float64) (dy [5]float64) {
		n, o, i, tr := max(y[0], 0), max(y[1], 0), max(y[2], 0), max(y[3], 0)
		entry := p.TreatEntry * (o + i) * max(0, 1-tr/capT)
		entryO := 0.0
		if o+i > 0 {
			entryO = entry * o / (o + i)
		}
		entryI := entry - entryO
		exitT := p.TreatExit * tr
		dy[0] = alpha - (p.NtoO+p.NtoI+p.ExitN+muN)*n
		dy[1] = p.NtoO*n - (p.OtoI+p.ExitO+muO)*o - entryO
		dy[2] = p.IllicitIncidence + p.NtoI*n + p.OtoI*o - (p.ExitI+muI)*i - entryI + (1-p.TreatRemission)*exitT
		dy[3] = entry - exitT - muT*tr
		dy[4] = muN*n + muO*o + muI*i + muT*tr
		for k := range dy {
			dy[k] /= 12
		}
		return dy
	}
	var k1, k2, k3, k4 [5]float64
	add := func(y [4]float64, k [5]float64, h float64) [4]float64 {
		for j := range y {
			y[j] += h * k[j]
		}
		return y
	}
	k1 = deriv(s.Y)
	k2 = deriv(add(s.Y, k1, 0.5))
	k3 = deriv(add(s.Y, k2, 0.5))
	k4 = deriv(add(s.Y, k3, 1))
	var d [5]float64
	for j := range d {
		d[j] = (k1[j] + 2*k2[j] + 2*k3[j] + k4[j]) / 6
	}
	// Split the month's deaths by kind in proportion to the hazards at the
	// month's start state; RK4 gives the total.
	n, o, i, tr := s.Y[0], s.Y[1], s.Y[2], s.Y[3]
	rx := muN*n + muO*o
	ill := muI * i
	trd := muT * tr
	tot := rx + ill + trd
	s.OpioidDeaths = d[4]
	fentShare := 0.0
	if tot > 0 {
		fentIll := 0.0
		if muI > 0 {
			fentIll = fentHaz * cov * nal / muI
		}
		fentShare = (rx*p.FentInRx*in.Share + (ill+trd)*fentIll) / tot
	}
	nonOpioid := p.NonOpioid2015 * math.Pow(1+p.NonOpioidGrowth, years) / 12
	s.SyntheticDeaths = s.OpioidDeaths*fentShare + nonOpioid*p.SyntheticNonOpioid*in.Share
	s.Deaths = s.OpioidDeaths + nonOpioid
	s.Y = add(s.Y, d, 1)
	for j := range s.Y {
		s.Y[j] = max(0, s.Y[j])
	}
}
