package scenario_test

import (
	"errors"
	"fmt"

	"github.com/cartelsim/cartelsim/scenario"
)

func ExampleParse() {
	src := []byte(`name: strikes
levers:
  - kind: us_strikes_leadership
    start: 2026-01
    intensity: -2
  - kind: troops
    start: 2026-01
    intensity: 10000
    unilateral: true
`)
	_, err := scenario.Parse("strikes.yaml", src)
	var e *scenario.Error
	if errors.As(err, &e) {
		for _, p := range e.Problems {
			fmt.Println(p)
		}
	}
	// Output:
	// strikes.yaml:5: levers[0].intensity: -2 is negative; want 0 to 52 strike operations per year
	// strikes.yaml:6: levers[1].kind: unknown lever kind "troops"; want one of us_strikes_leadership, us_strikes_labs, fto_sanctions, mexico_troops, intel_sharing, extraditions, mexico_captures, mexico_arrests, border_inspection, precursor_controls, naloxone, moud, treatment_retention
}

func ExampleBuiltin() {
	s, err := scenario.Builtin("mexico-troops")
	if err != nil {
		panic(err)
	}
	y, _ := s.YAML()
	fmt.Print(string(y))
	// Output:
	// name: mexico-troops
	// description: "Mexico's February 2025 deployment of 10,000 National Guard troops to the northern border, sustained 2026-2030 in the six border states."
	// start: 2015-01
	// end: 2035-12
	// seed: 1
	// levers:
	//   - kind: mexico_troops
	//     start: 2026-01
	//     end: 2030-12
	//     intensity: 10000
	//     regions: ["02", "26", "08", "05", "19", "28"]
}

func ExampleBuiltinNames() {
	fmt.Println(scenario.BuiltinNames())
	// Output:
	// [baseline us-strikes-leadership us-strikes-labs fto-sanctions mexico-troops intel-sharing extraditions border-inspection unilateral-campaign precursor-controls naloxone moud combined]
}
