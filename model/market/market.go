// Package market models the US retail fentanyl market: purity (potency),
// fentanyl's share of the illicit opioid supply, and price.
//
// Delivered product reaches retail over a distribution lag; its pure
// content D·π, plus what reaches US markets without crossing the southwest
// border, Q_d(t), sets fentanyl's share of the illicit opioid supply,
//
//	Q = D·π + Q_d(t)
//	f = Q^h/(Q^h + Q_h^h)
//
// Q_d is fentanyl bought directly from China by mail and express
// consignment: small parcels, often over 90% pure (DEA National Drug Threat
// Assessment 2018; DEA, Fentanyl Flow to the United States, 2020), which
// DEA in 2018 could not rank below Mexico's bulk, low-purity loads as a
// source. It grows to a peak Q_d0 in 2017 and fades from February 2018,
// as the US and China scheduled fentanyl-related substances and their
// precursors and Mexican production replaced it (DirectPure).
//
// with Q_h the heroin market in fentanyl-equivalent pure kg and h a Hill
// exponent near 1 (fitted with the health module's hazards). Purity π follows
// DEA's observed powder purity where it exists (about 8% in 2019-21, near 25%
// mid-2023, about 11% late 2024) and otherwise relaxes towards a long-run
// level scaled by precursor availability. Price follows replacement cost
// (Pardo & Reuter 2020): a seizure costs traffickers only what it costs to
// replace the load at the border, a small share ρ of the retail price, so
//
//	P/P₀ = (1 + ρ·(c/c₀ − 1))·(S/S₀)^(1/ε)
//
// with c the landed cost per delivered kg (rising as 1/(1 − p_seize)),
// S/S₀ the supply relative to its trend and ε the short-run demand elasticity.
package market

import (
	"fmt"
	"math"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/params"
)

// Params of the market module.
type Params struct {
	HeroinEquiv  float64 // Q_h, pure kg/month
	PurityLong   float64 // long-run purity, %
	PurityRelax  float64 // months
	PurityAvail  float64 // γ, purity elasticity to precursor availability
	Lag          float64 // distribution lag, months
	Elasticity   float64 // ε < 0
	Replacement  float64 // ρ
	PurityBefore float64 // purity before DEA's series starts, %
	PriceTrend   float64 // months over which the price's reference supply adapts
	ShareHill    float64 // h, Hill exponent of fentanyl's share
	Direct       float64 // Q_d0, pure kg/month arriving directly (mail, express) at the 2017 peak
	DirectStart  float64 // Q_d in January 2015 as a share of Q_d0
	DirectFade   float64 // months, time constant of its fading from DirectFadeFrom
	// The direct trade grows to its peak at DirectPeak (January 2017),
	// holds, and fades from DirectFadeFrom (February 2018).
	DirectPeak, DirectFadeFrom calendar.Month
}

