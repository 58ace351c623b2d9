package routes

import "math"

// Tree is a shortest-path tree from one source, with the scratch space to
// grow it: reuse one Tree across calls and nothing is allocated.
type Tree struct {
	Source int32
	// Dist[v] is the least cost from Source to v (+Inf if unreachable).
	Dist []float64
	// Pred[v] is the arc entering v on its least-cost path, or -1.
	Pred []int32
	heap heap
	mark []int8
}

// NewTree allocates a tree for graphs of n nodes.
func NewTree(n int) *Tree {
	t := &Tree{Dist: make([]float64, n), Pred: make([]int32, n), mark: make([]int8, n)}
	t.heap.pos = make([]int32, n)
	for i := range t.heap.pos {
		t.heap.pos[i] = -1
	}
	return t
}

// ShortestFrom grows the least-cost tree from src with arc costs cost
// (non-negative, indexed by arc). It is Dijkstra's algorithm with an
// indexed 4-ary heap, O(|A| log |V|).
func (g *Graph) ShortestFrom(src int, cost []float64, t *Tree) {
	if len(t.Dist) != g.Nodes() {
		*t = *NewTree(g.Nodes())
	}
	for i := range t.Dist {
		t.Dist[i] = math.Inf(1)
		t.Pred[i] = -1
	}
	t.Source = int32(src)
	t.Dist[src] = 0
	t.heap.reset()
	t.heap.push(0, int32(src))
	g.settle(cost, t)
}

// settle runs Dijkstra from whatever labels are on the heap.
func (g *Graph) settle(cost []float64, t *Tree) {
	dist, pred := t.Dist, t.Pred
	for t.heap.len() > 0 {
		d, u := t.heap.pop()
		for a := g.Off[u]; a < g.Off[u+1]; a++ {
			v := g.Head[a]
			if nd := d + cost[a]; nd < dist[v] {
				dist[v] = nd
				pred[v] = a
				t.heap.push(nd, v)
			}
		}
	}
}

// heap is an indexed 4-ary min-heap of nodes keyed by distance, with
// decrease-key: each node is in it at most once, which on road graphs
// beats a binary heap with duplicate entries (fewer, shallower sifts).
// pos[v] is v's slot, or -1 when v is not in the heap.
type heap struct {
	key  []float64
	node []int32
	pos  []int32
}

func (h *heap) reset() {
	for _, v := range h.node {
		h.pos[v] = -1
	}
	h.key, h.node = h.key[:0], h.node[:0]
}

func (h *heap) len() int { return len(h.key) }

// push inserts v with key k, or lowers its key if it is already in.
func (h *heap) push(k float64, v int32) {
	i := h.pos[v]
	if i < 0 {
		h.key = append(h.key, k)
		h.node = append(h.node, v)
		i = int32(len(h.key) - 1)
	}
	h.up(int(i), k, v)
}

func (h *heap) up(i int, k float64, v int32) {
	for i > 0 {
		p := (i - 1) / 4
		if h.key[p] <= k {
			break
		}
		h.key[i], h.node[i] = h.key[p], h.node[p]
		h.pos[h.node[i]] = int32(i)
		i = p
	}
	h.key[i], h.node[i] = k, v
	h.pos[v] = int32(i)
}

func (h *heap) pop() (float64, int32) {
	k0, v0 := h.key[0], h.node[0]
	h.pos[v0] = -1
	n := len(h.key) - 1
	k, v := h.key[n], h.node[n]
	h.key, h.node = h.key[:n], h.node[:n]
	if n == 0 {
		return k0, v0
	}
	i := 0
	for {
		c := 4*i + 1
		if c >= n {
			break
		}
		best, bk := c, h.key[c]
		for j := c + 1; j < min(c+4, n); j++ {
			if h.key[j] < bk {
				best, bk = j, h.key[j]
			}
		}
		if bk >= k {
			break
		}
		h.key[i], h.node[i] = bk, h.node[best]
		h.pos[h.node[i]] = int32(i)
		i = best
	}
	h.key[i], h.node[i] = k, v
	h.pos[v] = int32(i)
	return k0, v0
}

// ShortestTo grows the least-cost tree into dst: afterwards t.Dist[v] is
// the least cost from v to dst and t.Pred[v] the first arc of that path
// (-1 for dst and for nodes that cannot reach it). r is g.Reverse(). When
// every origin goes to the same sink, one such tree gives all their paths,
// where ShortestFrom needs one search per origin. If until is not empty the
// search stops once all of its nodes are settled: their labels, and those
// of every node on their paths, are then final, and the rest may not be.
func (g *Graph) ShortestTo(dst int, cost []float64, r *Reversed, t *Tree, until []int32) {
	if len(t.Dist) != g.Nodes() {
		*t = *NewTree(g.Nodes())
	}
	for i := range t.Dist {
		t.Dist[i] = math.Inf(1)
		t.Pred[i] = -1
	}
	t.Source = int32(dst)
	t.Dist[dst] = 0
	t.heap.reset()
	t.heap.push(0, int32(dst))
	dist, next, want := t.Dist, t.Pred, t.mark
	left := 0
	for _, v := range until {
		if want[v] == 0 {
			want[v] = 1
			left++
		}
	}
	stop := left > 0
	for t.heap.len() > 0 {
		d, v := t.heap.pop()
		if stop && want[v] == 1 {
			if left--; left == 0 {
				break
			}
		}
		for k := r.Off[v]; k < r.Off[v+1]; k++ {
			a := r.Arc[k]
			u := g.Tail[a]
			if nd := d + cost[a]; nd < dist[u] {
				dist[u] = nd
				next[u] = a
				t.heap.push(nd, u)
			}
		}
	}
	for _, v := range until {
		want[v] = 0
	}
}
