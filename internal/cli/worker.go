package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/spf13/cobra"

	"github.com/cartelsim/cartelsim/cluster"
	"github.com/cartelsim/cartelsim/ensemble"
)

// WorkerOptions are the options of `cartelsim worker`.
type WorkerOptions struct {
	IO      IOStreams
	Factory *Factory
	NATS    string
	Creds   string
	Workers int
	AckWait time.Duration
}

// NewCmdWorker builds `cartelsim worker`.
func NewCmdWorker(f *Factory) *cobra.Command {
	opts := &WorkerOptions{IO: f.IO, Factory: f}
	cmd := &cobra.Command{
		Use:   "worker --nats URL",
		Short: "Run ensemble runs handed out over NATS by 'cartelsim ensemble --nats'",
		Long: `Join the ensembles started with 'cartelsim ensemble --nats' on the NATS
server at --nats, and run their runs until interrupted (Ctrl-C). Start as
many workers, on as many machines, as you like, at any time; each runs -j
runs at a time. A worker rebuilds each ensemble's model from its
description and refuses an ensemble of another cartelsim version or
parameter registry. A worker that stops or dies loses nothing: its
unfinished runs go to another worker after --ack-wait.`,
		Example: `  $ cartelsim worker --nats nats://coordinator-host:4222
  $ cartelsim worker --nats nats://10.0.0.5:4222 -j 16`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if opts.NATS == "" {
				return flagErrorf("worker: --nats URL is required (the server 'cartelsim ensemble --nats' uses)")
			}
			if opts.AckWait < time.Second {
				return flagErrorf("invalid --ack-wait %s: want at least 1s", opts.AckWait)
			}
			return workerRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.NATS, "nats", "", "`URL` of the NATS server, e.g. nats://host:4222")
	cmd.Flags().StringVar(&opts.Creds, "nats-creds", "", "NATS credentials `FILE` (user JWT and seed) for servers that require one")
	cmd.Flags().IntVarP(&opts.Workers, "workers", "j", 0, "concurrent runs (0: one per CPU)")
	cmd.Flags().DurationVar(&opts.AckWait, "ack-wait", 30*time.Second, "how long a run may go without news before another worker gets it")
	return cmd
}

func workerRun(ctx context.Context, opts *WorkerOptions) error {
	nc, js, err := cluster.Connect(opts.NATS, "cartelsim worker", opts.Creds)
	if err != nil {
		return &inputError{err}
	}
	defer nc.Close()
	w := &cluster.Worker{JS: js, Build: jobBuilder(opts.Factory), BuildPoints: pointsBuilder(opts.Factory), Concurrency: opts.Workers, AckWait: opts.AckWait, Log: opts.IO.ErrOut}
	fmt.Fprintf(opts.IO.ErrOut, "worker: connected to %s; waiting for runs (Ctrl-C stops)\n", nc.ConnectedUrlRedacted())
	err = w.Serve(ctx)
	fmt.Fprintf(opts.IO.ErrOut, "worker: %d runs done\n", w.Runs())
	return err
}

// jobBuilder rebuilds an ensemble's model from its job, as the
// coordinator built it, and checks that it is the same model.
func jobBuilder(f *Factory) cluster.Builder {
	return func(ctx context.Context, id string, job cluster.Job) (*ensemble.Model, error) {
		spec, err := ensemble.ParseSpec(job.Spec)
		if err != nil {
			return nil, err
		}
		scs, err := spec.ScenarioList()
		if err != nil {
			return nil, err
		}
		smp, err := samplerOf(spec.Source, job.Posterior)
		if err != nil {
			return nil, err
		}
		m, err := modelOf(ctx, f, scs, spec.Seed, smp, spec.Vars)
		if err != nil {
			return nil, err
		}
		mine, err := ensemble.NewSpec(Version(), m, spec.Runs, spec.Source)
		if err != nil {
			return nil, err
		}
		if mine.ID() != id {
			return nil, fmt.Errorf("this worker's model (%s) is not the ensemble's (%s): run the same cartelsim version on every machine", mine.Model, spec.Model)
		}
		return m, nil
	}
}