// Parameters lists the module's registry entries.
func Parameters() []params.Param {
	const m = "market"
	return []params.Param{
		{Name: m + ".heroin_equivalent_kg", Module: m, Unit: "kg/month (pure fentanyl equivalent)", Default: 60.97,
			Prior:       params.Prior{Dist: params.LogUniform, Lo: 5, Hi: 1000},
			Source:      "Kilmer et al. 2022 (Am J Drug Alcohol Abuse 48:397): heroin 47 t pure a year against single-digit tonnes of fentanyl, fentanyl some 30-50 times as potent; set by fit",
			Fit:         "fitted with the health module's hazards to CDC synthetic-opioid deaths 2015-2023 (issue 5); refitted jointly with supply, border and CBP seizures FY2019-FY2024: go test ./internal/calib -run TestRefit -refit -joint (issue 3)",
			Description: "size of the heroin supply in pure fentanyl-equivalent kg per month (half-saturation of fentanyl's share)"},
		{Name: m + ".purity_longrun_pct", Module: m, Unit: "%", Default: 11,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 5, Hi: 25},
			Source:      "DEA National Drug Threat Assessment 2025: powder purity about 8% in 2019-21, 25% mid-2023, 11% late 2024",
			Description: "purity that powder relaxes to after DEA's series ends"},
		{Name: m + ".purity_relax_months", Module: m, Unit: "months", Default: 6,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 1, Hi: 24},
			Source:      "assumption: DEA purity moved by a factor of 2-3 within a year in 2023-24",
			Description: "time constant of purity after the observed series"},
		{Name: m + ".purity_availability", Module: m, Unit: "1", Default: 1,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 0, Hi: 2},
			Source:      "Vangelov et al. 2026 (Science): purity fell with the 2023-24 supply shock; elasticity is an assumption",
			Description: "elasticity of purity to precursor availability"},
		{Name: m + ".distribution_lag_months", Module: m, Unit: "months", Default: 2,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 0.5, Hi: 6},
			Source:      "assumption: product crosses in bulk and is pressed, cut and sold over weeks to months",
			Description: "time constant from border to retail"},
		{Name: m + ".demand_elasticity", Module: m, Unit: "1", Default: -0.5,
			Prior:       params.Prior{Dist: params.Uniform, Lo: -1, Hi: -0.3},
			Source:      "ANCHORS §4: short-run opioid demand inelastic, prior -0.3 to -1.0 (NRC 2001; Gallet 2014; Saffer & Chaloupka 1995)",
			Description: "short-run price elasticity of demand"},
		{Name: m + ".replacement_share", Module: m, Unit: "1", Default: 0.03,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 0.005, Hi: 0.15},
			Source:      "Pardo & Reuter 2020 (Brookings); Caulkins & Reuter 1998: seizures cost traffickers only the replacement cost at the point of seizure, a few percent of the retail price for fentanyl",
			Description: "share of the retail price that is landed cost at the border"},
		{Name: m + ".purity_before_pct", Module: m, Unit: "%", Default: 8,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 4, Hi: 12},
			Source:      "DEA National Drug Threat Assessment 2025: powder purity about 8% in 2019-21; carried back before 2019 (assumption)",
			Description: "purity before DEA's series starts (2019-01)"},
		{Name: m + ".share_hill", Module: m, Unit: "1", Default: 1.061,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 0.7, Hi: 1.5},
			Source:      "assumption: fentanyl displaced heroin market by market (Pardo et al. 2019, RAND RR-3117), a substitution curve near the proportional one (h = 1)",
			Fit:         "fitted with the health module's hazards to CDC synthetic-opioid deaths 2015-2023 (issue 5); refitted jointly with supply, border and CBP seizures FY2019-FY2024: go test ./internal/calib -run TestRefit -refit -joint (issue 3)",
			Description: "Hill exponent of fentanyl's share of the illicit opioid supply"},
		{Name: m + ".direct_pure_kg", Module: m, Unit: "kg/month (pure)", Default: 21.2,
			Prior:       params.Prior{Dist: params.LogUniform, Lo: 1, Hi: 100},
			Source:      "DEA National Drug Threat Assessment 2018: fentanyl reaches the US in parcels directly from China as well as across the southwest border; border loads are under 10% pure, mail from China can be over 90%, and it was not possible to say which source was the greater; DEA Intelligence Report DEA-DCT-DIR-008-20 (2020): China still the main source by mail and express in 2019, seizures under 1 kg and often over 90% pure; level set by fit",
			Fit:         "fitted jointly with supply and the health hazards to CDC synthetic-opioid deaths 2015-2023 and CBP southwest-border seizures FY2019-FY2024: go test ./internal/calib -run TestRefit -refit -joint (issue 3)",
			Description: "pure fentanyl reaching US markets without crossing the southwest border (mail and express from China), per month at its 2017 peak"},
		{Name: m + ".direct_2015_share", Module: m, Unit: "1", Default: 0.08254,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 0, Hi: 1},
			Source:      "Senate PSI staff report 'Combatting the Opioid Crisis: Exploiting Vulnerabilities in International Mail' (January 2018) and USCC staff report 'Fentanyl: China's Deadly Export to the United States' (February 2017): online sales of fentanyl and analogues from China by mail grew through 2015-2016; the January 2015 level relative to the 2017 peak is set by fit",
			Fit:         "fitted jointly with supply and the health hazards to CDC synthetic-opioid deaths 2015-2023 and CBP southwest-border seizures FY2019-FY2024: go test ./internal/calib -run TestRefit -refit -joint (issue 3)",
			Description: "direct (mail and express) fentanyl imports in January 2015 as a share of their 2017 peak"},
		{Name: m + ".direct_fade_months", Module: m, Unit: "months", Default: 27,
			Prior:       params.Prior{Dist: params.Fixed, Lo: 27, Hi: 27},
			Source:      "CBP fentanyl seizure events at ports away from the southwest border (mail, express and air; under half a pound on average) fell from 439 in FY2019 to 281 in FY2020 and 180 in FY2021, by a factor e every 27 months in both years (cbp_fentanyl_monthly); assumption: the direct trade faded at that pace from February 2018, when the US scheduled fentanyl-related substances as a class and China controlled NPP and 4-ANPP (China's class-wide control followed in May 2019); fixed rather than varied, as measured, which also keeps the registry within the 149 factors sensitivity's Sobol' table supports",
			Description: "time constant of the fading of direct (mail and express) fentanyl imports from February 2018"},
		{Name: m + ".direct_peak", Module: m, Unit: "YYYYMM", Default: 201701,
			Prior:       params.Prior{Dist: params.Fixed, Lo: 201701, Hi: 201701},
			Source:      "USCC staff report 'Fentanyl: China's Deadly Export to the United States' (February 2017) and Senate PSI staff report (January 2018): sales of fentanyl from China by mail grew through 2015-2016; assumption that they peaked at the start of 2017, before the scheduling of February 2018",
			Description: "month the direct (mail and express) fentanyl imports reach their peak"},
		{Name: m + ".direct_fade_from", Module: m, Unit: "YYYYMM", Default: 201802,
			Prior:       params.Prior{Dist: params.Fixed, Lo: 201802, Hi: 201802},
			Source:      "DEA temporary scheduling order placing fentanyl-related substances in Schedule I as a class, effective 6 February 2018 (Federal Register 83 FR 5188); China controlled the precursors NPP and 4-ANPP from February 2018",
			Description: "first month the direct (mail and express) fentanyl imports fade"},
		{Name: m + ".price_trend_months", Module: m, Unit: "months", Default: 24,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 6, Hi: 60},
			Source:      "Caulkins & Reuter 2010 (Crime and Justice 39:213): drug markets are often out of equilibrium for years; a supply change moves prices until the market adapts; the window is an assumption",
			Description: "time constant of the supply level prices are set against"},
	}
}

