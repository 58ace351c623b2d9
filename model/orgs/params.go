package orgs

import (
	"errors"
	"fmt"
	"math"

	"github.com/cartelsim/cartelsim/params"
)

// Params are the numbers the orgs module reads. The zero value is not
// useful: start from Defaults or FromValues. Symbols are those of
// Prieto-Curiel, Campedelli & Hope (2023); see the package doc.
type Params struct {
	// Recruitment is ρ, recruits per member per week (1/week). ≥ 0. Default
	// 2.527474e-3, the value in the paper's code (ReclutamientoC.R).
	Recruitment float64
	// Incapacitation is η, members removed by arrest or death outside
	// inter-group conflict, persons per week, spread over the groups in
	// proportion to their size. ≥ 0. Default 110 (paper's code).
	Incapacitation float64
	// Lethality is θ, conflict deaths per member per weighted rival member
	// per week (1/(person·week)). ≥ 0. Default 1.549231e-8 (paper's code,
	// whose comment says it gives about 200 killings a week; the equations
	// give 67 a week in 2012 and 124 in 2022).
	Lethality float64
	// Saturation is ω, 1/(person·week): the quadratic loss ω·C_i² that
	// caps a group's size at about ρ/ω (the code comments call it
	// "fragmentation"). ≥ 0. Default 0.04e-6 (paper's code).
	Saturation float64
	// InitialMembers is the total membership of all groups in 2012-01,
	// persons. > 0. Default 115,000 (paper's code).
	InitialMembers float64
	// MaxIncapacitation caps the per-member incapacitation rate η·h/ΣC,
	// 1/week, > 0. The paper's term is uncapped and, as ΣC falls towards
	// 0, grows without bound, emptying the groups in finite time; the cap
	// binds only near collapse (at the default, below 11,000·h members).
	// Default 0.01 (assumption).
	MaxIncapacitation float64
	// SizeExponent is β: in 2012 the group of rank k (by total alliance
	// plus rivalry strength) has members ∝ k^(−β). ≥ 0. Default 1 (paper's
	// code: "power law distribution w beta = -1").
	SizeExponent float64

	// CaptureLoss is the leadership integrity a capture removes, in [0,1].
	// Default 0.35 (assumption; see Parameters for the reasoning).
	CaptureLoss float64
	// KillingFactor scales CaptureLoss for a killing, ≥ 1: killings are
	// followed by more violence than captures (Dickenson 2014) and by no
	// short-run dip (Phillips 2015). Default 1.5 (assumption).
	KillingFactor float64
	// ExtraditionFactor scales CaptureLoss for an extradition, in [0,1]:
	// the leader is already in custody, so the shock is at most a
	// capture's. Default 0.8 (assumption).
	ExtraditionFactor float64
	// MidLevelFactor scales CaptureLoss for a mid-level arrest, in [0,1]:
	// the smallest shock (Phillips 2015). Default 0.25 (assumption).
	MidLevelFactor float64
	// TransferFactor scales CaptureLoss for the transfer to the US of a
	// leader held in Mexican custody since an earlier capture, in [0,1]:
	// the capture already removed the leader, so only what command was
	// kept from prison goes. Default 0.2 (assumption).
	TransferFactor float64
	// Recovery is the monthly rate at which integrity returns towards 1:
	// 1−I falls by the factor exp(−Recovery) each month. ≥ 0. Default 0.06
	// per month, so a capture's effect lasts beyond 12 months (Lindo &
	// Padilla-Romo 2018).
	Recovery float64
	// SplitThreshold is the integrity below which a group may split, in
	// [0,1]. Default 0.6 (assumption: above a capture's 0.65, below a
	// killing's 0.475).
	SplitThreshold float64
	// SplitProbability is the chance per month that a group below the
	// threshold splits, in [0,1]. Default 0.1 (assumption).
	SplitProbability float64
	// SplitShare is the share of a splitting group's members that go to
	// the smaller splinter, in (0, 0.5]. Default 0.4 (assumption).
	SplitShare float64
	// SplinterRivalry is the rivalry weight between the two splinters of a
	// split, in reports (the unit of the network's weights). ≥ 0. Default 4
	// (assumption: the upper range of the observed weights, 1–13).
	SplinterRivalry float64
	// SuccessionLethality is κ: a group with integrity I fights with
	// lethality multiplier λ = 1 + κ·(1−I). ≥ 0. Default 1, so a capture
	// raises the group's conflict lethality by 35% across its territory
	// (Calderón et al. 2015: +36.5% in six months; Lindo & Padilla-Romo
	// 2018: +80% where the capture happened, +30% in the same group's
	// other municipalities).
	SuccessionLethality float64

	// PresenceHome is the share of a group's presence in its home state,
	// in [0,1]; the rest is spread over its listed states
	// (PresenceTable) or its allies' and rivals' footprints by tie weight.
	// Default 0.8 (fitted to INEGI homicides by state).
	PresenceHome float64
	// ContestRecovery is the monthly rate at which a local succession
	// contest fades: the contest falls by exp(−rate) a month. ≥ 0.
	ContestRecovery float64
	// ArrestDip is the disarray a mid-level arrest adds to its group, in
	// [0,1): its lethality is multiplied by 1 − disarray (Phillips 2015:
	// a short-run dip after arrests).
	ArrestDip float64
	// DipRecovery is the monthly rate at which disarray fades. ≥ 0.
	DipRecovery float64
	// Spillover is the share of a removal's local contest that also
	// starts in the group's other states, in [0,1].
	Spillover float64
	// SpillRecovery is the monthly rate at which the spill-over contest
	// fades. ≥ 0.
	SpillRecovery float64
}