// NATSOptions are the flags that hand a command's runs to workers over
// NATS.
type NATSOptions struct {
	// NATS is "" (runs on this machine's cores), "embedded" (a NATS
	// server in this process on Listen) or a server URL.
	NATS         string
	Creds        string
	Listen       string
	DispatchOnly bool
}

func (n *NATSOptions) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&n.NATS, "nats", "", "hand runs to workers over NATS: `URL` of a server, or \"embedded\" to start one here")
	cmd.Flags().StringVar(&n.Creds, "nats-creds", "", "with --nats URL: NATS credentials `FILE` (user JWT and seed)")
	cmd.Flags().StringVar(&n.Listen, "listen", "127.0.0.1:4222", "with --nats embedded: `ADDR` (host:port) the server listens on; 0.0.0.0:4222 lets other machines join")
	cmd.Flags().BoolVar(&n.DispatchOnly, "dispatch-only", false, "with --nats: run nothing in this process, only hand runs to workers")
}

func (n *NATSOptions) check(cmd *cobra.Command) error {
	if n.NATS == "" && (n.DispatchOnly || cmd.Flags().Changed("listen") || n.Creds != "") {
		return flagErrorf("--dispatch-only, --listen and --nats-creds need --nats")
	}
	return nil
}

// startCluster connects to the NATS server the options name, starting an
// embedded one for "embedded", and, unless --dispatch-only, a worker in
// this process with the given builders and concurrency. stop releases
// what it started.
func startCluster(ctx context.Context, n NATSOptions, errOut io.Writer, workers int, build cluster.Builder, points cluster.PointBuilder) (jetstream.JetStream, cluster.Storage, func(), error) {
	var stops []func()
	stop := func() {
		for i := len(stops) - 1; i >= 0; i-- {
			stops[i]()
		}
	}
	url, storage := n.NATS, cluster.FileStorage
	if n.NATS == "embedded" {
		srv, err := cluster.StartServer(n.Listen)
		if err != nil {
			return nil, storage, nil, &inputError{err}
		}
		stops = append(stops, srv.Close)
		url, storage = srv.URL(), cluster.MemoryStorage
		fmt.Fprintf(errOut, "NATS server at %s; other machines join with 'cartelsim worker --nats nats://THIS-HOST:PORT'\n", url)
	}
	nc, js, err := cluster.Connect(url, "cartelsim coordinator", n.Creds)
	if err != nil {
		stop()
		return nil, storage, nil, &inputError{err}
	}
	stops = append(stops, nc.Close)
	if !n.DispatchOnly {
		wctx, cancel := context.WithCancel(ctx)
		w := &cluster.Worker{JS: js, Concurrency: workers, Build: build, BuildPoints: points}
		var wg sync.WaitGroup
		wg.Go(func() { _ = w.Serve(wctx) })
		stops = append(stops, func() { cancel(); wg.Wait() })
	}
	return js, storage, stop, nil
}

// executor returns where the ensemble's runs go: this machine's cores, or
// workers over NATS (with, unless --dispatch-only, a worker in this
// process). stop releases what it started.
func executor(ctx context.Context, opts *EnsembleOptions, m *ensemble.Model, id string, spec ensemble.Spec) (ensemble.Executor, func(), error) {
	if opts.NATS == "" {
		return ensemble.Local{Workers: opts.Workers}, func() {}, nil
	}
	job := cluster.Job{Spec: spec.JSON()}
	if opts.Posterior != "" {
		var err error
		if job.Posterior, err = os.ReadFile(opts.Posterior); err != nil {
			return nil, nil, &inputError{fmt.Errorf("posterior: %w", err)}
		}
	}
	// The worker in this process runs this ensemble on the model already
	// built, and other jobs on a shared server like any worker would.
	build, points := jobBuilder(opts.Factory), pointsBuilder(opts.Factory)
	mine := func(ctx context.Context, got string, job cluster.Job) (*ensemble.Model, error) {
		if got != id {
			return build(ctx, got, job)
		}
		return m, nil
	}
	js, storage, stop, err := startCluster(ctx, opts.NATSOptions, opts.IO.ErrOut, opts.Workers, mine, points)
	if err != nil {
		return nil, nil, err
	}
	return &cluster.Coordinator{JS: js, ID: id, Job: job, Storage: storage, Log: opts.IO.ErrOut}, stop, nil
}
