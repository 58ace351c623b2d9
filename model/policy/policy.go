package policy

import (
	"fmt"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/geo"
	"github.com/cartelsim/cartelsim/scenario"
)

// Levels holds the level of every lever in one month. Zero means the lever
// is not in force; regional levers are indexed by geo state or field-office
// index.
type Levels struct {
	// Troops are additional Mexican troops deployed per state, persons.
	Troops [geo.NumStates]float64
	// Captures are leadership captures by Mexican forces per year, per state.
	Captures [geo.NumStates]float64
	// StrikesLeadership are US strike operations on leadership per year, per state.
	StrikesLeadership [geo.NumStates]float64
	// StrikesLabs is the share of lab capacity destroyed per year, per state.
	StrikesLabs [geo.NumStates]float64
	// Unilateral counts US strike operations on leadership per year taken
	// without Mexico's consent.
	Unilateral float64
	// UnilateralLabs is the share of lab capacity struck per year without
	// Mexico's consent.
	UnilateralLabs float64
	// Inspection is the share of vehicles scanned at each field office's
	// ports; zero means the status-quo share (a parameter of border).
	Inspection [4]float64
	// PortInspection is the share scanned at each port of entry named on
	// its own, indexed as scenario.PortIDs (the engine's port order). A
	// port's share is its office's plus its own, capped at the kind's
	// maximum (PortScan).
	PortInspection [MaxPorts]float64
	// Intel is the level of intelligence sharing, 0-1.
	Intel float64
	// Extraditions are persons extradited per year.
	Extraditions float64
	// Sanctions is the strength of FTO financial sanctions, 0-1.
	Sanctions float64
	// Precursor is the share of precursor inflow blocked, 0-1.
	Precursor float64
	// Naloxone is the relative increase in naloxone coverage.
	Naloxone float64
	// MOUD is the relative increase in treatment capacity.
	MOUD float64
	// Retention is the relative cut in treatment dropout.
	Retention float64
	// Arrests are arrests of mid-level figures by Mexican forces per year,
	// per state (levers without a group).
	Arrests [geo.NumStates]float64
	// Targeted[:NumTargeted] are the levers in force that name a group
	// (a scenario has at most scenario.MaxGroupLevers); a fixed array keeps
	// Levels comparable and Step free of allocation.
	Targeted    [scenario.MaxGroupLevers]Targeted
	NumTargeted int
}

// MaxPorts bounds the ports of entry a border_inspection lever can name
// on their own (the embedded network has 26).
const MaxPorts = 64

// PortScan is the share of vehicles scanned at port i (scenario.PortIDs
// order) of field office office: the office's level plus the port's own,
// capped at 1; zero means the status quo.
func (lv *Levels) PortScan(i, office int) float64 {
	x := lv.Inspection[office]
	if i < MaxPorts {
		x += lv.PortInspection[i]
	}
	return min(x, 1)
}

// Targeted is a removal lever aimed at one group.
type Targeted struct {
	// Kind is the lever kind: scenario.MexicoCaptures, MexicoArrests,
	// USStrikeLeadership or Extraditions.
	Kind string
	// Group is the group's id in cartel_groups.
	Group string
	// PerYear is the lever's intensity, in its kind's unit per year,
	// spread evenly over States.
	PerYear float64
	// Share is the share of the operations in each state (geo index),
	// summing to 1; all zero means the group's main state.
	Share [geo.NumStates]float64
	// Unilateral marks US strikes without Mexico's consent.
	Unilateral bool
}

// Plan is a scenario's levers resolved to indices, ready to be stepped.
type Plan struct {
	levers []resolved
	// max holds each lever kind's maximum intensity.
	max map[string]float64
}

// Start is the first month any lever is in force, and ok is false for a
// plan without levers: before Start, Step gives the zero Levels every
// month, as for the baseline.
func (p *Plan) Start() (start calendar.Month, ok bool) {
	for _, r := range p.levers {
		if !ok || r.from < start {
			start, ok = r.from, true
		}
	}
	return start, ok
}

type resolved struct {
	kind      string
	from, to  calendar.Month
	intensity float64
	regions   []int
	ports     []int // border_inspection: ports named on their own
	uni       bool
	max       float64
	group     string
}

