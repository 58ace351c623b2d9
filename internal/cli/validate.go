package cli

import (
	"fmt"
	"math"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/cartelsim/cartelsim/fit"
	"github.com/cartelsim/cartelsim/report"
	"github.com/cartelsim/cartelsim/scenario"
	"github.com/cartelsim/cartelsim/sim"
	"github.com/cartelsim/cartelsim/tidy"
)

// NewCmdValidate builds `cartelsim validate`.
func NewCmdValidate(f *Factory) *cobra.Command {
	var seed uint64
	cmd := &cobra.Command{
		Use:   "validate",
		Short: "Compare the baseline with the observations held out of the fit (2024 onward)",
		Long: `Run the baseline and print, for every observation held out of the fit
(overdose deaths from 2024, homicides from 2023 nationally and 2024 by
state), the observed value, the simulated value and the error. Then print
the fitted targets (2015-2023) with their tolerances, and the health
module's backcast: its spin-up from 1999 against NCHS final deaths, and
total and synthetic-opioid deaths 2010-2023 with their tolerances.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := scenario.Builtin("baseline")
			if err != nil {
				return err
			}
			if cmd.Flags().Changed("seed") {
				s.Seed = seed
			}
			reg, err := f.Registry()
			if err != nil {
				return err
			}
			w, err := f.World()
			if err != nil {
				return err
			}
			v, err := sim.Apply(reg, s)
			if err != nil {
				return err
			}
			c := tidy.NewCollector(s.From)
			if _, err := sim.Run(cmd.Context(), w, sim.Config{Scenario: s, Values: v}, c); err != nil {
				return err
			}
			held, err := fit.Holdout(c)
			if err != nil {
				return err
			}
			if err := report.FormatText(f.IO.Out, pointsTable("Held out of the fit (2024 onward)", held, false)); err != nil {
				return err
			}
			fmt.Fprintln(f.IO.Out)
			fitted, err := fit.Targets(c)
			if err != nil {
				return err
			}
			if err := report.FormatText(f.IO.Out, pointsTable("Fitted targets", fitted, true)); err != nil {
				return err
			}
			fmt.Fprintln(f.IO.Out)
			back, err := fit.HealthBackcast(v, c)
			if err != nil {
				return err
			}
			var early, kept []fit.Point
			for _, p := range back {
				if p.Tolerance == 0 {
					early = append(early, p)
				} else {
					kept = append(kept, p)
				}
			}
			if err := report.FormatText(f.IO.Out, pointsTable("Health spin-up 1999-2009 (reported, not held)", early, false)); err != nil {
				return err
			}
			fmt.Fprintln(f.IO.Out)
			return report.FormatText(f.IO.Out, pointsTable("Health backcast: total deaths ±10% 2010-2023, synthetic opioids ±15% 2015-2023", kept, true))
		},
	}
	cmd.Flags().Uint64Var(&seed, "seed", 0, "override the baseline's random seed")
	return cmd
}

// pointsTable lays out observed against simulated points.
func pointsTable(caption string, pts []fit.Point, tol bool) report.Table {
	t := report.Table{Caption: caption, Header: []string{"series", "period", "observed", "simulated", "error"}}
	if tol {
		t.Header = append(t.Header, "tolerance", "within")
	}
	absErr := 0.0
	for _, p := range pts {
		row := []string{p.Series, p.Period, strconv.FormatFloat(math.Round(p.Observed), 'f', 0, 64),
			strconv.FormatFloat(math.Round(p.Simulated), 'f', 0, 64), fmt.Sprintf("%+.1f%%", 100*p.RelErr())}
		if tol {
			ok := "yes"
			if !p.OK() {
				ok = "NO"
			}
			row = append(row, fmt.Sprintf("±%.0f%%", 100*p.Tolerance), ok)
		}
		absErr += math.Abs(p.RelErr())
		t.Rows = append(t.Rows, row)
	}
	if len(pts) > 0 {
		t.Notes = append(t.Notes, fmt.Sprintf("mean absolute error %.1f%% over %d points", 100*absErr/float64(len(pts)), len(pts)))
	}
	return t
}
