package orgs

import (
	"fmt"
	"math"
	"testing"
)

func TestScratch2(t *testing.T) {
	net := scratchNet(t)
	p := Defaults()
	// fine over same calendar weeks as 120 months
	weeks := 0.0
	for m := PaperStart; m < PaperStart+120; m++ { weeks += float64(m.Days()) / 7 }
	f, _ := Init(p, net, PaperStart)
	f.setLethality(p)
	f.integrate(weeks, int(math.Round(weeks/0.01)), coefficients(p, StatusQuo()))
	fmt.Println("weeks", weeks, "fine total", f.Total())
	for _, k := range []int{1, 2, 4} {
		s, _ := Init(p, net, PaperStart)
		rec := 0.0
		for m := 0; m < 120; m++ {
			s.setLethality(p)
			s.integrate(float64(s.Month.Days())/7, k, coefficients(p, StatusQuo()))
			rec += s.Recruits
			s.Month++
		}
		maxRel := 0.0
		for i := range s.Members { maxRel = math.Max(maxRel, math.Abs(s.Members[i]/f.Members[i]-1)) }
		fmt.Println(k, "total rel", s.Total()/f.Total()-1, "max group rel", maxRel, "avg recruits/wk", rec/weeks)
	}
}
