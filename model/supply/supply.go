// Package supply models fentanyl production in Mexico: lab capacity in the
// producing states, precursor availability, and the revenue that feeds
// cartel recruitment.
//
// Capacity spreads as a new technology does (RAND 2019: the spread of
// illicit fentanyl is supply-driven, "episodically fast and persistent"), so
// the undisturbed capacity L of each producing state s follows a logistic
// path, and strikes on labs add a damage stock D that is rebuilt with a lag:
//
//	dL_s/dt = g·L_s·(1 − L_s/(σ_s·K))
//	dD_s/dt = k_s·(L_s − D_s) − D_s/τ_r
//	P = Σ_s (L_s − D_s) · a · (1 − d·(1 − I_s))
//
// with I_s the leadership integrity of the groups based in s (from orgs; d
// the disruption a wholly disrupted leadership causes), k_s the share of
// capacity struck per month and a the share of
// precursors that get through: a = 1 − b, b the effective block from
// precursor controls after traffickers substitute unscheduled chemicals.
//
// Sources: Pardo et al. 2019, The Future of Fentanyl and Other Synthetic
// Opioids, RAND RR-3117; Pardo & Reuter 2020, Enforcement strategies for
// fentanyl and other synthetic opioids, Brookings; DEA National Drug Threat
// Assessment 2024 (Sinaloa Cartel and CJNG dominate production).
package supply

import (
	"fmt"
	"math"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/geo"
	"github.com/cartelsim/cartelsim/params"
)

// Producing states, geo indices: Sinaloa, Jalisco, Michoacán, Durango, Sonora.
var producing = [5]int{24, 13, 15, 9, 25}

// ProducingStates returns the geo indices of the producing states.
func ProducingStates() []int { return producing[:] }

// Params of the supply module.
type Params struct {
	// Capacity0 is national lab capacity in the first month, bulk kg/month.
	Capacity0 float64
	// CapacityMax is K, the capacity the logistic path tends to, bulk kg/month.
	CapacityMax float64
	// Growth is g, the logistic growth rate, per month.
	Growth float64
	// Shares are σ_s, each producing state's share of capacity (sum 1).
	Shares [5]float64
	// Rebuild is τ_r, months to rebuild destroyed capacity.
	Rebuild float64
	// StrikeSuccess is the share of targeted capacity a strike destroys.
	StrikeSuccess float64
	// Substitution is the share of a precursor block that traffickers get
	// round in the long run by switching chemicals or suppliers.
	Substitution float64
	// SubstitutionMonths is the time constant of that adaptation.
	SubstitutionMonths float64
	// ShockBlock is the peak share of precursors blocked by the 2023–24
	// supply shock (US–China counternarcotics cooperation from Nov 2023).
	ShockBlock float64
	// ShockDecay is the time constant, months, over which the shock's
	// block wears off after mid-2025.
	ShockDecay float64
	// Shock2020 is the share of precursors blocked in Shock2020From ..
	// Shock2020To (February-May 2020), when the COVID-19 lockdown of Wuhan
	// stopped chemical shipments.
	Shock2020                  float64
	Shock2020From, Shock2020To calendar.Month
	// The 2023-25 block rises from ShockStart to its peak at ShockFull,
	// holds to ShockEnd, then fades with ShockDecay.
	ShockStart, ShockFull, ShockEnd calendar.Month
	// Wholesale is the US wholesale price of bulk fentanyl product, USD/kg,
	// used to value cartel revenue.
	Wholesale float64
	// RecruitElasticity is the elasticity of cartel recruitment to
	// production relative to its undisturbed path.
	RecruitElasticity float64
	// SanctionsCut is the share of revenue that full-strength financial
	// sanctions deny the groups.
	SanctionsCut float64
	// Disruption is the share of a state's production lost when the
	// leadership of the groups based there is wholly disrupted.
	Disruption float64
}

