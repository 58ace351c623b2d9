// Package routes moves fentanyl from the producing states to the US land
// ports of entry.
//
// First form (issue 2): each producing state ships over a handful of
// corridors that follow federal highways to a southwest-border field office.
// Traffickers pick corridors by cost, as in Dell (2015), where a crackdown
// raises the cost of the edges it touches and diverts traffic to the
// next-cheapest routes. Here the choice is a logit over corridor costs:
//
//	c_k = ℓ_k·f + Σ_{s∈k} β·T_s/10⁴ + α_o(k)
//	share_k = exp(−c_k/μ) / Σ_{k'∈origin} exp(−c_k'/μ)
//
// with ℓ_k the corridor's great-circle length through its waypoints (km),
// f a detour factor, T_s extra troops in state s, α_o an attractiveness
// constant of field office o (km-equivalent, fitted to CBP's split of
// seizures), and μ the logit scale (km). Troops also seize a share of what
// passes through their state:
//
//	loss_k = 1 − exp(−ι·Σ_{s∈k} T_s/10⁴)
//
// Shipments take one month from lab to border; what leaves in month t
// arrives in month t+1, so the in-transit stock is last month's shipment.
//
// Sources: Dell, M. (2015) Trafficking Networks and the Mexican Drug War,
// American Economic Review 105(6): 1738–1779; Ballou, Rahardja & Sakai
// (2002) Selected country circuity factors for road travel distance
// estimation, Transportation Research A 36(9): 843–848.
package routes

import (
	"fmt"
	"math"

	"github.com/cartelsim/cartelsim/data"
	"github.com/cartelsim/cartelsim/geo"
	"github.com/cartelsim/cartelsim/params"
)

// Params of the routing module.
type Params struct {
	// Detour is f, road length over great-circle length.
	Detour float64
	// Scale is μ, the logit scale, km.
	Scale float64
	// TroopCost is β, km-equivalent cost per 10,000 troops in a state.
	TroopCost float64
	// TroopSeizure is ι, the share-hazard of seizure per 10,000 troops.
	TroopSeizure float64
	// BaseLoss is the share of shipments lost in Mexico in the status quo
	// (Mexican seizures, spoilage).
	BaseLoss float64
	// Attract is α_o per field office, km-equivalent (lower is more attractive).
	Attract [4]float64
}

// Parameters lists the module's registry entries.
func Parameters() []params.Param {
	const m = "routes"
	fit := "fitted to CBP field-office shares of southwest-border fentanyl seizures FY2023-FY2024 (internal/fit)"
	attract := func(name, office string, def float64) params.Param {
		return params.Param{Name: m + ".attract_" + name, Module: m, Unit: "km-equivalent", Default: def,
			Prior:       params.Prior{Dist: params.Uniform, Lo: -1500, Hi: 2500},
			Source:      "CBP Nationwide Drug Seizures FY2023-FY2024 (field-office split of fentanyl seizures, e.g. Tucson 57%, San Diego 27% in FY2024)",
			Fit:         fit,
			Description: "cost constant of corridors ending at the " + office + " field office (ports' capacity, traffic volume and cover)"}
	}
	return []params.Param{
		{Name: m + ".detour_factor", Module: m, Unit: "1", Default: 1.3,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 1.1, Hi: 1.6},
			Source:      "Ballou, Rahardja & Sakai 2002 (Transportation Research A 36:843): road circuity factors of about 1.2-1.4 for most countries",
			Description: "road length over great-circle length"},
		{Name: m + ".logit_scale_km", Module: m, Unit: "km", Default: 250,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 50, Hi: 800},
			Source:      "assumption: traffickers favour least-cost routes (Dell 2015) but spread over several; the scale sets how sharply",
			Description: "logit scale of corridor choice"},
		{Name: m + ".troop_cost_km", Module: m, Unit: "km-equivalent per 10,000 troops", Default: 300,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 0, Hi: 1500},
			Source:      "Dell 2015 (AER): crackdowns raise the cost of the affected edges and divert traffic; size is an assumption",
			Description: "extra corridor cost per 10,000 troops in a crossed state"},
		{Name: m + ".troop_seizure", Module: m, Unit: "per 10,000 troops", Default: 0.03,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 0, Hi: 0.15},
			Source:      "assumption: Mexican seizures of fentanyl rose with the 2025 border deployment (government statements) but no study gives a per-troop rate",
			Description: "seizure hazard per 10,000 troops in a crossed state"},
		{Name: m + ".base_loss", Module: m, Unit: "1", Default: 0.05,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 0.01, Hi: 0.2},
			Source:      "assumption: Mexican authorities report fentanyl seizures of the order of a tenth of CBP's (SEDENA/FGR statements 2019-2024)",
			Description: "share of shipments seized or lost inside Mexico in the status quo"},
		attract("san_diego", "San Diego", -960.2),
		attract("tucson", "Tucson", -341),
		attract("el_paso", "El Paso", 1817),
		attract("laredo", "Laredo", 2079),
	}
}

