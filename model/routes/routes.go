// Package routes moves fentanyl from the producing regions of Mexico to the
// US land ports of entry over the federal road network, as in Dell (2015).
//
// Each producing state's monthly production leaves from its producing
// areas (the "producing" cities of data/network, split evenly) and is split
// over the ports by what each costs to reach (below), along least-cost
// paths. The cost of road edge e, per kilogram, in km-equivalent:
//
//	t_e = ℓ_e·r_class·(1 + β·T̄_e/10⁴·ε + ρ·R̄_e)
//	c_e(x) = t_e·(1 + b·(x_e/(κ·X))^P)
//
// with ℓ_e the length (km), r_class the cost of a km on the road's class
// relative to a toll motorway, T̄_e the extra troops in the edge's states
// (mean over its two ends), ε the effort multiplier, R̄_e the rival
// territory index of its states (0–1), X the month's total shipment, κ the
// share of it at which congestion has added b·t_e, and P the congestion exponent (the BPR form).
// Crossing into port p (field office o) costs
//
//	c_p(y) = α_o − min α + λ·π_p + D·(y_p/(σ·X))^P
//
// where π_p is the port's probability of catching a load (from border) and
// the last term is port congestion. Traffickers do not all weigh the
// ports alike: each producing area o splits its shipments D_o over the
// ports by a logit on its least cost through each port, C_op,
//
//	F_op = D_o·exp(−θ·C_op) / Σ_q exp(−θ·C_oq)
//
// with θ the dispersion (Dispersion; θ → ∞ is the Wardrop equilibrium,
// where every shipment takes the cheapest port), and each area–port pair
// takes its least-cost road. With congestion these are the fixed point
// that minimises Beckmann's potential plus (1/θ)·Σ_op F_op·ln F_op (Fisk
// 1980, with the entropy over ports), found each month (SolvePaths with
// Problem.Theta) by partial linearisation: the road costs held at the
// current flows, the logit split with the ports' own congestion solved
// exactly by Newton's method on the 26 crossing costs, and a line search on
// Fisk's objective towards it; the gap reported is the flows' distance
// from their logit split (where steep road congestion stalls the line
// search, a pass of pairwise Newton steps follows each step, and what it
// moves is the gap). Each area keeps one path per port within 5/θ of
// its least cost, looked for again (one least-cost tree per area) when
// road costs move by 1%. Problem.Theta = 0 asks for the Wardrop
// equilibrium instead, found by gradient projection on paths with one
// least-cost tree an iteration grown backwards from the sink every origin
// ships to (Graph.ShortestTo). A month whose costs and split of production are
// within Replan of the month that last planned keeps its routes, rescaled
// (traffickers do not re-plan for tiny changes), if that month's search
// converged. Conjugate Frank–Wolfe
// (Solve) is kept as the reference solver; the graph is a compressed
// adjacency (Graph) searched by Dijkstra into reusable Trees, and
// Graph.Update repairs a tree after some costs change. Troops also
// seize what crosses their states: a load survives edge e with probability
//
//	exp(−ι·T̄_e/10⁴·ε·ℓ_e/100)
//
// and a share BaseLoss is lost in Mexico regardless. Shipments take one
// month from lab to border: what leaves in month t arrives in month t+1.
//
// Sources: Dell, M. (2015) Trafficking Networks and the Mexican Drug War,
// American Economic Review 105(6): 1738–1779; US Bureau of Public Roads
// (1964) Traffic Assignment Manual (the BPR congestion function); Dial, R.
// B. (1971) A probabilistic multipath traffic assignment model which
// obviates path enumeration, Transportation Research 5(2): 83–111; Fisk, C.
// (1980) Some developments in equilibrium traffic assignment,
// Transportation Research B 14(3): 243–255; Patriksson, M. (1993) Partial
// linearization methods in nonlinear programming, Journal of Optimization
// Theory and Applications 78(2): 227–246.
package routes

import (
	"fmt"
	"github.com/cartelsim/cartelsim/internal/clone"
	"math"
	"sort"

	"github.com/cartelsim/cartelsim/data"
	"github.com/cartelsim/cartelsim/data/network"
	"github.com/cartelsim/cartelsim/geo"
	"github.com/cartelsim/cartelsim/params"
)