// Parameters lists the module's registry entries.
func Parameters() []params.Param {
	const m = "supply"
	fit := "fitted jointly (issue 3) to the health backcast (NCHS and CDC deaths 2010-2023, synthetic-opioid deaths 2015-2023) and CBP southwest-border fentanyl seizures FY2019-FY2024 by Nelder-Mead on log errors: go test ./internal/calib -run TestRefit -refit -joint (internal/calib.JointLoss)"
	shareSrc := "DEA National Drug Threat Assessment 2024: the Sinaloa Cartel (Sinaloa, Sonora, Durango) and CJNG (Jalisco, Michoacán) run most fentanyl production; the split between states is an assumption"
	return []params.Param{
		{Name: m + ".capacity_2015", Module: m, Unit: "kg/month (bulk)", Default: 92.4,
			Prior:       params.Prior{Dist: params.LogUniform, Lo: 50, Hi: 3000},
			Source:      "Pardo et al. 2019 (RAND RR-3117): fentanyl in US markets before 2015 was small and concentrated; DEA NDTA 2018: much of it then came by mail from China rather than from Mexican labs (market.direct_pure_kg); level set by fit",
			Fit:         fit,
			Description: "national fentanyl lab capacity in January 2015"},
		{Name: m + ".capacity_max", Module: m, Unit: "kg/month (bulk)", Default: 2.109e+04,
			Prior:       params.Prior{Dist: params.LogUniform, Lo: 2000, Hi: 30000},
			Source:      "scale from CBP seizures (about 12 t bulk in FY2023) and a 5-30% seizure share (ANCHORS §4); Kilmer et al. 2022 bound US use at single-digit pure tonnes a year",
			Fit:         fit,
			Description: "capacity K that the logistic spread tends to"},
		{Name: m + ".growth", Module: m, Unit: "per month", Default: 0.05047,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 0.01, Hi: 0.2},
			Source:      "Pardo et al. 2019 (RAND RR-3117): supply-driven spread that sweeps a market within a few years; CBP southwest-border seizures rose tenfold FY2019-FY2023 (cbp_fentanyl_monthly) as Mexican production replaced direct imports from China (DEA NDTA 2020)",
			Fit:         fit,
			Description: "logistic growth rate g of lab capacity"},
		{Name: m + ".share_sinaloa", Module: m, Unit: "1", Default: 0.40,
			Prior: params.Prior{Dist: params.Uniform, Lo: 0.2, Hi: 0.6}, Source: shareSrc,
			Description: "share of capacity in Sinaloa"},
		{Name: m + ".share_jalisco", Module: m, Unit: "1", Default: 0.25,
			Prior: params.Prior{Dist: params.Uniform, Lo: 0.1, Hi: 0.4}, Source: shareSrc,
			Description: "share of capacity in Jalisco"},
		{Name: m + ".share_michoacan", Module: m, Unit: "1", Default: 0.12,
			Prior: params.Prior{Dist: params.Uniform, Lo: 0.03, Hi: 0.25}, Source: shareSrc,
			Description: "share of capacity in Michoacán"},
		{Name: m + ".share_durango", Module: m, Unit: "1", Default: 0.08,
			Prior: params.Prior{Dist: params.Uniform, Lo: 0.02, Hi: 0.2}, Source: shareSrc,
			Description: "share of capacity in Durango"},
		{Name: m + ".share_sonora", Module: m, Unit: "1", Default: 0.15,
			Prior: params.Prior{Dist: params.Uniform, Lo: 0.05, Hi: 0.3}, Source: shareSrc,
			Description: "share of capacity in Sonora (normalised with the others to sum to 1)"},
		{Name: m + ".rebuild_months", Module: m, Unit: "months", Default: 4,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 1, Hi: 18},
			Source:      "Pardo & Reuter 2020 (Brookings): synthesis needs little equipment or space, so destroyed labs are replaced quickly; lag is an assumption",
			Description: "time constant of rebuilding destroyed lab capacity"},
		{Name: m + ".strike_success", Module: m, Unit: "1", Default: 0.5,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 0.1, Hi: 0.9},
			Source:      "assumption: no study measures strikes on fentanyl labs; small, dispersed labs make hits partial",
			Description: "share of targeted capacity a strike destroys"},
		{Name: m + ".substitution", Module: m, Unit: "1", Default: 0.6,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 0.2, Hi: 0.95},
			Source:      "Pardo et al. 2019 (RAND RR-3117) and DEA: after NPP and 4-ANPP were scheduled (2017, 2020) producers moved to unscheduled precursors (4-AP, 1-boc-4-AP); share is an assumption",
			Description: "long-run share of a precursor block circumvented"},
		{Name: m + ".substitution_months", Module: m, Unit: "months", Default: 12,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 3, Hi: 36},
			Source:      "assumption: successive precursor schedulings were followed by new precursors within about a year (DEA scheduling notices 2017-2023)",
			Description: "time constant of precursor substitution"},
		{Name: m + ".shock_2024_block", Module: m, Unit: "1", Default: 0.6997,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 0, Hi: 0.7},
			Source:      "Vangelov et al. 2026 (Science), 'Did the illicit fentanyl trade experience a supply shock?': purity, seizures and deaths fell together from late 2023; size set by fit",
			Fit:         fit,
			Description: "peak share of precursors blocked in the 2023-24 supply shock"},
		{Name: m + ".shock_2020_block", Module: m, Unit: "1", Default: 0.4156,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 0, Hi: 0.6},
			Source:      "Los Angeles Times, 27 April 2020 ('Wuhan was the fentanyl capital of the world. Then coronavirus hit'), and Associated Press, April 2020: the Wuhan lockdown (23 January to 8 April 2020) stopped precursor shipments to Mexican producers, fentanyl pill prices in San Diego rose from about $5 to $7 (DEA San Diego field division) and traffickers stockpiled along the border; CBP southwest seizures held at about 220 lbs a month until May 2020 and tripled by the summer (cbp_fentanyl_monthly). The window February-May 2020 (a month's shipping after the lockdown) is an assumption; size set by fit",
			Fit:         fit,
			Description: "share of precursors blocked February-May 2020 by the COVID-19 lockdown of Wuhan"},
		{Name: m + ".shock_2020_from", Module: m, Unit: "YYYYMM", Default: 202002,
			Prior:       params.Prior{Dist: params.Fixed, Lo: 202002, Hi: 202002},
			Source:      "assumption: the month after the lockdown of Wuhan began (23 January 2020), a month's shipping from China to Mexico (see supply.shock_2020_block)",
			Description: "first month of the 2020 precursor shortage"},
		{Name: m + ".shock_2020_to", Module: m, Unit: "YYYYMM", Default: 202005,
			Prior:       params.Prior{Dist: params.Fixed, Lo: 202005, Hi: 202005},
			Source:      "assumption: the month after the lockdown of Wuhan ended (8 April 2020), a month's shipping; CBP southwest seizures stayed low until May 2020 and tripled by the summer (cbp_fentanyl_monthly)",
			Description: "last month of the 2020 precursor shortage"},
		{Name: m + ".shock_2024_start", Module: m, Unit: "YYYYMM", Default: 202307,
			Prior:       params.Prior{Dist: params.Fixed, Lo: 202307, Hi: 202307},
			Source:      "DEA laboratory purity of fentanyl powder peaked in mid-2023 and fell after (DEA National Drug Threat Assessment 2025, digitised by Vangelov et al. 2026); the block starts rising then",
			Description: "first month of the 2023-25 precursor block"},
		{Name: m + ".shock_2024_full", Module: m, Unit: "YYYYMM", Default: 202406,
			Prior:       params.Prior{Dist: params.Fixed, Lo: 202406, Hi: 202406},
			Source:      "DEA purity of fentanyl powder about 11% by late 2024, down from its mid-2023 peak (DEA NDTA 2025); assumption that the block reaches its peak by mid-2024",
			Description: "month the 2023-25 precursor block reaches its peak"},
		{Name: m + ".shock_2024_end", Module: m, Unit: "YYYYMM", Default: 202506,
			Prior:       params.Prior{Dist: params.Fixed, Lo: 202506, Hi: 202506},
			Source:      "CBP Nationwide Drug Seizures: southwest fentanyl seizures in FY2025 45% below FY2024 (cbp_fentanyl_monthly); assumption that the block holds through the end of FY2025's third quarter and fades after",
			Description: "last month the 2023-25 precursor block holds its peak"},
		{Name: m + ".shock_decay_months", Module: m, Unit: "months", Default: 239.3,
			Prior:       params.Prior{Dist: params.LogUniform, Lo: 6, Hi: 600},
			Source:      "CBP Nationwide Drug Seizures FY2025 (-45% on FY2024) and Oct-Dec 2025 (about the FY2025 pace) show no rebound yet; how fast traffickers rebuild precursor supply is unknown",
			Fit:         "fitted to CBP southwest-border seizures FY2025 and Oct-Dec 2025, the only observations after the shock's peak; refitted with the joint fit of issue 3 (go test ./internal/calib -run TestRefit -refit -joint); deaths from 2024 stay held out",
			Description: "time constant of the fading of the 2023-24 supply shock after mid-2025"},
		{Name: m + ".wholesale_usd_per_kg", Module: m, Unit: "USD/kg (bulk)", Default: 20000,
			Prior:       params.Prior{Dist: params.LogUniform, Lo: 5000, Hi: 60000},
			Source:      "DEA-cited figures (ANCHORS §4): about $2,600 to make a kg, about $10M retail as pills; wholesale in between, assumption within that range",
			Description: "wholesale value of bulk fentanyl product, for cartel revenue"},
		{Name: m + ".recruit_elasticity", Module: m, Unit: "1", Default: 0.3,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 0, Hi: 1},
			Source:      "assumption: recruitment is paid for from trafficking revenue (Prieto-Curiel et al. 2023 treat recruitment as the groups' main lever); elasticity unmeasured",
			Description: "elasticity of recruitment to production relative to its undisturbed path"},
		{Name: m + ".leadership_disruption", Module: m, Unit: "1", Default: 0.3,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 0, Hi: 1},
			Source:      "assumption: supporters of decapitation expect disrupted leadership to disrupt production; the kingpin literature (Calderón et al. 2015; Phillips 2015) finds violence effects but no measured effect on drug flows, so the prior runs from none to total",
			Description: "share of a state's production lost while its groups' leadership is wholly disrupted (scaled by 1 - integrity)"},
		{Name: m + ".sanctions_revenue_cut", Module: m, Unit: "1", Default: 0.15,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 0, Hi: 0.5},
			Source:      "assumption: no causal study of FTO designation or financial sanctions on cartels (ANCHORS §6); sanctions raise laundering costs, which with seizures are 10-15% of costs (Caulkins & Reuter 1998 via NRC 2001)",
			Description: "share of revenue denied by full-strength FTO financial sanctions"},
	}
}