// entry ties a registry entry to its Params field.
type entry struct {
	param params.Param
	field func(*Params) *float64
}

const paperCode = "Prieto-Curiel, Campedelli & Hope (2023) Science 381:1312, " +
	"replication code ReclutamientoC.R (github rafaelprietocuriel/Recruitment, commit a1db30ca)"

const paperFit = "value hard-coded in ReclutamientoC.R, which also holds the authors' fit: L-BFGS-B least " +
	"squares of weekly conflict deaths against 0.1 × (INEGI homicides + missing persons)/52, 2012–2021; " +
	"that the hard-coded values are this fit's output is our reading (η, ω and the initial total sit on " +
	"edges of its search box, as a fit's output would)"

func table() []entry {
	u := func(lo, hi float64) params.Prior { return params.Prior{Dist: params.Uniform, Lo: lo, Hi: hi} }
	return []entry{
		{params.Param{Name: "orgs.recruitment_rate", Unit: "1/week", Default: 2.527474e-3,
			Prior:  u(2e-3, 3e-3),
			Source: paperCode + "; prior = the authors' search box",
			Fit:    paperFit,
			Description: "ρ: recruits per member per week. The paper needs 350–370 recruits a week " +
				"to keep the groups from shrinking"},
			func(p *Params) *float64 { return &p.Recruitment }},
		{params.Param{Name: "orgs.incapacitation", Unit: "persons/week", Default: 110,
			Prior: u(80, 160),
			Source: paperCode + "; prior widened from the authors' search box [110, 120], " +
				"whose lower edge the fit reached (assumption on the width)",
			Fit: paperFit,
			Description: "η: members incapacitated (arrested or killed outside inter-group conflict) " +
				"per week, spread over groups in proportion to size"},
			func(p *Params) *float64 { return &p.Incapacitation }},
		{params.Param{Name: "orgs.lethality", Unit: "1/(person·week)", Default: 1.549231e-8,
			Prior:  u(1e-8, 2e-8),
			Source: paperCode + " (\"theta lethality so there are 200 kills per week\"); prior = the authors' search box",
			Fit:    paperFit,
			Description: "θ: conflict lethality; group i loses θ·C_i·Σ_j Conf_ij·C_j members " +
				"a week to conflict"},
			func(p *Params) *float64 { return &p.Lethality }},
		{params.Param{Name: "orgs.saturation", Unit: "1/(person·week)", Default: 0.04e-6,
			Prior: u(0.02e-6, 0.1e-6),
			Source: paperCode + "; prior widened below the authors' search box [0.04e-6, 0.1e-6], " +
				"whose lower edge the fit reached (assumption on the width)",
			Fit: paperFit,
			Description: "ω: quadratic loss ω·C_i² per week that caps a group near ρ/ω members " +
				"(\"fragmentation\" in the code comments)"},
			func(p *Params) *float64 { return &p.Saturation }},
		{params.Param{Name: "orgs.max_incapacitation_rate", Unit: "1/week", Default: 0.01,
			Prior: u(0.003, 0.05),
			Source: "assumption: enforcement cannot remove more than about 1% of the remaining members " +
				"a week (40% a year), 16 times the 2022 rate of η/ΣC ≈ 6e-4; it only binds near collapse, " +
				"where the paper's η/ΣC term is singular",
			Description: "cap on the per-member incapacitation rate η·h/ΣC"},
			func(p *Params) *float64 { return &p.MaxIncapacitation }},
		{params.Param{Name: "orgs.initial_members", Unit: "persons", Default: 115000,
			Prior: u(100000, 130000),
			Source: paperCode + "; prior widened from the authors' search box [110,000, 115,000], " +
				"whose upper edge the fit reached (assumption on the width)",
			Fit:         paperFit,
			Description: "total members of all criminal groups in 2012-01"},
			func(p *Params) *float64 { return &p.InitialMembers }},
		{params.Param{Name: "orgs.size_exponent", Unit: "1", Default: 1,
			Prior: u(0.7, 1.3),
			Source: paperCode + " (\"cartels have a power law distribution w beta = -1\"); " +
				"assumption: the prior width",
			Description: "β: in 2012 the group ranked k by total alliance plus rivalry strength " +
				"has members ∝ k^(−β)"},
			func(p *Params) *float64 { return &p.SizeExponent }},
		{params.Param{Name: "orgs.capture_integrity_loss", Unit: "1", Default: 0.35,
			Prior: u(0.1, 0.6),
			Source: "assumption: one capture alone leaves a group above the split threshold, " +
				"a killing or two captures in quick succession can push it below; the ordering of " +
				"removal kinds follows Dickenson (2014) and Phillips (2015), the size does not come from a study",
			Description: "leadership integrity (0–1) removed by one capture of a group's leader"},
			func(p *Params) *float64 { return &p.CaptureLoss }},
		{params.Param{Name: "orgs.killing_factor", Unit: "1", Default: 1.5,
			Prior: u(1, 2.5),
			Source: "Dickenson (2014) J. Quant. Criminol. 30:651 (killings of leaders are followed by " +
				"more violence than captures); Phillips (2015) J. Politics 77:324 (no short-run dip after " +
				"killings); assumption: the size",
			Description: "integrity loss of a killing relative to a capture (≥ 1)"},
			func(p *Params) *float64 { return &p.KillingFactor }},
		{params.Param{Name: "orgs.extradition_factor", Unit: "1", Default: 0.8,
			Prior: u(0.4, 1),
			Source: "assumption: an extradition removes a leader already in custody, so its shock is " +
				"at most a capture's; no study sizes it",
			Description: "integrity loss of an extradition relative to a capture (≤ 1)"},
			func(p *Params) *float64 { return &p.ExtraditionFactor }},
		{params.Param{Name: "orgs.midlevel_factor", Unit: "1", Default: 0.25,
			Prior: u(0.05, 0.6),
			Source: "Phillips (2015) J. Politics 77:324 (arrests of mid-level figures weaken a group " +
				"with the least backlash); assumption: the size",
			Description: "integrity loss of a mid-level arrest relative to a capture (< 1)"},
			func(p *Params) *float64 { return &p.MidLevelFactor }},
		{params.Param{Name: "orgs.transfer_factor", Unit: "1", Default: 0.2,
			Prior: u(0, 0.8),
			Source: "assumption: the 2025 transfers to the US (US DOJ releases 2025-02-27 and 2025-08-12) " +
				"took people held in Mexican prisons, most since captures the history replays as removals; " +
				"what a transfer takes away is the command some kept from prison, which no study sizes; " +
				"below an extradition's factor, whose prior this one's top meets",
			Description: "integrity loss of the transfer of a leader already in custody relative to a capture"},
			func(p *Params) *float64 { return &p.TransferFactor }},
		{params.Param{Name: "orgs.integrity_recovery", Unit: "1/month", Default: 0.06,
			Prior: u(0.02, 0.25),
			Source: "Lindo & Padilla-Romo (2018) J. Health Econ. 58:253 (the homicide rise after a " +
				"capture lasts 12 months or more); assumption: the rate (half-life ≈ 12 months at the default)",
			Description: "monthly rate at which lost leadership integrity is rebuilt: 1−I falls by " +
				"exp(−rate) a month"},
			func(p *Params) *float64 { return &p.Recovery }},
		{params.Param{Name: "orgs.split_threshold", Unit: "1", Default: 0.6,
			Prior: u(0.3, 0.8),
			Source: "assumption: a capture alone (integrity 0.65) does not split a group; a killing or two " +
				"captures within months do, with about even odds within a year at the default split " +
				"probability and recovery, in line with the fragmentation after decapitations that " +
				"Phillips (2015) and Calderón et al. (2015) describe; no study sizes it",
			Description: "leadership integrity below which a group may split into two rival splinters"},
			func(p *Params) *float64 { return &p.SplitThreshold }},
		{params.Param{Name: "orgs.split_probability", Unit: "1/month", Default: 0.1,
			Prior: u(0.02, 0.3),
			Source: "assumption: fragmentation after decapitation is common but not immediate " +
				"(Phillips 2015; Calderón et al. 2015 J. Conflict Resolut. 59:1455); no study gives a rate",
			Description: "chance per month that a group below the split threshold splits"},
			func(p *Params) *float64 { return &p.SplitProbability }},
		{params.Param{Name: "orgs.split_share", Unit: "1", Default: 0.4,
			Prior:       u(0.1, 0.5),
			Source:      "assumption: a minority faction breaks away; 0.5 is an even split",
			Description: "share of a splitting group's members that go to the smaller splinter"},
			func(p *Params) *float64 { return &p.SplitShare }},
		{params.Param{Name: "orgs.splinter_rivalry", Unit: "reports", Default: 4,
			Prior: u(1, 13),
			Source: "assumption: splinters of one group fight hard; the observed rivalry weights run " +
				"1–13 (BACRIM2020), 4 is their upper decile",
			Description: "rivalry weight between the two splinters of a split, in the network's unit"},
			func(p *Params) *float64 { return &p.SplinterRivalry }},
		{params.Param{Name: "orgs.succession_lethality", Unit: "1", Default: 1,
			Prior: u(0, 3),
			Source: "Calderón et al. (2015) J. Conflict Resolut. 59:1455 (+36.5% DTO violence in the 6 " +
				"months after a removal); Lindo & Padilla-Romo (2018) J. Health Econ. 58:253 (+80% homicides " +
				"in the municipality of a capture for 12+ months, +30% in the group's other municipalities " +
				"for ~6 months); assumption: applying these local effects to a whole group's conflict; the " +
				"default gives +35% after one capture, the prior's top about +100%",
			Description: "κ: a group with leadership integrity I fights with lethality multiplier " +
				"λ = 1 + κ·(1−I) (succession contest)"},
			func(p *Params) *float64 { return &p.SuccessionLethality }},
		{params.Param{Name: "orgs.presence_home_share", Unit: "1", Default: 0.8,
			Prior: u(0.2, 1),
			Source: "BACRIM2020 network (a group's main state and its alliance and rivalry ties, " +
				"Prieto-Curiel, Campedelli & Hope (2023) replication data) and cartel_state_presence (DEA National Drug Threat " +
				"Assessment 2025 maps, InSight Crime); assumption: the ties and the listed states locate a group's activity " +
				"beyond its main state; the share is fitted",
			Fit: "refit grid with the violence parameters (go test ./fit -run TestViolenceRefit -violencerefit -violenceset orgs.presence_home_share=h): " +
				"state-years of issue 4 within 25% (mean of the runs with seeds 1-6 at state weight 0.3) 29 at 0.4 and 34 at 0.8, national targets all met at both (before the state conflict weights, violence.conflict_weight_*); " +
				"0.8 kept for the state-years (the smooth loss is lower at 0.4, 0.92 against 1.04); the state fit stays short (docs/violence.md, Calibration)",
			Description: "share of a group's presence in its home state; the rest spreads over its listed states " +
				"(cartel_state_presence) or, for a group not listed, over its allies' and rivals' footprints in proportion to tie weight"},
			func(p *Params) *float64 { return &p.PresenceHome }},
		{params.Param{Name: "orgs.contest_recovery", Unit: "1/month", Default: 0.04,
			Prior: u(0.01, 0.15),
			Source: "Lindo & Padilla-Romo (2018) J. Health Econ. 58:253 (homicides stay about 80% higher " +
				"in the municipality of a capture for 12 months or more); assumption: the rate, which leaves " +
				"62% of the contest after 12 months",
			Description: "monthly rate at which a local succession contest where a removal happened fades"},
			func(p *Params) *float64 { return &p.ContestRecovery }},
		{params.Param{Name: "orgs.arrest_dip", Unit: "1", Default: 0.7,
			Prior: u(0, 0.9),
			Source: "Phillips (2015) J. Politics 77:324 (arrests of leaders, most robustly of mid-level " +
				"figures, are followed by a short-run fall in violence before fragmentation raises it); " +
				"assumption: the size",
			Description: "disarray a mid-level arrest adds to its group, cutting its conflict lethality by that share"},
			func(p *Params) *float64 { return &p.ArrestDip }},
		{params.Param{Name: "orgs.dip_recovery", Unit: "1/month", Default: 1.2,
			Prior: u(0.5, 3),
			Source: "Phillips (2015) J. Politics 77:324 (the fall after arrests lasts months, not years); " +
				"assumption: the rate, which leaves 30% of the disarray after a month and 3% after three",
			Description: "monthly rate at which disarray after a mid-level arrest fades"},
			func(p *Params) *float64 { return &p.DipRecovery }},
		{params.Param{Name: "orgs.contest_spillover", Unit: "1", Default: 1,
			Prior: u(0, 1),
			Source: "Lindo & Padilla-Romo (2018) J. Health Econ. 58:253 (homicides about 30% higher for some six " +
				"months in other municipalities where the captured leader's organisation operates); assumption: " +
				"it acts as a weaker contest in the group's other states",
			Fit: "set so that the model's event study of a capture (go test ./model/violence -run Kingpin -v) gives " +
				"about +30% over six months in the group's other states",
			Description: "share of a removal's local contest that spills over to the group's other states"},
			func(p *Params) *float64 { return &p.Spillover }},
		{params.Param{Name: "orgs.spill_recovery", Unit: "1/month", Default: 0.2,
			Prior: u(0.05, 0.6),
			Source: "Lindo & Padilla-Romo (2018) J. Health Econ. 58:253 (the rise in the group's other " +
				"municipalities lasts about six months); assumption: the rate, which leaves 30% after six months",
			Description: "monthly rate at which the spill-over contest in a group's other states fades"},
			func(p *Params) *float64 { return &p.SpillRecovery }},
	}
}

