// Package cli is cartelsim's command line: one cobra command per verb,
// each with an Options struct, so tests can check parsing and running apart.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/cartelsim/cartelsim/params"
	"github.com/cartelsim/cartelsim/scenario"
	"github.com/cartelsim/cartelsim/sim"
)

// ExitCode is the process exit status.
type ExitCode int

// Exit codes: 2 is for input the user must fix (a flag, a scenario file).
const (
	ExitOK    ExitCode = 0
	ExitError ExitCode = 1
	ExitInput ExitCode = 2
)

// IOStreams are the command's standard streams.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
}

// Factory builds what commands need, on demand.
type Factory struct {
	IO       IOStreams
	Registry func() (*params.Registry, error)
	World    func() (*sim.World, error)
}

// NewFactory returns the production factory.
func NewFactory(in io.Reader, out, errOut io.Writer) *Factory {
	var (
		world    *sim.World
		worldErr error
		loaded   bool
	)
	return &Factory{
		IO:       IOStreams{In: in, Out: out, ErrOut: errOut},
		Registry: sim.Registry,
		World: func() (*sim.World, error) {
			if !loaded {
				world, worldErr = sim.LoadWorld()
				loaded = true
			}
			return world, worldErr
		},
	}
}

// inputError marks an error the user must fix; it maps to exit code 2.
type inputError struct{ err error }

func (e *inputError) Error() string { return e.err.Error() }
func (e *inputError) Unwrap() error { return e.err }

// flagErrorf reports misuse of flags or arguments.
func flagErrorf(format string, a ...any) error {
	return &inputError{fmt.Errorf(format, a...)}
}

// Main runs the command line and returns the exit code.
func Main(args []string, in io.Reader, out, errOut io.Writer) ExitCode {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	f := NewFactory(in, out, errOut)
	root := NewCmdRoot(f)
	root.SetArgs(args)
	root.SetIn(in)
	root.SetOut(out)
	root.SetErr(errOut)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	fmt.Fprintln(errOut, "cartelsim:", err)
	var ie *inputError
	var se *scenario.Error
	switch {
	case errors.As(err, &ie), errors.As(err, &se):
		return ExitInput
	case isFlagError(err):
		return ExitInput
	}
	return ExitError
}

// isFlagError recognises cobra's own argument and flag errors, which it
// returns as plain errors.
func isFlagError(err error) bool {
	var fe *flagParseError
	return errors.As(err, &fe)
}

type flagParseError struct{ err error }

func (e *flagParseError) Error() string { return e.err.Error() }

// Version is the module version, or "devel" in a source build.
func Version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

// NewCmdRoot assembles the command tree.
func NewCmdRoot(f *Factory) *cobra.Command {
	root := &cobra.Command{
		Use:   "cartelsim <command>",
		Short: "Simulate the US–Mexico cartel and fentanyl system and the policies aimed at it",
		Long: `cartelsim is an open, evidence-based simulator of the US–Mexico cartel and
fentanyl system: fentanyl production in Mexico, trafficking routes to the US
border, seizures, the US retail market and overdose deaths, homicides in
Mexico, cartel organisations and bilateral cooperation, month by month.

Scenarios of policy levers go in (US strikes, FTO sanctions, Mexican troop
deployments, intelligence sharing, extraditions, border inspection,
precursor controls, naloxone, treatment); monthly paths come out. Every
parameter has a unit, a prior and a source: see 'cartelsim params'.`,
		Example: `  $ cartelsim compare                      # the main job: every scenario against the baseline, report in out/
  $ cartelsim run baseline --output base.csv
  $ cartelsim scenario new my-policy > my-policy.yaml
  $ cartelsim run my-policy.yaml --format json`,
		Version:       Version(),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &flagParseError{fmt.Errorf("%w (see '%s --help')", err, c.CommandPath())}
	})
	root.AddCommand(
		NewCmdRun(f, nil),
		NewCmdCompare(f, nil),
		NewCmdParams(f, nil),
		NewCmdData(f),
		NewCmdScenario(f),
		NewCmdValidate(f),
		NewCmdReproduce(f),
		NewCmdEnsemble(f, nil),
		NewCmdWorker(f),
		NewCmdMerge(f, nil),
		NewCmdExport(f, nil),
		NewCmdSensitivity(f, nil),
		NewCmdCalibrate(f, nil),
		NewCmdExplain(f),
		NewCmdNetwork(f),
	)
	return root
}

// exactArgs is cobra.ExactArgs with an error that maps to exit code 2.
func exactArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := cobra.ExactArgs(n)(cmd, args); err != nil {
			return flagErrorf("%s: %v (see '%s --help')", cmd.CommandPath(), err, cmd.CommandPath())
		}
		return nil
	}
}
