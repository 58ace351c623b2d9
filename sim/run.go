package sim

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/geo"
	"github.com/cartelsim/cartelsim/internal/clone"
	"github.com/cartelsim/cartelsim/model/border"
	"github.com/cartelsim/cartelsim/model/diplomacy"
	"github.com/cartelsim/cartelsim/model/health"
	"github.com/cartelsim/cartelsim/model/market"
	"github.com/cartelsim/cartelsim/model/orgs"
	"github.com/cartelsim/cartelsim/model/policy"
	"github.com/cartelsim/cartelsim/model/routes"
	"github.com/cartelsim/cartelsim/model/supply"
	"github.com/cartelsim/cartelsim/model/violence"
	"github.com/cartelsim/cartelsim/params"
	"github.com/cartelsim/cartelsim/scenario"
)

// Origin is the first month the model simulates: its initial state (users,
// lab capacity, members) is calibrated to January 2015.
var Origin = calendar.Of(2015, 1)

// Output variables. Values are for the month (deaths, kg, lbs, homicides)
// or at the month's end (stocks: members, users, cooperation).
const (
	VarDeaths          = "us_overdose_deaths"
	VarSynthetic       = "us_synthetic_opioid_deaths"
	VarOpioid          = "us_opioid_deaths"
	VarStimulant       = "us_stimulant_deaths"
	VarRemission       = "us_opioid_remission"
	VarIllicitUsers    = "us_illicit_opioid_users"
	VarMOUD            = "us_moud_patients"
	VarProduction      = "fentanyl_production_kg"
	VarFlow            = "fentanyl_flow_kg"
	VarRouteFlow       = "route_flow_kg"
	VarPortCrossings   = "port_crossings_kg"
	VarRouteGap        = "route_equilibrium_gap"
	VarLostMexico      = "fentanyl_lost_mexico_kg"
	VarInTransit       = "fentanyl_in_transit_kg"
	VarSeizedKg        = "fentanyl_seized_kg"
	VarSeizedLbs       = "fentanyl_seized_lbs"
	VarDelivered       = "fentanyl_delivered_kg"
	VarPurity          = "fentanyl_purity_pct"
	VarShare           = "fentanyl_share"
	VarPrice           = "fentanyl_price_index"
	VarHomicides       = "mx_homicides"
	VarMembers         = "cartel_members"
	VarGroups          = "cartel_groups"
	VarSplits          = "cartel_splits"
	VarCasualties      = "cartel_conflict_casualties"
	VarCooperation     = "cooperation"
	VarPrecursorAccess = "precursor_availability"
)

// Variable describes an output variable.
type Variable struct {
	Name, Unit, Regions, Description string
}

// Variables lists every output variable.
func Variables() []Variable {
	return []Variable{
		{VarDeaths, "deaths/month", "all", "US drug overdose deaths, all drugs"},
		{VarSynthetic, "deaths/month", "all", "US overdose deaths involving synthetic opioids other than methadone (mostly fentanyl)"},
		{VarOpioid, "deaths/month", "all", "US overdose deaths involving opioids"},
		{VarStimulant, "deaths/month", "all", "US overdose deaths involving stimulants (cocaine, methamphetamine), with or without opioids"},
		{VarIllicitUsers, "persons", "all", "people using illicit opioids (heroin or fentanyl), month end"},
		{VarMOUD, "persons", "all", "people in treatment with medication for opioid use disorder, month end"},
		{VarRemission, "persons", "all", "people in remission from opioid use disorder after treatment, month end"},
		{VarProduction, "kg/month (bulk)", "all, producing state code", "fentanyl produced in Mexico"},
		{VarFlow, "kg/month (bulk)", "all, field office", "fentanyl arriving at the southwest border"},
		{VarRouteFlow, "kg/month (bulk)", "corridor id (e.g. mex-15:culiacan-nogales)", "fentanyl shipped along the corridor's busiest segment this month"},
		{VarPortCrossings, "kg/month (bulk)", "port id (e.g. poe_nogales)", "fentanyl trying to cross at the port (arrivals less loads diverted between ports)"},
		{VarRouteGap, "1", "all", "gap of the month's routing equilibrium: distance of the flows from their logit split of ports, as a share of the shipments (0 = exact); where steep road congestion stalls the search, the flow a pass of pairwise Newton steps moves, which stops the search below 0.01"},
		{VarLostMexico, "kg/month (bulk)", "all", "fentanyl seized or lost inside Mexico"},
		{VarInTransit, "kg (bulk)", "all", "fentanyl on the road at month end"},
		{VarSeizedKg, "kg/month (bulk)", "all", "fentanyl seized by CBP on the southwest border"},
		{VarSeizedLbs, "lbs/month (bulk)", "all, ports, between, field office, sector, port id", "fentanyl seized by CBP on the southwest border, as CBP reports it"},
		{VarDelivered, "kg/month (bulk)", "all", "fentanyl crossing into the US undetected"},
		{VarPurity, "%", "all", "fentanyl powder purity on US markets"},
		{VarShare, "1", "all", "fentanyl's share of the illicit opioid supply"},
		{VarPrice, "1 (Jan 2015 = 1)", "all", "US retail fentanyl price index"},
		{VarHomicides, "homicides/month", "all, INEGI state code", "intentional homicides in Mexico"},
		{VarMembers, "persons", "all", "members of criminal groups in Mexico, month end"},
		{VarGroups, "groups", "all", "active criminal groups, month end"},
		{VarSplits, "splits/month", "all", "groups splitting into rival splinters"},
		{VarCasualties, "persons/month", "all", "members killed in conflict between groups"},
		{VarCooperation, "1 (0-1)", "all", "US-Mexico cooperation index, month end"},
		{VarPrecursorAccess, "1 (0-1)", "all", "share of precursor chemicals reaching the labs"},
	}
}