// Gap and iteration limits of the monthly equilibrium: a relative gap of
// 10⁻³ moves no flow share by more than a fraction of a point. A month
// stops after MaxIter least-cost trees even above the tolerance (its gap
// is recorded): each month starts from the last month's paths, so the
// search carries on across months, and an ensemble of thousands of runs
// stays affordable. The first month, which has no earlier paths to start
// from, may take up to ColdMaxIter (SolvePaths needs about 15 on the
// embedded network at the defaults; under strong congestion drawn from
// the priors it creeps and uses all 200, reaching a gap near 2·10⁻³,
// where 50 would leave 3·10⁻², see bench/README.md).
const (
	GapTol      = 1e-3
	MaxIter     = 4
	ColdMaxIter = 200
)

// Params of the routing module.
type Params struct {
	// FederalRatio and SecondaryRatio are r_class for two-lane federal
	// roads and state roads (toll motorways are 1, crossings are 1).
	FederalRatio, SecondaryRatio float64
	// TroopCost is β, the rise of road cost per 10,000 troops in a state.
	TroopCost float64
	// TroopSeizure is ι, the loss hazard per 100 km per 10,000 troops.
	TroopSeizure float64
	// BaseLoss is the share of shipments lost in Mexico in the status quo.
	BaseLoss float64
	// RivalCost is ρ, the rise of road cost in the most contested state.
	RivalCost float64
	// Congestion is b, CapShare κ and Power P of the road congestion.
	Congestion, CapShare, Power float64
	// PortRisk is λ, km-equivalent per unit of port catch probability.
	PortRisk float64
	// PortCongestion is D, km-equivalent; PortShare is σ.
	PortCongestion, PortShare float64
	// Attract is α_o per field office, km-equivalent (lower is more attractive).
	Attract [4]float64
	// Dispersion is θ, the logit dispersion of the choice of port per
	// km-equivalent (0 or +Inf: Wardrop).
	Dispersion float64
	// Replan is the re-planning threshold: a month whose costs and split
	// of production are within this share of the month that last planned
	// keeps its routes (State.withinReplan).
	Replan float64
}

