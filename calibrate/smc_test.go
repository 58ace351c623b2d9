package calibrate

import (
	"context"
	"math"
	"testing"
)

// TestSMCRecoversKnownParameters is the simulation-based check on a model
// whose answer is known: data are the means of 3 noisy observations at a
// known θ*; ABC-SMC must put θ* inside the 90% posterior interval of each
// coordinate and narrow that interval well below the prior's 0.9.
func TestSMCRecoversKnownParameters(t *testing.T) {
	t.Parallel()
	truth := []float64{0.3, 0.72}
	// The synthetic "observations": a smooth nonlinear map of θ*.
	obs := func(u []float64) []float64 {
		return []float64{u[0] + 0.5*u[1], math.Exp(u[1]) - u[0]*u[0], u[0] * u[1]}
	}
	data := obs(truth)
	p := Problem{Dim: 2, Distance: func(_ context.Context, u []float64) (float64, error) {
		s := 0.0
		for i, x := range obs(u) {
			s += (x - data[i]) * (x - data[i])
		}
		return math.Sqrt(s), nil
	}}
	post, err := SMC(context.Background(), p, Options{Particles: 300, Generations: 6, Seed: 1, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	for j, th := range truth {
		lo, hi := post.Quantile(j, 0.05), post.Quantile(j, 0.95)
		if th < lo || th > hi {
			t.Errorf("θ%d = %g outside the 90%% interval [%.3f, %.3f]", j, th, lo, hi)
		}
		if hi-lo > 0.2 {
			t.Errorf("θ%d: 90%% interval [%.3f, %.3f] barely narrower than the prior", j, lo, hi)
		}
	}
	g := post.Generations
	if g[len(g)-1].Epsilon >= g[1].Epsilon {
		t.Errorf("tolerance did not fall: %v", g)
	}
	// Same seed, other worker count: identical posterior.
	again, err := SMC(context.Background(), p, Options{Particles: 300, Generations: 6, Seed: 1, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	for i := range post.U {
		if post.U[i][0] != again.U[i][0] || post.W[i] != again.W[i] {
			t.Fatal("the posterior depends on the number of workers")
		}
	}
	// Batches evaluated elsewhere (as over NATS), of another size: the
	// same posterior.
	batched, err := SMC(context.Background(), p, Options{Particles: 300, Generations: 6, Seed: 1, BatchSize: 37,
		Batch: func(ctx context.Context, us [][]float64) ([]float64, error) {
			d := make([]float64, len(us))
			for i, u := range us {
				d[i], _ = p.Distance(ctx, u)
			}
			return d, nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	for i := range post.U {
		if post.U[i][0] != batched.U[i][0] || post.U[i][1] != batched.U[i][1] || post.W[i] != batched.W[i] {
			t.Fatal("the posterior depends on how proposals are batched")
		}
	}
}

// TestSMCStopsBeforeAPartialGeneration: when a generation cannot accept
// every particle within MaxSims, SMC keeps the last complete generation
// and says so, rather than returning a handful of particles.
func TestSMCStopsBeforeAPartialGeneration(t *testing.T) {
	t.Parallel()
	// A distance that only a sliver of the cube meets once the tolerance
	// has fallen: generations shrink the tolerance until the cap binds.
	p := Problem{Dim: 2, Distance: func(_ context.Context, u []float64) (float64, error) {
		return math.Hypot(u[0]-0.5, u[1]-0.5), nil
	}}
	post, err := SMC(context.Background(), p, Options{Particles: 50, Generations: 30, MaxSims: 200, Seed: 3, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	if post.Stopped == "" {
		t.Fatalf("30 generations under a cap of 200 simulations did not stop early: %v", post.Generations)
	}
	if len(post.U) != 50 || len(post.Generations) > 30 {
		t.Errorf("%d particles after %d generations; want the last complete generation's 50", len(post.U), len(post.Generations)-1)
	}
	last := post.Generations[len(post.Generations)-1]
	if last.Accepted != 50 {
		t.Errorf("the reported last generation accepted %d, want 50", last.Accepted)
	}
}

// TestSMCAdvance: Advance reports each generation's accepted particles as
// they grow, never more than Particles, and a generation that completes
// reports all of them before Progress closes it.
func TestSMCAdvance(t *testing.T) {
	t.Parallel()
	p := Problem{Dim: 2, Distance: func(_ context.Context, u []float64) (float64, error) {
		return math.Hypot(u[0]-0.5, u[1]-0.5), nil
	}}
	last := map[int]int{}
	calls := 0
	opt := Options{Particles: 40, Generations: 3, Seed: 5, Workers: 1, BatchSize: 8,
		Advance: func(g, accepted int) {
			calls++
			if accepted < last[g] || accepted > 40 {
				t.Errorf("generation %d: accepted %d after %d", g, accepted, last[g])
			}
			last[g] = accepted
		},
		Progress: func(g Generation) {
			if last[g.Index] != g.Accepted {
				t.Errorf("generation %d ended with %d accepted, Advance last said %d", g.Index, g.Accepted, last[g.Index])
			}
		},
	}
	post, err := SMC(context.Background(), p, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(last) != len(post.Generations) || calls < len(post.Generations) {
		t.Errorf("Advance saw %d generations in %d calls; SMC ran %d", len(last), calls, len(post.Generations))
	}
}