// Recorder receives every output value of a run, month by month, in a
// fixed order.
type Recorder interface {
	Record(t calendar.Month, variable, region string, value float64) error
}

// Output names one recorded series: a variable and its region.
type Output struct{ Variable, Region string }

// A MonthRecorder takes a month's outputs in one call, names[i] naming
// values[i], in the order Record would receive them; sim calls RecordMonth
// instead of Record for a recorder that has it. Within a run names is the
// same slice every month (the order depends only on the World), so a
// recorder that checked it once can record by index and check only the
// length after that. Neither slice may be changed or kept after the call.
type MonthRecorder interface {
	Recorder
	RecordMonth(t calendar.Month, names []Output, values []float64) error
}

// Config is one run's input.
type Config struct {
	Scenario *scenario.Scenario
	// Values is the full parameter vector; scenario overrides must already
	// be applied (see Apply).
	Values params.Values
	// Run is the ensemble member index; 0 for a single run.
	Run uint64
}

// Stats describes a finished run.
type Stats struct {
	Months  int
	Rows    int
	Elapsed time.Duration
}

// Ledger is the cumulative mass balance of fentanyl, kg, since Origin:
// Produced = Seized + Delivered + Lost + InTransit, every month.
type Ledger struct {
	Produced, Seized, Delivered, Lost, InTransit float64
}

// Imbalance is |Produced − (Seized + Delivered + Lost + InTransit)|.
func (l Ledger) Imbalance() float64 {
	return math.Abs(l.Produced - (l.Seized + l.Delivered + l.Lost + l.InTransit))
}

// Result is what a run returns besides what it recorded.
type Result struct {
	Stats  Stats
	Ledger Ledger
}

// Apply returns the registry defaults with the scenario's overrides set.
func Apply(reg *params.Registry, s *scenario.Scenario) (params.Values, error) {
	v := reg.Defaults()
	err := s.CheckParams(v.Set)
	return v, err
}

// Run simulates one scenario from Origin to the scenario's end, recording
// the months from its start.
func Run(ctx context.Context, w *World, cfg Config, rec Recorder) (*Result, error) {
	if err := checkSpan(cfg.Scenario); err != nil {
		return nil, err
	}
	start := time.Now()
	e, err := newEngine(w, cfg)
	if err != nil {
		return nil, err
	}
	res := &Result{}
	for t := Origin; t <= cfg.Scenario.To; t++ {
		if err := e.advance(ctx, cfg, t); err != nil {
			return nil, err
		}
		if err := e.output(cfg, t, rec, res); err != nil {
			return nil, err
		}
	}
	res.Ledger = e.ledger
	res.Stats.Elapsed = time.Since(start)
	return res, nil
}

// checkSpan says whether s's months can be simulated.
func checkSpan(s *scenario.Scenario) error {
	if s == nil {
		return fmt.Errorf("sim: no scenario")
	}
	if s.From < Origin {
		return fmt.Errorf("sim: scenario %s starts %v, before the model's initial state of %v", s.Name, s.From, Origin)
	}
	if s.To < s.From {
		return fmt.Errorf("sim: scenario %s ends %v before it starts %v", s.Name, s.To, s.From)
	}
	return nil
}