// FromValues reads the parameters.
func FromValues(v params.Values) Params {
	return Params{
		Detour:       v.Get("routes.detour_factor"),
		Scale:        v.Get("routes.logit_scale_km"),
		TroopCost:    v.Get("routes.troop_cost_km"),
		TroopSeizure: v.Get("routes.troop_seizure"),
		BaseLoss:     v.Get("routes.base_loss"),
		Attract: [4]float64{
			v.Get("routes.attract_san_diego"), v.Get("routes.attract_tucson"),
			v.Get("routes.attract_el_paso"), v.Get("routes.attract_laredo"),
		},
	}
}

// Network is the set of corridors with their lengths.
type Network struct {
	Corridors []data.Corridor
	// Km is each corridor's great-circle length through its waypoints.
	Km []float64
	// byOrigin lists corridor indices per origin state.
	byOrigin map[int][]int
	origins  []int
}

// NewNetwork measures the corridors.
func NewNetwork(cs []data.Corridor) (*Network, error) {
	if len(cs) == 0 {
		return nil, fmt.Errorf("routes: no corridors")
	}
	n := &Network{Corridors: cs, Km: make([]float64, len(cs)), byOrigin: map[int][]int{}}
	for i, c := range cs {
		for j := 1; j < len(c.Waypoints); j++ {
			a, b := c.Waypoints[j-1], c.Waypoints[j]
			n.Km[i] += haversine(a.Lat, a.Lon, b.Lat, b.Lon)
		}
		if _, ok := n.byOrigin[c.Origin]; !ok {
			n.origins = append(n.origins, c.Origin)
		}
		n.byOrigin[c.Origin] = append(n.byOrigin[c.Origin], i)
	}
	return n, nil
}

// haversine is the great-circle distance in km on a sphere of the Earth's
// mean radius (6371 km).
func haversine(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	rad := math.Pi / 180
	dlat, dlon := (lat2-lat1)*rad, (lon2-lon1)*rad
	h := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * r * math.Asin(math.Sqrt(h))
}

// State holds what is on the road.
type State struct {
	// Shipped is what left the labs last month, per corridor, kg; it is
	// the in-transit stock at the end of the month.
	Shipped []float64
	// Flow is what reached the border region this month per corridor, kg.
	Flow []float64
	// Arrivals per field office this month, kg.
	Arrivals [4]float64
	// Lost is what was seized or lost inside Mexico this month, kg.
	Lost float64
	// InTransit is the total in-transit stock, kg.
	InTransit float64
	share     []float64
	loss      []float64
}

// Init builds an empty road.
func Init(n *Network) *State {
	k := len(n.Corridors)
	return &State{Shipped: make([]float64, k), Flow: make([]float64, k), share: make([]float64, k), loss: make([]float64, k)}
}

// Inputs are this month's production and enforcement.
type Inputs struct {
	// Production by geo state, kg.
	Production *[geo.NumStates]float64
	// Troops are extra troops per geo state.
	Troops *[geo.NumStates]float64
	// Effort multiplies the effect of troops (diplomacy.State.Effort).
	Effort float64
}

// Step delivers last month's shipments to the border and sends this
// month's production on its way.
func Step(p Params, n *Network, in Inputs, s *State) {
	// Costs and losses depend on this month's troops.
	for i, c := range n.Corridors {
		troops := 0.0
		for _, st := range c.States {
			troops += in.Troops[st]
		}
		troops *= in.Effort / 1e4
		s.share[i] = n.Km[i]*p.Detour + p.TroopCost*troops + p.Attract[c.Office]
		s.loss[i] = 1 - (1-p.BaseLoss)*math.Exp(-p.TroopSeizure*troops)
	}
	// Arrivals: what was shipped last month, less losses on the way.
	s.Arrivals = [4]float64{}
	s.Lost = 0
	for i, c := range n.Corridors {
		arrive := s.Shipped[i] * (1 - s.loss[i])
		s.Lost += s.Shipped[i] - arrive
		s.Flow[i] = arrive
		s.Arrivals[c.Office] += arrive
	}
	// Dispatch: logit split of each origin's production.
	s.InTransit = 0
	for _, o := range n.origins {
		idx := n.byOrigin[o]
		lo := math.Inf(1)
		for _, i := range idx {
			lo = math.Min(lo, s.share[i])
		}
		z := 0.0
		for _, i := range idx {
			s.share[i] = math.Exp(-(s.share[i] - lo) / p.Scale)
			z += s.share[i]
		}
		for _, i := range idx {
			s.Shipped[i] = in.Production[o] * s.share[i] / z
			s.InTransit += s.Shipped[i]
		}
	}
}
