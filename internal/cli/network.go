package cli

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/cartelsim/cartelsim/data"
	"github.com/cartelsim/cartelsim/data/network"
	"github.com/cartelsim/cartelsim/geo"
	"github.com/cartelsim/cartelsim/model/routes"
)

// NewCmdNetwork builds `cartelsim network`.
func NewCmdNetwork(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "network <command>",
		Short: "Show or check the road network traffickers are routed over",
		Long: `The routes module sends fentanyl from the producing areas of Mexico to the US
land ports of entry along least-cost paths over a road network. The embedded
network has Mexico's state capitals, border cities, producing areas and
Pacific seaports, the federal highways between them and every southwest
land port of entry, each element with its source. A larger network of your
own (GeoJSON: Point nodes and LineString edges, or plain LineStrings joined
where they share ends; or an OpenStreetMap extract, FILE.osm.pbf, whose
motorway, trunk, primary and secondary roads are read and joined to the
ports of entry) can be checked with 'network validate'.`,
	}
	cmd.AddCommand(newCmdNetworkShow(f), newCmdNetworkValidate(f))
	return cmd
}

func newCmdNetworkShow(f *Factory) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "show [FILE]",
		Short: "Summarise a network: nodes, roads and ports (the embedded one by default)",
		Example: `  $ cartelsim network show
  $ cartelsim network show --format geojson > mexico.geojson
  $ cartelsim network show my-roads.geojson`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !slices.Contains([]string{"text", "geojson"}, format) {
				return flagErrorf("--format %q: want text or geojson", format)
			}
			if format == "geojson" {
				if len(args) == 0 {
					_, err := f.IO.Out.Write(network.MexicoGeoJSON())
					return err
				}
				b, err := os.ReadFile(args[0])
				if err != nil {
					return &inputError{fmt.Errorf("network: %w", err)}
				}
				_, err = f.IO.Out.Write(b)
				return err
			}
			n, err := loadNetwork(args)
			if err != nil {
				return err
			}
			return showNetwork(f.IO.Out, n)
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or geojson (the file itself)")
	return cmd
}

func newCmdNetworkValidate(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "validate FILE",
		Short: "Check a network file; every problem is reported with its line",
		Long: `Checks a GeoJSON network file: duplicate ids, edges that name a node that
does not exist, missing or non-positive lengths, ports no edge reaches,
unknown field offices, sectors or states. Every problem is listed with the
line of its feature, and the exit code is 2. A valid file is also routed:
the command says which ports no producing area can reach.`,
		Example: `  $ cartelsim network validate my-roads.geojson
  $ cartelsim network validate mexico-latest.osm.pbf`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			n, err := loadNetwork(args)
			if err != nil {
				return err
			}
			rn, err := routes.NewNetwork(n, nil)
			if err != nil {
				return &inputError{err}
			}
			unreached := unreachedPorts(rn)
			fmt.Fprintf(f.IO.Out, "%s: %d nodes, %d edges, %d ports: valid\n", args[0], len(n.Nodes), len(n.Edges), len(n.Ports))
			for _, id := range unreached {
				fmt.Fprintf(f.IO.Out, "  note: port %s cannot be reached from any producing area\n", id)
			}
			return nil
		},
	}
}

// loadNetwork reads the file named in args, or the embedded network.
func loadNetwork(args []string) (*network.Network, error) {
	if len(args) == 0 {
		return network.Mexico()
	}
	fh, err := os.Open(args[0])
	if err != nil {
		return nil, &inputError{fmt.Errorf("network: %w", err)}
	}
	defer fh.Close()
	var n *network.Network
	if strings.HasSuffix(args[0], ".pbf") {
		n, err = network.ReadOSM(fh, args[0])
	} else {
		n, err = network.Parse(fh, args[0])
	}
	var bad *network.InvalidError
	if errors.As(err, &bad) {
		return nil, &inputError{err}
	}
	return n, err
}

// unreachedPorts lists ports no origin reaches at free-flow lengths.
func unreachedPorts(rn *routes.Network) []string {
	cost := make([]float64, rn.G.Arcs())
	for i := range cost {
		cost[i] = 1
	}
	reached := make([]bool, len(rn.Net.Ports))
	t := routes.NewTree(rn.G.Nodes())
	for _, o := range rn.Origins {
		rn.G.ShortestFrom(int(o), cost, t)
		for i, p := range rn.Net.Ports {
			if !math.IsInf(t.Dist[p.Node], 1) {
				reached[i] = true
			}
		}
	}
	var out []string
	for i, ok := range reached {
		if !ok {
			out = append(out, rn.Net.Nodes[rn.Net.Ports[i].Node].ID)
		}
	}
	return out
}

func showNetwork(w io.Writer, n *network.Network) error {
	cn, err := data.Cartels()
	if err != nil {
		return err
	}
	rn, err := routes.NewNetwork(n, cn)
	if err != nil {
		return err
	}
	if n.Name != "" {
		fmt.Fprintln(w, n.Name)
	}
	roles := map[string]int{}
	for _, nd := range n.Nodes {
		k := nd.Kind
		if nd.Role != "" {
			k += " (" + nd.Role + ")"
		}
		roles[k]++
	}
	keys := make([]string, 0, len(roles))
	for k := range roles {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Fprintf(w, "%d nodes:", len(n.Nodes))
	for _, k := range keys {
		fmt.Fprintf(w, " %s %d;", k, roles[k])
	}
	km := map[string]float64{}
	segs := map[string]int{}
	total := 0.0
	for _, e := range n.Edges {
		r := e.Corridor
		if r == "" {
			r = e.Road
		}
		if r == "" {
			r = e.Class
		}
		km[r] += e.Km
		segs[r]++
		total += e.Km
	}
	fmt.Fprintf(w, "\n%d edges, %.0f km; %d producing origins\n", len(n.Edges), total, len(rn.Origins))
	if n.Attribution != "" {
		fmt.Fprintf(w, "sources: %s\n", n.Attribution)
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "PORT\tNAME\tFIELD OFFICE\tSECTOR\tCROSSINGS")
	for _, p := range n.Ports {
		nd := n.Nodes[p.Node]
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", nd.ID, nd.Name, geo.FieldOffices()[p.Office].Short, geo.Sectors()[p.Sector].Short, p.Crossings)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	fmt.Fprintln(tw, "CORRIDOR\tSEGMENTS\tKM")
	for _, r := range rn.Roads {
		fmt.Fprintf(tw, "%s\t%d\t%.0f\n", r, segs[r], km[r])
	}
	return tw.Flush()
}