// Parameters returns the registry entries of the orgs module, a fresh slice
// on every call.
func Parameters() []params.Param {
	t := table()
	out := make([]params.Param, len(t))
	for i, e := range t {
		e.param.Module = "orgs"
		out[i] = e.param
	}
	return out
}

// Defaults returns the parameters at their registry defaults.
func Defaults() Params {
	var p Params
	for _, e := range table() {
		*e.field(&p) = e.param.Default
	}
	return p
}

// FromValues reads the module's parameters from v. It panics if v's
// registry lacks one of them, which means Parameters was not registered.
func FromValues(v params.Values) Params {
	var p Params
	for _, e := range table() {
		*e.field(&p) = v.Get(e.param.Name)
	}
	return p
}

// Validate returns every parameter that is not finite or lies outside its
// valid range, each named by its registry key.
func (p Params) Validate() error {
	var errs []error
	check := func(name string, x, lo, hi float64, loOpen bool) {
		if math.IsNaN(x) || math.IsInf(x, 0) || x < lo || x > hi || (loOpen && x == lo) {
			br := "["
			if loOpen {
				br = "("
			}
			errs = append(errs, fmt.Errorf("orgs: %s = %g, want %s%g, %g]", name, x, br, lo, hi))
		}
	}
	inf := math.Inf(1)
	check("orgs.recruitment_rate", p.Recruitment, 0, inf, false)
	check("orgs.incapacitation", p.Incapacitation, 0, inf, false)
	check("orgs.lethality", p.Lethality, 0, inf, false)
	check("orgs.saturation", p.Saturation, 0, inf, false)
	check("orgs.max_incapacitation_rate", p.MaxIncapacitation, 0, inf, true)
	check("orgs.initial_members", p.InitialMembers, 0, inf, true)
	check("orgs.size_exponent", p.SizeExponent, 0, inf, false)
	check("orgs.capture_integrity_loss", p.CaptureLoss, 0, 1, false)
	check("orgs.killing_factor", p.KillingFactor, 1, inf, false)
	check("orgs.extradition_factor", p.ExtraditionFactor, 0, 1, false)
	check("orgs.midlevel_factor", p.MidLevelFactor, 0, 1, false)
	check("orgs.transfer_factor", p.TransferFactor, 0, 1, false)
	check("orgs.integrity_recovery", p.Recovery, 0, inf, false)
	check("orgs.split_threshold", p.SplitThreshold, 0, 1, false)
	check("orgs.split_probability", p.SplitProbability, 0, 1, false)
	check("orgs.split_share", p.SplitShare, 0, 0.5, true)
	check("orgs.splinter_rivalry", p.SplinterRivalry, 0, inf, false)
	check("orgs.succession_lethality", p.SuccessionLethality, 0, inf, false)
	check("orgs.presence_home_share", p.PresenceHome, 0, 1, false)
	check("orgs.contest_recovery", p.ContestRecovery, 0, inf, false)
	check("orgs.arrest_dip", p.ArrestDip, 0, maxDip, false)
	check("orgs.dip_recovery", p.DipRecovery, 0, inf, false)
	check("orgs.contest_spillover", p.Spillover, 0, 1, false)
	check("orgs.spill_recovery", p.SpillRecovery, 0, inf, false)
	return errors.Join(errs...)
}
