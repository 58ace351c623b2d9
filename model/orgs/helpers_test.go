package orgs

import (
	"sync"
	"testing"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/data"
)

var (
	netOnce sync.Once
	netVal  *Network
	netErr  error
)

// testNetwork is the 2020 network, built once for all tests.
func testNetwork(tb testing.TB) *Network {
	tb.Helper()
	netOnce.Do(func() {
		var d *data.CartelNetwork
		if d, netErr = data.Cartels(); netErr == nil {
			netVal, netErr = NewNetwork(d)
		}
	})
	if netErr != nil {
		tb.Fatal(netErr)
	}
	return netVal
}

// groupIndex returns the index of the network group with the given id.
func groupIndex(tb testing.TB, net *Network, id string) int {
	tb.Helper()
	for i := range net.Len() {
		if net.Group(i).ID == id {
			return i
		}
	}
	tb.Fatalf("no group %q", id)
	return -1
}

// mustInit is Init that fails the test on error.
func mustInit(tb testing.TB, p Params, start calendar.Month) *State {
	tb.Helper()
	s, err := Init(p, testNetwork(tb), start)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// relDiff is |a−b|/max(|a|,|b|), 0 when both are 0.
func relDiff(a, b float64) float64 {
	d, m := a-b, max(a, b, -a, -b)
	if m == 0 {
		return 0
	}
	return max(d, -d) / m
}
