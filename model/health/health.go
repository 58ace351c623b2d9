// Package health models US opioid use and overdose deaths.
//
// The compartments follow Chen et al. (2019) and FDA's SOURCE model (Lim et
// al. 2022): non-medical prescription opioid use N, prescription opioid use
// disorder O, illicit opioid use I (heroin or fentanyl), treatment with
// medication (buprenorphine, methadone) of illicit users T and of people
// with prescription use disorder T_O, and remission R, in persons,
// integrated monthly with fixed-step RK4 (the Vensim convention):
//
//	dN/dt  = α(t) − (a_NO + a_NI + e_N + μ_N)·N
//	dO/dt  = a_NO·N − (a_OI(t) + e_O(t) + μ_O(t))·O − τ·O·room + (1 − r)·x_T·T_O
//	dI/dt  = ι(t) + a_NI·N + a_OI(t)·O − (e_I + μ_I(t))·I − τ·I·room + (1 − r)·x_T·T + ρ·R
//	dT/dt  = τ·I·room − (x_T + k_T·μ_I)·T
//	dT_O/dt = τ·O·room − (x_T + k_T·μ_O)·T_O
//	dR/dt  = r·x_T·(T + T_O) − (ρ + e_R)·R
//
// with room = max(0, 1 − (T + T_O)/cap(t)) the free treatment capacity,
// x_T the exit rate from treatment, of which r·x_T0 in remission and
// (1 − r)·x_T0/(1 + retention) dropout (the retention lever cuts dropout,
// not completion), and ρ the relapse rate. The equations above write
// (1 − r)·x_T and r·x_T for these two rates.
//
// Fentanyl raises deaths, not users (Pardo et al. 2019, RAND RR-3117): the
// illicit overdose hazard mixes heroin's and fentanyl's by fentanyl's share
// f of the supply (from market), scaled by potency and cut by naloxone:
//
//	μ_I(t) = [μ_H(t)·(1 − f) + μ_F·f·(π/π₀)^β] · c(t) / (1 + e_n·x_n(t))
//
// with π purity (DEA's observed powder purity where it exists, through
// market), c(t) the COVID-19 disruption of 2020-21 and x_n the relative
// expansion of naloxone: the scenario's lever plus over-the-counter
// naloxone from September 2023. In treatment the hazard is k_T times the
// hazard of the stage a patient came from (Sordo et al. 2017), and those
// leaving treatment without remission return to that stage. Deaths from
// other drugs alone (mostly stimulants) are an exogenous trend;
// stimulant-involved deaths are an explicit share of each kind of death
// (Friedman & Shover 2023).
//
// Rates carry Chen's joinpoint trends (annual percentage changes) before
// 2015 and are held at their 2015 values after: the module spins itself
// up from January 1999 inside Init, driven by a pre-2015 trend of the odds
// of fentanyl's share that joins the market's share at the origin, so that
// the backcast 1999–2014 and the engine's run from 2015 are one path.
//
// RatesAt computes a month's rates; Rates.Integrate advances the state by
// monthly RK4 steps with them (Step does one month and splits the deaths
// by kind); Decompose splits a change in deaths into its drivers; Chen2019
// reruns the module as Chen et al. framed their projection.
//
// Sources: Chen Q. et al. (2019) Prevention of prescription opioid misuse
// and projected overdose deaths in the United States, JAMA Netw Open
// 2(2):e187621; Lim T.Y. et al. (2022) PNAS 119(23):e2115714119 (SOURCE);
// Rao, Humphreys & Brandeau (2021) Lancet Reg Health Am 3:100031; Sordo L.
// et al. (2017) BMJ 357:j1550; Friedman J. & Shover C.L. (2023) Addiction
// 118(12):2477.
package health

import (
	"fmt"
	"github.com/cartelsim/cartelsim/internal/clone"
	"math"

	"github.com/cartelsim/cartelsim/calendar"
)

// SpinupFrom is the first month of the module's own spin-up: the first
// year of NCHS's final overdose series (data.NCHSAnnualDeaths).
var SpinupFrom = calendar.Of(1999, 1)

// ref2015 is the month the rates' joinpoint trends are anchored to.
var ref2015 = calendar.Of(2015, 1)

// Compartment indices into State.Y.
const (
	N  = iota // non-medical prescription opioid use
	O         // prescription opioid use disorder
	I         // illicit opioid use (heroin, fentanyl)
	T         // treatment with medication, from illicit use
	R         // remission
	TO        // treatment with medication, from prescription use disorder
	nComp
)