// NewPlan resolves a validated scenario's levers.
func NewPlan(s *scenario.Scenario) (*Plan, error) {
	p := &Plan{max: map[string]float64{}}
	for _, k := range scenario.Kinds() {
		p.max[k.Name] = k.Max
	}
	for i, l := range s.Levers {
		k, ok := scenario.KindByName(l.Kind)
		if !ok {
			return nil, fmt.Errorf("policy: lever %d: unknown kind %q", i, l.Kind)
		}
		r := resolved{kind: l.Kind, from: l.From, to: l.To, intensity: l.Intensity, uni: l.Unilateral, max: k.Max, group: l.Group}
		regions := l.Regions
		if len(regions) == 0 && l.Group == "" {
			regions = k.DefaultRegions
		}
		for _, code := range regions {
			var (
				idx int
				err error
			)
			switch k.Regions {
			case scenario.MexicanStates:
				idx, err = geo.StateIndex(code)
			case scenario.FieldOffices:
				if port, ok := scenario.PortIndex(code); ok {
					if port >= MaxPorts {
						return nil, fmt.Errorf("policy: lever %d: port %s: more than %d ports", i, code, MaxPorts)
					}
					r.ports = append(r.ports, port)
					continue
				}
				idx, err = geo.OfficeIndex(code)
			default:
				err = fmt.Errorf("lever %s takes no regions", l.Kind)
			}
			if err != nil {
				return nil, fmt.Errorf("policy: lever %d: %w", i, err)
			}
			r.regions = append(r.regions, idx)
		}
		if k.Regions == scenario.FieldOffices && len(r.regions) == 0 && len(r.ports) == 0 {
			r.regions = []int{0, 1, 2, 3}
		}
		p.levers = append(p.levers, r)
	}
	return p, nil
}

// Step fills lv with the levels in force in month t.
//
// For regional levers given as a total (troops, strikes, captures), the
// intensity is spread evenly over the listed regions; for rates that
// describe each region (scanning, the share of lab capacity struck), every
// listed region gets the full intensity.
//
// A lever that names a group goes to Targeted instead of the per-state
// levels (a unilateral strike still counts in Unilateral).
func (p *Plan) Step(t calendar.Month, lv *Levels) {
	*lv = Levels{}
	for _, r := range p.levers {
		if t < r.from || t > r.to {
			continue
		}
		share := r.intensity / float64(max(1, len(r.regions)))
		if r.group != "" {
			tg := Targeted{Kind: r.kind, Group: r.group, PerYear: r.intensity, Unilateral: r.uni}
			for _, s := range r.regions {
				tg.Share[s] += 1 / float64(len(r.regions))
			}
			if lv.NumTargeted < len(lv.Targeted) {
				lv.Targeted[lv.NumTargeted] = tg
				lv.NumTargeted++
			}
			if r.kind == scenario.USStrikeLeadership && r.uni {
				lv.Unilateral += r.intensity
			}
			continue
		}
		switch r.kind {
		case scenario.MexicoArrests:
			for _, s := range r.regions {
				lv.Arrests[s] += share
			}
		case scenario.MexicoTroops:
			for _, s := range r.regions {
				lv.Troops[s] += share
			}
		case scenario.MexicoCaptures:
			for _, s := range r.regions {
				lv.Captures[s] += share
			}
		case scenario.USStrikeLeadership:
			for _, s := range r.regions {
				lv.StrikesLeadership[s] += share
			}
			if r.uni {
				lv.Unilateral += r.intensity
			}
		case scenario.USStrikeLabs:
			for _, s := range r.regions {
				lv.StrikesLabs[s] = min(lv.StrikesLabs[s]+r.intensity, r.max)
			}
			if r.uni {
				lv.UnilateralLabs += r.intensity
			}
		case scenario.BorderInspection:
			for _, f := range r.regions {
				lv.Inspection[f] = min(lv.Inspection[f]+r.intensity, r.max)
			}
			for _, pt := range r.ports {
				lv.PortInspection[pt] = min(lv.PortInspection[pt]+r.intensity, r.max)
			}
		case scenario.IntelSharing:
			lv.Intel = min(lv.Intel+r.intensity, r.max)
		case scenario.Extraditions:
			lv.Extraditions = min(lv.Extraditions+r.intensity, r.max)
		case scenario.FTOSanctions:
			lv.Sanctions = min(lv.Sanctions+r.intensity, r.max)
		case scenario.PrecursorControls:
			lv.Precursor = min(lv.Precursor+r.intensity, r.max)
		case scenario.Naloxone:
			lv.Naloxone = min(lv.Naloxone+r.intensity, r.max)
		case scenario.MOUD:
			lv.MOUD = min(lv.MOUD+r.intensity, r.max)
		case scenario.TreatmentRetention:
			lv.Retention = min(lv.Retention+r.intensity, r.max)
		default:
			panic("policy: lever kind " + r.kind + " has no level")
		}
	}
	// Totals spread over states are capped as totals: the kind's maximum is
	// national (e.g. 200,000 troops), so overlapping levers that exceed it
	// are scaled down in proportion.
	capTotal(&lv.Troops, p.max[scenario.MexicoTroops])
	capTotal(&lv.Captures, p.max[scenario.MexicoCaptures])
	capTotal(&lv.StrikesLeadership, p.max[scenario.USStrikeLeadership])
	capTotal(&lv.Arrests, p.max[scenario.MexicoArrests])
}

// capTotal scales x down so that its sum is at most limit (no limit if 0).
func capTotal(x *[geo.NumStates]float64, limit float64) {
	sum := 0.0
	for _, v := range x {
		sum += v
	}
	if limit <= 0 || sum <= limit {
		return
	}
	for i := range x {
		x[i] *= limit / sum
	}
}
