// Package scenario reads, validates and writes scenario files: which policy
// levers act, when, where and how hard, plus parameter overrides.
//
// A scenario is YAML, decoded strictly: an unknown field, a wrong type or an
// impossible value is an error that names the file, the line and the field.
package scenario

import (
	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/geo"
)

// Default horizon of a run.
const (
	DefaultStart = "2015-01"
	DefaultEnd   = "2035-12"
)

// Scenario is one set of policy choices over a horizon.
type Scenario struct {
	// Name identifies the scenario in output; lower case, digits and '-'.
	Name string `yaml:"name"`
	// Description is free text shown by `scenario list` and in reports.
	Description string `yaml:"description,omitempty"`
	// Start and End bound the run, YYYY-MM; defaults 2015-01 and 2035-12.
	Start string `yaml:"start,omitempty"`
	End   string `yaml:"end,omitempty"`
	// Seed is the master random seed; runs with the same seed are identical.
	Seed uint64 `yaml:"seed,omitempty"`
	// Levers are the policies in force, each on its own timeline.
	Levers []Lever `yaml:"levers,omitempty"`
	// Params overrides registry defaults by name.
	Params map[string]float64 `yaml:"params,omitempty"`

	// From and To are Start and End parsed; set by Validate.
	From calendar.Month `yaml:"-"`
	To   calendar.Month `yaml:"-"`
	// Origin is the file the scenario came from, or "builtin:NAME".
	Origin string `yaml:"-"`
	// Warnings are problems that do not stop a run, such as a lever wholly
	// outside the horizon; set by Validate.
	Warnings []Problem `yaml:"-"`
	// ParamLines is the line of each Params key in its file, for messages;
	// set by Parse.
	ParamLines map[string]int `yaml:"-"`

	// lines maps key paths ("levers[1].intensity") to their line in the
	// file, so that Validate can point at the value it rejects.
	lines map[string]int
}

// Lever is one policy applied from Start to End.
type Lever struct {
	// Kind is one of Kinds().
	Kind string `yaml:"kind"`
	// Start is the first month in force, YYYY-MM.
	Start string `yaml:"start"`
	// End is the last month in force; empty means to the end of the run.
	End string `yaml:"end,omitempty"`
	// Intensity is in the unit of the lever's kind (see Kinds).
	Intensity float64 `yaml:"intensity"`
	// Regions narrows the lever: INEGI state codes for levers that act in
	// Mexico, field-office labels for border levers; empty means the
	// kind's default regions.
	Regions []string `yaml:"regions,omitempty"`
	// Unilateral marks US action taken without Mexico's consent (strike
	// levers only); it costs bilateral cooperation.
	Unilateral bool `yaml:"unilateral,omitempty"`
	// Group, for the removal kinds (GroupKinds), aims the lever at one
	// criminal group, by its id in the data table cartel_groups (e.g.
	// "cjng", "sinaloa"); its splinters, if it splits, stay targets.
	// Regions then say where the operations happen (default: the group's
	// main state). Groups only, never persons.
	Group string `yaml:"group,omitempty"`

	// From and To are Start and End parsed; set by Validate.
	From calendar.Month `yaml:"-"`
	To   calendar.Month `yaml:"-"`
	// Line is the line of the lever in its file, for messages.
	Line int `yaml:"-"`
}

// RegionKind says what a lever's regions name.
type RegionKind int

// Region kinds.
const (
	// National levers take no regions.
	National RegionKind = iota
	// MexicanStates take INEGI state codes "01"–"32".
	MexicanStates
	// FieldOffices take southwest-border field-office labels
	// (geo.FieldOffices) or the ids of the ports of entry of the embedded
	// network (PortIDs); an office stands for all its ports.
	FieldOffices
)

// Kind describes one kind of lever.
type Kind struct {
	Name string
	// Unit of Intensity.
	Unit string
	// Min and Max bound Intensity.
	Min, Max float64
	// Regions says what Regions names.
	Regions RegionKind
	// DefaultRegions apply when a lever lists none (codes or labels).
	DefaultRegions []string
	// Strike is true for US military levers, which may be unilateral.
	Strike bool
	// Description says what the lever is, at the level of public debate.
	Description string
}

