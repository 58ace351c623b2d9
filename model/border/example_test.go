package border_test

import (
	"fmt"

	"github.com/cartelsim/cartelsim/model/border"
	"github.com/cartelsim/cartelsim/params"
)

// ExampleStep inspects a month's arrivals at one Tucson-office port at the
// status-quo scan share and with every vehicle scanned.
func ExampleStep() {
	reg, err := params.New(border.Parameters())
	if err != nil {
		panic(err)
	}
	p := border.FromValues(reg.Defaults())
	// One port run by the Tucson field office (geo.FieldOffices index 1)
	// in the Tucson Border Patrol sector (geo.Sectors index 3).
	net, err := border.NewNetwork([]border.Port{{Office: 1, Sector: 3}})
	if err != nil {
		panic(err)
	}
	for _, c := range []struct {
		name string
		scan float64
	}{{"status quo", 0}, {"all vehicles", 1}} { // 0 means the status quo
		s := border.Init(net)
		border.Step(p, net, border.Inputs{Arrivals: []float64{1000}, Scan: []float64{c.scan}}, s)
		fmt.Printf("%s: catch at the port %.3f, seized %.0f kg at the port and %.0f between ports, %.0f delivered\n",
			c.name, s.PortCatch[0], s.SeizedPort[0], s.SeizedBetween[3], s.Delivered)
	}
	// Output:
	// status quo: catch at the port 0.117, seized 108 kg at the port and 16 between ports, 876 delivered
	// all vehicles: catch at the port 0.636, seized 370 kg at the port and 84 between ports, 546 delivered
}
