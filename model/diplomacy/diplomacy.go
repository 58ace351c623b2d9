// Package diplomacy models bilateral US–Mexico cooperation as one state,
// C in [0, 1].
//
// Mexico guards its sovereignty: US action without its consent lowers C,
// which recovers slowly. Joint work (intelligence sharing) raises the level C
// settles at. C scales the levers that need Mexico's hand: extraditions,
// the use of shared intelligence, and joint operations. No study measures
// these effects, so every parameter here is labelled an assumption with a
// wide prior, and sensitivity analysis shows how much the answers depend on
// them (DESIGN §4).
//
//	dC/dt = (C* − C)/τ − δ·U,   C* = C₀ + γ·I
//
// with U unilateral operations per month and I the intelligence-sharing level.
// Strikes on labs count as operations in proportion to the capacity struck.
package diplomacy

import (
	"fmt"

	"github.com/cartelsim/cartelsim/params"
)

// Params of the cooperation model.
type Params struct {
	// Base is C₀, the status-quo cooperation level, 0-1.
	Base float64
	// Recovery is τ, months for a gap to C* to close by a factor e.
	Recovery float64
	// Shock is δ, the drop in C per unilateral US operation.
	Shock float64
	// IntelLift is γ, the rise in C* per unit of intelligence sharing.
	IntelLift float64
	// Pressure is the short-run rise in Mexican enforcement effort per unit
	// of US pressure (sanctions, strikes), a multiplier on effort.
	Pressure float64
	// LabOps is the number of strike operations equivalent to striking all
	// lab capacity once.
	LabOps float64
	// FullPressureOps is the number of strike operations a year that count
	// as full US pressure.
	FullPressureOps float64
}

// Parameters lists the module's registry entries.
func Parameters() []params.Param {
	const m = "diplomacy"
	return []params.Param{
		{Name: m + ".base", Module: m, Unit: "1 (index 0-1)", Default: 0.5,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 0.3, Hi: 0.7},
			Source:      "assumption: cooperation is partial (Mexico shares limited intelligence and extradites, refuses US forces on its soil; report in seed/), so the status quo sits mid-scale",
			Description: "status-quo bilateral cooperation C0"},
		{Name: m + ".recovery_months", Module: m, Unit: "months", Default: 24,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 6, Hi: 60},
			Source:      "assumption: diplomatic ruptures (e.g. the 2020 DEA-agent law after the Cienfuegos arrest) took one to several years to mend",
			Description: "time constant tau of recovery towards C*"},
		{Name: m + ".unilateral_shock", Module: m, Unit: "1 per operation", Default: 0.04,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 0.005, Hi: 0.15},
			Source:      "assumption: no study measures it; Mexico's stated refusal of US forces on its territory implies a large, uncertain cost of each unilateral operation",
			Description: "drop in cooperation per unilateral US strike operation"},
		{Name: m + ".intel_lift", Module: m, Unit: "1 per unit sharing", Default: 0.2,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 0, Hi: 0.4},
			Source:      "assumption: joint work builds trust; no study measures the size",
			Description: "rise of the cooperation target C* per unit of intelligence sharing"},
		{Name: m + ".pressure_effort", Module: m, Unit: "1 per unit pressure", Default: 0.1,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 0, Hi: 0.3},
			Source:      "assumption: US pressure has been followed by Mexican deployments and extraditions (2025 troop deployment and transfers, report in seed/); size unknown",
			Description: "short-run rise in Mexican enforcement effort per unit of US pressure"},
		{Name: m + ".lab_strike_operations", Module: m, Unit: "operations per unit share of capacity", Default: 10,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 2, Hi: 40},
			Source:      "assumption: lab capacity is spread over many small sites (Pardo & Reuter 2020), so destroying a tenth of it takes about one operation",
			Description: "strike operations equivalent to destroying all lab capacity once"},
		{Name: m + ".full_pressure_operations", Module: m, Unit: "operations per year", Default: 12,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 4, Hi: 52},
			Source:      "assumption: a sustained campaign of about one strike a month counts as the strongest pressure short of occupation",
			Description: "strike operations a year that count as full US pressure"},
	}
}

// FromValues reads the parameters from a registry vector.
func FromValues(v params.Values) Params {
	return Params{
		Base:            v.Get("diplomacy.base"),
		Recovery:        v.Get("diplomacy.recovery_months"),
		Shock:           v.Get("diplomacy.unilateral_shock"),
		IntelLift:       v.Get("diplomacy.intel_lift"),
		Pressure:        v.Get("diplomacy.pressure_effort"),
		LabOps:          v.Get("diplomacy.lab_strike_operations"),
		FullPressureOps: v.Get("diplomacy.full_pressure_operations"),
	}
}

// Validate checks the parameters can be stepped.
func (p Params) Validate() error {
	if p.Recovery <= 0 {
		return fmt.Errorf("diplomacy: recovery time %g months must be positive", p.Recovery)
	}
	if p.FullPressureOps <= 0 || p.LabOps < 0 {
		return fmt.Errorf("diplomacy: operation equivalents must be positive")
	}
	if p.Base <= 0 || p.Base > 1 {
		// Levers scale by C/C₀, so C₀ must be positive.
		return fmt.Errorf("diplomacy: base cooperation %g outside (0,1]", p.Base)
	}
	return nil
}

// State is the cooperation level and what it implies this month.
type State struct {
	// C is cooperation, 0-1.
	C float64
	// Effort multiplies Mexican enforcement (troops, captures): 1 = status quo.
	Effort float64
}

// Init starts at the status-quo level.
func Init(p Params) (*State, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return &State{C: p.Base, Effort: 1}, nil
}

// Inputs are the month's US actions.
type Inputs struct {
	// Unilateral is unilateral US strike operations on leadership per year.
	Unilateral float64
	// UnilateralLabs is the share of lab capacity struck unilaterally per year.
	UnilateralLabs float64
	// Strikes is all US strike operations on leadership per year, and
	// StrikeLabs the share of lab capacity struck per year, consented or not.
	Strikes, StrikeLabs float64
	// Intel is intelligence sharing, 0-1.
	Intel float64
	// Sanctions is the strength of financial sanctions, 0-1.
	Sanctions float64
}

// Step advances cooperation by one month.
func Step(p Params, in Inputs, s *State) {
	target := min(1, p.Base+p.IntelLift*in.Intel)
	uni := in.Unilateral + p.LabOps*in.UnilateralLabs
	c := s.C + (target-s.C)/p.Recovery - p.Shock*uni/12
	s.C = min(1, max(0, c))
	// US pressure: sanctions plus any strike campaign, capped at 1.
	ops := in.Strikes + p.LabOps*in.StrikeLabs
	pressure := min(1, in.Sanctions+min(1, ops/p.FullPressureOps))
	s.Effort = 1 + p.Pressure*pressure
}

// Scale is how much a cooperative lever achieves at cooperation c relative
// to the status quo: c/C₀, so a lever that needs Mexico's hand does less as
// cooperation falls.
func (p Params) Scale(c float64) float64 { return c / p.Base }

// Clone returns a copy of s that steps on its own (sim.RunAll branches
// runs into scenarios from a shared past).
func (s *State) Clone() *State {
	c := *s
	return &c
}
