package orgs

import (
	"fmt"
	"testing"

	"github.com/cartelsim/cartelsim/data"
)

func scratchNet(t testing.TB) *Network {
	d, err := data.Cartels()
	if err != nil {
		t.Fatal(err)
	}
	n, err := NewNetwork(d)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestScratch(t *testing.T) {
	net := scratchNet(t)
	p := Defaults()
	for k, i := range net.Rank()[:6] {
		fmt.Println(k, net.Group(i).ID, net.AllianceStrength(i))
	}
	s, _ := Init(p, net, PaperStart)
	fmt.Println("t0", s.Total(), s.Rates(p, StatusQuo()))
	s.setLethality(p)
	for _, steps := range []int{52000} {
		s, _ = Init(p, net, PaperStart)
		s.setLethality(p)
		s.integrate(520, steps, coefficients(p, StatusQuo()))
		r := s.Rates(p, StatusQuo())
		fmt.Println("2022", s.Total(), r)
		cj, sin := 0, 0
		for i := range net.Len() { if net.Group(i).ID == "cjng" { cj = i }; if net.Group(i).ID == "sinaloa" { sin = i } }
		fmt.Println("cjng+sinaloa", s.Members[cj]+s.Members[sin], s.Members[cj], s.Members[sin])
		base := append([]float64(nil), s.Members...)
		for _, in := range []Inputs{StatusQuo(), {1, 2, 1, nil}, {0.5, 1, 1, nil}, {0,1,1,nil}} {
			copy(s.Members, base)
			s.integrate(260, 26000, coefficients(p, in))
			r2 := s.Rates(p, StatusQuo())
			fmt.Printf("%+v members %+.2f%% killings %+.2f%%  (%.0f, %.1f)\n", in, 100*(s.Total()/sum(base)-1), 100*(r2.Casualties/r.Casualties-1), s.Total(), r2.Casualties)
		}
	}
}

func sum(x []float64) float64 { t := 0.0; for _, v := range x { t += v }; return t }
