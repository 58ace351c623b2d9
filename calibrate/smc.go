// Package calibrate fits the model to every observed series at once by
// approximate Bayesian computation with sequential Monte Carlo (ABC-SMC:
// Toni et al. 2009, J. R. Soc. Interface 6, 187-202; adaptive tolerances and
// the Gaussian kernel of twice the weighted particle variance after
// Beaumont et al. 2009, Biometrika 96, 983-990).
//
// Parameters are calibrated on the unit cube: coordinate u of a parameter
// is its prior's CDF, so the prior is uniform on [0,1]^d and the
// importance weight of a particle is 1 / Σ_j w_j K(u | u_j). A run is a
// pure function of (seed, generation, proposal index), so the posterior does
// not depend on the number of workers.
package calibrate

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"

	"golang.org/x/sync/errgroup"
	"gonum.org/v1/gonum/floats"
)

// Problem is what ABC fits: a distance between the data and a simulation
// at unit point u. A distance of +Inf or NaN rejects u (for example
// parameters the model refuses).
type Problem struct {
	Dim      int
	Distance func(ctx context.Context, u []float64) (float64, error)
}

// Options of SMC.
type Options struct {
	// Particles per generation.
	Particles int
	// Generations after the prior one.
	Generations int
	// Quantile of the current distances that sets the next tolerance.
	Quantile float64
	// MaxSims caps the simulations of one generation (0: 50 per particle).
	MaxSims int
	Seed    uint64
	Workers int
	// Batch, if set, computes the distances of a batch of proposals in
	// place of Workers goroutines (workers on other machines, say);
	// +Inf or NaN rejects a proposal. The posterior is the same either way.
	Batch func(ctx context.Context, us [][]float64) ([]float64, error)
	// BatchSize is the number of proposals evaluated at a time (0: eight
	// per worker).
	BatchSize int
	// Progress, if set, is called after each generation.
	Progress func(g Generation)
	// Advance, if set, is called after each batch of simulations with the
	// generation's index and the particles it has accepted so far (at
	// most Particles): a generation can take minutes.
	Advance func(gen, accepted int)
}

// Generation reports one SMC generation.
type Generation struct {
	Index             int
	Epsilon           float64
	Accepted, Sims    int
	AcceptanceRate    float64
	EffectiveParticle float64
}

// Posterior is the final weighted particle set on the unit cube.
type Posterior struct {
	U           [][]float64
	W           []float64
	Dist        []float64
	Generations []Generation
	Sims        int
	// Stopped, if not empty, says why SMC ended before its last
	// generation: a generation that could not accept every particle
	// within MaxSims is dropped, and the posterior is the one before it
	// (a partial generation's few particles carry a collapsed, misleading
	// weight).
	Stopped string
}

