package cli

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"github.com/cartelsim/cartelsim/report"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
	"golang.org/x/term"

	"github.com/cartelsim/cartelsim/ensemble"
	"github.com/cartelsim/cartelsim/scenario"
	"github.com/cartelsim/cartelsim/store"
)

// EnsembleOptions are the options of `cartelsim ensemble`.
type EnsembleOptions struct {
	IO        IOStreams
	Factory   *Factory
	Scenarios []string
	Runs      uint64
	Seed      uint64
	Out       string
	PageOption
	Resume    bool
	Shard     string
	Workers   int
	Draw      string
	Posterior string
	KeepPaths bool
	// Vars is --vars as given; VarList its canonical set (nil: all).
	Vars     string
	VarList  []string
	Every    time.Duration
	Progress string
	NATSOptions
}

// NewCmdEnsemble builds `cartelsim ensemble`.
func NewCmdEnsemble(f *Factory, runF func(*EnsembleOptions) error) *cobra.Command {
	opts := &EnsembleOptions{IO: f.IO, Factory: f}
	cmd := &cobra.Command{
		Use:   "ensemble <scenario>...",
		Short: "Run scenarios many times with parameters drawn from their priors; save quantiles to SQLite",
		Long: `Run each scenario --runs times. Run i draws one parameter vector (from every
parameter's prior, or from a posterior saved by 'cartelsim calibrate') and
uses it, with the same random streams, in every scenario: common random
numbers, so differences between scenarios are run by run.

Results go to an SQLite file (--out): the catalogue of runs (status, seed,
parameter vector) and, per scenario, variable, region and month, the 5%,
25%, 50%, 75% and 95% points over the runs; also annual totals of national
flows (period "2026"). Quantiles come from fixed-bin histograms, 0.78% wide,
so they are within 0.4% of the exact sample quantile (values below 2^-16 of
a cell's largest are reported at that floor) and memory does not grow with
--runs. The summaries do not depend on the number of cores,
shards or restarts. Once the summaries are written the file drops the
histograms (most of its size; only --resume of an unfinished ensemble and
'cartelsim merge' of shards read them): a shard keeps them.

--vars keeps only the named variables (comma-separated, as in 'cartelsim
run' output; every region of each, and their annual totals): the runs
still simulate everything, but record, summarise and export only those,
with the summaries an ensemble of every variable gives them, in less
memory, time and file. The set is part of the ensemble's identity:
--resume and 'cartelsim merge' refuse another set. --keep-paths then
writes the kept variables only.

A self-contained HTML page beside the results (--html; out/ensemble.db gives
out/ensemble.html) draws each scenario's national medians with their 90%
bands: deaths, homicides, seizures and fentanyl delivered by year, members
and cooperation by month, of the variables kept, with the observed deaths
(CDC) and homicides (INEGI) as points. 'cartelsim merge' writes the same
page for the joined shards.

Progress is saved every --checkpoint. An ensemble stopped by Ctrl-C, a crash
or kill -9 continues with the same command and --resume: no run is lost or
counted twice. --shard i/N runs every N-th run from the i-th (i = 1..N) into
its own file; 'cartelsim merge' joins the shards. --keep-paths also writes
every run's monthly path to Parquet files in OUT.paths/.

Beyond one machine, --nats hands the runs to workers over NATS JetStream:
--nats embedded starts a NATS server in this process (on --listen), and
--nats nats://HOST:4222 uses an existing NATS server or cluster (JetStream
enabled). Start 'cartelsim worker --nats URL' on any number of machines;
this process also runs -j runs at a time unless --dispatch-only. A worker
that dies loses nothing: its runs go to another worker. Results are still
written only here, and are identical to a run on one machine.`,
		Example: `  $ cartelsim ensemble baseline --runs 10000 --out out/base.db
  $ cartelsim ensemble baseline naloxone us-strikes-leadership --runs 2000 --out out/cmp.db
  $ cartelsim ensemble baseline --runs 10000 --out out/base.db --resume
  $ cartelsim ensemble baseline --runs 3000 --vars us_overdose_deaths,mx_homicides --out out/two.db
  $ cartelsim ensemble baseline --runs 100000 --shard 3/8 --out out/shard3.db
  $ cartelsim ensemble baseline --posterior out/posterior.json --runs 5000
  $ cartelsim export out/base.db --output base-quantiles.csv
  $ cartelsim ensemble baseline --runs 1000000 --nats embedded --listen 0.0.0.0:4222
  $ cartelsim worker --nats nats://coordinator-host:4222     # on each other machine`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return flagErrorf("ensemble: name at least one scenario (see 'cartelsim ensemble --help')")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Scenarios = args
			opts.noteFlag(cmd)
			if opts.Runs == 0 {
				return flagErrorf("invalid --runs 0: want at least 1")
			}
			if opts.Posterior != "" {
				opts.Draw = "posterior"
			}
			switch opts.Draw {
			case "prior", "defaults", "posterior":
			default:
				return flagErrorf("invalid --draw %q: want prior or defaults (or --posterior FILE)", opts.Draw)
			}
			if _, _, err := parseShard(opts.Shard); err != nil {
				return err
			}
			if err := checkProgress(opts.Progress); err != nil {
				return err
			}
			if err := opts.NATSOptions.check(cmd); err != nil {
				return err
			}
			if cmd.Flags().Changed("vars") {
				vars, err := ensemble.ParseVars(opts.Vars)
				if err != nil {
					return flagErrorf("invalid --vars: %s", strings.TrimPrefix(err.Error(), "ensemble: "))
				}
				opts.VarList = vars
			}
			if runF != nil {
				return runF(opts)
			}
			return ensembleRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().Uint64VarP(&opts.Runs, "runs", "n", 1000, "number of runs `N`")
	cmd.Flags().Uint64Var(&opts.Seed, "seed", 1, "master random `SEED` of the parameter draws and every scenario")
	cmd.Flags().StringVarP(&opts.Out, "out", "o", "out/ensemble.db", "results `FILE` (SQLite)")
	opts.PageOption.register(cmd, "medians and 90% bands")
	cmd.Flags().BoolVar(&opts.Resume, "resume", false, "continue the ensemble already in --out")
	cmd.Flags().StringVar(&opts.Shard, "shard", "1/1", "run slice `i/N` of the ensemble")
	cmd.Flags().IntVarP(&opts.Workers, "workers", "j", 0, "concurrent runs (0: one per CPU)")
	cmd.Flags().StringVar(&opts.Draw, "draw", "prior", "parameters: prior (every parameter from its prior) or defaults (streams only)")
	cmd.Flags().StringVar(&opts.Posterior, "posterior", "", "draw parameters from a posterior `FILE` written by 'cartelsim calibrate'")
	cmd.Flags().BoolVar(&opts.KeepPaths, "keep-paths", false, "also write every run's path (of the --vars kept) to Parquet in OUT.paths/")
	cmd.Flags().StringVar(&opts.Vars, "vars", "", "keep only these variables, all their regions: comma-separated `LIST` as in 'cartelsim run' output, e.g. us_overdose_deaths,mx_homicides (default: all)")
	cmd.Flags().DurationVar(&opts.Every, "checkpoint", 5*time.Second, "save progress this often")
	addProgressFlag(cmd, &opts.Progress)
	opts.NATSOptions.register(cmd)
	return cmd
}

// parseShard reads "i/N" (1 <= i <= N) into a 0-based shard and a count.
func parseShard(s string) (uint64, uint64, error) {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.ParseUint(a, 10, 64)
	n, err2 := strconv.ParseUint(b, 10, 64)
	if !ok || err1 != nil || err2 != nil || n == 0 || i == 0 || i > n {
		return 0, 0, flagErrorf("invalid --shard %q: want i/N with 1 <= i <= N, e.g. 2/8", s)
	}
	return i - 1, n, nil
}

// sampler builds the parameter source and its identity.
func sampler(draw, posterior string) (ensemble.Sampler, string, error) {
	switch draw {
	case "defaults":
		return ensemble.Defaults{}, "defaults", nil
	case "posterior":
		b, err := os.ReadFile(posterior)
		if err != nil {
			return nil, "", &inputError{fmt.Errorf("posterior: %w", err)}
		}
		sum := sha256.Sum256(b)
		source := "posterior:" + hex.EncodeToString(sum[:])
		p, err := samplerOf(source, b)
		if err != nil {
			return nil, "", &inputError{fmt.Errorf("%s: %w", posterior, err)}
		}
		return p, source, nil
	}
	return ensemble.Prior{}, "prior", nil
}

// samplerOf is the sampler a spec's source names; a posterior's is read
// from its file's content post, which must match the source's digest.
func samplerOf(source string, post []byte) (ensemble.Sampler, error) {
	switch {
	case source == "prior":
		return ensemble.Prior{}, nil
	case source == "defaults":
		return ensemble.Defaults{}, nil
	case strings.HasPrefix(source, "posterior:"):
		sum := sha256.Sum256(post)
		if "posterior:"+hex.EncodeToString(sum[:]) != source {
			return nil, fmt.Errorf("the posterior does not match its digest")
		}
		p, err := ensemble.ParsePosterior(post)
		if err != nil {
			return nil, fmt.Errorf("malformed posterior: %w", err)
		}
		return p, nil
	}
	return nil, fmt.Errorf("unknown parameter source %q", source)
}

// buildModel loads the scenarios and learns their layouts, keeping the
// variables vars (nil: all).
func buildModel(ctx context.Context, f *Factory, names []string, seed uint64, smp ensemble.Sampler, vars []string) (*ensemble.Model, error) {
	var scs []*scenario.Scenario
	for _, n := range names {
		s, err := loadScenario(n, 0, false, nil)
		if err != nil {
			return nil, err
		}
		scs = append(scs, s)
	}
	return modelOf(ctx, f, scs, seed, smp, vars)
}

func modelOf(ctx context.Context, f *Factory, scs []*scenario.Scenario, seed uint64, smp ensemble.Sampler, vars []string) (*ensemble.Model, error) {
	reg, err := f.Registry()
	if err != nil {
		return nil, err
	}
	w, err := f.World()
	if err != nil {
		return nil, err
	}
	m, err := ensemble.NewModel(ctx, w, reg, scs, smp, seed)
	if err != nil {
		if strings.Contains(err.Error(), "named twice") {
			return nil, &inputError{err}
		}
		return nil, err
	}
	if vars != nil {
		if err := m.Keep(vars); err != nil {
			return nil, &inputError{err}
		}
	}
	return m, nil
}

// sink commits progress to the store, sealing the Parquet segment first.
type sink struct {
	st    *store.Store
	id    string
	seed  uint64
	paths *store.Paths
}

func (s *sink) Commit(state *ensemble.State, recs []ensemble.RunRecord) error {
	seg := ""
	if s.paths != nil {
		var err error
		if seg, err = s.paths.Seal(); err != nil {
			return err
		}
	}
	return s.st.Checkpoint(s.id, s.seed, state, recs, seg)
}

func ensembleRun(ctx context.Context, opts *EnsembleOptions) error {
	defer tightGC()()
	shard, shards, _ := parseShard(opts.Shard)
	smp, source, err := sampler(opts.Draw, opts.Posterior)
	if err != nil {
		return err
	}
	m, err := buildModel(ctx, opts.Factory, opts.Scenarios, opts.Seed, smp, opts.VarList)
	if err != nil {
		return err
	}
	spec, err := ensemble.NewSpec(Version(), m, opts.Runs, source)
	if err != nil {
		return err
	}
	id := spec.ID()
	// Start NATS first: a bad --listen or an unreachable server must not
	// leave an ensemble begun in the results file.
	ex, stop, err := executor(ctx, opts, m, id, spec)
	if err != nil {
		return err
	}
	defer stop()
	st, err := store.Open(opts.Out, store.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	if opts.Resume {
		if err := sameVars(st, opts.Out, spec); err != nil {
			return err
		}
	}
	if err := st.Begin(store.Ensemble{ID: id, Spec: spec.JSON(), Runs: opts.Runs, Shard: shard, Shards: shards}, opts.Resume); err != nil {
		return &inputError{err}
	}
	complete, err := finished(st, id)
	if err != nil {
		return err
	}
	if complete {
		// Resumed after the summaries were written: nothing to run; end a
		// trim that a crash cut short.
		fmt.Fprintf(opts.IO.ErrOut, "%s already holds this ensemble, finished\n", opts.Out)
		return finishOutput(opts.IO, st, id, spec, shards, opts.page(opts.Out))
	}
	state := ensemble.NewState(m, opts.Runs)
	if _, err := st.Load(id, state); err != nil {
		return err
	}
	sk := &sink{st: st, id: id, seed: opts.Seed}
	ro := ensemble.Options{Shard: shard, Shards: shards, Every: opts.Every}
	if opts.KeepPaths {
		segs, err := st.Segments(id)
		if err != nil {
			return err
		}
		if sk.paths, err = store.NewPaths(opts.Out, segs); err != nil {
			return err
		}
		ro.Paths = func(mb *ensemble.Member) error { return sk.paths.Write(m, mb) }
	}
	before := state.Done.Count()
	prog := newProgress(opts.IO.ErrOut, opts.Progress, fmt.Sprintf("%d scenario(s)", len(m.Scenarios)))
	ro.Progress = prog.update
	start := time.Now()
	err = ensemble.Run(ctx, m, ex, state, opts.Runs, ro, sk)
	prog.close()
	done := state.Done.Count() - before
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return fmt.Errorf("interrupted; %d runs saved in %s: continue with the same command and --resume", state.Done.Count(), opts.Out)
		}
		return err
	}
	el := time.Since(start)
	fmt.Fprintf(opts.IO.ErrOut, "%d runs of %d scenario(s) in %s (%.0f runs/s); ensemble %s\n",
		done, len(m.Scenarios), el.Round(time.Millisecond), float64(done)/el.Seconds(), id)
	if shards > 1 {
		fmt.Fprintf(opts.IO.ErrOut, "wrote shard %d/%d to %s; join the shards with 'cartelsim merge'\n", shard+1, shards, opts.Out)
		return nil
	}
	if err := st.Finish(id, m, state); err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.ErrOut, "wrote %s; 'cartelsim export %s' writes the quantiles as CSV\n", opts.Out, opts.Out)
	return finishOutput(opts.IO, st, id, spec, shards, opts.page(opts.Out))
}

