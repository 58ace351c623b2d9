package cli

import (
	"context"
	"fmt"
	"github.com/cartelsim/cartelsim/report"
	"github.com/cartelsim/cartelsim/tidy"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/calibrate"
	"github.com/cartelsim/cartelsim/ensemble"
	"github.com/cartelsim/cartelsim/fit"
	"github.com/cartelsim/cartelsim/internal/atomicfile"
	"github.com/cartelsim/cartelsim/params"
)

// CalibrateOptions are the options of `cartelsim calibrate`.
type CalibrateOptions struct {
	IO          IOStreams
	Factory     *Factory
	Params      []string
	Particles   int
	Generations int
	MaxSims     int
	First, Last int
	Seed        uint64
	Out         string
	PageOption
	Workers   int
	Synthetic bool
	Progress  string
	NATSOptions
}

// NewCmdCalibrate builds `cartelsim calibrate`.
func NewCmdCalibrate(f *Factory, runF func(*CalibrateOptions) error) *cobra.Command {
	opts := &CalibrateOptions{IO: f.IO, Factory: f}
	cmd := &cobra.Command{
		Use:   "calibrate",
		Short: "Fit the model to every observed series by ABC-SMC and save the posterior",
		Long: `Fit the baseline to every observed series of --first..--last at once (CDC
overdose and synthetic-opioid deaths, CBP southwest-border fentanyl seizures
by field office and Border Patrol sector, INEGI national homicides, SESNSP
homicides by state as shares) by approximate Bayesian computation with
sequential Monte Carlo. The distance is the root mean, over those five
series families, of each family's mean squared log error.

The fitted parameters (default: every parameter with a Fit note in
'cartelsim params') start from their priors; the others stay at their
defaults. The posterior (weighted particles) goes to --out as JSON, for
'cartelsim ensemble --posterior'. The report shows the tolerance schedule,
posterior medians and 90% intervals, the fit by series family, and the
error on the held-out observations from 2024 on. While it runs, each
generation shows the particles it has accepted (--progress: a bar on a
terminal, plain lines otherwise) and ends with a line of its tolerance and
acceptance rate.

--synthetic-check first replaces the data by a run at parameters drawn from
the prior and reports whether the fit recovers them: the share of
parameters whose true value lies in its 90% posterior interval, and how much
the intervals narrow from the prior.

It also writes a self-contained HTML page (--html; by default beside the
posterior with the extension .html, e.g. out/posterior.html): each fitted
parameter's posterior median and 90% interval on its prior's scale beside
the registry default (or the true value), and the baseline at the best
particle against the observed series, held-out years included. --html ''
writes no page.

--nats hands each generation's proposals to workers over NATS JetStream,
as 'cartelsim ensemble --nats' does with runs ('cartelsim worker --nats URL'
on other machines); the posterior is the same as on one machine.`,
		Example: `  $ cartelsim calibrate --particles 200 --generations 5 --out out/posterior.json
  $ cartelsim calibrate --params health.mu_fentanyl,supply.growth --particles 100
  $ cartelsim calibrate --synthetic-check --params health.mu_fentanyl,supply.growth,violence.base_rate
  $ cartelsim calibrate --particles 1000 --nats embedded --listen 0.0.0.0:4222   # with 'cartelsim worker' elsewhere`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.noteFlag(cmd)
			if opts.Particles < 4 || opts.Generations < 0 {
				return flagErrorf("invalid --particles %d or --generations %d", opts.Particles, opts.Generations)
			}
			if opts.First < 2015 || opts.Last < opts.First || opts.Last > 2023 {
				return flagErrorf("invalid fit window --first %d --last %d: want 2015 <= first <= last <= 2023 (2024 on is held out)", opts.First, opts.Last)
			}
			if err := checkProgress(opts.Progress); err != nil {
				return err
			}
			if err := opts.NATSOptions.check(cmd); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return calibrateRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringSliceVar(&opts.Params, "params", nil, "parameters to fit, comma separated (default: every fitted parameter)")
	cmd.Flags().IntVar(&opts.Particles, "particles", 100, "particles per generation")
	cmd.Flags().IntVar(&opts.Generations, "generations", 4, "SMC generations after the prior")
	addProgressFlag(cmd, &opts.Progress)
	cmd.Flags().IntVar(&opts.MaxSims, "max-sims", 0, "simulations allowed per generation (0: 50 per particle)")
	cmd.Flags().IntVar(&opts.First, "first", 2015, "first `YEAR` fitted")
	cmd.Flags().IntVar(&opts.Last, "last", 2023, "last `YEAR` fitted")
	cmd.Flags().Uint64Var(&opts.Seed, "seed", 1, "random `SEED`")
	cmd.Flags().StringVarP(&opts.Out, "out", "o", "out/posterior.json", "posterior `FILE` (JSON)")
	opts.PageOption.register(cmd, "the fit")
	cmd.Flags().IntVarP(&opts.Workers, "workers", "j", 0, "concurrent runs (0: one per CPU)")
	cmd.Flags().BoolVar(&opts.Synthetic, "synthetic-check", false, "fit synthetic data from known parameters and report their recovery")
	opts.NATSOptions.register(cmd)
	return cmd
}

// calibrationModel is the calibration problem of the built-in baseline
// against the observations of first..last, over the named parameters.
func calibrationModel(f *Factory, names []string, first, last int) (*calibrate.Model, error) {
	reg, err := f.Registry()
	if err != nil {
		return nil, err
	}
	w, err := f.World()
	if err != nil {
		return nil, err
	}
	base, err := loadScenario("baseline", 0, false, nil)
	if err != nil {
		return nil, err
	}
	obs, err := calibrate.Observations(first, last)
	if err != nil {
		return nil, err
	}
	m, err := calibrate.NewModel(w, reg, base, names, obs, last)
	if err != nil {
		return nil, &inputError{err}
	}
	return m, nil
}

func calibrateRun(ctx context.Context, opts *CalibrateOptions) error {
	m, err := calibrationModel(opts.Factory, opts.Params, opts.First, opts.Last)
	if err != nil {
		return err
	}
	obs := m.Obs
	out := opts.IO.Out
	var truth []float64
	if opts.Synthetic {
		rng := rand.New(rand.NewPCG(opts.Seed, 0x7247))
		for range 100 {
			truth = make([]float64, len(m.Params))
			for j := range truth {
				// Away from the prior's edges, where no interval can miss.
				truth[j] = 0.1 + 0.8*rng.Float64()
			}
			if err = m.Synthetic(ctx, truth); err == nil {
				break
			}
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "synthetic check: data replaced by a run at known parameters\n")
	}
	fmt.Fprintf(opts.IO.ErrOut, "calibrating %d parameters to %d observations, %d-%d\n", len(m.Params), len(obs), opts.First, opts.Last)
	// Each generation gets a bar of the particles it has accepted: the
	// lines below it say what the generation ended with.
	var prog *progress
	gen := -1
	smcOpts := calibrate.Options{
		Particles: opts.Particles, Generations: opts.Generations, MaxSims: opts.MaxSims, Seed: opts.Seed, Workers: opts.Workers,
		Advance: func(g, accepted int) {
			if prog == nil || gen != g {
				if prog != nil {
					prog.close()
				}
				gen, prog = g, newProgress(opts.IO.ErrOut, opts.Progress, fmt.Sprintf("generation %d", g))
				prog.unit = "particles"
			}
			prog.update(uint64(accepted), uint64(opts.Particles))
		},
		Progress: func(g calibrate.Generation) {
			if prog != nil {
				prog.close()
				prog = nil
			}
			fmt.Fprintf(opts.IO.ErrOut, "generation %d: tolerance %.4g, %d accepted of %d runs (%.0f%%), effective particles %.0f\n",
				g.Index, g.Epsilon, g.Accepted, g.Sims, 100*g.AcceptanceRate, g.EffectiveParticle)
		},
	}
	if opts.NATS != "" {
		batch, stop, err := calibrateCluster(ctx, opts, m, truth)
		if err != nil {
			return err
		}
		defer stop()
		// Batches large enough to keep remote workers busy, not so large
		// that a small fit simulates far past its last acceptance.
		smcOpts.Batch, smcOpts.BatchSize = batch, min(256, max(16, opts.Particles))
	}
	post, err := calibrate.SMC(ctx, m.Problem(), smcOpts)
	if prog != nil {
		// A generation that stopped short (or an error) ended no bar.
		prog.close()
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "ABC-SMC: %d particles, %d generations, %d simulations; final tolerance %.4g\n",
		len(post.U), len(post.Generations)-1, post.Sims, post.Generations[len(post.Generations)-1].Epsilon)
	if post.Stopped != "" {
		fmt.Fprintf(out, "stopped early: %s\n", post.Stopped)
		fmt.Fprintf(opts.IO.ErrOut, "calibrate: stopped early: %s\n", post.Stopped)
	}
	fmt.Fprintln(out)
	fmt.Fprintf(out, "%-38s %12s %12s %12s %12s", "parameter", "default", "median", "5%", "95%")
	if truth != nil {
		fmt.Fprintf(out, " %12s %s", "truth", "in 90%")
	}
	fmt.Fprintln(out)
	covered, width := 0, 0.0
	for j, p := range m.Params {
		q := func(x float64) float64 { return ensemble.FromUnit(p, post.Quantile(j, x)) }
		fmt.Fprintf(out, "%-38s %12.4g %12.4g %12.4g %12.4g", p.Name, p.Default, q(0.5), q(0.05), q(0.95))
		if truth != nil {
			lo, hi := post.Quantile(j, 0.05), post.Quantile(j, 0.95)
			in := truth[j] >= lo && truth[j] <= hi
			if in {
				covered++
			}
			width += (hi - lo) / 0.9
			fmt.Fprintf(out, " %12.4g %v", ensemble.FromUnit(p, truth[j]), in)
		}
		fmt.Fprintln(out)
	}
	if truth != nil {
		fmt.Fprintf(out, "\nrecovery: %d of %d true values inside their 90%% interval; intervals %.0f%% of the prior's width on average\n",
			covered, len(m.Params), 100*width/float64(len(m.Params)))
	}
	// Fit and held-out error at the best particle.
	best := 0
	for i, d := range post.Dist {
		if d < post.Dist[best] {
			best = i
		}
	}
	bestRun, err := fitReport(ctx, out, m, post.U[best], truth != nil)
	if err != nil {
		return err
	}
	// Save the posterior in parameter units.
	p := ensemble.Posterior{Weights: post.W, Meta: map[string]any{
		"method": "ABC-SMC", "particles": len(post.U), "generations": len(post.Generations) - 1, "simulations": post.Sims,
		"tolerance": post.Generations[len(post.Generations)-1].Epsilon, "fit_years": fmt.Sprintf("%d-%d", opts.First, opts.Last),
		"seed": opts.Seed, "synthetic_check": opts.Synthetic, "model": Version(),
	}}
	if post.Stopped != "" {
		p.Meta["stopped"] = post.Stopped
	}
	for _, prm := range m.Params {
		p.Names = append(p.Names, prm.Name)
	}
	for _, u := range post.U {
		row := make([]float64, len(u))
		for j, prm := range m.Params {
			row[j] = ensemble.FromUnit(prm, u[j])
		}
		p.Particles = append(p.Particles, row)
	}
	if err := atomicfile.WriteJSON(opts.Out, p); err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.ErrOut, "wrote %s; use it with 'cartelsim ensemble --posterior %s'\n", opts.Out, opts.Out)
	page := opts.page(opts.Out)
	if page != "" {
		doc, err := calibrateDoc(m, post, truth, bestRun, opts)
		if err != nil {
			return err
		}
		if err := report.WriteFile(page, doc); err != nil {
			return err
		}
		fmt.Fprintf(opts.IO.ErrOut, "wrote %s\n", page)
	}
	return nil
}