// FromValues reads the parameters.
func FromValues(v params.Values) Params {
	p := Params{
		Capacity0:          v.Get("supply.capacity_2015"),
		CapacityMax:        v.Get("supply.capacity_max"),
		Growth:             v.Get("supply.growth"),
		Rebuild:            v.Get("supply.rebuild_months"),
		StrikeSuccess:      v.Get("supply.strike_success"),
		Substitution:       v.Get("supply.substitution"),
		SubstitutionMonths: v.Get("supply.substitution_months"),
		ShockBlock:         v.Get("supply.shock_2024_block"),
		ShockDecay:         v.Get("supply.shock_decay_months"),
		Shock2020:          v.Get("supply.shock_2020_block"),
		Shock2020From:      v.Month("supply.shock_2020_from"),
		Shock2020To:        v.Month("supply.shock_2020_to"),
		ShockStart:         v.Month("supply.shock_2024_start"),
		ShockFull:          v.Month("supply.shock_2024_full"),
		ShockEnd:           v.Month("supply.shock_2024_end"),
		Wholesale:          v.Get("supply.wholesale_usd_per_kg"),
		RecruitElasticity:  v.Get("supply.recruit_elasticity"),
		SanctionsCut:       v.Get("supply.sanctions_revenue_cut"),
		Disruption:         v.Get("supply.leadership_disruption"),
	}
	p.Shares = [5]float64{
		v.Get("supply.share_sinaloa"), v.Get("supply.share_jalisco"), v.Get("supply.share_michoacan"),
		v.Get("supply.share_durango"), v.Get("supply.share_sonora"),
	}
	return p
}

