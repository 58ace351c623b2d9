// Package orgs models Mexico's criminal groups as populations: members
// recruited, incapacitated and killed in conflict between rival groups,
// after Prieto-Curiel, Campedelli & Hope (2023), extended with leadership
// integrity, removals of leaders and splits into rival splinters. It models
// organisations only, never individuals.
//
// # Population dynamics
//
// For group i with C_i members, t in weeks (Prieto-Curiel et al. 2023, and
// the equations of their code ReclutamientoC.R):
//
//	dC_i/dt = C_i·(ρ·r − η·h/ΣC − θ·l·λ_i·Σ_j Conf_ij·λ_j·C_j − ω·C_i)
//	Conf_ij = (rivalry_ij + 1)/(A_i + 1),  Conf_ii = 0
//
// where A_i is group i's total alliance weight, rivalry_ij the weight of
// the rivalry between i and j (0 if none), ρ recruitment per member, η
// incapacitations per week spread over the groups in proportion to size,
// θ conflict lethality and ω a quadratic term that caps a group's size
// near ρ/ω. The weights are the 2020 BACRIM network (package data,
// cartel_* tables). r, h and l are policy multipliers (1 = status quo) and
// λ_i the succession-contest multiplier below; with every λ_i = 1 and
// r = h = l = 1 these are the paper's equations. The national flows are
//
//	recruits      = ρ·r·ΣC
//	incapacitated = η·h   (less near collapse; see below)
//	casualties    = θ·l·Σ_i λ_i·C_i·Σ_j Conf_ij·λ_j·C_j   (the paper's "killings")
//	saturation    = ω·Σ_i C_i²
//
// and ΣC changes by recruits − incapacitated − casualties − saturation.
// Because Conf has the form above, the conflict sum costs O(n + ties):
//
//	Σ_j Conf_ij·y_j = (Σ_j y_j − y_i + Σ_j rivalry_ij·y_j)/(A_i + 1),  y_j = λ_j·C_j
//
// The paper starts in 2012 with 115,000 members spread as a power law over
// the groups ranked by total (alliance + rivalry) strength, rank k having
// members ∝ 1/k, and runs 520 weeks to 2022. Its code draws each group's
// 2012 size from a Poisson law with that mean in its main run and uses the
// mean itself in its fitting function; we use the mean. Each month
// (days/7 weeks) is integrated with classic fourth-order Runge–Kutta in
// equal steps: one at the paper's rates, more when the largest per-member
// rate r makes h·r exceed 0.1. The flows are integrated alongside with the
// same stage weights, so that members and flows balance to rounding.
//
// One change to the paper's equations: the per-member incapacitation rate
// η·h/ΣC is capped (Params.MaxIncapacitation). The paper's term grows
// without bound as ΣC falls and would empty the groups in finite time; the
// cap binds only near collapse and leaves the paper's results unchanged.
//
// Time runs in calendar months of days/7 weeks, so 2012-01 to 2022-01 is
// 521.9 weeks where the paper counts 520 (52 a year); Init(…, 2022-01)
// therefore sits 1.9 weeks past the paper's 2022 state.
//
// With the paper's parameters this reproduces its results: about 174,000
// members in 2022 (paper: 160,000–185,000), 359 recruits a week on average
// over 2012–2022 (paper: 350–370), and, from the 2022 state over five
// years, members and weekly killings +23% and +36% under the status quo,
// +6% and +2% with incapacitation doubled, −10% and −26% with recruitment
// halved.
//
// # Leadership
//
// Each group has a leadership integrity I in [0,1], 1 when intact. A
// removal of a leader lowers the integrity of the largest active group
// whose home is the removal's state, by an amount that depends on its kind:
//
//	killing > capture ≥ extradition > mid-level arrest
//
// following Dickenson (2014), who finds killings followed by more violence
// than captures, and Phillips (2015), who finds a short-run dip only after
// arrests, most robustly of mid-level figures. The sizes are assumptions
// with wide priors. Integrity recovers towards 1 month by month:
//
//	1 − I(t+1) = (1 − I(t))·exp(−μ)
//
// While integrity is low the group fights a succession contest and is
// more lethal, and more exposed, in its conflicts (a_i is the disarray
// after mid-level arrests, below):
//
//	λ_i = (1 + κ·(1 − I_i))·(1 − a_i)
//
// sized after Lindo & Padilla-Romo (2018), who find homicides up 80% in
// the municipality of a capture for a year or more and 30% for about six
// months in the group's other municipalities, and Calderón et al. (2015),
// +36.5% in the six months after a removal. A group below an integrity
// threshold splits with a monthly probability into two splinters that
// share its members, inherit its home state, alliances and rivalries, and
// are rivals of each other, so that conflict and killings rise in the long
// run: the fragmentation that Phillips (2015) and Calderón et al. (2015)
// describe. Removal counts are Poisson draws and splits Bernoulli draws
// from the rng passed to Step, the only randomness in the module.
//
// A removal also starts a local succession contest, in [0,1], in the
// state where it happens (raised by the integrity it costs, fading at
// Params.ContestRecovery a month) and a spill-over contest in the group's
// other states (Params.Spillover times that, fading faster); violence
// turns the casualties in contests into extra homicides (Lindo &
// Padilla-Romo 2018). A mid-level arrest also adds a disarray a_i that
// cuts the group's lethality for a month or two, the short-run dip that
// Phillips (2015) finds. A removal targets the largest active group based
// in its state or, named by network id, the largest active group
// descended from that group; Inputs.Splits split named groups outright
// (events that happened).
//
// # Geography
//
// Each group is present over the 32 states: Params.PresenceHome in its
// home state and the rest evenly over the states where PresenceTable
// (DEA and InSight Crime) places it, or, for a group the table does not
// list, over its allies' and rivals' footprints in proportion to the ties'
// weights (a listed group's listed states, another group's home state);
// splinters inherit it. Members and conflict casualties are spread over
// the states by presence.
//
// # The paper's run
//
// PaperRun integrates the equations week by week from the paper's 2012
// state, with weekly output, for the reproduction of the paper and the
// side-by-side benchmark with R deSolve (bench/orgs).
//
// # References
//
// Prieto-Curiel, R., Campedelli, G. M. & Hope, A. (2023). Reducing cartel
// recruitment is the only way to lower violence in Mexico. Science
// 381(6664): 1312–1316. Code and network data: github.com/rafaelprietocuriel/Recruitment
// (ReclutamientoC.R, BACRIM2020_*.csv; network compiled by CentroGeo/GeoInt/DataLab
// from open sources, ppdata.politicadedrogas.org).
//
// Dickenson, M. (2014). The impact of leadership removal on Mexican drug
// trafficking organizations. Journal of Quantitative Criminology 30(4): 651–676.
//
// Phillips, B. J. (2015). How does leadership decapitation affect violence?
// The case of drug trafficking organizations in Mexico. Journal of Politics
// 77(2): 324–336.
//
// Calderón, G., Robles, G., Díaz-Cayeros, A. & Magaloni, B. (2015). The
// beheading of criminal organizations and the dynamics of violence in
// Mexico. Journal of Conflict Resolution 59(8): 1455–1485.
//
// Lindo, J. M. & Padilla-Romo, M. (2018). Kingpin approaches to fighting
// crime and community violence: evidence from Mexico's drug war. Journal
// of Health Economics 58: 253–268.
//
// Hörmann, W. (1993). The transformed rejection method for generating
// Poisson random variables. Insurance: Mathematics and Economics 12(1): 39–45.
package orgs
