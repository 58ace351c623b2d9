package cli

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/cartelsim/cartelsim/internal/atomicfile"
	"github.com/cartelsim/cartelsim/scenario"
)

// NewCmdScenario builds `cartelsim scenario`.
func NewCmdScenario(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "scenario <command>",
		Short: "List, show and create scenarios",
		Long: `A scenario is a YAML file naming the policy levers in force, when, where
and how hard, plus any parameter overrides. cartelsim ships one built-in
scenario per lever in the public debate, a baseline and a combined package.`,
	}
	cmd.AddCommand(newCmdScenarioList(f), newCmdScenarioShow(f), newCmdScenarioNew(f))
	return cmd
}

func newCmdScenarioList(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the built-in scenarios",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			tw := tabwriter.NewWriter(f.IO.Out, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tLEVERS\tDESCRIPTION")
			for _, s := range scenario.Builtins() {
				fmt.Fprintf(tw, "%s\t%d\t%s\n", s.Name, len(s.Levers), truncate(firstLine(s.Description), 100))
			}
			return tw.Flush()
		},
	}
}

func firstLine(s string) string {
	for i, r := range s {
		if r == '\n' {
			return s[:i]
		}
	}
	return s
}

func newCmdScenarioShow(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "show <scenario>",
		Short: "Print a scenario, built-in or file, as validated YAML with defaults filled in",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := loadScenario(args[0], 0, false, nil)
			if err != nil {
				return err
			}
			b, err := s.YAML()
			if err != nil {
				return err
			}
			_, err = f.IO.Out.Write(b)
			return err
		},
	}
}

func newCmdScenarioNew(f *Factory) *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:   "new <name>",
		Short: "Write a commented scenario template",
		Long: `Write a scenario template with every field and every lever kind explained,
to standard output or to a file. Edit it, then run it with
'cartelsim run FILE'.`,
		Example: `  $ cartelsim scenario new my-policy > my-policy.yaml
  $ cartelsim scenario new my-policy --output scenarios/my-policy.yaml`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			b, err := scenario.NewFromTemplate(args[0])
			if err != nil {
				return &inputError{err}
			}
			if output == "" {
				_, err = f.IO.Out.Write(b)
				return err
			}
			return atomicfile.WriteFile(output, b)
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to `FILE`")
	return cmd
}