// FromValues reads the parameters.
func FromValues(v params.Values) Params {
	return Params{
		HeroinEquiv:    v.Get("market.heroin_equivalent_kg"),
		PurityLong:     v.Get("market.purity_longrun_pct"),
		PurityRelax:    v.Get("market.purity_relax_months"),
		PurityAvail:    v.Get("market.purity_availability"),
		Lag:            v.Get("market.distribution_lag_months"),
		Elasticity:     v.Get("market.demand_elasticity"),
		Replacement:    v.Get("market.replacement_share"),
		PurityBefore:   v.Get("market.purity_before_pct"),
		PriceTrend:     v.Get("market.price_trend_months"),
		ShareHill:      v.Get("market.share_hill"),
		Direct:         v.Get("market.direct_pure_kg"),
		DirectStart:    v.Get("market.direct_2015_share"),
		DirectFade:     v.Get("market.direct_fade_months"),
		DirectPeak:     v.Month("market.direct_peak"),
		DirectFadeFrom: v.Month("market.direct_fade_from"),
	}
}

// Validate checks the parameters.
func (p Params) Validate() error {
	if err := calendar.Ordered([]string{"market.direct_peak", "market.direct_fade_from"}, p.DirectPeak, p.DirectFadeFrom); err != nil {
		return fmt.Errorf("market: %w", err)
	}
	if p.DirectPeak <= directOrigin {
		return fmt.Errorf("market: market.direct_peak (%v) must be after the direct trade's first month, %v", p.DirectPeak, directOrigin)
	}
	return nil
}

