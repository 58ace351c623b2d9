package cli

import "github.com/spf13/cobra"

// NewCmdReproduce builds `cartelsim reproduce`: re-runs of published models
// with their own parameters, compared with their published results.
func NewCmdReproduce(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "reproduce <study>",
		Short: "Re-run a published model with its own parameters and compare with its results",
	}
	cmd.AddCommand(newCmdReproducePrietoCuriel(f), newCmdReproduceChen2019(f))
	return cmd
}