// Params of the health module; rates are per year as published and divided
// by 12 inside Step.
type Params struct {
	// From is the month N0..T0 describe and the spin-up starts; zero (or
	// not before the start month given to Init) starts at N0..T0 directly.
	From               calendar.Month
	N0, O0, I0, T0     float64 // persons at From
	MisuseIncidence    float64 // α in 2015, persons/yr
	MisuseAPC          float64 // annual percentage change of α after 2008
	MisuseAPCPre2008   float64 // before 2008
	IllicitIncidence   float64 // ι in 2015, persons/yr
	IllicitAPC         float64 // APC of ι before 2015
	NtoO, NtoI, OtoI   float64 // per yr (OtoI in 2015)
	OtoIAPC            float64 // APC of a_OI before 2015
	ExitN, ExitO       float64 // per yr (ExitO in 2015)
	ExitOAPC           float64 // APC of e_O before 2015
	ExitI              float64 // per yr
	MuN, MuO           float64 // overdose death rate, per yr (MuO in 2015)
	MuOAPC, MuOAPC2007 float64 // APC of μ_O 2007-2015 and before 2007
	MuHeroin, MuFent   float64 // per yr (MuHeroin in 2015)
	MuHeroinAPC        float64 // APC of μ_H before 2015
	PotencyElast       float64 // β
	PotencyRef         float64 // π₀, %
	TreatEntry         float64 // τ, per yr
	TreatExit          float64 // x_T0, per yr
	TreatCap           float64 // persons, from 2015
	TreatCap0          float64 // persons at From (linear to TreatCap in 2015)
	TreatMortality     float64 // k_T = μ_T/μ_I
	TreatRemission     float64 // r
	Relapse            float64 // ρ, per yr
	ExitR              float64 // e_R, per yr
	NaloxoneEffect     float64 // e_n
	NaloxoneOTC        float64 // x_n added by over-the-counter naloxone, in full from OTCFull
	Covid              float64 // c − 1 at the 2020-21 peak
	// The pandemic's extra hazard rises from CovidStart to its peak at
	// CovidPeak, holds to CovidPeakEnd and fades to none at CovidEnd;
	// over-the-counter naloxone ramps up from OTCStart to OTCFull.
	CovidStart, CovidPeak, CovidPeakEnd, CovidEnd calendar.Month
	OTCStart, OTCFull                             calendar.Month
	FentInRx                                      float64 // share of prescription-type deaths that involve fentanyl, at f = 1
	NonOpioid2015                                 float64 // deaths/yr
	NonOpioidGrowth                               float64 // per yr, from 2015
	NonOpioidGrowthPre                            float64 // per yr, before 2015 (spin-up)
	SyntheticNonOpioid                            float64 // share of non-opioid trend also counted as synthetic (co-involvement), at f = 1
	Share2015                                     float64 // fentanyl share of the illicit supply at the origin (spin-up trend)
	ShareGrowth                                   float64 // exponential growth of that share before 2015, per yr
	StimFent                                      float64 // share of fentanyl-involved deaths also involving stimulants
	StimOtherOpioid                               float64 // share of other opioid deaths also involving stimulants
	StimNonOpioid                                 float64 // share of non-opioid deaths involving stimulants
}

// Validate checks the parameters.
func (p Params) Validate() error {
	if p.TreatCap <= 0 || p.PotencyRef <= 0 {
		return fmt.Errorf("health: treatment capacity and reference purity must be positive")
	}
	for _, x := range []float64{p.N0, p.O0, p.I0, p.T0, p.TreatCap0} {
		if x < 0 {
			return fmt.Errorf("health: negative initial population %g", x)
		}
	}
	if p.TreatRemission < 0 || p.TreatRemission > 1 {
		return fmt.Errorf("health: remission share %g outside [0, 1]", p.TreatRemission)
	}
	if err := calendar.Ordered([]string{"health.covid_start", "health.covid_peak", "health.covid_peak_end", "health.covid_end"},
		p.CovidStart, p.CovidPeak, p.CovidPeakEnd, p.CovidEnd); err != nil {
		return fmt.Errorf("health: %w", err)
	}
	if err := calendar.Ordered([]string{"health.otc_start", "health.otc_full"}, p.OTCStart, p.OTCFull); err != nil {
		return fmt.Errorf("health: %w", err)
	}
	return nil
}

// YearDeaths are one calendar year's deaths of the spin-up.
type YearDeaths struct {
	Year                                 int
	Deaths, Opioid, Synthetic, Stimulant float64
	// Illicit is the illicit-use population in December.
	Illicit float64
}

