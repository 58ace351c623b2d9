// Package sensitivity measures which parameters decide the model's
// answers: Sobol' first-order and total indices (Saltelli sampling on a
// Sobol' sequence with Joe–Kuo direction numbers, Jansen estimators,
// bootstrap intervals) and Morris elementary-effects screening.
//
// Designs live on the unit cube [0,1)^k; the caller maps a point to
// parameters (through each prior's inverse CDF) and evaluates the model,
// which may return several outputs per point. A point the model cannot
// evaluate returns NaN outputs, and its design block is left out.
package sensitivity

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// Saltelli is a design for Sobol' indices of k factors with N base rows:
// the rows of A, of B, and of each AB_j (A with column j from B), in that
// order, N(k+2) points (Saltelli et al. 2010, Comput. Phys. Commun. 181,
// 259-270).
type Saltelli struct {
	K, N   int
	Points [][]float64
}

// NewSaltelli builds the design from a Sobol' sequence in 2k dimensions:
// A takes the first k coordinates, B the last k.
func NewSaltelli(k, n int) (*Saltelli, error) {
	if k < 1 || n < 2 {
		return nil, fmt.Errorf("sensitivity: Saltelli design needs k >= 1 and N >= 2, got %d and %d", k, n)
	}
	seq, err := NewSobol(2 * k)
	if err != nil {
		return nil, fmt.Errorf("sensitivity: %d factors need %d Sobol' dimensions: %w", k, 2*k, err)
	}
	a := make([][]float64, n)
	b := make([][]float64, n)
	for i := range n {
		p := make([]float64, 2*k)
		seq.Next(p)
		a[i], b[i] = p[:k:k], p[k:]
	}
	d := &Saltelli{K: k, N: n}
	d.Points = append(d.Points, a...)
	d.Points = append(d.Points, b...)
	for j := range k {
		for i := range n {
			p := slices.Clone(a[i])
			p[j] = b[i][j]
			d.Points = append(d.Points, p)
		}
	}
	return d, nil
}

// Index is one factor's Sobol' indices for one output, with bootstrap
// 95% intervals.
type Index struct {
	First, FirstLo, FirstHi float64
	Total, TotalLo, TotalHi float64
}

// SobolResult holds the indices of every factor for one output.
type SobolResult struct {
	Indices []Index
	// Used is the number of base rows kept (rows with a NaN are left out).
	Used     int
	Variance float64
}

// Analyze computes Jansen estimators of the first-order and total indices
// from y, one output value per design point, with `boot` bootstrap
// resamples of the base rows (seeded by seed) for 95% intervals.
//
//	V    = Var over the rows of A and B of f
//	S_j  = (V − 1/(2N) Σ (f(B) − f(AB_j))²) / V
//	ST_j = 1/(2N) Σ (f(A) − f(AB_j))² / V
func (d *Saltelli) Analyze(y []float64, boot int, seed uint64) (SobolResult, error) {
	if len(y) != len(d.Points) {
		return SobolResult{}, fmt.Errorf("sensitivity: %d outputs for %d design points", len(y), len(d.Points))
	}
	n, k := d.N, d.K
	var rows []int
	for i := range n {
		ok := !math.IsNaN(y[i]) && !math.IsNaN(y[n+i])
		for j := 0; j < k && ok; j++ {
			ok = !math.IsNaN(y[(2+j)*n+i])
		}
		if ok {
			rows = append(rows, i)
		}
	}
	if len(rows) < 2 {
		return SobolResult{}, fmt.Errorf("sensitivity: only %d usable base rows", len(rows))
	}
	est := func(rows []int) ([]float64, []float64, float64) {
		var sum, sum2 float64
		for _, i := range rows {
			for _, v := range []float64{y[i], y[n+i]} {
				sum += v
				sum2 += v * v
			}
		}
		m := float64(2 * len(rows))
		mean := sum / m
		v := sum2/m - mean*mean
		first := make([]float64, k)
		total := make([]float64, k)
		for j := range k {
			var s1, st float64
			for _, i := range rows {
				ab := y[(2+j)*n+i]
				s1 += (y[n+i] - ab) * (y[n+i] - ab)
				st += (y[i] - ab) * (y[i] - ab)
			}
			s1 /= 2 * float64(len(rows))
			st /= 2 * float64(len(rows))
			if v > 0 {
				first[j], total[j] = (v-s1)/v, st/v
			}
		}
		return first, total, v
	}
	first, total, v := est(rows)
	res := SobolResult{Indices: make([]Index, k), Used: len(rows), Variance: v}
	rng := rand.New(rand.NewPCG(seed, 0x5a17e111))
	bf := make([][]float64, k)
	bt := make([][]float64, k)
	sample := make([]int, len(rows))
	for range boot {
		for i := range sample {
			sample[i] = rows[rng.IntN(len(rows))]
		}
		f, t, _ := est(sample)
		for j := range k {
			bf[j] = append(bf[j], f[j])
			bt[j] = append(bt[j], t[j])
		}
	}
	for j := range k {
		ix := Index{First: first[j], Total: total[j], FirstLo: math.NaN(), FirstHi: math.NaN(), TotalLo: math.NaN(), TotalHi: math.NaN()}
		if boot > 0 {
			ix.FirstLo, ix.FirstHi = percentiles(bf[j])
			ix.TotalLo, ix.TotalHi = percentiles(bt[j])
		}
		res.Indices[j] = ix
	}
	return res, nil
}