// Parameters lists the module's registry entries.
func Parameters() []params.Param {
	const m = "routes"
	fit := "fitted with the logit choice of port (routes.logit_dispersion) by Nelder-Mead on internal/calib.JointLoss and a hand grid (Tucson held at 0 as the reference) to CBP field-office port seizures as shares of all southwest-border fentanyl seizures, FY2023 and FY2024: every office within 8 points both years, San Diego in the middle of its 0.3-point window; El Paso, which the loss leaves free inside its band, at the value that gives CBP's 1-2%; Laredo from a Nelder-Mead fit with the others (sim.TestBorderFit; docs/routes.md)"
	attract := func(name, office string, def float64) params.Param {
		return params.Param{Name: m + ".attract_" + name, Module: m, Unit: "km-equivalent", Default: def,
			Prior:       params.Prior{Dist: params.Uniform, Lo: -3000, Hi: 5000},
			Source:      "CBP Nationwide Drug Seizures FY2023-FY2024 (field-office split of fentanyl seizures, e.g. Tucson 57%, San Diego 27% in FY2024)",
			Fit:         fit,
			Description: "cost of crossing at a port of the " + office + " field office (ports' traffic volume and cover)"}
	}
	return []params.Param{
		{Name: m + ".federal_cost_ratio", Module: m, Unit: "1", Default: 1.3,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 1, Hi: 2},
			Source:      "assumption: cost of a km follows travel time; two-lane federal roads run at about 70-80 km/h against about 100 km/h on four-lane toll roads (SCT design speeds)",
			Description: "cost of a km of two-lane federal road relative to a toll motorway"},
		{Name: m + ".secondary_cost_ratio", Module: m, Unit: "1", Default: 2,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 1.2, Hi: 4},
			Source:      "assumption: state and mountain roads run at about half motorway speed",
			Description: "cost of a km of state or mountain road relative to a toll motorway"},
		{Name: m + ".troop_cost", Module: m, Unit: "per 10,000 troops", Default: 0.5,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 0, Hi: 3},
			Source:      "Dell 2015 (AER): crackdowns raise the cost of the affected edges and divert traffic; size is an assumption",
			Description: "rise of the cost of roads in a state per 10,000 extra troops there"},
		{Name: m + ".troop_seizure", Module: m, Unit: "per 100 km per 10,000 troops", Default: 0.01,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 0, Hi: 0.05},
			Source:      "assumption: Mexican seizures of fentanyl rose with the 2025 border deployment (government statements) but no study gives a per-troop rate",
			Description: "loss hazard per 100 km of road in a state per 10,000 troops there"},
		{Name: m + ".base_loss", Module: m, Unit: "1", Default: 0.05,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 0.01, Hi: 0.2},
			Source:      "assumption: Mexican authorities report fentanyl seizures of the order of a tenth of CBP's (SEDENA/FGR statements 2019-2024)",
			Description: "share of shipments seized or lost inside Mexico in the status quo"},
		{Name: m + ".rival_cost", Module: m, Unit: "1", Default: 0.3,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 0, Hi: 1.5},
			Source:      "Dell 2015 (AER): traffickers avoid territory held by rivals; the contest index is each state's share of the rivalry ties of groups based there (Prieto-Curiel et al. 2023, BACRIM2020); size is an assumption",
			Description: "rise of road cost in the most contested state"},
		{Name: m + ".congestion", Module: m, Unit: "1", Default: 1,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 0.15, Hi: 5},
			Source:      "Dell 2015 (AER): edges carry a congestion cost (estimated there by SMM; not reported in a form we can reuse); 0.15 is the BPR road value (Bureau of Public Roads 1964); assumption",
			Description: "rise of a road's cost when it carries the congestion share of all shipments"},
		{Name: m + ".congestion_share", Module: m, Unit: "1", Default: 1,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 0.1, Hi: 1},
			Source:      "assumption: crowding of one road draws enforcement once it carries a large share of the trade",
			Description: "share of the month's shipments at which a road's congestion cost reaches `congestion`"},
		{Name: m + ".congestion_power", Module: m, Unit: "1", Default: 2,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 1, Hi: 4},
			Source:      "assumption: gentler than the Bureau of Public Roads (1964) exponent 4 for road traffic, because shipments are a tiny part of a road's traffic and crowding acts through enforcement attention, not queues",
			Description: "exponent of the congestion cost"},
		{Name: m + ".port_risk_km", Module: m, Unit: "km-equivalent", Default: 2000,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 0, Hi: 10000},
			Source:      "Magliocca et al. 2019 (PNAS 116:7784): traffickers move away from interdiction pressure (balloon effect); size is an assumption (a 10% catch chance weighs like 200 km of road)",
			Description: "cost of a unit of port catch probability"},
		{Name: m + ".port_congestion_km", Module: m, Unit: "km-equivalent", Default: 400,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 50, Hi: 3000},
			Source:      "assumption: loads spread over several ports because each port's lanes, cover traffic and crossers are limited",
			Description: "congestion cost at a port carrying its capacity share of shipments"},
		{Name: m + ".port_capacity_share", Module: m, Unit: "1", Default: 0.15,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 0.03, Hi: 0.6},
			Source:      "assumption: the largest ports (San Ysidro, Otay Mesa, Nogales, El Paso, Laredo) each carry of the order of a tenth of northbound traffic (BTS Border Crossing Entry Data)",
			Description: "share of shipments at which a port's congestion cost reaches port_congestion_km"},
		{Name: m + ".replan_threshold", Module: m, Unit: "1", Default: 0.01,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 0, Hi: 0.05},
			Source:      "assumption: traffickers re-plan their routes when road or crossing costs or the split of production between producing areas move by more than about 1% from when they last planned; smaller moves leave the routes as they are, with loads rescaled to the new production (0 re-plans every month the problem is not an exact rescaling; also spares the ensemble an equilibrium search in quiet months)",
			Description: "relative change of costs or production shares that makes traffickers re-plan their routes"},
		{Name: m + ".logit_dispersion", Module: m, Unit: "per km-equivalent", Default: 0.005588,
			Prior:       params.Prior{Dist: params.LogUniform, Lo: 0.002, Hi: 0.03},
			Source:      "form: logit choice of port (Dial 1971, Transportation Research 5(2):83) in a stochastic user equilibrium (Fisk 1980, Transportation Research B 14(3):243; Sheffi 1985, Urban Transportation Networks, ch. 11-12), the entropy over each origin's port shares: shares exp(-θ·C_p)/Σexp(-θ·C_q), θ → ∞ is Wardrop; no study measures traffickers' θ, so the prior spans cost spreads 1/θ from 33 to 500 km-equivalent",
			Fit:         "fitted jointly with the San Diego and El Paso constants by Nelder-Mead on internal/calib.JointLoss (CBP southwest seizures FY2019-FY2024 and field-office shares FY2023-FY2024 with the health backcast; 300 evaluations from 0.006374): 0.005588, 1/θ about 180 km-equivalent; only weakly identified (the loss moves by 4% between 0.0056 and 0.0066, and the San Diego constant can make up for θ in the office shares); the branch logit-routes fitted 0.0066 for a logit over paths (docs/routes.md)",
			Description: "logit dispersion of the choice of port: 1/θ is the difference of port costs at which a port's share falls by a factor e"},
		attract("san_diego", "San Diego", -606),
		attract("tucson", "Tucson", 0),
		attract("el_paso", "El Paso", 1575),
		attract("laredo", "Laredo", 2981),
	}
}