// Parts are the month's opioid deaths split by where they happen and the
// factors of the illicit hazard, for Decompose.
type Parts struct {
	Rx        float64 // deaths of N and O, per month
	Illicit   float64 // deaths of I and T, per month
	NonOpioid float64 // deaths from other drugs alone, per month
	Residual  float64 // RK4 total minus the start-of-month split
	AtRisk    float64 // I + T, persons at the month's start
	Treated   float64 // 1 − (1 − k_T)·T/(I + T): treatment's cut of the hazard
	Mix       float64 // μ_H·(1 − f) + μ_F·f at reference purity, per yr
	Potency   float64 // hazard at purity π over Mix
	Covid     float64 // c(t)
	Naloxone  float64 // 1/(1 + e_n·x_n)
}

// State of the US opioid-using population.
type State struct {
	// Y holds N, O, I, T, R, TO in persons (index with the constants N..TO).
	Y [nComp]float64
	// Deaths of the month by kind; StimulantDeaths are all overdose deaths
	// involving a stimulant (with or without opioids).
	Deaths, OpioidDeaths, SyntheticDeaths, StimulantDeaths float64
	// Hazard is the illicit-use overdose hazard of the month, per year.
	Hazard float64
	// Parts of the month's deaths.
	Parts Parts
	// Backcast holds the spin-up's calendar years, From to the start
	// month given to Init (whole years only).
	Backcast []YearDeaths
}

// Inputs from the market and policy.
type Inputs struct {
	Share     float64 // fentanyl share of illicit supply
	Purity    float64 // %; zero reads as the reference purity
	Naloxone  float64 // relative expansion of naloxone coverage (lever)
	MOUD      float64 // relative expansion of treatment capacity
	Retention float64 // relative improvement of treatment retention: exit rate ÷ (1 + Retention)
}

// PreShare is the fentanyl share of the spin-up before the origin: the
// odds f/(1 − f) of the 2015 share carried back at their growth rate.
func (p Params) PreShare(t calendar.Month) float64 {
	if p.Share2015 <= 0 || p.Share2015 >= 1 {
		return min(max(p.Share2015, 0), 1)
	}
	years := float64(t-ref2015) / 12
	odds := p.Share2015 / (1 - p.Share2015) * math.Exp(p.ShareGrowth*years)
	return odds / (1 + odds)
}

// Init sets the population at start. When p.From is before start, the
// module spins up from p.From with its pre-2015 trends and records the
// spin-up's years in Backcast.
func Init(p Params, start calendar.Month) (*State, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	// Treatment at the start is split like the use disorders it treats.
	t0, to0 := p.T0, 0.0
	if p.O0+p.I0 > 0 {
		to0 = p.T0 * p.O0 / (p.O0 + p.I0)
		t0 = p.T0 - to0
	}
	s := &State{Y: [nComp]float64{p.N0, p.O0, p.I0, t0, 0, to0}}
	if p.From == 0 || p.From >= start {
		return s, nil
	}
	var yd YearDeaths
	for t := p.From; t < start; t++ {
		Step(t, p, Inputs{Share: p.PreShare(t)}, s)
		yd.Deaths += s.Deaths
		yd.Opioid += s.OpioidDeaths
		yd.Synthetic += s.SyntheticDeaths
		yd.Stimulant += s.StimulantDeaths
		if t.Num() == 12 {
			yd.Year, yd.Illicit = t.Year(), s.Y[I]
			s.Backcast = append(s.Backcast, yd)
			yd = YearDeaths{}
		}
	}
	return s, nil
}

