package routes

import (
	"testing"

	"github.com/cartelsim/cartelsim/data"
	"github.com/cartelsim/cartelsim/data/network"
	"github.com/cartelsim/cartelsim/params"
)

// SetupDefaults lets the external tests compile the network as the
// internal ones do.
var SetupDefaults = setupDefaults

// setupDefaults compiles the embedded network with the default parameters.
func setupDefaults(t testing.TB) (Params, *Network) {
	t.Helper()
	mx, err := network.Mexico()
	if err != nil {
		t.Fatal(err)
	}
	cn, err := data.Cartels()
	if err != nil {
		t.Fatal(err)
	}
	n, err := NewNetwork(mx, cn)
	if err != nil {
		t.Fatal(err)
	}
	reg, err := params.New(Parameters())
	if err != nil {
		t.Fatal(err)
	}
	return FromValues(reg.Defaults()), n
}