// sameVars refuses to resume, in st (the file path), an ensemble that
// keeps other variables than spec: the store would refuse it as a
// different ensemble, and this says why.
func sameVars(st *store.Store, path string, spec ensemble.Spec) error {
	es, err := st.Ensembles()
	if err != nil {
		return err
	}
	for _, e := range es {
		old, err := ensemble.ParseSpec(e.Spec)
		if err != nil {
			continue // the store's own check reports it
		}
		if old.VarsText() != spec.VarsText() {
			return &inputError{fmt.Errorf("%s holds an ensemble of --vars %s, and this command asks for --vars %s: resume with the same --vars, or choose another --out", path, old.VarsText(), spec.VarsText())}
		}
	}
	return nil
}

// finished reports whether ensemble id in st is finished (its summaries
// written).
func finished(st *store.Store, id string) (bool, error) {
	es, err := st.Ensembles()
	if err != nil {
		return false, err
	}
	for _, e := range es {
		if e.ID == id {
			return e.Status == store.StatusComplete, nil
		}
	}
	return false, nil
}

// finishOutput ends a finished ensemble's output: an unsharded one drops
// its histograms, which nothing reads once the summaries are written (a
// merge needs a shard's, and a shard is never finished); then its page
// and the headline, read from the summaries.
func finishOutput(ios IOStreams, st *store.Store, id string, spec ensemble.Spec, shards uint64, page string) error {
	if shards == 1 {
		if has, err := st.HasHists(id); err != nil {
			return err
		} else if has {
			if err := st.DropHists(id); err != nil {
				// The summaries are committed: the results are whole, the
				// file only larger than it need be.
				fmt.Fprintf(ios.ErrOut, "warning: %v; the results are complete\n", err)
			}
		}
	}
	if err := writeEnsemblePage(ios.ErrOut, page, st, id, spec); err != nil {
		return err
	}
	return headline(ios.Out, st, id)
}

