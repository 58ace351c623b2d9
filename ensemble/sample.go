package ensemble

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"

	"github.com/cartelsim/cartelsim/params"
)

// Sampler draws a run's parameter vector from rng, the run's parameter
// stream (sim.StreamParams), so that a draw is a pure function of (seed,
// run) and a run can be redone on any worker. A draw the model refuses is
// followed by another from the same stream.
type Sampler interface {
	Draw(reg *params.Registry, rng *rand.Rand) (params.Values, error)
	// Name identifies the sampler in the ensemble's identity.
	Name() string
}

// Defaults draws nothing: every run uses the registry defaults, so runs
// differ only by their random streams.
type Defaults struct{}

// Draw implements Sampler.
func (Defaults) Draw(reg *params.Registry, _ *rand.Rand) (params.Values, error) {
	return reg.Defaults(), nil
}

// Name implements Sampler.
func (Defaults) Name() string { return "defaults" }

// Prior draws every parameter independently from its prior, through the
// prior's inverse CDF (params.Prior.Quantile); triangular priors peak at the
// default. Fixed parameters keep their value.
type Prior struct{}

// Draw implements Sampler.
func (Prior) Draw(reg *params.Registry, rng *rand.Rand) (params.Values, error) {
	v := reg.Defaults()
	for _, p := range reg.All() {
		if p.Prior.Dist == params.Fixed {
			continue
		}
		if err := v.Set(p.Name, FromUnit(p, rng.Float64())); err != nil {
			return v, fmt.Errorf("ensemble: %w", err)
		}
	}
	return v, nil
}

// Name implements Sampler.
func (Prior) Name() string { return "prior" }

// FromUnit maps u in [0,1) to p's prior, clamped to its support against
// rounding.
func FromUnit(p params.Param, u float64) float64 {
	if p.Prior.Dist == params.Fixed {
		return p.Default
	}
	x := p.Prior.Quantile(u, p.Default)
	return math.Min(math.Max(x, p.Prior.Lo), p.Prior.Hi)
}

// Posterior is a weighted sample of parameter vectors, as calibrate saves
// it. Parameters it does not name stay at their defaults.
type Posterior struct {
	// Names are the calibrated parameters.
	Names []string `json:"names"`
	// Particles holds one vector per particle, in Names order.
	Particles [][]float64 `json:"particles"`
	// Weights are normalised importance weights.
	Weights []float64 `json:"weights"`
	// Meta describes the fit (method, generations, tolerance, data).
	Meta map[string]any `json:"meta,omitempty"`
	cum  []float64
}

// LoadPosterior reads a posterior file written by calibrate.
func LoadPosterior(path string) (*Posterior, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("ensemble: posterior: %w", err)
	}
	p, err := ParsePosterior(b)
	if err != nil {
		return nil, fmt.Errorf("ensemble: posterior %s: %w", path, err)
	}
	return p, nil
}

// ParsePosterior decodes and checks a posterior file's content.
func ParsePosterior(b []byte) (*Posterior, error) {
	var p Posterior
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, err
	}
	if err := p.Prepare(); err != nil {
		return nil, err
	}
	return &p, nil
}

// Prepare checks the posterior and readies it for Draw; call it once
// before drawing from several goroutines.
func (p *Posterior) Prepare() error {
	if len(p.Particles) == 0 || len(p.Weights) != len(p.Particles) {
		return fmt.Errorf("%d particles and %d weights", len(p.Particles), len(p.Weights))
	}
	sum := 0.0
	p.cum = make([]float64, len(p.Weights))
	for i, w := range p.Weights {
		if !(w >= 0) || len(p.Particles[i]) != len(p.Names) {
			return fmt.Errorf("particle %d is malformed", i)
		}
		sum += w
		p.cum[i] = sum
	}
	if !(sum > 0) {
		return fmt.Errorf("weights sum to %g", sum)
	}
	return nil
}

// Draw implements Sampler: a particle chosen by weight.
func (p *Posterior) Draw(reg *params.Registry, rng *rand.Rand) (params.Values, error) {
	if p.cum == nil {
		return params.Values{}, fmt.Errorf("ensemble: posterior used before Prepare")
	}
	u := rng.Float64() * p.cum[len(p.cum)-1]
	i := 0
	for i < len(p.cum)-1 && p.cum[i] <= u {
		i++
	}
	v := reg.Defaults()
	for j, name := range p.Names {
		if err := v.Set(name, p.Particles[i][j]); err != nil {
			return v, fmt.Errorf("ensemble: posterior particle %d: %w", i, err)
		}
	}
	return v, nil
}

// Name implements Sampler.
func (p *Posterior) Name() string { return fmt.Sprintf("posterior(%d particles)", len(p.Particles)) }