// SMC runs ABC-SMC on p.
func SMC(ctx context.Context, p Problem, opt Options) (*Posterior, error) {
	if opt.Particles < 4 || opt.Generations < 0 || p.Dim < 1 {
		return nil, fmt.Errorf("calibrate: need at least 4 particles and one dimension")
	}
	if opt.Quantile <= 0 || opt.Quantile >= 1 {
		opt.Quantile = 0.5
	}
	if opt.MaxSims <= 0 {
		opt.MaxSims = 50 * opt.Particles
	}
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	post := &Posterior{}
	// Generation 0: the prior, every draw kept that the model accepts.
	draw0 := func(i int) []float64 {
		rng := rand.New(rand.NewPCG(opt.Seed, uint64(i)<<8))
		u := make([]float64, p.Dim)
		for j := range u {
			u[j] = rng.Float64()
		}
		return u
	}
	eps := math.Inf(1)
	var prevU [][]float64
	var prevW []float64
	for g := 0; g <= opt.Generations; g++ {
		var propose func(i int) []float64
		var sd []float64
		if g == 0 {
			propose = draw0
		} else {
			sd = kernelSD(prevU, prevW)
			// Redrawing a whole proposal until it lies in the unit cube
			// picks particle k with probability ∝ w_k·Z_k, Z_k the
			// kernel's mass in the cube around it, and then draws from
			// the kernel truncated to the cube, a product of truncated
			// normals. Drawing that way directly gives the same law
			// without the redraws, whose acceptance falls geometrically
			// with the dimension (about 1e-6 for 43 parameters: seconds
			// of CPU a proposal).
			wz := make([]float64, len(prevW))
			for k, v := range prevU {
				wz[k] = prevW[k] * cubeMass(v, sd)
			}
			cum := cumulative(wz)
			propose = func(i int) []float64 {
				rng := rand.New(rand.NewPCG(opt.Seed, uint64(g)<<48|uint64(i)<<8|1))
				k := pick(cum, rng.Float64())
				u := make([]float64, p.Dim)
				for j := range u {
					for {
						u[j] = prevU[k][j] + sd[j]*rng.NormFloat64()
						if u[j] >= 0 && u[j] < 1 {
							break
						}
					}
				}
				return u
			}
		}
		var us [][]float64
		var ds []float64
		sims := 0
		// Evaluate proposals in batches, accepting in index order, so the
		// result does not depend on scheduling.
		batch := opt.BatchSize
		if batch <= 0 {
			batch = 2 * opt.Workers * 4
		}
		for len(us) < opt.Particles && sims < opt.MaxSims {
			n := min(batch, opt.MaxSims-sims)
			cand := make([][]float64, n)
			dist := make([]float64, n)
			if opt.Batch != nil {
				for i := range n {
					cand[i] = propose(sims + i)
				}
				d, err := opt.Batch(ctx, cand)
				if err != nil {
					return nil, err
				}
				if len(d) != n {
					return nil, fmt.Errorf("calibrate: %d distances for %d proposals", len(d), n)
				}
				dist = d
			} else {
				grp, gctx := errgroup.WithContext(ctx)
				grp.SetLimit(opt.Workers)
				for i := range n {
					grp.Go(func() error {
						cand[i] = propose(sims + i)
						d, err := p.Distance(gctx, cand[i])
						dist[i] = d
						return err
					})
				}
				if err := grp.Wait(); err != nil {
					return nil, err
				}
			}
			sims += n
			for i := range n {
				if !math.IsNaN(dist[i]) && !math.IsInf(dist[i], 0) && dist[i] <= eps && len(us) < opt.Particles {
					us = append(us, cand[i])
					ds = append(ds, dist[i])
				}
			}
			if opt.Advance != nil {
				opt.Advance(g, len(us))
			}
		}
		post.Sims += sims
		if g > 0 && len(us) < opt.Particles {
			post.Stopped = fmt.Sprintf("generation %d accepted %d of %d particles within %d simulations under tolerance %.4g, so the posterior is generation %d's; raise --max-sims for a tighter fit",
				g, len(us), opt.Particles, sims, eps, g-1)
			break
		}
		if len(us) < 4 {
			return nil, fmt.Errorf("calibrate: generation %d accepted %d particles in %d simulations under tolerance %.4g; raise --max-sims or lower --generations", g, len(us), sims, eps)
		}
		w := make([]float64, len(us))
		if g == 0 {
			for i := range w {
				w[i] = 1
			}
		} else {
			// In logs: with dozens of parameters a kernel density far from
			// its centre underflows, and 1/0 would poison every weight.
			logw := make([]float64, len(us))
			terms := make([]float64, len(prevU))
			for i, u := range us {
				for k, v := range prevU {
					terms[k] = math.Log(prevW[k]) + logKernel(u, v, sd)
				}
				logw[i] = -floats.LogSumExp(terms)
			}
			top := slices.Max(logw)
			for i := range w {
				w[i] = math.Exp(logw[i] - top)
			}
		}
		normalise(w)
		ess := 0.0
		for _, x := range w {
			ess += x * x
		}
		gen := Generation{Index: g, Epsilon: eps, Accepted: len(us), Sims: sims,
			AcceptanceRate: float64(len(us)) / float64(sims), EffectiveParticle: 1 / ess}
		post.Generations = append(post.Generations, gen)
		if opt.Progress != nil {
			opt.Progress(gen)
		}
		prevU, prevW = us, w
		post.U, post.W, post.Dist = us, w, ds
		// The next tolerance: a quantile of this generation's distances.
		sorted := slices.Clone(ds)
		slices.Sort(sorted)
		eps = sorted[int(opt.Quantile*float64(len(sorted)-1))]
	}
	return post, nil
}

// kernelSD is the per-coordinate standard deviation of the perturbation
// kernel: sqrt(2 × weighted variance) (Beaumont et al. 2009).
func kernelSD(us [][]float64, w []float64) []float64 {
	d := len(us[0])
	sd := make([]float64, d)
	for j := range d {
		var m, v float64
		for i, u := range us {
			m += w[i] * u[j]
		}
		for i, u := range us {
			v += w[i] * (u[j] - m) * (u[j] - m)
		}
		sd[j] = math.Max(math.Sqrt(2*v), 1e-4)
	}
	return sd
}

// cubeMass is the mass of the perturbation kernel around v that falls in
// the unit cube: Π_j [Φ((1−v_j)/σ_j) − Φ(−v_j/σ_j)].
func cubeMass(v, sd []float64) float64 {
	z := 1.0
	for j, x := range v {
		z *= phi((1-x)/sd[j]) - phi(-x/sd[j])
	}
	return z
}

// phi is the standard normal CDF.
func phi(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }

// logKernel is the log of the Gaussian perturbation density of u around
// v, up to a constant shared by every particle.
func logKernel(u, v, sd []float64) float64 {
	s := 0.0
	for j := range u {
		z := (u[j] - v[j]) / sd[j]
		s += z * z
	}
	return -s / 2
}

func normalise(w []float64) {
	s := 0.0
	for _, x := range w {
		s += x
	}
	for i := range w {
		w[i] /= s
	}
}

func cumulative(w []float64) []float64 {
	c := make([]float64, len(w))
	s := 0.0
	for i, x := range w {
		s += x
		c[i] = s
	}
	return c
}

func pick(cum []float64, u float64) int {
	u *= cum[len(cum)-1]
	i, _ := slices.BinarySearch(cum, u)
	return min(i, len(cum)-1)
}

// Quantile returns the weighted q-quantile of coordinate j.
func (p *Posterior) Quantile(j int, q float64) float64 {
	idx := make([]int, len(p.U))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		switch {
		case p.U[a][j] < p.U[b][j]:
			return -1
		case p.U[a][j] > p.U[b][j]:
			return 1
		}
		return 0
	})
	c := 0.0
	for _, i := range idx {
		c += p.W[i]
		if c >= q {
			return p.U[i][j]
		}
	}
	return p.U[idx[len(idx)-1]][j]
}
