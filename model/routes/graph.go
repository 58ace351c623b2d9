package routes

import "fmt"

// Graph is a directed graph in compressed sparse row form: the arcs out of
// node u are Head[Off[u]:Off[u+1]]. Arc ids are positions in Head, so a
// cost vector indexed by arc is read in the order Dijkstra scans it.
type Graph struct {
	Off  []int32
	Head []int32
	// Tail[a] is the node arc a leaves, for walking a tree back to its root.
	Tail []int32
}

// Arc is a directed arc for building a Graph.
type Arc struct{ From, To int32 }

// NewGraph builds the CSR form of n nodes and arcs; perm[i] is the arc id
// that arcs[i] received, so callers can map their own data onto arcs.
func NewGraph(n int, arcs []Arc) (g *Graph, perm []int32, err error) {
	g = &Graph{Off: make([]int32, n+1), Head: make([]int32, len(arcs)), Tail: make([]int32, len(arcs))}
	for _, a := range arcs {
		if a.From < 0 || int(a.From) >= n || a.To < 0 || int(a.To) >= n {
			return nil, nil, fmt.Errorf("routes: arc %d→%d outside %d nodes", a.From, a.To, n)
		}
		g.Off[a.From+1]++
	}
	for u := range n {
		g.Off[u+1] += g.Off[u]
	}
	next := make([]int32, n)
	copy(next, g.Off[:n])
	perm = make([]int32, len(arcs))
	for i, a := range arcs {
		k := next[a.From]
		next[a.From]++
		g.Head[k] = a.To
		g.Tail[k] = a.From
		perm[i] = k
	}
	return g, perm, nil
}

// Nodes is the number of nodes.
func (g *Graph) Nodes() int { return len(g.Off) - 1 }

// Arcs is the number of arcs.
func (g *Graph) Arcs() int { return len(g.Head) }