// FromValues reads the parameters.
func FromValues(v params.Values) Params {
	return Params{
		FederalRatio:   v.Get("routes.federal_cost_ratio"),
		SecondaryRatio: v.Get("routes.secondary_cost_ratio"),
		TroopCost:      v.Get("routes.troop_cost"),
		TroopSeizure:   v.Get("routes.troop_seizure"),
		BaseLoss:       v.Get("routes.base_loss"),
		RivalCost:      v.Get("routes.rival_cost"),
		Congestion:     v.Get("routes.congestion"),
		CapShare:       v.Get("routes.congestion_share"),
		Power:          v.Get("routes.congestion_power"),
		PortRisk:       v.Get("routes.port_risk_km"),
		PortCongestion: v.Get("routes.port_congestion_km"),
		PortShare:      v.Get("routes.port_capacity_share"),
		Replan:         v.Get("routes.replan_threshold"),
		Dispersion:     v.Get("routes.logit_dispersion"),
		Attract: [4]float64{
			v.Get("routes.attract_san_diego"), v.Get("routes.attract_tucson"),
			v.Get("routes.attract_el_paso"), v.Get("routes.attract_laredo"),
		},
	}
}

// Network is the road network compiled for routing.
type Network struct {
	Net *network.Network
	G   *Graph
	// Sink is the node every port leads to.
	Sink int32
	// EdgeArc[e] are edge e's two arcs (from→to, to→from).
	EdgeArc [][2]int32
	// PortArc[i] is port i's arc into the sink.
	PortArc []int32
	// Origins are the producing nodes; OriginState their geo state.
	Origins     []int32
	OriginState []int
	// Roads are the corridors (highway stretches, e.g.
	// "mex-15:culiacan-nogales"), sorted; EdgeRoad[e] indexes them.
	Roads    []string
	EdgeRoad []int
	// Rival is the rival-territory index per state, 0–1.
	Rival [geo.NumStates]float64

	// edges caches what the monthly costs need of each edge, so that a
	// month reads no strings or node records.
	edges []edgeInfo
}

// edgeInfo is an edge's road class and the geo states of its two ends
// (-1 outside Mexico).
type edgeInfo struct {
	class    uint8 // classToll, classFederal or classSecondary
	from, to int
	km       float64
}

const (
	classToll = iota
	classFederal
	classSecondary
)

// NewNetwork compiles n. The producing nodes are those with role
// "producing"; a network without them (a user's) borrows the embedded
// network's producing areas, snapped to its nearest nodes. cartels, if not
// nil, sets the rival-territory index.
func NewNetwork(n *network.Network, cartels *data.CartelNetwork) (*Network, error) {
	if len(n.Ports) == 0 {
		return nil, fmt.Errorf("routes: network has no ports of entry")
	}
	rn := &Network{Net: n, Sink: int32(len(n.Nodes))}
	arcs := make([]Arc, 0, 2*len(n.Edges)+len(n.Ports))
	for _, e := range n.Edges {
		arcs = append(arcs, Arc{int32(e.From), int32(e.To)}, Arc{int32(e.To), int32(e.From)})
	}
	for _, p := range n.Ports {
		arcs = append(arcs, Arc{int32(p.Node), rn.Sink})
	}
	g, perm, err := NewGraph(len(n.Nodes)+1, arcs)
	if err != nil {
		return nil, err
	}
	rn.G = g
	rn.EdgeArc = make([][2]int32, len(n.Edges))
	for e := range n.Edges {
		rn.EdgeArc[e] = [2]int32{perm[2*e], perm[2*e+1]}
	}
	rn.PortArc = make([]int32, len(n.Ports))
	for i := range n.Ports {
		rn.PortArc[i] = perm[2*len(n.Edges)+i]
	}
	roads := map[string]bool{}
	for _, e := range n.Edges {
		roads[roadOf(e)] = true
	}
	for r := range roads {
		rn.Roads = append(rn.Roads, r)
	}
	sort.Strings(rn.Roads)
	idx := map[string]int{}
	for i, r := range rn.Roads {
		idx[r] = i
	}
	rn.EdgeRoad = make([]int, len(n.Edges))
	for e, ed := range n.Edges {
		rn.EdgeRoad[e] = idx[roadOf(ed)]
	}
	for i, nd := range n.Nodes {
		if nd.Role == "producing" && nd.State >= 0 {
			rn.Origins = append(rn.Origins, int32(i))
			rn.OriginState = append(rn.OriginState, nd.State)
		}
	}
	if len(rn.Origins) == 0 {
		if err := rn.snapOrigins(); err != nil {
			return nil, err
		}
	}
	if cartels != nil {
		rn.Rival = rivalIndex(cartels)
	}
	rn.edges = make([]edgeInfo, len(n.Edges))
	for e, ed := range n.Edges {
		c := uint8(classToll)
		switch ed.Class {
		case "federal":
			c = classFederal
		case "secondary":
			c = classSecondary
		}
		rn.edges[e] = edgeInfo{class: c, from: n.Nodes[ed.From].State, to: n.Nodes[ed.To].State, km: ed.Km}
	}
	return rn, nil
}

