package health

import (
	"math"
	"testing"

	"github.com/cartelsim/cartelsim/calendar"
)

// TestDecomposeSumsAndSigns: the drivers add up to the change in deaths
// exactly, and a year in which only purity falls puts (nearly) all of the
// fall on potency, while a naloxone expansion puts it on naloxone.
func TestDecomposeSumsAndSigns(t *testing.T) {
	t.Parallel()
	p := defaults(t)
	year := func(in func(calendar.Month) Inputs) ([]Parts, []Parts, float64) {
		s, err := Init(p, start)
		if err != nil {
			t.Fatal(err)
		}
		var a, b []Parts
		d := [2]float64{}
		for m := calendar.Of(2016, 1); m < calendar.Of(2018, 1); m++ {
			Step(m, p, in(m), s)
			k := 0
			if m.Year() == 2017 {
				k = 1
				b = append(b, s.Parts)
			} else {
				a = append(a, s.Parts)
			}
			d[k] += s.Deaths
		}
		return a, b, d[1] - d[0]
	}
	for _, tt := range []struct {
		name   string
		in     func(calendar.Month) Inputs
		driver int
	}{
		{"purity falls", func(m calendar.Month) Inputs {
			pur := 25.0
			if m.Year() == 2017 {
				pur = 11 // DEA: about 25% mid-2023, 11% late 2024
			}
			return Inputs{Share: 0.9, Purity: pur}
		}, 1},
		{"naloxone +30%", func(m calendar.Month) Inputs {
			in := Inputs{Share: 0.9, Purity: 12}
			if m.Year() == 2017 {
				in.Naloxone = 0.3
			}
			return in
		}, 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a, b, change := year(tt.in)
			c := Decompose(a, b)
			sum := 0.0
			for _, x := range c {
				sum += x
			}
			// Exact up to rounding of a sum of 12 logarithms.
			if math.Abs(sum-change) > 1e-6*math.Abs(change) {
				t.Errorf("drivers sum to %.6f, change %.6f", sum, change)
			}
			if !(c[tt.driver] < 0) || c[tt.driver] > 0.5*change {
				t.Errorf("%s: %.0f of a change of %.0f, want most of the fall (%v)", Drivers[tt.driver], c[tt.driver], change, c)
			}
		})
	}
}