// writeEnsemblePage writes ensembleDoc to page, unless page is empty.
func writeEnsemblePage(log io.Writer, page string, st *store.Store, id string, spec ensemble.Spec) error {
	if page == "" {
		return nil
	}
	doc, err := ensembleDoc(st, id, spec)
	if err != nil {
		return err
	}
	if err := report.WriteFile(page, doc); err != nil {
		return err
	}
	fmt.Fprintf(log, "wrote %s\n", page)
	return nil
}

// headline prints national annual medians and 90% intervals of deaths and
// homicides for the ensemble's last year.
func headline(w io.Writer, st *store.Store, id string) error {
	type key struct{ scen, v string }
	last := map[key]store.Summary{}
	var order []key
	err := st.Summaries(id, func(r store.Summary) error {
		if r.Region != "all" || len(r.Month) != 4 || (r.Variable != "us_overdose_deaths" && r.Variable != "mx_homicides") {
			return nil
		}
		k := key{r.Scenario, r.Variable}
		if _, ok := last[k]; !ok {
			order = append(order, k)
		}
		last[k] = r
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range order {
		r := last[k]
		fmt.Fprintf(w, "%-24s %-20s %s  median %s  90%% interval [%s, %s]  (%d runs)\n", k.scen, k.v, r.Month,
			strconv.FormatFloat(r.Q[2], 'f', 0, 64), strconv.FormatFloat(r.Q[0], 'f', 0, 64), strconv.FormatFloat(r.Q[4], 'f', 0, 64), r.N)
	}
	return nil
}

// progress shows a bar with an ETA on a terminal and plain lines otherwise.
type progress struct {
	w     io.Writer
	p     *mpb.Progress
	bar   *mpb.Bar
	plain bool
	last  time.Time
	start time.Time
	label string
	unit  string // what is counted: "runs" unless set
	total uint64
	done  uint64
}

// addProgressFlag adds --progress, whose value checkProgress validates.
func addProgressFlag(cmd *cobra.Command, mode *string) {
	cmd.Flags().StringVar(mode, "progress", "auto", "progress display: auto (a bar on a terminal), bar, plain or none")
}

func checkProgress(mode string) error {
	switch mode {
	case "auto", "bar", "plain", "none":
		return nil
	}
	return flagErrorf("invalid --progress %q: want auto, bar, plain or none", mode)
}

func newProgress(w io.Writer, mode, label string) *progress {
	pr := &progress{w: w, start: time.Now(), label: label, unit: "runs"}
	if mode == "none" {
		return pr
	}
	tty := false
	if f, ok := w.(*os.File); ok {
		tty = term.IsTerminal(int(f.Fd()))
	}
	if mode == "bar" || (mode == "auto" && tty) {
		pr.p = mpb.New(mpb.WithOutput(w), mpb.WithWidth(48))
		return pr
	}
	pr.plain = true
	return pr
}

func (pr *progress) update(done, total uint64) {
	pr.done, pr.total = done, total
	switch {
	case pr.p != nil:
		if pr.bar == nil {
			pr.bar = pr.p.AddBar(int64(total),
				mpb.PrependDecorators(decor.Name(pr.label+" "), decor.CountersNoUnit("%d/%d "+pr.unit)),
				mpb.AppendDecorators(decor.Percentage(), decor.Name(" ETA "), decor.AverageETA(decor.ET_STYLE_GO)))
			pr.bar.SetCurrent(int64(done))
			return
		}
		pr.bar.SetCurrent(int64(done))
	case pr.plain:
		if time.Since(pr.last) < 2*time.Second && done < total {
			return
		}
		pr.last = time.Now()
		el := time.Since(pr.start)
		eta := "?"
		if done > 0 {
			eta = time.Duration(float64(el) / float64(done) * float64(total-done)).Round(time.Second).String()
		}
		fmt.Fprintf(pr.w, "progress: %d/%d %s (%.0f%%), elapsed %s, ETA %s\n", done, total, pr.unit, 100*float64(done)/float64(max(total, 1)), el.Round(time.Second), eta)
	}
}

func (pr *progress) close() {
	if pr.p != nil {
		if pr.bar != nil {
			if pr.done < pr.total {
				pr.bar.Abort(false)
			}
		}
		pr.p.Wait()
	}
}

// tightGC collects garbage at half Go's default heap growth (GOGC=50) until
// the returned function restores the setting. An ensemble's histograms are
// most of its heap and live for the whole run, and at the default the heap
// grows to twice them between collections: half that kept the resident
// memory of a four-scenario ensemble a quarter lower at no measurable cost
// (bench/README.md). A GOGC the user sets wins.
func tightGC() func() {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	old := debug.SetGCPercent(50)
	return func() { debug.SetGCPercent(old) }
}