// roadOf is the group an edge's flow is reported under: its corridor,
// else its road, else its class.
func roadOf(e network.Edge) string {
	if e.Corridor != "" {
		return e.Corridor
	}
	if e.Road != "" {
		return e.Road
	}
	return e.Class
}

// snapOrigins places the embedded network's producing areas on the nearest
// nodes of a user's network.
func (rn *Network) snapOrigins() error {
	mx, err := network.Mexico()
	if err != nil {
		return fmt.Errorf("routes: %w", err)
	}
	for _, nd := range mx.Nodes {
		if nd.Role != "producing" {
			continue
		}
		best, bd := -1, math.Inf(1)
		for i, u := range rn.Net.Nodes {
			if u.Kind == network.KindPort {
				continue
			}
			if d := network.Haversine(nd.Lat, nd.Lon, u.Lat, u.Lon); d < bd {
				best, bd = i, d
			}
		}
		if best < 0 {
			return fmt.Errorf("routes: network has no road nodes to start from")
		}
		rn.Origins = append(rn.Origins, int32(best))
		rn.OriginState = append(rn.OriginState, nd.State)
	}
	return nil
}

// rivalIndex is each state's share of the rivalry ties of groups based
// there, scaled so the most contested state is 1.
func rivalIndex(c *data.CartelNetwork) [geo.NumStates]float64 {
	var r [geo.NumStates]float64
	for _, t := range c.Rivalries {
		r[c.Groups[t.A].State] += t.Weight
		r[c.Groups[t.B].State] += t.Weight
	}
	hi := 0.0
	for _, x := range r {
		hi = max(hi, x)
	}
	if hi > 0 {
		for i := range r {
			r[i] /= hi
		}
	}
	return r
}

// State holds what is on the road.
type State struct {
	// EdgeFlow is this month's shipments over each edge, kg (both ways).
	EdgeFlow []float64
	// RoadFlow is the flow on each corridor's busiest edge, kg.
	RoadFlow []float64
	// PortArrivals is what reached each port this month, kg.
	PortArrivals []float64
	// Arrivals per field office this month, kg.
	Arrivals [4]float64
	// Lost is what was seized or lost inside Mexico this month, kg.
	Lost float64
	// InTransit is what left the labs this month and is on the road, kg.
	InTransit float64
	// Gap and Iters describe this month's equilibrium.
	Gap   float64
	Iters int
	// settled says the month that last planned reached its tolerance
	// (or had nothing to route): only then may later months keep its
	// routes, otherwise the search carries on.
	settled bool

	next []float64 // arrivals due next month per port
	prob Problem
	pf   PathFlows
	ws   Workspace

	// The problem of the month that last planned (arc costs and
	// producing areas' shares of production), for Params.Replan.
	planFree, planShare []float64
	// freeMoved says the arc costs were recomputed from new inputs since
	// the month that last planned; while false they equal planFree.
	freeMoved bool

	// The inputs the arc costs in prob were last computed from: a month
	// with the same parameters, troops, effort and port risks only
	// rescales the capacities (most months of most scenarios).
	costSet     bool
	costP       Params
	costTroops  [geo.NumStates]float64
	costEffort  float64
	costCatch   []float64
	costCatchOK bool // PortCatch was not nil
}