// Validate checks the parameters.
func (p Params) Validate() error {
	sum := 0.0
	for _, s := range p.Shares {
		if s < 0 {
			return fmt.Errorf("supply: negative state share %g", s)
		}
		sum += s
	}
	switch {
	case sum <= 0:
		return fmt.Errorf("supply: state shares sum to %g", sum)
	case p.Capacity0 <= 0 || p.CapacityMax <= p.Capacity0:
		return fmt.Errorf("supply: need 0 < capacity_2015 (%g) < capacity_max (%g)", p.Capacity0, p.CapacityMax)
	case p.Rebuild <= 0 || p.SubstitutionMonths <= 0:
		return fmt.Errorf("supply: time constants must be positive")
	}
	if err := calendar.Ordered([]string{"supply.shock_2020_from", "supply.shock_2020_to"}, p.Shock2020From, p.Shock2020To); err != nil {
		return fmt.Errorf("supply: %w", err)
	}
	if err := calendar.Ordered([]string{"supply.shock_2024_start", "supply.shock_2024_full", "supply.shock_2024_end"}, p.ShockStart, p.ShockFull, p.ShockEnd); err != nil {
		return fmt.Errorf("supply: %w", err)
	}
	return nil
}

// State of production.
type State struct {
	// Trend is L_s, the undisturbed capacity per producing state, kg/month.
	Trend [5]float64
	// Damage is D_s, capacity destroyed and not yet rebuilt, kg/month.
	Damage [5]float64
	// Adapt is the part of the precursor block traffickers have got round.
	Adapt float64
	// Production is the month's output, kg (bulk), national and by state.
	Production        float64
	ProductionByState [geo.NumStates]float64
	// Available is the share of precursors that got through, 0-1.
	Available float64
}

