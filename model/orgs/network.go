package orgs

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/cartelsim/cartelsim/data"
	"github.com/cartelsim/cartelsim/geo"
)

// SplinterCapacity is the number of group slots kept free for splinters.
// A split retires one group and creates two, so a run can hold
// SplinterCapacity/2 splits; later splits are not made (State.SplitsSkipped
// counts them). Preallocating the slots keeps Step free of allocation.
const SplinterCapacity = 64

// Network is the fixed structure of the 2020 criminal-group network: home
// states, rivalries (sparse, CSR), alliances and alliance strengths, and
// the size ranking used for the 2012 state. It is read-only after
// NewNetwork, so one Network may be shared by any number of runs.
type Network struct {
	groups []data.CartelGroup
	// Rivalry weights in compressed sparse rows: the rivals of group i are
	// rivCol[rivStart[i]:rivStart[i+1]], both directions stored.
	rivStart, rivCol []int
	rivW             []float64
	// strength is each group's total alliance weight, A_i in Conf.
	strength []float64
	// rank lists group indices from the largest 2012 size down.
	rank []int
	// index maps a group id to its index.
	index map[string]int
	// tieW[i] lists group i's ties (alliances and rivalries together) as
	// (other group, weight), the paths along which presence spreads.
	tieW [][]tieTo
	// listed[i] holds the states (geo indices, ascending) where a source
	// places group i (PresenceTable); nil for a group not listed.
	listed [][]int
}

// PresenceTable is the embedded table of the states where major
// organisations have a dominant or significant presence (DEA, InSight
// Crime; see its header).
const PresenceTable = "cartel_state_presence"

// tieTo is one end of a tie.
type tieTo struct {
	j int
	w float64
}

// NewNetwork builds a Network from the cartel tables. It fails on a tie
// that names a group out of range or a group with itself, a weight that is
// not positive, or a home state out of range.
func NewNetwork(n *data.CartelNetwork) (*Network, error) {
	if n == nil || len(n.Groups) == 0 {
		return nil, errors.New("orgs: network: no groups")
	}
	ng := len(n.Groups)
	var errs []error
	for i, g := range n.Groups {
		if g.State < 0 || g.State >= geo.NumStates {
			errs = append(errs, fmt.Errorf("orgs: network: group %d (%s): state index %d out of range", i, g.ID, g.State))
		}
	}
	check := func(kind string, ties []data.CartelTie) {
		for k, e := range ties {
			if e.A < 0 || e.A >= ng || e.B < 0 || e.B >= ng || e.A == e.B {
				errs = append(errs, fmt.Errorf("orgs: network: %s %d: groups %d–%d invalid", kind, k, e.A, e.B))
			}
			if !(e.Weight > 0) || math.IsInf(e.Weight, 0) {
				errs = append(errs, fmt.Errorf("orgs: network: %s %d: weight %g not positive", kind, k, e.Weight))
			}
		}
	}
	check("rivalry", n.Rivalries)
	check("alliance", n.Alliances)
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	net := &Network{groups: slices.Clone(n.Groups), index: make(map[string]int, ng), tieW: make([][]tieTo, ng)}
	for i, g := range n.Groups {
		net.index[g.ID] = i
	}
	for _, ts := range [][]data.CartelTie{n.Alliances, n.Rivalries} {
		for _, e := range ts {
			net.tieW[e.A] = append(net.tieW[e.A], tieTo{e.B, e.Weight})
			net.tieW[e.B] = append(net.tieW[e.B], tieTo{e.A, e.Weight})
		}
	}
	if err := net.loadListed(); err != nil {
		return nil, err
	}
	net.rivStart, net.rivCol, net.rivW = csr(ng, n.Rivalries)
	net.strength = make([]float64, ng)
	total := make([]float64, ng)
	for _, e := range n.Alliances {
		net.strength[e.A] += e.Weight
		net.strength[e.B] += e.Weight
	}
	for _, e := range n.Rivalries {
		total[e.A] += e.Weight
		total[e.B] += e.Weight
	}
	for i := range ng {
		total[i] += net.strength[i]
	}
	// The paper ranks groups by total (rivalry + alliance) strength,
	// largest first, and gives rank k a size ∝ k^−β. Ties keep table order,
	// as R's order() does (it is stable); this tie rule is our reading of
	// the code, not stated in the paper.
	net.rank = make([]int, ng)
	for i := range net.rank {
		net.rank[i] = i
	}
	slices.SortStableFunc(net.rank, func(a, b int) int {
		switch {
		case total[a] > total[b]:
			return -1
		case total[a] < total[b]:
			return 1
		}
		return 0
	})
	return net, nil
}

