package scenario

import (
	"slices"
	"sync"

	"github.com/cartelsim/cartelsim/data/network"
)

// PortIDs returns the ids of the US land ports of entry of the embedded
// road network (data/network), in the network's order, which is the order
// of the engine's ports: the regions a border_inspection lever may name
// besides the field offices. It is nil only if the embedded network does
// not load, which its own tests rule out.
func PortIDs() []string {
	ids, err := portIDs()
	if err != nil {
		return nil
	}
	return ids
}

// PortIndex returns the index of port id in PortIDs.
func PortIndex(id string) (int, bool) {
	i := slices.Index(PortIDs(), id)
	return i, i >= 0
}

// portIDs reads the embedded network once.
var portIDs = sync.OnceValues(func() ([]string, error) {
	n, err := network.Mexico()
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(n.Ports))
	for i, p := range n.Ports {
		ids[i] = n.Nodes[p.Node].ID
	}
	return ids, nil
})