// percentiles returns the 2.5% and 97.5% points of x (sorted in place).
func percentiles(x []float64) (float64, float64) {
	slices.Sort(x)
	at := func(q float64) float64 {
		i := int(math.Ceil(q*float64(len(x)))) - 1
		return x[min(max(i, 0), len(x)-1)]
	}
	return at(0.025), at(0.975)
}

// Morris is a screening design of R trajectories over k factors on a
// p-level grid (Morris 1991, Technometrics 33, 161-174; μ* after
// Campolongo, Cariboni & Saltelli 2007). Each trajectory has k+1 points,
// moving one factor by Delta = p/(2(p−1)) at a time, in random order.
type Morris struct {
	K, R, Levels int
	Delta        float64
	Points       [][]float64
	// moved[t*k+s] is the factor moved at step s of trajectory t, and
	// sign[...] its direction.
	moved []int
	sign  []float64
}

// NewMorris builds R trajectories with 4 levels, seeded by seed.
func NewMorris(k, r int, seed uint64) (*Morris, error) {
	if k < 1 || r < 2 {
		return nil, fmt.Errorf("sensitivity: Morris design needs k >= 1 and r >= 2, got %d and %d", k, r)
	}
	const p = 4
	d := &Morris{K: k, R: r, Levels: p, Delta: float64(p) / (2 * float64(p-1))}
	rng := rand.New(rand.NewPCG(seed, 0x304415))
	for range r {
		x := make([]float64, k)
		for j := range x {
			// Base levels from which +Delta stays on the grid: 0 and 1/3.
			x[j] = float64(rng.IntN(p/2)) / float64(p-1)
			if rng.IntN(2) == 1 {
				x[j] += d.Delta // start high and step down
			}
		}
		d.Points = append(d.Points, slices.Clone(x))
		for _, j := range rng.Perm(k) {
			s := 1.0
			if x[j]+d.Delta > 1+1e-12 {
				s = -1
			}
			x[j] += s * d.Delta
			d.moved = append(d.moved, j)
			d.sign = append(d.sign, s)
			d.Points = append(d.Points, slices.Clone(x))
		}
	}
	return d, nil
}

// Effect is one factor's Morris statistics for one output.
type Effect struct {
	// MuStar is the mean absolute elementary effect, Mu the mean, Sigma the
	// standard deviation; N the effects counted.
	MuStar, Mu, Sigma float64
	N                 int
}

// Analyze computes the elementary effects from y, one output per point.
// Effects next to a NaN are skipped.
func (d *Morris) Analyze(y []float64) ([]Effect, error) {
	if len(y) != len(d.Points) {
		return nil, fmt.Errorf("sensitivity: %d outputs for %d design points", len(y), len(d.Points))
	}
	ee := make([][]float64, d.K)
	for t := range d.R {
		base := t * (d.K + 1)
		for s := range d.K {
			a, b := y[base+s], y[base+s+1]
			if math.IsNaN(a) || math.IsNaN(b) {
				continue
			}
			j := d.moved[t*d.K+s]
			ee[j] = append(ee[j], (b-a)/(d.sign[t*d.K+s]*d.Delta))
		}
	}
	out := make([]Effect, d.K)
	for j, e := range ee {
		if len(e) == 0 {
			out[j] = Effect{math.NaN(), math.NaN(), math.NaN(), 0}
			continue
		}
		var sa, s, s2 float64
		for _, x := range e {
			sa += math.Abs(x)
			s += x
		}
		mu := s / float64(len(e))
		for _, x := range e {
			s2 += (x - mu) * (x - mu)
		}
		sd := 0.0
		if len(e) > 1 {
			sd = math.Sqrt(s2 / float64(len(e)-1))
		}
		out[j] = Effect{MuStar: sa / float64(len(e)), Mu: mu, Sigma: sd, N: len(e)}
	}
	return out, nil
}