// fitReport prints the RMS log error by family at u, beside the registry's
// defaults (the least-squares fit the tests hold) unless the data are
// synthetic, and then the held-out 2024+ errors at u. It returns the run
// at u through 2025, or nil for synthetic data (whose observations are
// not the real ones).
func fitReport(ctx context.Context, out io.Writer, m *calibrate.Model, u []float64, synthetic bool) (*tidy.Collector, error) {
	v, err := m.Values(u)
	if err != nil {
		return nil, err
	}
	groups, best, err := familyErrors(ctx, m, v)
	if err != nil {
		return nil, fmt.Errorf("calibrate: rerunning the best particle: %w", err)
	}
	if synthetic {
		fmt.Fprintf(out, "\nfit at the best particle (root mean squared log error; 0.10 is about 10%%):\n")
		for _, g := range groups {
			fmt.Fprintf(out, "  %-50s %6.3f  (%d points)\n", g, best[g].rms(), best[g].n)
		}
		return nil, nil
	}
	_, def, err := familyErrors(ctx, m, m.Registry.Defaults())
	if err != nil {
		return nil, fmt.Errorf("calibrate: running the defaults: %w", err)
	}
	fmt.Fprintf(out, "\nfit (root mean squared log error; 0.10 is about 10%%)    best particle  registry defaults\n")
	var db, dd float64
	for _, g := range groups {
		fmt.Fprintf(out, "  %-50s %6.3f %18.3f  (%d points)\n", g, best[g].rms(), def[g].rms(), best[g].n)
		db += best[g].s / float64(best[g].n)
		dd += def[g].s / float64(def[g].n)
	}
	fmt.Fprintf(out, "  %-50s %6.3f %18.3f\n", "distance (root mean over the families)", math.Sqrt(db/float64(len(groups))), math.Sqrt(dd/float64(len(groups))))
	// The held-out observations reach into 2025.
	long, err := m.Run(ctx, v, calendar.Of(2025, 12))
	if err != nil || long == nil {
		return nil, fmt.Errorf("calibrate: held-out run: %v", err)
	}
	pts, err := fit.Holdout(long)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(out, "\nheld out of the fit (2024 on), at the best particle:\n")
	var sesErr []float64
	for _, p := range pts {
		if strings.HasPrefix(p.Series, "Mexico homicides by state") {
			if p.Observed > 0 && p.Simulated > 0 {
				sesErr = append(sesErr, math.Abs(math.Log(p.Simulated/p.Observed)))
			}
			continue
		}
		fmt.Fprintf(out, "  %-62s %-22s observed %10.0f simulated %10.0f error %+6.1f%%\n", p.Series, p.Period, p.Observed, p.Simulated, 100*p.RelErr())
	}
	if len(sesErr) > 0 {
		slices.Sort(sesErr)
		fmt.Fprintf(out, "  Mexico homicides by state: median absolute log error %.2f over %d state-periods\n", sesErr[len(sesErr)/2], len(sesErr))
	}
	return long, nil
}

// sqErr accumulates squared log errors of one family of series.
type sqErr struct {
	s float64
	n int
}

func (a *sqErr) rms() float64 { return math.Sqrt(a.s / float64(a.n)) }

// familyErrors runs the model at v and sums its squared log errors by
// family of series, as the distance counts them.
func familyErrors(ctx context.Context, m *calibrate.Model, v params.Values) ([]string, map[string]*sqErr, error) {
	c, err := m.Run(ctx, v, 0)
	if err != nil {
		return nil, nil, err
	}
	if c == nil {
		return nil, nil, fmt.Errorf("the model refuses these parameters")
	}
	sims := m.Errors(c)
	by := map[string]*sqErr{}
	var groups []string
	for i, o := range m.Obs {
		if by[o.Group] == nil {
			by[o.Group] = &sqErr{}
			groups = append(groups, o.Group)
		}
		e := o.LogError(sims[i])
		by[o.Group].s += e * e
		by[o.Group].n++
	}
	return groups, by, nil
}
