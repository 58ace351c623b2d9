package cli

import (
	"errors"

	"github.com/spf13/cobra"
)

func newCmdReproduceChen2019(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "chen2019",
		Short: "Chen et al. (JAMA Netw Open 2019): projected opioid overdose deaths",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			return errors.New("reproduce chen2019: not built yet (issue 5)")
		},
	}
}