// Init builds an empty road.
func Init(n *Network) *State {
	m := n.G.Arcs()
	s := &State{
		EdgeFlow: make([]float64, len(n.Net.Edges)), RoadFlow: make([]float64, len(n.Roads)),
		PortArrivals: make([]float64, len(n.Net.Ports)), next: make([]float64, len(n.Net.Ports)),
	}
	s.prob = Problem{G: n.G, Free: make([]float64, m), Slope: make([]float64, m), Cap: make([]float64, m),
		Hazard: make([]float64, m), Origins: n.Origins, Demand: make([]float64, len(n.Origins)), Sink: n.Sink,
		Group: n.OriginState}
	return s
}

// Inputs are this month's production, enforcement and port risk.
type Inputs struct {
	// Production by geo state, kg.
	Production *[geo.NumStates]float64
	// Troops are extra troops per geo state.
	Troops *[geo.NumStates]float64
	// Effort multiplies the effect of troops (diplomacy.State.Effort).
	Effort float64
	// PortCatch is each port's probability of catching a load; nil is 0.
	PortCatch []float64
}

// Step delivers last month's shipments to the ports and routes this
// month's production.
func Step(p Params, n *Network, in Inputs, s *State) error {
	copy(s.PortArrivals, s.next)
	s.Arrivals = [4]float64{}
	for i, pt := range n.Net.Ports {
		s.Arrivals[pt.Office] += s.PortArrivals[i]
	}
	arrived := 0.0
	for _, a := range s.PortArrivals {
		arrived += a
	}
	s.Lost = s.InTransit - arrived

	pr, total := p.problem(n, in, s)
	s.InTransit = total
	clear(s.EdgeFlow)
	clear(s.RoadFlow)
	clear(s.next)
	if total <= 0 {
		s.Gap, s.Iters, s.settled = 0, 0, true
		return nil
	}
	if s.pf.Sol.X != nil && s.settled && s.withinReplan(pr, total, p.Replan) {
		// Costs and the split of production are close to those of the
		// month that last planned: last month's routes carry this
		// month's shipments, and the gap reported is the planning month's.
		s.pf.follow(pr, &s.ws)
		s.Iters = 0
	} else {
		limit := MaxIter
		if s.pf.Sol.X == nil {
			limit = ColdMaxIter
		}
		if err := solvePaths(pr, &s.pf, GapTol, limit, &s.ws); err != nil {
			return err
		}
		s.Gap, s.Iters, s.settled = s.pf.Sol.Gap, s.pf.Sol.Iters, s.pf.Sol.Converged
		s.planFree = append(s.planFree[:0], pr.Free...)
		s.freeMoved = false
		s.planShare = s.planShare[:0]
		for _, d := range pr.Demand {
			s.planShare = append(s.planShare, d/total)
		}
	}
	sol := &s.pf.Sol
	for e, arc := range n.EdgeArc {
		x := sol.X[arc[0]] + sol.X[arc[1]]
		s.EdgeFlow[e] = x
		// As max(RoadFlow[r], x) for the flows here (no NaN, no −0),
		// without the builtin's special cases.
		if r := n.EdgeRoad[e]; x > s.RoadFlow[r] {
			s.RoadFlow[r] = x
		}
	}
	for i, a := range n.PortArc {
		s.next[i] = sol.S[a] * (1 - p.BaseLoss)
	}
	return nil
}

// withinReplan says whether this month's costs and split of production
// are within the re-planning threshold x of the month that last planned:
// every arc's free cost within a share x of its cost then, and every
// producing area's share of production within a share x of its share
// then. Loss hazards do not enter route choice (survivors are recomputed
// every month along the kept paths). x = 0 asks for the very same problem
// up to the scale of shipments, whose equilibrium is the planning month's
// rescaled.
func (s *State) withinReplan(pr *Problem, total, x float64) bool {
	if len(s.planFree) != len(pr.Free) || len(s.planShare) != len(pr.Demand) {
		return false
	}
	// Costs not recomputed since the planning month are planFree's.
	if s.freeMoved {
		for a, c := range pr.Free {
			if math.Abs(c-s.planFree[a]) > x*math.Abs(s.planFree[a]) {
				return false
			}
		}
	}
	for o, d := range pr.Demand {
		if math.Abs(d/total-s.planShare[o]) > x*s.planShare[o] {
			return false
		}
	}
	return true
}

