package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cartelsim/cartelsim/ensemble"
	"github.com/cartelsim/cartelsim/store"
)

// MergeOptions are the options of `cartelsim merge`.
type MergeOptions struct {
	IO      IOStreams
	Factory *Factory
	Shards  []string
	Out     string
	PageOption
}

// NewCmdMerge builds `cartelsim merge`.
func NewCmdMerge(f *Factory, runF func(*MergeOptions) error) *cobra.Command {
	opts := &MergeOptions{IO: f.IO, Factory: f}
	cmd := &cobra.Command{
		Use:   "merge <shard.db>... --out FILE",
		Short: "Join the shards of an ensemble (--shard i/N) into one results file",
		Long: `Join the result files of 'cartelsim ensemble --shard i/N' runs. The shards
must be of the same ensemble (scenarios, runs, seed, parameter source and
model version) and together hold every run exactly once; the merged file
then holds the same summaries as one unsharded run, bit for bit. Like an
unsharded run's file it keeps the summaries, not the histograms they were
read from, so it cannot be merged again: merge the shard files.`,
		Example: `  $ cartelsim merge out/shard*.db --out out/ensemble.db`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return flagErrorf("merge: name the shard files")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Shards = args
			opts.noteFlag(cmd)
			if opts.Out == "" {
				return flagErrorf("merge: --out FILE is required")
			}
			if runF != nil {
				return runF(opts)
			}
			return mergeRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Out, "out", "o", "", "merged results `FILE`")
	opts.PageOption.register(cmd, "medians and 90% bands")
	return cmd
}

func mergeRun(ctx context.Context, opts *MergeOptions) error {
	var (
		spec  ensemble.Spec
		id    string
		m     *ensemble.Model
		total *ensemble.State
		parts []*store.Store
	)
	defer func() {
		for _, p := range parts {
			p.Close()
		}
	}()
	for _, path := range opts.Shards {
		st, err := store.Open(path, store.Options{ReadOnly: true})
		if err != nil {
			return &inputError{err}
		}
		parts = append(parts, st)
		es, err := st.Ensembles()
		if err != nil {
			return err
		}
		if len(es) != 1 {
			return &inputError{fmt.Errorf("merge: %s holds %d ensembles, want 1", path, len(es))}
		}
		e := es[0]
		if m == nil {
			id = e.ID
			if spec, err = ensemble.ParseSpec(e.Spec); err != nil {
				return err
			}
			reg, err := opts.Factory.Registry()
			if err != nil {
				return err
			}
			if err := spec.CheckParams(reg); err != nil {
				return &inputError{fmt.Errorf("merge: %s: %w", path, err)}
			}
			scs, err := spec.ScenarioList()
			if err != nil {
				return err
			}
			// The sampler is not used: merging runs nothing.
			if m, err = modelOf(ctx, opts.Factory, scs, spec.Seed, ensemble.Defaults{}, spec.Vars); err != nil {
				return err
			}
			if again, _ := ensemble.NewSpec(Version(), m, spec.Runs, spec.Source); again.Model != spec.Model {
				return &inputError{fmt.Errorf("merge: %s was made by model %s, this is %s", path, spec.Model, again.Model)}
			}
			total = ensemble.NewState(m, spec.Runs)
		} else if e.ID != id {
			if o, err := ensemble.ParseSpec(e.Spec); err == nil && o.VarsText() != spec.VarsText() {
				return &inputError{fmt.Errorf("merge: %s keeps --vars %s, %s keeps --vars %s: shards of one ensemble keep the same variables", path, o.VarsText(), opts.Shards[0], spec.VarsText())}
			}
			return &inputError{fmt.Errorf("merge: %s is of ensemble %s, %s of %s", path, e.ID, opts.Shards[0], id)}
		}
		part := ensemble.NewState(m, spec.Runs)
		if _, err := st.Load(e.ID, part); errors.Is(err, store.ErrNoHists) {
			return &inputError{fmt.Errorf("merge: %s is a finished ensemble without its histograms (an unsharded ensemble, or a merge, keeps only its summaries), so it cannot be merged: merge the shard files that 'cartelsim ensemble --shard i/N' writes", path)}
		} else if err != nil {
			return err
		}
		if err := total.Merge(part); err != nil {
			return &inputError{fmt.Errorf("merge: %s: %w", path, err)}
		}
	}
	if n := total.Done.Count(); n != spec.Runs {
		return &inputError{fmt.Errorf("merge: the shards hold %d of the ensemble's %d runs; finish or add the missing shards", n, spec.Runs)}
	}
	out, err := store.Open(opts.Out, store.Options{})
	if err != nil {
		return err
	}
	defer out.Close()
	if err := out.Begin(store.Ensemble{ID: id, Spec: spec.JSON(), Runs: spec.Runs, Shard: 0, Shards: 1}, false); err != nil {
		return &inputError{err}
	}
	for _, p := range parts {
		if err := out.CopyRuns(id, p); err != nil {
			return err
		}
	}
	if err := out.Checkpoint(id, spec.Seed, total, nil, ""); err != nil {
		return err
	}
	if err := out.Finish(id, m, total); err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.ErrOut, "merged %d shards, %d runs, into %s\n", len(parts), spec.Runs, opts.Out)
	return finishOutput(opts.IO, out, id, spec, 1, opts.page(opts.Out))
}
