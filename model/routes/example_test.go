package routes_test

import (
	"fmt"

	"github.com/cartelsim/cartelsim/data"
	"github.com/cartelsim/cartelsim/geo"
	"github.com/cartelsim/cartelsim/model/routes"
	"github.com/cartelsim/cartelsim/params"
)

// ExampleStep ships 100 kg from Sinaloa for two months, without troops and
// with 20,000 troops in Baja California, and prints what reaches each
// field office: the troops push Tijuana traffic to the Sonora ports (Dell 2015).
func ExampleStep() {
	cs, err := data.Corridors()
	if err != nil {
		panic(err)
	}
	net, err := routes.NewNetwork(cs)
	if err != nil {
		panic(err)
	}
	reg, err := params.New(routes.Parameters())
	if err != nil {
		panic(err)
	}
	p := routes.FromValues(reg.Defaults())
	var prod [geo.NumStates]float64
	prod[24] = 100 // Sinaloa (INEGI 25), kg
	for _, troops := range []float64{0, 20000} {
		var tr [geo.NumStates]float64
		tr[1] = troops // Baja California (INEGI 02)
		s := routes.Init(net)
		for range 2 { // shipments take a month
			routes.Step(p, net, routes.Inputs{Production: &prod, Troops: &tr, Effort: 1}, s)
		}
		fmt.Printf("troops %5.0f:", troops)
		for i, o := range geo.FieldOffices() {
			fmt.Printf(" %s %.1f", o.Short, s.Arrivals[i])
		}
		fmt.Printf(", lost %.1f kg\n", s.Lost)
	}
	// Output:
	// troops     0: san_diego_fo 42.6 tucson_fo 52.4 el_paso_fo 0.0 laredo_fo 0.0, lost 5.0 kg
	// troops 20000: san_diego_fo 6.2 tucson_fo 88.5 el_paso_fo 0.0 laredo_fo 0.0, lost 5.4 kg
}