// CostProblem returns the assignment problem Step solves for in: demands
// per producing area and arc costs. It lives in s and is overwritten by the
// next Step. Tools that route outside the simulation (bench/routing) use it.
func CostProblem(p Params, n *Network, in Inputs, s *State) *Problem {
	pr, _ := p.problem(n, in, s)
	return pr
}

// problem fills s's problem for in and returns it with the total demand.
func (p Params) problem(n *Network, in Inputs, s *State) (*Problem, float64) {
	// Demand: each producing state's production split over its areas.
	var count [geo.NumStates]int
	for _, st := range n.OriginState {
		count[st]++
	}
	total := 0.0
	for o, st := range n.OriginState {
		s.prob.Demand[o] = in.Production[st] / float64(count[st])
		total += s.prob.Demand[o]
	}
	if total > 0 {
		if s.sameCostInputs(p, in) {
			p.capacities(n, total, &s.prob)
		} else {
			// The loss hazards follow troops, effort and the seizure
			// rate only: a month whose port risks alone moved keeps the
			// survival factors (and the months that keep their routes
			// their flows by producing state, PathFlows.follow).
			if !s.costSet || s.costP.TroopSeizure != p.TroopSeizure || s.costTroops != *in.Troops || s.costEffort != in.Effort {
				s.ws.survOK = false
			}
			p.costs(n, in, total, &s.prob)
			s.costSet, s.costP, s.costTroops, s.costEffort = true, p, *in.Troops, in.Effort
			s.costCatch = append(s.costCatch[:0], in.PortCatch...)
			s.costCatchOK = in.PortCatch != nil
			s.freeMoved = true
		}
	}
	return &s.prob, total
}

// sameCostInputs says whether the arc costs in s's problem were computed
// from p and in's troops, effort and port risks, so that only the
// capacities, which follow the month's total, need setting.
func (s *State) sameCostInputs(p Params, in Inputs) bool {
	if !s.costSet || s.costP != p || s.costTroops != *in.Troops || s.costEffort != in.Effort ||
		s.costCatchOK != (in.PortCatch != nil) || len(s.costCatch) != len(in.PortCatch) {
		return false
	}
	for i, x := range in.PortCatch {
		if x != s.costCatch[i] {
			return false
		}
	}
	return true
}

// capacities sets the arc capacities for the month's total shipment, as
// costs does.
func (p Params) capacities(n *Network, total float64, pr *Problem) {
	for _, arcs := range n.EdgeArc {
		for _, a := range arcs {
			pr.Cap[a] = p.CapShare * total
		}
	}
	for _, a := range n.PortArc {
		pr.Cap[a] = p.PortShare * total
	}
}

// costs fills the problem's arc costs for this month.
func (p Params) costs(n *Network, in Inputs, total float64, pr *Problem) {
	pr.P, pr.Theta = p.Power, p.Dispersion
	ratios := [3]float64{classToll: 1, classFederal: p.FederalRatio, classSecondary: p.SecondaryRatio}
	for e, ed := range n.edges {
		troops, rival := 0.0, 0.0
		for _, st := range [2]int{ed.from, ed.to} {
			if st >= 0 {
				troops += in.Troops[st] / 2
				rival += n.Rival[st] / 2
			}
		}
		troops *= in.Effort / 1e4
		t := ed.km * ratios[ed.class] * (1 + p.TroopCost*troops + p.RivalCost*rival)
		h := p.TroopSeizure * troops * ed.km / 100
		for _, a := range n.EdgeArc[e] {
			pr.Free[a], pr.Slope[a], pr.Cap[a], pr.Hazard[a] = t, p.Congestion*t, p.CapShare*total, h
		}
	}
	lo := math.Inf(1)
	for _, a := range p.Attract {
		lo = min(lo, a)
	}
	for i, pt := range n.Net.Ports {
		a := n.PortArc[i]
		risk := 0.0
		if in.PortCatch != nil {
			risk = in.PortCatch[i]
		}
		pr.Free[a] = p.Attract[pt.Office] - lo + p.PortRisk*risk
		pr.Slope[a], pr.Cap[a], pr.Hazard[a] = p.PortCongestion, p.PortShare*total, 0
	}
}

