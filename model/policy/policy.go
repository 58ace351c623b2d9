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
}

// Plan is a scenario's levers resolved to indices, ready to be stepped.
type Plan struct {
	levers []resolved
}

type resolved struct {
	kind      string
	from, to  calendar.Month
	intensity float64
	regions   []int
	uni       bool
	max       float64
}

// NewPlan resolves a validated scenario's levers.
func NewPlan(s *scenario.Scenario) (*Plan, error) {
	p := &Plan{}
	for i, l := range s.Levers {
		k, ok := scenario.KindByName(l.Kind)
		if !ok {
			return nil, fmt.Errorf("policy: lever %d: unknown kind %q", i, l.Kind)
		}
		r := resolved{kind: l.Kind, from: l.From, to: l.To, intensity: l.Intensity, uni: l.Unilateral, max: k.Max}
		regions := l.Regions
		if len(regions) == 0 {
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
				idx, err = geo.OfficeIndex(code)
			default:
				err = fmt.Errorf("lever %s takes no regions", l.Kind)
			}
			if err != nil {
				return nil, fmt.Errorf("policy: lever %d: %w", i, err)
			}
			r.regions = append(r.regions, idx)
		}
		if k.Regions == scenario.FieldOffices && len(r.regions) == 0 {
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
func (p *Plan) Step(t calendar.Month, lv *Levels) {
	*lv = Levels{}
	for _, r := range p.levers {
		if t < r.from || t > r.to {
			continue
		}
		share := r.intensity / float64(max(1, len(r.regions)))
		switch r.kind {
		case scenario.MexicoTroops:
			for _, s := range r.regions {
				lv.Troops[s] = min(lv.Troops[s]+share, r.max)
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
				lv.Inspection[f] = max(lv.Inspection[f], r.intensity)
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
		default:
			panic("policy: lever kind " + r.kind + " has no level")
		}
	}
}
