package routes_test

import (
	"fmt"

	"github.com/cartelsim/cartelsim/data"
	"github.com/cartelsim/cartelsim/data/network"
	"github.com/cartelsim/cartelsim/geo"
	"github.com/cartelsim/cartelsim/model/routes"
	"github.com/cartelsim/cartelsim/params"
)

// ExampleStep routes 1,000 kg a month from Sinaloa over the embedded road
// network, without troops and with 20,000 troops in Sonora, and prints
// what reaches each field office's ports the next month. Most of the long
// haul across Sonora to Baja California's ports gives way to the Chihuahua
// corridors and El Paso and to the Sonora ports (Dell 2015), the logit
// choice of port keeping part of it, and troops seize part of what still
// crosses Sonora.
func ExampleStep() {
	mx, err := network.Mexico()
	if err != nil {
		panic(err)
	}
	cn, err := data.Cartels()
	if err != nil {
		panic(err)
	}
	net, err := routes.NewNetwork(mx, cn)
	if err != nil {
		panic(err)
	}
	reg, err := params.New(routes.Parameters())
	if err != nil {
		panic(err)
	}
	p := routes.FromValues(reg.Defaults())
	var prod [geo.NumStates]float64
	prod[24] = 1000 // Sinaloa (INEGI 25), kg
	for _, troops := range []float64{0, 20000} {
		var tr [geo.NumStates]float64
		tr[25] = troops // Sonora (INEGI 26)
		s := routes.Init(net)
		for range 2 { // shipments take a month
			if err := routes.Step(p, net, routes.Inputs{Production: &prod, Troops: &tr, Effort: 1}, s); err != nil {
				panic(err)
			}
		}
		fmt.Printf("troops %5.0f:", troops)
		for i, o := range geo.FieldOffices() {
			fmt.Printf(" %s %.0f", o.Short, s.Arrivals[i])
		}
		fmt.Printf(" kg; gap below %g: %v\n", routes.GapTol, s.Gap < routes.GapTol)
	}
	// Output:
	// troops     0: san_diego_fo 410 tucson_fo 539 el_paso_fo 1 laredo_fo 0 kg; gap below 0.001: true
	// troops 20000: san_diego_fo 116 tucson_fo 580 el_paso_fo 161 laredo_fo 0 kg; gap below 0.001: true
}
