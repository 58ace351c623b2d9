package ensemble

import (
	"fmt"
	"slices"
	"strings"

	"github.com/cartelsim/cartelsim/sim"
)

// ParseVars reads a comma-separated list of variable names (as sim
// declares them, sim.Variables) into the canonical set an ensemble keeps:
// sorted, each once, so that the order a user writes them in does not
// change the ensemble's identity. Spaces around a name are ignored; an
// empty list, an empty item ("a,,b") or a name the model does not declare
// is an error that says which, the last listing the known names.
func ParseVars(list string) ([]string, error) {
	if strings.TrimSpace(list) == "" {
		return nil, fmt.Errorf("ensemble: empty list of variables: name at least one, e.g. %s,%s", sim.VarDeaths, sim.VarHomicides)
	}
	known := map[string]bool{}
	var names []string
	for _, v := range sim.Variables() {
		known[v.Name] = true
		names = append(names, v.Name)
	}
	var out []string
	for i, item := range strings.Split(list, ",") {
		name := strings.TrimSpace(item)
		switch {
		case name == "":
			return nil, fmt.Errorf("ensemble: item %d of %q is empty", i+1, list)
		case !known[name]:
			return nil, fmt.Errorf("ensemble: unknown variable %q; the model's variables are %s", name, strings.Join(names, ", "))
		}
		out = append(out, name)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// Keep restricts m to the series of the named variables (every region of
// each), in the order runs record them, with their annual totals: runs
// record, and states hold histograms of, only those cells, and their
// summaries equal those of the same cells in an ensemble of every
// variable. vars must be canonical (ParseVars); it enters the ensemble's
// Spec. Every scenario must record each variable. Keep must be called
// before any member is made.
func (m *Model) Keep(vars []string) error {
	if len(vars) == 0 {
		return fmt.Errorf("ensemble: keep: no variables")
	}
	if !slices.IsSorted(vars) || len(slices.Compact(slices.Clone(vars))) != len(vars) {
		return fmt.Errorf("ensemble: keep: variables %v are not sorted and distinct", vars)
	}
	if m.Vars != nil {
		return fmt.Errorf("ensemble: keep: the model already keeps %v", m.Vars)
	}
	layouts := make([]*Layout, len(m.Layouts))
	for i, l := range m.Layouts {
		k := &Layout{From: l.From, To: l.To, recorded: len(l.Series)}
		for j, s := range l.Series {
			if _, ok := slices.BinarySearch(vars, s.Variable); ok {
				k.Series = append(k.Series, s)
				k.index = append(k.index, j)
			}
		}
		for _, v := range vars {
			if !slices.ContainsFunc(k.Series, func(s Series) bool { return s.Variable == v }) {
				return fmt.Errorf("ensemble: scenario %s records no series of variable %s", m.Scenarios[i].Name, v)
			}
		}
		k.addAnnual()
		layouts[i] = k
	}
	m.Layouts, m.Vars = layouts, slices.Clone(vars)
	return nil
}