// Lever kinds.
const (
	BorderInspection   = "border_inspection"
	MexicoTroops       = "mexico_troops"
	IntelSharing       = "intel_sharing"
	Extraditions       = "extraditions"
	MexicoCaptures     = "mexico_captures"
	MexicoArrests      = "mexico_arrests"
	USStrikeLeadership = "us_strikes_leadership"
	USStrikeLabs       = "us_strikes_labs"
	FTOSanctions       = "fto_sanctions"
	PrecursorControls  = "precursor_controls"
	Naloxone           = "naloxone"
	MOUD               = "moud"
	TreatmentRetention = "treatment_retention"
)

// Kinds returns every lever kind, in the order the report lists them.
func Kinds() []Kind {
	producing := []string{"25", "14", "16", "10", "26"} // Sinaloa, Jalisco, Michoacán, Durango, Sonora
	border := []string{"02", "26", "08", "05", "19", "28"}
	// A border lever that names no field office acts at all four, as the
	// policy module already assumes; listing them makes that explicit.
	var offices []string
	for _, o := range geo.FieldOffices() {
		offices = append(offices, o.Short)
	}
	return []Kind{
		{USStrikeLeadership, "strike operations per year", 0, 52, MexicanStates, producing, true,
			"US military strikes on cartel leadership (organisation level)"},
		{USStrikeLabs, "share of lab capacity destroyed per year", 0, 1, MexicanStates, producing, true,
			"US military strikes on drug labs and infrastructure"},
		{FTOSanctions, "enforcement strength, 0-1", 0, 1, National, nil, false,
			"Foreign Terrorist Organization designation with financial sanctions"},
		{MexicoTroops, "troops deployed", 0, 200000, MexicanStates, border,
			false, "Mexican troop deployment to cartel hotspots and the border"},
		{IntelSharing, "level of sharing, 0-1", 0, 1, National, nil, false,
			"US-Mexico intelligence sharing"},
		{Extraditions, "persons extradited to the US per year", 0, 1000, National, nil, false,
			"extraditions of cartel figures from Mexico to the US"},
		{MexicoCaptures, "leadership captures per year", 0, 52, MexicanStates, producing, false,
			"captures of cartel leaders by Mexican forces"},
		{MexicoArrests, "mid-level arrests per year", 0, 500, MexicanStates, producing, false,
			"arrests of mid-level cartel figures (plaza bosses, lieutenants) by Mexican forces"},
		{BorderInspection, "share of vehicles scanned at ports, 0-1", 0, 1, FieldOffices, offices, false,
			"tighter inspection at US land ports of entry"},
		{PrecursorControls, "share of precursor inflow blocked, 0-1", 0, 0.95, National, nil, false,
			"controls on imported fentanyl precursor chemicals"},
		{Naloxone, "relative increase in naloxone coverage", 0, 3, National, nil, false,
			"wider US naloxone distribution"},
		{MOUD, "relative increase in treatment capacity", 0, 3, National, nil, false,
			"expanded US treatment with medication for opioid use disorder (buprenorphine, methadone)"},
		{TreatmentRetention, "relative cut in treatment dropout", 0, 3, National, nil, false,
			"keeping patients on medication for opioid use disorder longer (dropout rate divided by 1 + intensity)"},
	}
}

// MaxGroupLevers bounds the levers of a scenario that name a group.
const MaxGroupLevers = 16

// GroupKinds lists the kinds whose levers may name a group: the removals
// of cartel leadership and mid-level figures.
func GroupKinds() []string {
	return []string{MexicoCaptures, MexicoArrests, USStrikeLeadership, Extraditions}
}

// KindByName returns the kind called name.
func KindByName(name string) (Kind, bool) {
	for _, k := range Kinds() {
		if k.Name == name {
			return k, true
		}
	}
	return Kind{}, false
}
