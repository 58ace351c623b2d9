package scenario

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/cartelsim/cartelsim/geo"
)

// templateName stands for the scenario's name in Template. It is not a
// valid name, so a template written out without substitution fails to
// parse instead of creating a scenario with a placeholder name.
const templateName = "__NAME__"

// Template is a commented scenario for `cartelsim scenario new NAME`, with
// every field explained and every lever kind listed. Its name is the
// placeholder __NAME__; NewFromTemplate fills it in. The list of kinds is
// generated from Kinds, so it cannot fall behind the catalogue.
func Template() []byte {
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format+"\n", a...) }
	w("# cartelsim scenario %s", templateName)
	w("#")
	w("# A scenario says which policy levers act, when, where and how hard, and")
	w("# which of the model's parameters it overrides. Lines starting with # are")
	w("# comments. Check the file with: cartelsim scenario show FILE")
	w("")
	w("# name: identifies the scenario in output and comparisons: up to %d", maxNameLen)
	w("# lower-case letters, digits and '-', not starting with '-'.")
	w("name: %s", templateName)
	w("")
	w("# description: free text shown by `cartelsim scenario list` and in reports.")
	w("# Say what the scenario tests and where its numbers come from.")
	w("description: >-")
	w("  Describe the policy question this scenario answers.")
	w("")
	w("# start, end: the months the run covers, YYYY-MM. start may be no earlier")
	w("# than %s, where the organisation model's data begins; end no later than", EarliestStart)
	w("# %s. Defaults: %s and %s.", LatestEnd, DefaultStart, DefaultEnd)
	w("start: %s", DefaultStart)
	w("end: %s", DefaultEnd)
	w("")
	w("# seed: the master random seed; runs with the same seed give identical")
	w("# results. Default, and what 0 means: %d.", DefaultSeed)
	w("seed: %d", DefaultSeed)
	w("")
	w("# levers: the policies in force, each on its own timeline. A lever has:")
	w("#   kind:       which policy; one of the kinds listed below (required).")
	w("#   start:      the first month in force, YYYY-MM (required).")
	w("#   end:        the last month in force, YYYY-MM; default: the scenario's end.")
	w("#   intensity:  how hard, in the kind's unit and within its range (required).")
	w("#   regions:    where, for kinds that act in places: INEGI state codes for")
	w("#               Mexican states (\"25\" is Sinaloa), or field-office labels")
	w("#               for US ports of entry (tucson_fo). Default: the kind's")
	w("#               regions listed below. National kinds take no regions.")
	w("#   unilateral: true for US strikes made without Mexico's consent, which")
	w("#               cost bilateral cooperation; strike kinds only. Default: false.")
	w("#   group:      for %s: aim at one criminal", strings.Join(GroupKinds(), ", "))
	w("#               group by its id in `cartelsim data show cartel_groups`")
	w("#               (e.g. cjng); regions then default to its main state.")
	w("#")
	w("# Lever kinds:")
	for _, k := range Kinds() {
		w("#")
		w("#   %s", k.Name)
		w("#     %s", k.Description)
		w("#     intensity: %s", rangeText(k))
		w("#     regions: %s", regionDoc(k))
		if k.Strike {
			w("#     may be unilateral")
		}
	}
	w("levers:")
	w("  - kind: %s", IntelSharing)
	w("    start: 2026-01")
	w("    end: 2030-12")
	w("    intensity: 0.5")
	w("  # - kind: %s", USStrikeLeadership)
	w("  #   start: 2026-01")
	w("  #   end: 2030-12")
	w("  #   intensity: 6")
	w("  #   regions: [\"25\", \"14\"]")
	w("  #   unilateral: false")
	w("")
	w("# params: overrides of the model's parameters by name, as listed by")
	w("# `cartelsim params`; each is checked against the parameter registry.")
	w("# params:")
	w("#   health.naloxone_effect: 0.2")
	return []byte(b.String())
}

// regionDoc says what regions a kind takes and its default, with the names
// of the states so that the codes mean something to the reader.
func regionDoc(k Kind) string {
	switch k.Regions {
	case MexicanStates:
		var ds []string
		states := geo.States()
		for _, c := range k.DefaultRegions {
			if i, err := geo.StateIndex(c); err == nil {
				ds = append(ds, fmt.Sprintf("%q %s", c, states[i].Name))
			}
		}
		return "Mexican states (INEGI codes); default " + strings.Join(ds, ", ")
	case FieldOffices:
		return "southwest-border field offices or ports of entry (ids such as poe_nogales: cartelsim network show); default " + strings.Join(k.DefaultRegions, ", ")
	}
	return "none (national)"
}

// NewFromTemplate returns Template with its name set to name, after
// checking that name is valid.
func NewFromTemplate(name string) ([]byte, error) {
	if name == "" {
		return nil, fmt.Errorf("scenario: empty name; want lower-case letters, digits and '-'")
	}
	if msg := checkName(name); msg != "" {
		return nil, fmt.Errorf("scenario: %s", msg)
	}
	return bytes.ReplaceAll(Template(), []byte(templateName), []byte(name)), nil
}