// engine holds one run's parameters and state.
type engine struct {
	w    *World
	plan *policy.Plan
	lv   policy.Levels

	pd diplomacy.Params
	ps supply.Params
	pr routes.Params
	pb border.Params
	pm market.Params
	ph health.Params
	po orgs.Params
	pv violence.Params

	sd *diplomacy.State
	ss *supply.State
	sr *routes.State
	sb *border.State
	sm *market.State
	sh *health.State
	so *orgs.State
	sv *violence.State

	rngOrgs, rngViolence *rand.Rand
	pcgOrgs, pcgViolence *rand.PCG // their sources, copied by clone
	orgsIn               orgs.Inputs
	removals             []orgs.Removal
	ledger               Ledger
	catch0               float64
	integrity            [geo.NumStates]float64
	throughput           [geo.NumStates]float64 // fentanyl shipments handled per state, for violence
	revenue              float64
	portScan, portCatch  []float64
	// A month's outputs, filled by record: names once, on the first
	// month, since they depend only on the world; vals every month.
	names []Output
	vals  []float64
}

func newEngine(w *World, cfg Config) (*engine, error) {
	v := cfg.Values
	e := &engine{w: w,
		pd: diplomacy.FromValues(v), ps: supply.FromValues(v), pr: routes.FromValues(v),
		pb: border.FromValues(v), pm: market.FromValues(v), ph: health.FromValues(v),
		po: orgs.FromValues(v), pv: violence.FromValues(v),
	}
	var err error
	if e.plan, err = policy.NewPlan(cfg.Scenario); err != nil {
		return nil, err
	}
	for _, check := range []func() error{e.pb.Validate, e.pv.Validate, e.po.Validate, e.pm.Validate} {
		if err := check(); err != nil {
			return nil, err
		}
	}
	if e.sd, err = diplomacy.Init(e.pd); err != nil {
		return nil, err
	}
	if e.ss, err = supply.Init(e.ps); err != nil {
		return nil, err
	}
	e.sr = routes.Init(w.Routes)
	e.sb = border.Init(w.Border)
	e.portScan = make([]float64, len(w.Border.Ports))
	e.portCatch = make([]float64, len(w.Border.Ports))
	e.catch0 = e.pb.PortCatch(e.pb.Scan0)
	// The retail market starts with what the labs' first month would
	// deliver, so 2015 does not open on an empty market.
	e.sm = market.Init(e.pm, e.ps.Capacity0*(1-e.pr.BaseLoss)*(1-e.catch0))
	if e.sh, err = health.Init(e.ph, Origin); err != nil {
		return nil, err
	}
	if e.so, err = orgs.Init(e.po, w.Cartels, Origin); err != nil {
		return nil, err
	}
	if e.sv, err = violence.NewState(e.pv, w.Prewar); err != nil {
		return nil, err
	}
	seed := cfg.Scenario.Seed
	e.pcgOrgs, e.pcgViolence = newPCG(seed, cfg.Run, StreamOrgs), newPCG(seed, cfg.Run, StreamViolence)
	e.rngOrgs, e.rngViolence = rand.New(e.pcgOrgs), rand.New(e.pcgViolence)
	return e, nil
}

// clone returns a copy of e that steps on its own with plan: every module
// state and random stream copied, the world shared.
func (e *engine) clone(plan *policy.Plan) *engine {
	c := *e
	c.plan = plan
	c.sd, c.ss, c.sr, c.sb = e.sd.Clone(), e.ss.Clone(), e.sr.Clone(), e.sb.Clone()
	c.sm, c.sh, c.so, c.sv = e.sm.Clone(), e.sh.Clone(), e.so.Clone(), e.sv.Clone()
	po, pv := *e.pcgOrgs, *e.pcgViolence
	c.pcgOrgs, c.pcgViolence = &po, &pv
	c.rngOrgs, c.rngViolence = rand.New(c.pcgOrgs), rand.New(c.pcgViolence)
	c.orgsIn.Removals, c.orgsIn.Splits = clone.Slice(e.orgsIn.Removals), clone.Slice(e.orgsIn.Splits)
	c.removals = clone.Slice(e.removals)
	c.portScan, c.portCatch = clone.Slice(e.portScan), clone.Slice(e.portCatch)
	c.vals = make([]float64, 0, len(e.names)) // its own buffer; names are only read, so shared
	return &c
}