// covid is the shape of the pandemic's extra hazard: ramping up from
// CovidStart (March 2020) to a plateau from CovidPeak through CovidPeakEnd
// (2021) and fading to CovidEnd (over 2022).
func (p Params) covid(t calendar.Month) float64 {
	a, b, c, d := p.CovidStart, p.CovidPeak, p.CovidPeakEnd, p.CovidEnd
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

// otc is the shape of over-the-counter naloxone: approved by FDA in March
// 2023, on shelves from OTCStart (September 2023), ramping to its full
// reach at OTCFull (a year later).
func (p Params) otc(t calendar.Month) float64 {
	a, b := p.OTCStart, p.OTCFull
	switch {
	case t < a:
		return 0
	case t >= b:
		return 1
	}
	return float64(t-a+1) / float64(b-a+1)
}

// trend is (1+apc)^years for years before 2015 and 1 after: the rates'
// joinpoint trends end at the origin, where the registry anchors them.
func trend(apc, years float64) float64 {
	if years >= 0 {
		return 1
	}
	return math.Pow(1+apc, years)
}

// Rates are a month's per-year rates, with each compartment's outflows
// summed so that the right-hand side touches nothing else. RatesAt computes
// them; Integrate and Step use them.
type Rates struct {
	Alpha, Iota                         float64 // inflows, persons/yr
	NtoO, NtoI, OtoI                    float64 // transitions
	OutN, OutO, OutI, OutT, OutTO, OutR float64 // total outflow rates (without treatment entry)
	Tau, Cap                            float64 // treatment entry rate, capacity (persons)
	ExitRem, ExitRel, Relapse           float64 // treatment completion, dropout, relapse
	MuN, MuO, MuI, MuT, MuTO            float64 // overdose hazards
	mix, pot, cov, nal, fentHaz         float64 // parts of μ_I, for Parts and synthetic deaths
	invCap                              float64 // 1/Cap
}

// RatesAt returns the rates of month t under inputs in.
func (p *Params) RatesAt(t calendar.Month, in Inputs) Rates {
	years := float64(t-ref2015) / 12
	var r Rates
	// Misuse incidence: APC −7.47%/yr after 2008 (through the run, as in
	// Chen), +0.16%/yr before.
	const y2008 = -7.0
	switch {
	case p.MisuseAPC == 0 && years >= y2008:
		r.Alpha = p.MisuseIncidence
	case years >= y2008:
		r.Alpha = p.MisuseIncidence * math.Pow(1+p.MisuseAPC, years)
	default:
		r.Alpha = p.MisuseIncidence * math.Pow(1+p.MisuseAPC, y2008) * math.Pow(1+p.MisuseAPCPre2008, years-y2008)
	}
	r.Iota = p.IllicitIncidence * trend(p.IllicitAPC, years)
	oToI := p.OtoI * trend(p.OtoIAPC, years)
	exitO := p.ExitO * trend(p.ExitOAPC, years)
	const y2007 = -8.0
	muO := p.MuO * trend(p.MuOAPC, years)
	if years < y2007 {
		muO = p.MuO * math.Pow(1+p.MuOAPC, y2007) * math.Pow(1+p.MuOAPC2007, years-y2007)
	}
	muH := p.MuHeroin * trend(p.MuHeroinAPC, years)
	r.pot = 1
	if in.Purity > 0 && in.Purity != p.PotencyRef && p.PotencyElast != 0 {
		r.pot = math.Pow(in.Purity/p.PotencyRef, p.PotencyElast)
	}
	r.cov = 1 + p.Covid*p.covid(t)
	r.nal = 1 / (1 + p.NaloxoneEffect*(in.Naloxone+p.NaloxoneOTC*p.otc(t)))
	r.mix = muH*(1-in.Share) + p.MuFent*in.Share
	r.fentHaz = p.MuFent * in.Share * r.pot
	r.MuI = (muH*(1-in.Share) + r.fentHaz) * r.cov * r.nal
	if r.mix > 0 {
		r.pot = (muH*(1-in.Share) + r.fentHaz) / r.mix
	}
	r.MuO = muO * r.cov * r.nal
	r.MuN = p.MuN * r.cov * r.nal
	r.MuT = p.TreatMortality * r.MuI
	r.MuTO = p.TreatMortality * r.MuO
	capT := p.TreatCap
	if years < 0 && p.From != 0 && p.From < ref2015 {
		// Capacity grows linearly from its level at From to 2015's
		// (buprenorphine from 2002, methadone programmes growing).
		w := float64(t-p.From) / float64(ref2015-p.From)
		capT = p.TreatCap0 + (p.TreatCap-p.TreatCap0)*max(0, w)
	}
	r.Cap = max(capT*(1+in.MOUD), 1)
	r.invCap = 1 / r.Cap
	r.Tau = p.TreatEntry
	// Retention cuts dropout (exits without remission), not completion.
	r.ExitRem = p.TreatRemission * p.TreatExit
	r.ExitRel = (1 - p.TreatRemission) * p.TreatExit / (1 + max(in.Retention, 0))
	r.Relapse = p.Relapse
	r.NtoO, r.NtoI, r.OtoI = p.NtoO, p.NtoI, oToI
	r.OutN = p.NtoO + p.NtoI + p.ExitN + r.MuN
	r.OutO = oToI + exitO + r.MuO
	r.OutI = p.ExitI + r.MuI
	r.OutT = r.ExitRem + r.ExitRel + r.MuT
	r.OutTO = r.ExitRem + r.ExitRel + r.MuTO
	r.OutR = p.Relapse + p.ExitR
	return r
}

// pos is max(x, 0) for the non-NaN values the model produces, without
// the NaN handling of the builtin max (this is the innermost loop).
func pos(x float64) float64 {
	if x < 0 {
		return 0
	}
	return x
}

// deriv writes d/dt (per year) of the compartments into dy and, last, the
// death rate.
func (r *Rates) deriv(y *[nComp]float64, dy *[nComp + 1]float64) {
	n, o, i, tr, re, to := pos(y[N]), pos(y[O]), pos(y[I]), pos(y[T]), pos(y[R]), pos(y[TO])
	room := pos(1 - (tr+to)*r.invCap)
	entryO, entryI := r.Tau*o*room, r.Tau*i*room
	relapse := r.Relapse * re
	dy[N] = r.Alpha - r.OutN*n
	dy[O] = r.NtoO*n - r.OutO*o - entryO + r.ExitRel*to
	dy[I] = r.Iota + r.NtoI*n + r.OtoI*o - r.OutI*i - entryI + r.ExitRel*tr + relapse
	dy[T] = entryI - r.OutT*tr
	dy[TO] = entryO - r.OutTO*to
	dy[R] = r.ExitRem*(tr+to) - r.OutR*re
	dy[nComp] = r.MuN*n + r.MuO*o + r.MuI*i + r.MuT*tr + r.MuTO*to
}

// Integrate advances y by months monthly RK4 steps with the rates r held
// constant, keeping populations non-negative, and returns the deaths over
// those months. Step calls it for one month.
func (r *Rates) Integrate(y *[nComp]float64, months int) float64 {
	const h = 1.0 / 12 // years
	var k1, k2, k3, k4 [nComp + 1]float64
	var z [nComp]float64
	deaths := 0.0
	for range months {
		r.deriv(y, &k1)
		for j := range z {
			z[j] = y[j] + h/2*k1[j]
		}
		r.deriv(&z, &k2)
		for j := range z {
			z[j] = y[j] + h/2*k2[j]
		}
		r.deriv(&z, &k3)
		for j := range z {
			z[j] = y[j] + h*k3[j]
		}
		r.deriv(&z, &k4)
		for j := range y {
			y[j] = pos(y[j] + h/6*(k1[j]+2*k2[j]+2*k3[j]+k4[j]))
		}
		deaths += h / 6 * (k1[nComp] + 2*k2[nComp] + 2*k3[nComp] + k4[nComp])
	}
	return deaths
}

// Step integrates one month with RK4 and records the month's deaths.
func Step(t calendar.Month, p Params, in Inputs, s *State) {
	r := p.RatesAt(t, in)
	s.Hazard = r.MuI
	// Split the month's deaths by kind in proportion to the hazards at the
	// month's start state; RK4 gives the total.
	n, o, i, tr, to := max(s.Y[N], 0), max(s.Y[O], 0), max(s.Y[I], 0), max(s.Y[T], 0), max(s.Y[TO], 0)
	s.OpioidDeaths = r.Integrate(&s.Y, 1)
	rx := r.MuN*n + r.MuO*o + r.MuTO*to
	ill := r.MuI * i
	trd := r.MuT * tr
	tot := rx + ill + trd
	fentShare := 0.0
	if tot > 0 {
		fentIll := 0.0
		if r.MuI > 0 {
			fentIll = r.fentHaz * r.cov * r.nal / r.MuI
		}
		fentShare = (rx*p.FentInRx*in.Share + (ill+trd)*fentIll) / tot
	}
	years := float64(t-ref2015) / 12
	g := p.NonOpioidGrowth
	if years < 0 {
		g = p.NonOpioidGrowthPre
	}
	nonOpioid := p.NonOpioid2015 * math.Pow(1+g, years) / 12
	s.SyntheticDeaths = s.OpioidDeaths*fentShare + nonOpioid*p.SyntheticNonOpioid*in.Share
	s.Deaths = s.OpioidDeaths + nonOpioid
	s.StimulantDeaths = p.StimFent*s.SyntheticDeaths + p.StimOtherOpioid*(s.OpioidDeaths-s.SyntheticDeaths) + p.StimNonOpioid*nonOpioid
	treated := 1.0
	if i+tr > 0 {
		treated = 1 - (1-p.TreatMortality)*tr/(i+tr)
	}
	s.Parts = Parts{
		Rx: rx / 12, Illicit: (ill + trd) / 12, NonOpioid: nonOpioid, Residual: s.OpioidDeaths - tot/12,
		AtRisk: i + tr, Treated: treated, Mix: r.mix, Potency: r.pot, Covid: r.cov, Naloxone: r.nal,
	}
}

// Clone returns a copy of s that steps on its own (sim.RunAll branches
// runs into scenarios from a shared past).
func (s *State) Clone() *State {
	c := *s
	c.Backcast = clone.Slice(s.Backcast)
	return &c
}