// Init sets the capacity of the first month.
func Init(p Params) (*State, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	s := &State{Available: 1}
	sum := p.Shares[0] + p.Shares[1] + p.Shares[2] + p.Shares[3] + p.Shares[4]
	for i := range s.Trend {
		s.Trend[i] = p.Capacity0 * p.Shares[i] / sum
	}
	return s, nil
}

// Inputs are the month's levers acting on supply.
type Inputs struct {
	// StrikeShare is the share of capacity struck per year, per geo state.
	StrikeShare *[geo.NumStates]float64
	// Precursor is the share of precursor inflow blocked by controls, 0-1.
	Precursor float64
	// Integrity is the leadership integrity of the groups based in each geo
	// state, 0-1 (nil: intact).
	Integrity []float64
}

// Shock returns the historical precursor block in month t: Shock2020 in
// Shock2020From..Shock2020To (February-May 2020: the COVID-19 lockdown of
// Wuhan, 23 January to 8 April 2020, with a month's shipping), then none
// before ShockStart (2023-07), rising to its peak at ShockFull (2024-06),
// held through ShockEnd (2025-06), then wearing off exponentially as
// traffickers find new suppliers. The timing of the second follows the
// fall in DEA purity (peak mid-2023, about 11% by late 2024) and in CBP
// seizures (FY2025 down 45% on FY2024); the dates are registry entries.
func (p Params) Shock(t calendar.Month) float64 {
	a, b, c := p.ShockStart, p.ShockFull, p.ShockEnd
	switch {
	case t >= p.Shock2020From && t <= p.Shock2020To:
		return p.Shock2020
	case t < a:
		return 0
	case t <= b:
		return p.ShockBlock * float64(t-a+1) / float64(b-a+1)
	case t <= c:
		return p.ShockBlock
	}
	return p.ShockBlock * math.Exp(-float64(t-c)/p.ShockDecay)
}

// Step advances production by one month.
func Step(t calendar.Month, p Params, in Inputs, s *State) {
	sum := p.Shares[0] + p.Shares[1] + p.Shares[2] + p.Shares[3] + p.Shares[4]
	// Controls are circumvented over time: Adapt chases the substitutable
	// part of the block.
	s.Adapt += (p.Substitution*in.Precursor - s.Adapt) / p.SubstitutionMonths
	block := max(0, in.Precursor-s.Adapt)
	shock := p.Shock(t)
	s.Available = (1 - block) * (1 - shock)
	s.Production = 0
	s.ProductionByState = [geo.NumStates]float64{}
	for i, st := range producing {
		k := p.CapacityMax * p.Shares[i] / sum
		if k <= 0 {
			// A state with no share has no capacity to grow.
			continue
		}
		s.Trend[i] += p.Growth * s.Trend[i] * (1 - s.Trend[i]/k)
		hit := 0.0
		if in.StrikeShare != nil {
			hit = in.StrikeShare[st] / 12 * p.StrikeSuccess
		}
		s.Damage[i] += hit*(s.Trend[i]-s.Damage[i]) - s.Damage[i]/p.Rebuild
		s.Damage[i] = math.Max(0, math.Min(s.Damage[i], s.Trend[i]))
		out := (s.Trend[i] - s.Damage[i]) * s.Available
		if in.Integrity != nil {
			out *= 1 - p.Disruption*(1-in.Integrity[st])
		}
		s.ProductionByState[st] = out
		s.Production += out
	}
}

// Revenue is the month's cartel revenue from fentanyl delivered to the US,
// USD, net of what sanctions of strength sanctions (0-1) deny.
func (p Params) Revenue(deliveredKg, sanctions float64) float64 {
	return deliveredKg * p.Wholesale * (1 - p.SanctionsCut*sanctions)
}

// Recruitment is the multiplier on cartel recruitment: production against
// its undisturbed path, net of sanctions.
func (p Params) Recruitment(s *State, sanctions float64) float64 {
	trend := 0.0
	for _, x := range s.Trend {
		trend += x
	}
	ratio := 1.0
	if trend > 0 {
		ratio = s.Production / trend
	}
	return (1 - p.SanctionsCut*sanctions) * math.Pow(max(ratio, 1e-6), p.RecruitElasticity)
}

// Clone returns a copy of s that steps on its own (sim.RunAll branches
// runs into scenarios from a shared past).
func (s *State) Clone() *State {
	c := *s
	return &c
}
