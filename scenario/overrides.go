package scenario

import "sort"

// CheckParams passes each parameter override to set, in name order, and
// reports every error set returns at the line of its key. The registry
// lives in another package, so the scenario cannot know which names exist
// or what range each takes; the caller's set does.
func (s *Scenario) CheckParams(set func(name string, v float64) error) error {
	ps := &problems{file: s.Origin}
	for _, name := range sortedKeys(s.Params) {
		if err := set(name, s.Params[name]); err != nil {
			ps.add(s.ParamLines[name], join("params", name), "%v", err)
		}
	}
	return ps.err()
}

// sortedKeys returns m's keys in order, for output that does not depend on
// map iteration.
func sortedKeys(m map[string]float64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
