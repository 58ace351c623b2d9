package border_test

import (
	"fmt"

	"github.com/cartelsim/cartelsim/model/border"
	"github.com/cartelsim/cartelsim/params"
)

// ExampleStep inspects a month's arrivals at the Tucson field office at
// the status-quo scan share and with every vehicle scanned.
func ExampleStep() {
	reg, err := params.New(border.Parameters())
	if err != nil {
		panic(err)
	}
	p := border.FromValues(reg.Defaults())
	// Border Patrol sector weights (San Diego, El Centro, Yuma, Tucson, El
	// Paso, Big Bend, Del Rio, Laredo, Rio Grande Valley); illustrative.
	net, err := border.NewNetwork([]float64{3, 1, 1, 4, 2, 1, 1, 1, 2})
	if err != nil {
		panic(err)
	}
	in := border.Inputs{Arrivals: [4]float64{0, 1000, 0, 0}} // kg at Tucson
	for _, c := range []struct {
		name string
		scan float64
	}{{"status quo", 0}, {"all vehicles", 1}} { // 0 means the status quo
		in.Scan[1] = c.scan
		s := border.Init(net)
		border.Step(p, net, in, s)
		between := 0.0
		for _, x := range s.SeizedBetween {
			between += x
		}
		fmt.Printf("%s: catch at ports %.3f, seized %.0f kg at ports and %.0f between, %.0f delivered\n",
			c.name, s.PortCatch[1], s.SeizedPorts[1], between, s.Delivered)
	}
	// Output:
	// status quo: catch at ports 0.125, seized 118 kg at ports and 12 between, 871 delivered
	// all vehicles: catch at ports 0.639, seized 451 kg at ports and 59 between, 490 delivered
}
