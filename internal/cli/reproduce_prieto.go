package cli

import (
	"errors"

	"github.com/spf13/cobra"
)

func newCmdReproducePrietoCuriel(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "prieto-curiel",
		Short: "Prieto-Curiel, Campedelli & Hope (Science 2023): cartel recruitment and violence",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			return errors.New("reproduce prieto-curiel: not built yet (issue 4)")
		},
	}
}
