package cli

import (
	"fmt"
	"slices"
	"strings"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/compare"
	"github.com/cartelsim/cartelsim/data/network"
	"github.com/cartelsim/cartelsim/geo"
	"github.com/cartelsim/cartelsim/model/border"
	"github.com/cartelsim/cartelsim/report"
	"github.com/cartelsim/cartelsim/sim"
)

// mapYear is the year the report's map shows first: the last full year of
// CBP data the border is fitted to.
const mapYear = 2024

// routesSection draws the trafficking routes on a map of Mexico: states,
// corridors by flow (route_flow_kg), ports by crossings
// (port_crossings_kg) and seizures (fentanyl_seized_lbs by port). The
// reader picks the view: the baseline in any full year simulated, or any
// scenario's mean over the comparison window [from, to], and may subtract
// a second view to see where a policy moves the flows.
func routesSection(res *compare.Result, from, to int) (report.Section, error) {
	mx, err := network.Mexico()
	if err != nil {
		return report.Section{}, err
	}
	states, attr, err := network.StateOutlines()
	if err != nil {
		return report.Section{}, err
	}
	base := res.Baseline
	first, last := fullYears(base)
	if first > last {
		return report.Section{}, fmt.Errorf("report map: the baseline covers no full year")
	}

	// A view is a run and a span of months; values are monthly means.
	type span struct {
		run    *compare.Run
		a, b   calendar.Month
		months float64
	}
	var views []span
	m := report.Map{ID: "routes-map", Title: "Trafficking routes and port crossings",
		Unit: "kg per month (bulk)", PartLabel: "seized",
		Note: "Lines: corridors, wider and darker the more fentanyl the corridor's busiest segment carries (route_flow_kg, mean per month of the year or window shown); " +
			"circles: US land ports of entry, area by loads trying to cross there (port_crossings_kg), dark inner circle by the part CBP seizes (fentanyl_seized_lbs by port, in kg). " +
			"Network: data/network/mexico.geojson (GeoNames CC BY 4.0 coordinates, SCT/SICT federal highway designations, CBP ports). States: " + attr}
	for y := first; y <= last; y++ {
		a, b := calendar.Years(y)
		views = append(views, span{base, a, b, 12})
		m.Views = append(m.Views, report.MapView{Label: fmt.Sprint(y), Group: "Baseline, by year"})
		if y == mapYear {
			m.Default = len(m.Views) - 1
		}
	}
	if from >= first && to <= last && len(res.Runs) > 1 {
		a, _ := calendar.Years(from)
		_, b := calendar.Years(to)
		for _, r := range res.Runs {
			views = append(views, span{r, a, b, float64(b-a) + 1})
			m.Views = append(m.Views, report.MapView{Label: r.Scenario.Name, Group: fmt.Sprintf("Scenarios, mean of %d-%d", from, to)})
		}
	}
	mean := func(v, region string) []float64 {
		out := make([]float64, len(views))
		for i, s := range views {
			out[i] = max(0, s.run.Paths.Sum(v, region, s.a, s.b)/s.months)
		}
		return out
	}

	for _, s := range states {
		m.Areas = append(m.Areas, report.MapArea{Name: s.Name, Rings: s.Rings})
	}
	// One line per corridor, the unit route_flow_kg is reported in.
	byCorridor := map[string]*report.MapLine{}
	var order []string
	roads, km := map[string][]string{}, map[string]float64{}
	for _, e := range mx.Edges {
		l := byCorridor[e.Corridor]
		if l == nil {
			l = &report.MapLine{Label: e.Corridor, Values: mean(sim.VarRouteFlow, e.Corridor)}
			byCorridor[e.Corridor] = l
			order = append(order, e.Corridor)
		}
		from, to := mx.Nodes[e.From], mx.Nodes[e.To]
		l.Parts = append(l.Parts, [][2]float64{{from.Lon, from.Lat}, {to.Lon, to.Lat}})
		if !slices.Contains(roads[e.Corridor], e.Road) {
			roads[e.Corridor] = append(roads[e.Corridor], e.Road)
		}
		km[e.Corridor] += e.Km
	}
	for _, c := range order {
		l := byCorridor[c]
		l.Info = fmt.Sprintf("%s, %.0f km", strings.Join(roads[c], ", "), km[c])
		m.Lines = append(m.Lines, *l)
	}
	offices, sectors := geo.FieldOffices(), geo.Sectors()
	for _, p := range mx.Ports {
		nd := mx.Nodes[p.Node]
		seized := mean(sim.VarSeizedLbs, nd.ID)
		for i := range seized {
			seized[i] /= border.LbsPerKg
		}
		m.Points = append(m.Points, report.MapPoint{Label: nd.Name + " port of entry",
			Info: titleCase(offices[p.Office].Name) + ", " + titleCase(sectors[p.Sector].Name),
			Lon:  nd.Lon, Lat: nd.Lat, Values: mean(sim.VarPortCrossings, nd.ID), Parts: seized})
	}
	return report.Section{
		Heading: "Trafficking routes",
		Text: "Fentanyl leaves the producing areas of Sinaloa, Durango, Jalisco, Michoacán and Sonora along least-cost paths over the federal road network to the US land ports of entry, as in Dell (2015): " +
			"road cost grows with distance, troop deployments and rival territory, and with congestion; ports cost more the likelier a load is caught there. " +
			"Flows are the congested equilibrium of these costs (see docs/routes.md).\n\n" +
			fmt.Sprintf("The map opens on the baseline in %s. Pick another year, or a scenario's mean over %d-%d, and subtract a second view to see where a policy moves the flows (red more, blue less). Hover a line or circle for its value; drag and zoom with the buttons.", m.Views[m.Default].Label, from, to),
		Maps: []report.Map{m},
	}, nil
}

// fullYears returns the first and last calendar years run r covers from
// January to December.
func fullYears(r *compare.Run) (first, last int) {
	n := len(r.Paths.Get(sim.VarDeaths, "all"))
	start, end := r.Paths.Start, r.Paths.Start+calendar.Month(n)-1
	first, last = start.Year(), end.Year()
	if a, _ := calendar.Years(first); start > a {
		first++
	}
	if _, b := calendar.Years(last); end < b {
		last--
	}
	return first, last
}

// titleCase turns CBP's "SAN DIEGO FIELD OFFICE" into "San Diego field
// office".
func titleCase(s string) string {
	words := strings.Fields(strings.ToLower(s))
	for i, w := range words {
		if w == "field" || w == "office" || w == "sector" {
			continue
		}
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}
