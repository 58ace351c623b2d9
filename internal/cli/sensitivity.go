package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/internal/atomicfile"
	"github.com/cartelsim/cartelsim/report"
	"github.com/cartelsim/cartelsim/scenario"
	"github.com/cartelsim/cartelsim/sensitivity"
)

// SensitivityOptions are the options of `cartelsim sensitivity`.
type SensitivityOptions struct {
	IO        IOStreams
	Factory   *Factory
	Scenarios []string
	Method    string
	N, R      int
	Boot      int
	From, To  int
	Seed      uint64
	Top       int
	Out       string
	PageOption
	Workers  int
	Progress string
	Only     []string
	NATSOptions
}

// NewCmdSensitivity builds `cartelsim sensitivity`.
func NewCmdSensitivity(f *Factory, runF func(*SensitivityOptions) error) *cobra.Command {
	opts := &SensitivityOptions{IO: f.IO, Factory: f}
	cmd := &cobra.Command{
		Use:   "sensitivity [scenario...]",
		Short: "Rank the parameters that decide each headline comparison (Sobol' indices, Morris screening)",
		Long: `Vary every parameter of the registry over its prior and measure how much of
each headline comparison's variance it explains: baseline deaths and
homicides over the window, and for each policy scenario (default:
us-strikes-leadership and naloxone) the deaths averted and the change in
homicides, plus the difference between the first two scenarios' deaths
averted.

Sobol' indices (--method sobol): Saltelli sampling on a Sobol' sequence
with Joe-Kuo direction numbers, N(k+2) model evaluations for k parameters,
Jansen estimators, 95% bootstrap intervals. S is the share of variance a
parameter explains alone, ST the share it takes part in, interactions
included. Morris screening (--method morris): R trajectories, mean absolute
elementary effect mu* in the output's units per prior range. Every point
runs each scenario once on the same seed, so only parameters vary; points
the model refuses (for example lab capacity above its ceiling) are left out
and counted.

The report lists the top parameters per output, marks those resting on an
assumption rather than a study, and writes every index to --out (JSON).
It also writes a self-contained HTML page (--html; by default beside the
JSON with the extension .html, e.g. out/sensitivity.html): per output, bar
charts of the total and first-order Sobol' indices with their bootstrap 95%
intervals and of Morris mu* and sigma for the top parameters, assumptions
marked, and the ranking as a table. --html '' writes no page.

--nats hands the design's points to workers over NATS JetStream, as
'cartelsim ensemble --nats' does with runs: --nats embedded starts a server
here (on --listen), --nats URL uses an existing one; 'cartelsim worker
--nats URL' on other machines joins. The indices are the same as on one
machine.`,
		Example: `  $ cartelsim sensitivity                                   # strikes vs naloxone, Sobol' and Morris
  $ cartelsim sensitivity us-strikes-labs moud --method morris --r 40
  $ cartelsim sensitivity --n 256 --out out/sobol.json      # also out/sobol.html
  $ cartelsim sensitivity --html results/strikes-vs-naloxone.html
  $ cartelsim sensitivity --params health.,orgs.lethality --n 128
  $ cartelsim sensitivity --n 512 --nats embedded --listen 0.0.0.0:4222   # with 'cartelsim worker' elsewhere`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Scenarios = args
			opts.noteFlag(cmd)
			if len(opts.Scenarios) == 0 {
				opts.Scenarios = []string{"us-strikes-leadership", "naloxone"}
			}
			switch opts.Method {
			case "sobol", "morris", "both":
			default:
				return flagErrorf("invalid --method %q: want sobol, morris or both", opts.Method)
			}
			if opts.N < 2 || opts.R < 2 || opts.Boot < 0 {
				return flagErrorf("invalid design: want --n >= 2, --r >= 2, --boot >= 0")
			}
			if err := checkProgress(opts.Progress); err != nil {
				return err
			}
			if opts.From < 2015 || opts.To < opts.From {
				return flagErrorf("invalid window --from %d --to %d", opts.From, opts.To)
			}
			if err := opts.NATSOptions.check(cmd); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return sensitivityRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Method, "method", "both", "sobol, morris or both")
	cmd.Flags().IntVar(&opts.N, "n", 64, "Sobol' base rows `N` (cost N(k+2) points)")
	cmd.Flags().IntVar(&opts.R, "r", 20, "Morris trajectories `R` (cost R(k+1) points)")
	cmd.Flags().IntVar(&opts.Boot, "boot", 500, "bootstrap resamples for the Sobol' intervals")
	cmd.Flags().IntVar(&opts.From, "from", 2026, "first `YEAR` of the window")
	cmd.Flags().IntVar(&opts.To, "to", 2030, "last `YEAR` of the window")
	cmd.Flags().Uint64Var(&opts.Seed, "seed", 1, "random `SEED` of every run and of the Morris design")
	cmd.Flags().IntVar(&opts.Top, "top", 8, "parameters listed per output")
	cmd.Flags().StringVarP(&opts.Out, "out", "o", "out/sensitivity.json", "write every index to `FILE` (JSON)")
	opts.PageOption.register(cmd, "the ranking")
	cmd.Flags().IntVarP(&opts.Workers, "workers", "j", 0, "concurrent runs (0: one per CPU)")
	addProgressFlag(cmd, &opts.Progress)
	cmd.Flags().StringSliceVar(&opts.Only, "params", nil, "vary only these parameters or modules (e.g. health.,orgs.lethality); the rest stay at their defaults")
	opts.NATSOptions.register(cmd)
	return cmd
}