// csr stores undirected ties in both directions, rows in group order and,
// within a row, columns ascending. A pair listed twice is summed.
func csr(n int, ties []data.CartelTie) (start, col []int, w []float64) {
	type arc struct {
		i, j int
		w    float64
	}
	arcs := make([]arc, 0, 2*len(ties))
	for _, e := range ties {
		arcs = append(arcs, arc{e.A, e.B, e.Weight}, arc{e.B, e.A, e.Weight})
	}
	slices.SortStableFunc(arcs, func(a, b arc) int {
		if a.i != b.i {
			return a.i - b.i
		}
		return a.j - b.j
	})
	start = make([]int, n+1)
	for k, a := range arcs {
		if k > 0 && a.i == arcs[k-1].i && a.j == arcs[k-1].j {
			w[len(w)-1] += a.w
			continue
		}
		col = append(col, a.j)
		w = append(w, a.w)
		start[a.i+1]++
	}
	for i := range n {
		start[i+1] += start[i]
	}
	return start, col, w
}

// Len is the number of groups in the network (splinters not included).
func (n *Network) Len() int { return len(n.groups) }

// Index returns the index of the group with network id id.
func (n *Network) Index(id string) (int, bool) {
	i, ok := n.index[id]
	return i, ok
}

// loadListed reads PresenceTable into n.listed. Rows naming a group the
// network does not hold are skipped, so that a network other than
// BACRIM2020's (a test's) keeps the tie rule; a state code out of range is
// an error.
func (n *Network) loadListed() error {
	t, err := data.Load(PresenceTable)
	if err != nil {
		return fmt.Errorf("orgs: network: %w", err)
	}
	id, err := t.Col("id")
	if err != nil {
		return fmt.Errorf("orgs: network: %w", err)
	}
	st, err := t.Col("state")
	if err != nil {
		return fmt.Errorf("orgs: network: %w", err)
	}
	n.listed = make([][]int, len(n.groups))
	for r, row := range t.Rows {
		s, err := geo.StateIndex(row[st])
		if err != nil {
			return fmt.Errorf("orgs: network: %s row %d: %w", PresenceTable, r+1, err)
		}
		i, ok := n.index[row[id]]
		if !ok {
			continue
		}
		if !slices.Contains(n.listed[i], s) {
			n.listed[i] = append(n.listed[i], s)
		}
	}
	for i := range n.listed {
		slices.Sort(n.listed[i])
	}
	return nil
}

// Listed returns the states (geo indices, ascending) where PresenceTable
// places group i, nil if it does not list it.
func (n *Network) Listed(i int) []int { return slices.Clone(n.listed[i]) }

// presence writes group i's presence over the states into out (32
// entries, summing to 1).
//
// A group PresenceTable lists has the share home in its home state and
// the rest spread evenly over its listed states; all of it over them when
// the network's home is not among them (the network codes one state per
// group from media reports, and for such a group the sourced states say
// where it operates; e.g. groups coded to Mexico City whose sources place
// them in Guerrero and Morelos).
//
// Any other group has the share home in its home state and the rest spread
// over the footprints of its allies and rivals in proportion to the ties'
// weights, a footprint being a listed group's listed states (evenly) and
// another group's home state; a group with no ties is wholly at home.
// Groups meet where they fight or trade: the network's ties are the
// evidence of where a group operates beyond its main state that the data
// hold, and a tie to an organisation present across many states does not
// put all of the tie in the state where that organisation is based.
func (n *Network) presence(i int, home float64, out []float64) {
	clear(out)
	h := n.groups[i].State
	if l := n.listed[i]; l != nil {
		if !slices.Contains(l, h) {
			home = 0
		}
		out[h] = home
		for _, s := range l {
			out[s] += (1 - home) / float64(len(l))
		}
		return
	}
	out[h] = 1
	sum := 0.0
	for _, t := range n.tieW[i] {
		sum += t.w
	}
	if sum == 0 {
		return
	}
	out[h] = home
	for _, t := range n.tieW[i] {
		w := (1 - home) * t.w / sum
		l := n.listed[t.j]
		if l == nil {
			out[n.groups[t.j].State] += w
			continue
		}
		for _, s := range l {
			out[s] += w / float64(len(l))
		}
	}
}

// Group returns group i of the network as loaded.
func (n *Network) Group(i int) data.CartelGroup { return n.groups[i] }

// AllianceStrength is A_i, group i's total alliance weight.
func (n *Network) AllianceStrength(i int) float64 { return n.strength[i] }

// Rivalry returns the rivalry weight between network groups i and j, 0 if
// they are not rivals.
func (n *Network) Rivalry(i, j int) float64 {
	for p := n.rivStart[i]; p < n.rivStart[i+1]; p++ {
		if n.rivCol[p] == j {
			return n.rivW[p]
		}
	}
	return 0
}

// Rank returns the group indices ordered from the largest 2012 size down:
// by total rivalry plus alliance strength, ties in table order.
func (n *Network) Rank() []int { return slices.Clone(n.rank) }

// initialSizes writes the paper's 2012 sizes into c (len Len()): total m0
// spread over the groups as rank^−β. The paper's main run draws each size
// from a Poisson law with this mean; its fitting code uses the mean, as we
// do, so runs differ only through policy and leadership events.
func (n *Network) initialSizes(c []float64, m0, beta float64) {
	sum := 0.0
	for k := range n.rank {
		sum += math.Pow(float64(k+1), -beta)
	}
	for k, i := range n.rank {
		c[i] = m0 * math.Pow(float64(k+1), -beta) / sum
	}
}
