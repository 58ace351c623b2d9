package cli

import (
	"fmt"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/compare"
	"github.com/cartelsim/cartelsim/data/network"
	"github.com/cartelsim/cartelsim/report"
	"github.com/cartelsim/cartelsim/sim"
)

// mapYear is the year whose mean monthly flows the report's map shows: the
// last full year of CBP data the border is fitted to.
const mapYear = 2024

// routesSection draws the baseline's trafficking routes in mapYear on a
// map of Mexico: states, corridors by flow, ports by crossings.
func routesSection(base *compare.Run) (report.Section, error) {
	mx, err := network.Mexico()
	if err != nil {
		return report.Section{}, err
	}
	states, attr, err := network.StateOutlines()
	if err != nil {
		return report.Section{}, err
	}
	a, b := calendar.Of(mapYear, 1), calendar.Of(mapYear, 12)
	mean := func(v, region string) float64 { return base.Paths.Sum(v, region, a, b) / 12 }
	m := report.Map{ID: "routes-map", Title: fmt.Sprintf("Baseline trafficking routes and port crossings, %d", mapYear),
		Unit: "kg per month (bulk)",
		Note: "Lines: corridors, drawn wider the more fentanyl the corridor's busiest segment carries (route_flow_kg); circles: US land ports of entry by loads trying to cross there (port_crossings_kg). " +
			"Network: data/network/mexico.geojson (GeoNames CC BY 4.0 coordinates, SCT/SICT federal highway designations, CBP ports). States: " + attr}
	for _, s := range states {
		m.Areas = append(m.Areas, report.MapArea{Name: s.Name, Rings: s.Rings})
	}
	for _, e := range mx.Edges {
		from, to := mx.Nodes[e.From], mx.Nodes[e.To]
		m.Lines = append(m.Lines, report.MapLine{Label: e.Corridor,
			Coords: [][2]float64{{from.Lon, from.Lat}, {to.Lon, to.Lat}}, Value: max(0, mean(sim.VarRouteFlow, e.Corridor))})
	}
	for _, p := range mx.Ports {
		nd := mx.Nodes[p.Node]
		m.Points = append(m.Points, report.MapPoint{Label: nd.Name + " (" + nd.ID + ")", Lon: nd.Lon, Lat: nd.Lat,
			Value: max(0, mean(sim.VarPortCrossings, nd.ID))})
	}
	return report.Section{
		Heading: "Trafficking routes",
		Text: "Fentanyl leaves the producing areas of Sinaloa, Durango, Jalisco, Michoacán and Sonora along least-cost paths over the federal road network to the US land ports of entry, as in Dell (2015): " +
			"road cost grows with distance, troop deployments and rival territory, and with congestion; ports cost more the likelier a load is caught there. " +
			"Flows are the congested equilibrium of these costs (see docs/routes.md). Hover a line or circle for its value.",
		Maps: []report.Map{m},
	}, nil
}