// SensitivityReport is what --out holds.
type SensitivityReport struct {
	Scenarios  []string            `json:"scenarios"`
	Window     string              `json:"window"`
	Parameters []string            `json:"parameters"`
	Outputs    []SensitivityOutput `json:"outputs"`
}

// SensitivityOutput holds one output's indices, one per parameter.
type SensitivityOutput struct {
	Name     string       `json:"name"`
	Sobol    []sobolJSON  `json:"sobol,omitempty"`
	Used     int          `json:"sobol_rows_used,omitempty"`
	Rows     int          `json:"sobol_rows,omitempty"`
	Variance float64      `json:"variance,omitempty"`
	Morris   []morrisJSON `json:"morris,omitempty"`
}

type sobolJSON struct {
	S, SLo, SHi, ST, STLo, STHi float64
}

type morrisJSON struct {
	MuStar, Mu, Sigma float64
	N                 int
}

func (s sobolJSON) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]any{"S": jnum(s.S), "S_lo": jnum(s.SLo), "S_hi": jnum(s.SHi), "ST": jnum(s.ST), "ST_lo": jnum(s.STLo), "ST_hi": jnum(s.STHi)})
}

func (m morrisJSON) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]any{"mu_star": jnum(m.MuStar), "mu": jnum(m.Mu), "sigma": jnum(m.Sigma), "n": m.N})
}

// jnum writes NaN as null.
func jnum(x float64) any {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return x
}

