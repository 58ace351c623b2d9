package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/cartelsim/cartelsim/data"
)

// NewCmdData builds `cartelsim data`.
func NewCmdData(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "data <command>",
		Short: "List and show the embedded observed data",
		Long: `The observed series cartelsim is fitted to and checked against, embedded in
the binary as small curated tables, each with its source and licence.`,
	}
	cmd.AddCommand(newCmdDataList(f), newCmdDataShow(f))
	return cmd
}

func newCmdDataList(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the embedded tables with their sources",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			metas, err := data.Catalog()
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(f.IO.Out, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tROWS\tTITLE")
			for _, m := range metas {
				t, err := data.Load(m.Name)
				if err != nil {
					return err
				}
				fmt.Fprintf(tw, "%s\t%d\t%s\n", m.Name, len(t.Rows), truncate(m.Title, 100))
			}
			return tw.Flush()
		},
	}
}

func newCmdDataShow(f *Factory) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "show <name>",
		Short: "Print one embedded table with its provenance",
		Example: `  $ cartelsim data show cdc_overdose_12m
  $ cartelsim data show cbp_fentanyl_monthly --format json`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !slices.Contains([]string{"csv", "json"}, format) {
				return flagErrorf("invalid --format %q: want csv or json", format)
			}
			t, err := data.Load(args[0])
			if errors.Is(err, data.ErrUnknownTable) {
				return &inputError{err}
			}
			if err != nil {
				return err
			}
			if format == "csv" {
				return t.WriteCSV(f.IO.Out)
			}
			rows := make([]map[string]string, len(t.Rows))
			for i, r := range t.Rows {
				rows[i] = map[string]string{}
				for j, h := range t.Header {
					rows[i][h] = r[j]
				}
			}
			enc := json.NewEncoder(f.IO.Out)
			enc.SetIndent("", "  ")
			return enc.Encode(map[string]any{
				"name": t.Name, "title": t.Title, "source": t.Source, "licence": t.Licence,
				"unit": t.Unit, "notes": t.Notes, "columns": t.Header, "rows": rows,
			})
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "csv", "output format: csv or json")
	return cmd
}
