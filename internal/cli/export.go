package cli

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/parquet-go/parquet-go"
	"github.com/spf13/cobra"

	"github.com/cartelsim/cartelsim/internal/atomicfile"
	"github.com/cartelsim/cartelsim/store"
)

// ExportOptions are the options of `cartelsim export`.
type ExportOptions struct {
	IO     IOStreams
	File   string
	Output string
	Format string
}

// NewCmdExport builds `cartelsim export`.
func NewCmdExport(f *Factory, runF func(*ExportOptions) error) *cobra.Command {
	opts := &ExportOptions{IO: f.IO}
	cmd := &cobra.Command{
		Use:   "export <results.db>",
		Short: "Write an ensemble's quantile summaries as CSV or Parquet",
		Long: `Write the summaries of a finished ensemble (see 'cartelsim ensemble') as
one row per scenario, variable, region and period:

  scenario,variable,region,period,n,p05,p25,p50,p75,p95

period is a month (2026-03) or, for annual totals of national flows, a year
(2026). The results file is opened read-only.`,
		Example: `  $ cartelsim export out/ensemble.db > quantiles.csv
  $ cartelsim export out/ensemble.db --format parquet --output quantiles.parquet`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			if opts.Format != "csv" && opts.Format != "parquet" {
				return flagErrorf("invalid --format %q: want csv or parquet", opts.Format)
			}
			if opts.Format == "parquet" && opts.Output == "" {
				return flagErrorf("--format parquet needs --output FILE")
			}
			if runF != nil {
				return runF(opts)
			}
			return exportRun(opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Output, "output", "o", "", "write to `FILE` instead of standard output")
	cmd.Flags().StringVarP(&opts.Format, "format", "f", "csv", "csv or parquet")
	return cmd
}

// SummaryRow is the Parquet schema of an exported summary.
type SummaryRow struct {
	Scenario string  `parquet:"scenario,dict"`
	Variable string  `parquet:"variable,dict"`
	Region   string  `parquet:"region,dict"`
	Period   string  `parquet:"period,dict"`
	N        int64   `parquet:"n"`
	P05      float64 `parquet:"p05"`
	P25      float64 `parquet:"p25"`
	P50      float64 `parquet:"p50"`
	P75      float64 `parquet:"p75"`
	P95      float64 `parquet:"p95"`
}

// completeEnsemble opens a results file and returns its finished ensemble.
func completeEnsemble(path string) (*store.Store, store.Ensemble, error) {
	st, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		return nil, store.Ensemble{}, &inputError{err}
	}
	es, err := st.Ensembles()
	if err != nil {
		st.Close()
		return nil, store.Ensemble{}, err
	}
	if len(es) == 0 {
		st.Close()
		return nil, store.Ensemble{}, &inputError{fmt.Errorf("%s holds no ensemble", path)}
	}
	e := es[0]
	if e.Status != store.StatusComplete {
		st.Close()
		if e.Shards > 1 {
			return nil, e, &inputError{fmt.Errorf("%s is shard %d/%d of an ensemble: join the shards with 'cartelsim merge' first", path, e.Shard+1, e.Shards)}
		}
		return nil, e, &inputError{fmt.Errorf("%s holds an unfinished ensemble: finish it with 'cartelsim ensemble ... --resume'", path)}
	}
	return st, e, nil
}

func exportRun(opts *ExportOptions) error {
	st, e, err := completeEnsemble(opts.File)
	if err != nil {
		return err
	}
	defer st.Close()
	write := func(w io.Writer) error {
		if opts.Format == "parquet" {
			pw := parquet.NewGenericWriter[SummaryRow](w, parquet.Compression(&parquet.Zstd))
			buf := make([]SummaryRow, 0, 1024)
			flush := func() error {
				_, err := pw.Write(buf)
				buf = buf[:0]
				return err
			}
			err := st.Summaries(e.ID, func(r store.Summary) error {
				buf = append(buf, SummaryRow{r.Scenario, r.Variable, r.Region, r.Month, r.N, r.Q[0], r.Q[1], r.Q[2], r.Q[3], r.Q[4]})
				if len(buf) == cap(buf) {
					return flush()
				}
				return nil
			})
			if err == nil {
				err = flush()
			}
			if err != nil {
				return err
			}
			return pw.Close()
		}
		bw := bufio.NewWriter(w)
		fmt.Fprintln(bw, "scenario,variable,region,period,n,p05,p25,p50,p75,p95")
		err := st.Summaries(e.ID, func(r store.Summary) error {
			bw.WriteString(r.Scenario + "," + r.Variable + "," + r.Region + "," + r.Month + "," + strconv.FormatInt(r.N, 10))
			for _, q := range r.Q {
				bw.WriteByte(',')
				if !math.IsNaN(q) {
					bw.WriteString(strconv.FormatFloat(q, 'g', 6, 64))
				}
			}
			return bw.WriteByte('\n')
		})
		if err != nil {
			return err
		}
		return bw.Flush()
	}
	if opts.Output == "" {
		return write(opts.IO.Out)
	}
	f, err := atomicfile.Create(opts.Output)
	if err != nil {
		return err
	}
	defer f.Abort()
	if err := write(f); err != nil {
		return err
	}
	if err := f.Commit(); err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.ErrOut, "wrote %s\n", opts.Output)
	return nil
}