func sensitivityRun(ctx context.Context, opts *SensitivityOptions) error {
	names := append([]string{"baseline"}, slices.DeleteFunc(slices.Clone(opts.Scenarios), func(n string) bool { return n == "baseline" })...)
	var scs []*scenario.Scenario
	for _, n := range names {
		s, err := loadScenario(n, 0, false, nil)
		if err != nil {
			return err
		}
		scs = append(scs, s)
	}
	if len(scs) < 2 {
		return flagErrorf("sensitivity: name at least one policy scenario")
	}
	reg, err := opts.Factory.Registry()
	if err != nil {
		return err
	}
	w, err := opts.Factory.World()
	if err != nil {
		return err
	}
	from, _ := calendar.Years(opts.From)
	_, to := calendar.Years(opts.To)
	ev, err := sensitivity.NewEvaluator(w, reg, scs, from, to, opts.Seed, opts.Only...)
	if err != nil {
		return &inputError{err}
	}
	k := len(ev.Factors)
	rep := SensitivityReport{Scenarios: names, Window: fmt.Sprintf("%d-%d", opts.From, opts.To)}
	for _, p := range ev.Factors {
		rep.Parameters = append(rep.Parameters, p.Name)
	}
	outs := ev.Outputs()
	rep.Outputs = make([]SensitivityOutput, len(outs))
	for i, o := range outs {
		rep.Outputs[i].Name = o
	}
	evalAll := func(ctx context.Context, pts [][]float64, progress func(int, int)) ([][]float64, error) {
		return ev.EvalAll(ctx, pts, opts.Workers, progress)
	}
	if opts.NATS != "" {
		remote, stop, err := sensitivityCluster(ctx, opts, scs, ev)
		if err != nil {
			return err
		}
		defer stop()
		evalAll = remote
	}
	eval := func(label string, pts [][]float64) ([][]float64, error) {
		prog := newProgress(opts.IO.ErrOut, opts.Progress, label)
		var mu sync.Mutex
		y, err := evalAll(ctx, pts, func(d, t int) {
			mu.Lock()
			prog.update(uint64(d), uint64(t))
			mu.Unlock()
		})
		prog.close()
		return y, err
	}
	if opts.Method != "morris" {
		d, err := sensitivity.NewSaltelli(k, opts.N)
		if err != nil {
			return &inputError{err}
		}
		fmt.Fprintf(opts.IO.ErrOut, "Sobol': %d parameters, N = %d, %d points x %d scenarios\n", k, opts.N, len(d.Points), len(scs))
		y, err := eval("Sobol'", d.Points)
		if err != nil {
			return err
		}
		for i := range outs {
			res, err := d.Analyze(y[i], opts.Boot, opts.Seed)
			if err != nil {
				return fmt.Errorf("%s: %w", outs[i], err)
			}
			o := &rep.Outputs[i]
			o.Used, o.Rows, o.Variance = res.Used, d.N, res.Variance
			for _, ix := range res.Indices {
				o.Sobol = append(o.Sobol, sobolJSON{ix.First, ix.FirstLo, ix.FirstHi, ix.Total, ix.TotalLo, ix.TotalHi})
			}
		}
	}
	if opts.Method != "sobol" {
		d, err := sensitivity.NewMorris(k, opts.R, opts.Seed)
		if err != nil {
			return &inputError{err}
		}
		fmt.Fprintf(opts.IO.ErrOut, "Morris: %d parameters, R = %d, %d points x %d scenarios\n", k, opts.R, len(d.Points), len(scs))
		y, err := eval("Morris", d.Points)
		if err != nil {
			return err
		}
		for i := range outs {
			ef, err := d.Analyze(y[i])
			if err != nil {
				return err
			}
			for _, e := range ef {
				rep.Outputs[i].Morris = append(rep.Outputs[i].Morris, morrisJSON{e.MuStar, e.Mu, e.Sigma, e.N})
			}
		}
	}
	printSensitivity(opts.IO.Out, ev, &rep, opts.Top)
	if opts.Out != "" {
		if err := atomicfile.WriteJSON(opts.Out, rep); err != nil {
			return err
		}
		fmt.Fprintf(opts.IO.ErrOut, "wrote %s\n", opts.Out)
	}
	page := opts.page(opts.Out)
	if page != "" {
		if err := report.WriteFile(page, sensitivityDoc(ev.Factors, &rep, opts)); err != nil {
			return err
		}
		fmt.Fprintf(opts.IO.ErrOut, "wrote %s\n", page)
	}
	return nil
}

// printSensitivity ranks parameters per output by total Sobol' index, or
// by Morris mu* when Sobol' was not run.
func printSensitivity(w io.Writer, ev *sensitivity.Evaluator, rep *SensitivityReport, top int) {
	for _, o := range rep.Outputs {
		fmt.Fprintf(w, "\n%s, %s\n", o.Name, rep.Window)
		if constantOutput(o) {
			fmt.Fprintf(w, "  %s\n", constantNote)
			continue
		}
		if o.Sobol != nil {
			fmt.Fprintf(w, "  Sobol' on %d of %d base rows (the rest refused by the model)\n", o.Used, o.Rows)
		}
		idx := rankOutput(o, len(ev.Factors))
		var b strings.Builder
		fmt.Fprintf(&b, "  %-4s %-44s", "rank", "parameter")
		if o.Sobol != nil {
			fmt.Fprintf(&b, " %-22s %-22s", "total ST [95%]", "first S [95%]")
		}
		if o.Morris != nil {
			fmt.Fprintf(&b, " %12s", "Morris mu*")
		}
		fmt.Fprintln(w, b.String()+"  basis")
		for r, i := range idx[:min(top, len(idx))] {
			p := ev.Factors[i]
			b.Reset()
			fmt.Fprintf(&b, "  %-4d %-44s", r+1, p.Name)
			if o.Sobol != nil {
				s := o.Sobol[i]
				fmt.Fprintf(&b, " %-22s %-22s", fmt.Sprintf("%.3f [%.3f,%.3f]", s.ST, s.STLo, s.STHi), fmt.Sprintf("%.3f [%.3f,%.3f]", s.S, s.SLo, s.SHi))
			}
			if o.Morris != nil {
				fmt.Fprintf(&b, " %12.4g", o.Morris[i].MuStar)
			}
			basis := "study"
			if p.IsAssumption() {
				basis = "ASSUMPTION"
			}
			fmt.Fprintln(w, b.String()+"  "+basis)
		}
	}
}