// Clone returns a copy of s that steps on its own (sim.RunAll branches
// runs into scenarios from a shared past). The network and the graph are
// shared; they are never written.
func (s *State) Clone() *State {
	c := *s
	c.EdgeFlow, c.RoadFlow = clone.Slice(s.EdgeFlow), clone.Slice(s.RoadFlow)
	c.PortArrivals, c.next = clone.Slice(s.PortArrivals), clone.Slice(s.next)
	c.prob = s.prob.clone()
	c.pf = s.pf.clone()
	c.ws = s.ws.clone()
	c.planFree, c.planShare = clone.Slice(s.planFree), clone.Slice(s.planShare)
	c.costCatch = clone.Slice(s.costCatch)
	return &c
}

func (p Problem) clone() Problem {
	p.Free, p.Slope, p.Cap = clone.Slice(p.Free), clone.Slice(p.Slope), clone.Slice(p.Cap)
	p.Hazard, p.Demand = clone.Slice(p.Hazard), clone.Slice(p.Demand)
	return p // G and Origins are the network's
}

func (pf PathFlows) clone() PathFlows {
	sol := &pf.Sol
	sol.X, sol.S, sol.Demand = clone.Slice(sol.X), clone.Slice(sol.S), clone.Slice(sol.Demand)
	sol.XO, sol.SO = clone.Nested(sol.XO), clone.Nested(sol.SO)
	// A path's arcs are never written once kept; new paths of either copy
	// go to a new arena, not after the shared one's end.
	pf.paths, pf.portFree = clone.Nested(pf.paths), clone.Slice(pf.portFree)
	pf.groups, pf.groupRef = clone.Nested(pf.groups), clone.Slice(pf.groupRef)
	pf.arena = pf.arena[:len(pf.arena):len(pf.arena)]
	return pf
}

func (w Workspace) clone() Workspace {
	if w.tree != nil {
		t := *w.tree
		t.Dist, t.Pred, t.mark = clone.Slice(t.Dist), clone.Slice(t.Pred), clone.Slice(t.mark)
		t.heap = heap{key: clone.Slice(t.heap.key), node: clone.Slice(t.heap.node), pos: clone.Slice(t.heap.pos)}
		w.tree = &t
	}
	if w.fwd != nil {
		t := *w.fwd
		t.Dist, t.Pred, t.mark = clone.Slice(t.Dist), clone.Slice(t.Pred), clone.Slice(t.mark)
		t.heap = heap{key: clone.Slice(t.heap.key), node: clone.Slice(t.heap.node), pos: clone.Slice(t.heap.pos)}
		w.fwd = &t
	}
	w.pc, w.pr, w.pw, w.target = clone.Slice(w.pc), clone.Slice(w.pr), clone.Slice(w.pw), clone.Slice(w.target)
	w.portIdx, w.ports, w.pj, w.pin = clone.Slice(w.portIdx), clone.Slice(w.ports), clone.Slice(w.pj), clone.Slice(w.pin)
	w.pres, w.pder, w.pvar, w.ph, w.px = clone.Slice(w.pres), clone.Slice(w.pder), clone.Slice(w.pvar), clone.Slice(w.ph), clone.Slice(w.px)
	w.pstep, w.pexact = clone.Slice(w.pstep), clone.Slice(w.pexact)
	w.pov, w.pof = clone.Slice(w.pov), clone.Slice(w.pof)
	w.pcost, w.pv, w.py = clone.Slice(w.pcost), clone.Slice(w.pv), clone.Slice(w.py)
	w.dx, w.touch, w.cols = clone.Slice(w.dx), clone.Slice(w.touch), clone.Slice(w.cols)
	w.lx, w.lc, w.ld = clone.Slice(w.lx), clone.Slice(w.lc), clone.Slice(w.ld)
	w.gx, w.gs = clone.Slice(w.gx), clone.Slice(w.gs)
	w.cost, w.surv, w.der, w.xAt = clone.Slice(w.cost), clone.Slice(w.surv), clone.Slice(w.der), clone.Slice(w.xAt)
	w.stamp, w.path, w.active = clone.Slice(w.stamp), clone.Slice(w.path), clone.Slice(w.active)
	w.y, w.ys, w.sb, w.sbs = clone.Slice(w.y), clone.Slice(w.ys), clone.Slice(w.sb), clone.Slice(w.sbs)
	w.yo, w.yso, w.sbo, w.sbso = clone.Nested(w.yo), clone.Nested(w.yso), clone.Nested(w.sbo), clone.Nested(w.sbso)
	return w // g and rev are the graph's and its reverse, never written
}
