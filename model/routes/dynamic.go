package routes

import "math"

// Update repairs t after the costs of some arcs changed, instead of
// growing the tree again. old[i] is the cost arc changed[i] had when t was
// grown; cost holds the new costs. Only the nodes whose least-cost path
// may change are settled again:
//
//   - an arc on the tree that got dearer invalidates the subtree below it;
//     those nodes are relabelled from their best neighbour outside it;
//   - an arc that got cheaper and now offers a shorter path seeds a
//     search from its head.
//
// This is the single-source repair of Ramalingam & Reps (1996, J.
// Algorithms 21:267) in its simple form. It returns how many nodes were
// invalidated. r, the arcs entering each node (g.Reverse(), built once),
// lets invalidated nodes be relabelled from outside their subtree. Cost
// per call: O(|V|) to find the invalidated subtrees, plus Dijkstra over
// what changed.
func (g *Graph) Update(t *Tree, cost []float64, changed []int32, old []float64, r *Reversed) int {
	dist, pred, mark := t.Dist, t.Pred, t.mark
	// mark: 0 unknown, 1 invalid (below a dearer tree arc), 2 valid.
	for i := range mark {
		mark[i] = 0
	}
	up := false
	for i, a := range changed {
		if cost[a] > old[i] && pred[g.Head[a]] == a {
			mark[g.Head[a]] = 1
			up = true
		}
	}
	t.heap.reset()
	invalid := 0
	if up {
		mark[t.Source] = 2
		// Walk each node up to a node of known status; memoise the path.
		var path []int32
		for v := range int32(len(mark)) {
			u := v
			for mark[u] == 0 {
				if pred[u] < 0 {
					mark[u] = 2 // unreachable or the source
					break
				}
				path = append(path, u)
				u = g.Tail[pred[u]]
			}
			s := mark[u]
			for _, w := range path {
				mark[w] = s
			}
			path = path[:0]
		}
		for v := range mark {
			if mark[v] == 1 {
				dist[v] = math.Inf(1)
				pred[v] = -1
				invalid++
			}
		}
		// Relabel invalid nodes from valid in-neighbours.
		for v := range int32(len(mark)) {
			if mark[v] != 1 {
				continue
			}
			for k := r.Off[v]; k < r.Off[v+1]; k++ {
				a := r.Arc[k]
				u := g.Tail[a]
				if mark[u] == 1 {
					continue
				}
				if nd := dist[u] + cost[a]; nd < dist[v] {
					dist[v] = nd
					pred[v] = a
				}
			}
			if !math.IsInf(dist[v], 1) {
				t.heap.push(dist[v], v)
			}
		}
	}
	for i, a := range changed {
		if cost[a] < old[i] {
			u, v := g.Tail[a], g.Head[a]
			if nd := dist[u] + cost[a]; nd < dist[v] {
				dist[v] = nd
				pred[v] = a
				t.heap.push(nd, v)
			}
		}
	}
	g.settle(cost, t)
	return invalid
}

// Reversed lists, for each node, the arcs entering it.
type Reversed struct {
	Off []int32
	Arc []int32
}

// Reverse builds the in-arc lists of g.
func (g *Graph) Reverse() *Reversed {
	n := g.Nodes()
	r := &Reversed{Off: make([]int32, n+1), Arc: make([]int32, g.Arcs())}
	for _, v := range g.Head {
		r.Off[v+1]++
	}
	for u := range n {
		r.Off[u+1] += r.Off[u]
	}
	next := make([]int32, n)
	copy(next, r.Off[:n])
	for a, v := range g.Head {
		r.Arc[next[v]] = int32(a)
		next[v]++
	}
	return r
}
