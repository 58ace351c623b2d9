package cli

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cartelsim/cartelsim/internal/atomicfile"
	"github.com/cartelsim/cartelsim/scenario"
	"github.com/cartelsim/cartelsim/sim"
	"github.com/cartelsim/cartelsim/tidy"
)

// RunOptions are the options of `cartelsim run`.
type RunOptions struct {
	IO       IOStreams
	Factory  *Factory
	Scenario string
	Output   string
	Format   string
	Seed     uint64
	SeedSet  bool
	Set      []string
}

// NewCmdRun builds `cartelsim run`.
func NewCmdRun(f *Factory, runF func(*RunOptions) error) *cobra.Command {
	opts := &RunOptions{IO: f.IO, Factory: f}
	cmd := &cobra.Command{
		Use:   "run <scenario>",
		Short: "Simulate one scenario and write its monthly paths as tidy rows",
		Long: `Simulate one scenario, a built-in name (see 'cartelsim scenario list') or a
YAML file, and write every output as tidy rows:

  scenario,date,variable,region,value

date is YYYY-MM; each value is for that month (deaths, kilograms, pounds,
homicides) or at the month's end (stocks such as members). Regions are
'all', a two-digit INEGI state code, a CBP field office or Border Patrol
sector, a corridor id (mex-15:culiacan-nogales) or a port of entry id
(poe_nogales). Nothing is written unless the whole run succeeds.`,
		Example: `  $ cartelsim run baseline
  $ cartelsim run us-strikes-leadership --output strikes.csv
  $ cartelsim run my-policy.yaml --format json --seed 7
  $ cartelsim run baseline --set health.naloxone_effect=0.5`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Scenario = args[0]
			opts.SeedSet = cmd.Flags().Changed("seed")
			if !slices.Contains(tidy.Formats, opts.Format) {
				return flagErrorf("invalid --format %q: want csv or json", opts.Format)
			}
			if runF != nil {
				return runF(opts)
			}
			return runRun(cmd, opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Output, "output", "o", "", "write to `FILE` instead of standard output")
	cmd.Flags().StringVarP(&opts.Format, "format", "f", "csv", "output format: csv or json")
	cmd.Flags().Uint64Var(&opts.Seed, "seed", 0, "override the scenario's random seed")
	cmd.Flags().StringArrayVar(&opts.Set, "set", nil, "override a parameter, `name=value` (repeatable)")
	return cmd
}

// loadScenario resolves a name or file and applies command-line overrides.
func loadScenario(arg string, seed uint64, seedSet bool, set []string) (*scenario.Scenario, error) {
	s, err := scenario.Resolve(arg)
	if err != nil {
		var se *scenario.Error
		if errors.As(err, &se) {
			return nil, err
		}
		return nil, &inputError{err}
	}
	if seedSet {
		s.Seed = seed
	}
	for _, kv := range set {
		name, val, ok := strings.Cut(kv, "=")
		x, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
		if !ok || err != nil {
			return nil, flagErrorf("invalid --set %q: want name=number", kv)
		}
		if s.Params == nil {
			s.Params = map[string]float64{}
		}
		s.Params[strings.TrimSpace(name)] = x
	}
	return s, nil
}

func runRun(cmd *cobra.Command, opts *RunOptions) error {
	s, err := loadScenario(opts.Scenario, opts.Seed, opts.SeedSet, opts.Set)
	if err != nil {
		return err
	}
	reg, err := opts.Factory.Registry()
	if err != nil {
		return err
	}
	vals, err := sim.Apply(reg, s)
	if err != nil {
		return err
	}
	w, err := opts.Factory.World()
	if err != nil {
		return err
	}
	// Buffer the whole output: a run that fails leaves nothing behind,
	// neither a truncated file nor half a table on standard output.
	var buf bytes.Buffer
	tw, err := tidy.NewWriter(&buf, opts.Format)
	if err != nil {
		return err
	}
	tw.SetScenario(s.Name)
	res, err := sim.Run(cmd.Context(), w, sim.Config{Scenario: s, Values: vals}, tw)
	if err != nil {
		return err
	}
	if err := tw.Close(); err != nil {
		return err
	}
	if opts.Output == "" {
		_, err = opts.IO.Out.Write(buf.Bytes())
		return err
	}
	if err := atomicfile.WriteFile(opts.Output, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.ErrOut, "wrote %d rows (%d months of %s) to %s\n", res.Stats.Rows, res.Stats.Months, s.Name, opts.Output)
	return nil
}
