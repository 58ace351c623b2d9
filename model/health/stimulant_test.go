package health

import (
	"math"
	"testing"

	"github.com/cartelsim/cartelsim/calendar"
)

// TestStimulantDeaths: stimulant-involved deaths are the registry's shares
// of each kind of death (Friedman & Shover 2023 for fentanyl), so they lie
// between zero and all deaths, and on a fentanyl supply a third of the
// synthetic-opioid deaths carry them.
func TestStimulantDeaths(t *testing.T) {
	t.Parallel()
	const tol = 1e-9
	p := defaults(t)
	s, err := Init(p, start)
	if err != nil {
		t.Fatal(err)
	}
	for m := start; m < calendar.Of(2024, 1); m++ {
		Step(m, p, Inputs{Share: 0.9, Purity: 12}, s)
		non := s.Deaths - s.OpioidDeaths
		want := p.StimFent*s.SyntheticDeaths + p.StimOtherOpioid*(s.OpioidDeaths-s.SyntheticDeaths) + p.StimNonOpioid*non
		if math.Abs(s.StimulantDeaths-want) > tol*want {
			t.Fatalf("%v: stimulant deaths %.6f, want %.6f", m, s.StimulantDeaths, want)
		}
		if s.StimulantDeaths <= 0 || s.StimulantDeaths >= s.Deaths {
			t.Fatalf("%v: stimulant deaths %.1f outside (0, %.1f)", m, s.StimulantDeaths, s.Deaths)
		}
	}
}
