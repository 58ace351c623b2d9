package cli

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/cartelsim/cartelsim/params"
)

// ParamsOptions are the options of `cartelsim params`.
type ParamsOptions struct {
	IO      IOStreams
	Factory *Factory
	Format  string
	Module  string
}

// NewCmdParams builds `cartelsim params`.
func NewCmdParams(f *Factory, runF func(*ParamsOptions) error) *cobra.Command {
	opts := &ParamsOptions{IO: f.IO, Factory: f}
	cmd := &cobra.Command{
		Use:   "params",
		Short: "List every model parameter with its unit, prior and source",
		Long: `List the parameter registry: every number the model uses, with its unit,
default, prior distribution, the module that reads it, and its source (a
citation, or "assumption: ..." with the reasoning). Parameters marked
fitted say how they were fitted to observed data.`,
		Example: `  $ cartelsim params
  $ cartelsim params --module health
  $ cartelsim params --format csv > params.csv`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !slices.Contains([]string{"table", "csv", "json"}, opts.Format) {
				return flagErrorf("invalid --format %q: want table, csv or json", opts.Format)
			}
			if runF != nil {
				return runF(opts)
			}
			return paramsRun(opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Format, "format", "f", "table", "output format: table, csv or json")
	cmd.Flags().StringVarP(&opts.Module, "module", "m", "", "only the parameters read by `MODULE`")
	return cmd
}

type paramRow struct {
	Name        string  `json:"name"`
	Module      string  `json:"module"`
	Unit        string  `json:"unit"`
	Default     float64 `json:"default"`
	Prior       string  `json:"prior"`
	PriorLo     float64 `json:"prior_lo"`
	PriorHi     float64 `json:"prior_hi"`
	Source      string  `json:"source"`
	Fit         string  `json:"fit,omitempty"`
	Assumption  bool    `json:"assumption"`
	Description string  `json:"description"`
}

func paramsRun(opts *ParamsOptions) error {
	reg, err := opts.Factory.Registry()
	if err != nil {
		return err
	}
	var rows []paramRow
	for _, p := range reg.All() {
		if opts.Module != "" && p.Module != opts.Module {
			continue
		}
		rows = append(rows, paramRow{p.Name, p.Module, p.Unit, p.Default, string(p.Prior.Dist),
			p.Prior.Lo, p.Prior.Hi, p.Source, p.Fit, p.IsAssumption(), p.Description})
	}
	if len(rows) == 0 {
		return flagErrorf("no parameters for module %q", opts.Module)
	}
	out := opts.IO.Out
	switch opts.Format {
	case "json":
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
	case "csv":
		w := csv.NewWriter(out)
		w.Write([]string{"name", "module", "unit", "default", "prior", "prior_lo", "prior_hi", "source", "fit", "description"})
		for _, r := range rows {
			w.Write([]string{r.Name, r.Module, r.Unit, g(r.Default), r.Prior, g(r.PriorLo), g(r.PriorHi), r.Source, r.Fit, r.Description})
		}
		w.Flush()
		return w.Error()
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tUNIT\tDEFAULT\tPRIOR\tSOURCE")
	for _, r := range rows {
		src := r.Source
		if r.Fit != "" {
			src = "[fitted] " + src
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.Name, r.Unit, g(r.Default),
			params.Prior{Dist: params.Dist(r.Prior), Lo: r.PriorLo, Hi: r.PriorHi}, truncate(src, 90))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.ErrOut, "%d parameters; full sources with --format csv or json\n", len(rows))
	return nil
}

func g(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