// directOrigin is where DirectStart is given: the model's origin.
var directOrigin = calendar.Of(2015, 1)

// DirectPure is Q_d(t), the pure kg of fentanyl reaching US markets in
// month t without crossing the southwest border: DirectStart·Direct in
// January 2015, linear to Direct by January 2017, held to January 2018,
// then fading exponentially.
func (p Params) DirectPure(t calendar.Month) float64 {
	origin, directPeak, directFade := directOrigin, p.DirectPeak, p.DirectFadeFrom
	switch {
	case t < origin:
		return p.Direct * p.DirectStart
	case t < directPeak:
		return p.Direct * (p.DirectStart + (1-p.DirectStart)*float64(t-origin)/float64(directPeak-origin))
	case t < directFade:
		return p.Direct
	case p.DirectFade <= 0:
		return 0
	}
	return p.Direct * math.Exp(-float64(t-directFade+1)/p.DirectFade)
}

// Observed gives DEA's observed purity in a month, if any.
type Observed func(t calendar.Month) (pct float64, ok bool)

// State of the retail market.
type State struct {
	Retail     float64 // bulk kg on retail markets this month
	Trend      float64 // slow-moving retail supply, for the price's reference
	Purity     float64 // %
	Pure       float64 // pure kg this month, both routes
	Direct     float64 // of which arrived directly (mail, express)
	Share      float64 // f
	PriceIndex float64 // P/P₀
	seenObs    bool
}

// Init starts the market with what was delivered before the run.
func Init(p Params, delivered0 float64) *State {
	return &State{Retail: delivered0, Trend: delivered0, Purity: p.PurityBefore, PriceIndex: 1}
}

// Inputs to the market.
type Inputs struct {
	Delivered float64 // bulk kg crossing this month
	Available float64 // precursor availability from supply, 0-1
	Catch     float64 // average probability a load is seized at the border
	Catch0    float64 // that probability in the status quo
}

// Step advances the market by a month.
func Step(t calendar.Month, p Params, obs Observed, in Inputs, s *State) {
	s.Retail += (in.Delivered - s.Retail) / max(1, p.Lag)
	s.Trend += (s.Retail - s.Trend) / p.PriceTrend
	if x, ok := obs(t); ok {
		s.Purity, s.seenObs = x, true
	} else if s.seenObs {
		target := p.PurityLong * math.Pow(max(in.Available, 1e-6), p.PurityAvail)
		s.Purity += (target - s.Purity) / p.PurityRelax
	} else {
		s.Purity = p.PurityBefore * math.Pow(max(in.Available, 1e-6), p.PurityAvail)
	}
	s.Direct = p.DirectPure(t)
	s.Pure = s.Retail*s.Purity/100 + s.Direct
	s.Share = shareOf(s.Pure, p.HeroinEquiv, p.ShareHill)
	cost := 1.0
	if in.Catch0 < 1 && in.Catch < 1 {
		cost = (1 - in.Catch0) / (1 - in.Catch)
	}
	supply := 1.0
	if s.Trend > 0 && s.Retail > 0 {
		supply = s.Retail / s.Trend
	}
	s.PriceIndex = (1 + p.Replacement*(cost-1)) * math.Pow(supply, 1/p.Elasticity)
}

// shareOf is fentanyl's share of the illicit opioid supply, q^h/(q^h + qh^h).
func shareOf(q, qh, h float64) float64 {
	if q <= 0 {
		return 0
	}
	if h == 0 {
		h = 1
	}
	r := math.Pow(q/qh, h)
	return r / (1 + r)
}

// Clone returns a copy of s that steps on its own (sim.RunAll branches
// runs into scenarios from a shared past).
func (s *State) Clone() *State {
	c := *s
	return &c
}
