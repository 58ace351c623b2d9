// Package border models inspection and seizures on the US southwest border,
// at ports of entry (CBP Office of Field Operations, by field office) and
// between ports (US Border Patrol, by sector).
//
// Seizures are an output of effort and flow, never a measure of flow (CRS
// R45812, 2019). Of what arrives at field office o, a share b crosses
// between ports; the rest goes through the ports. At ports a shipment is
// caught by non-intrusive scanning, with probability d·x (x the share of
// vehicles scanned, d detection given a scan), or by other means
// (targeting, canine, secondary inspection) with probability q:
//
//	p_port = 1 − (1 − q)(1 − d·x)
//	b      = b₀·(p_port/p_port₀)^κ          (displacement between ports)
//	seized_ports  = A_o·(1 − b)·p_port
//	seized_between = A_o·b·p_bp
//
// κ is the balloon effect of Magliocca et al. (2019): pressure at one
// crossing moves traffic to another.
package border

import (
	"fmt"
	"math"

	"github.com/cartelsim/cartelsim/geo"
	"github.com/cartelsim/cartelsim/params"
)

// LbsPerKg converts kilograms to pounds (CBP reports pounds).
const LbsPerKg = 2.20462262

// Params of the border module.
type Params struct {
	// Scan0 is x₀, the status-quo share of vehicles scanned.
	Scan0 float64
	// Detect is d, the probability a scan finds a concealed load.
	Detect float64
	// Other is q, the probability of a catch by other means at a port.
	Other float64
	// Between0 is b₀, the status-quo share crossing between ports.
	Between0 float64
	// Displace is κ, the elasticity of b to port pressure.
	Displace float64
	// BetweenCatch is p_bp, the probability of a catch between ports.
	BetweenCatch float64
	// IntelTargeting is the rise in the probability of a targeted catch
	// at full intelligence sharing.
	IntelTargeting float64
}

// Parameters lists the module's registry entries.
func Parameters() []params.Param {
	const m = "border"
	fit := "fitted to CBP southwest-border fentanyl seizures FY2019-FY2024, ports and between ports (internal/fit)"
	return []params.Param{
		{Name: m + ".scan_share_2023", Module: m, Unit: "1", Default: 0.05,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 0.02, Hi: 0.17},
			Source:      "CBP statements to Congress, 2023: non-intrusive scanning of about 2% of passenger and 17% of commercial vehicles at southwest land ports, with most fentanyl in passenger vehicles",
			Description: "status-quo share of vehicles scanned at ports"},
		{Name: m + ".detect_given_scan", Module: m, Unit: "1", Default: 0.6,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 0.3, Hi: 0.9},
			Source:      "assumption: image analysis misses small, well-concealed loads; no published detection rate for fentanyl",
			Description: "probability a scan finds a concealed load"},
		{Name: m + ".other_catch", Module: m, Unit: "1", Default: 0.09761,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 0.01, Hi: 0.3},
			Source:      "ANCHORS §4: seizure rate unknowable, prior 5-30% of flow (CRS R45812; NarcoLogic's 25% target for cocaine); set by fit",
			Fit:         fit,
			Description: "probability of a catch at a port by means other than scanning"},
		{Name: m + ".between_share", Module: m, Unit: "1", Default: 0.05752,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 0.03, Hi: 0.4},
			Source:      "CBP Nationwide Drug Seizures FY2019-FY2024: 85-90% of southwest fentanyl seizures at ports (ANCHORS T14)",
			Fit:         fit,
			Description: "status-quo share of arrivals crossing between ports"},
		{Name: m + ".displacement", Module: m, Unit: "1", Default: 1,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 0, Hi: 3},
			Source:      "Magliocca et al. 2019 (PNAS 116:7784): interdiction pressure displaces traffic (balloon effect); elasticity is an assumption",
			Description: "elasticity of the between-ports share to port seizure probability"},
		{Name: m + ".between_catch", Module: m, Unit: "1", Default: 0.2013,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 0.02, Hi: 0.4},
			Source:      "CBP Nationwide Drug Seizures: Border Patrol fentanyl seizures are 10-15% of the southwest total; set by fit with between_share",
			Fit:         fit,
			Description: "probability a crossing between ports is caught"},
		{Name: m + ".intel_targeting", Module: m, Unit: "1", Default: 0.05,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 0, Hi: 0.2},
			Source:      "assumption: shared intelligence helps CBP target vehicles and shipments; no study measures it (ANCHORS §6)",
			Description: "rise of the targeted-catch probability at ports at full intelligence sharing"},
	}
}

// FromValues reads the parameters.
func FromValues(v params.Values) Params {
	return Params{
		Scan0:          v.Get("border.scan_share_2023"),
		Detect:         v.Get("border.detect_given_scan"),
		Other:          v.Get("border.other_catch"),
		Between0:       v.Get("border.between_share"),
		Displace:       v.Get("border.displacement"),
		BetweenCatch:   v.Get("border.between_catch"),
		IntelTargeting: v.Get("border.intel_targeting"),
	}
}

// Validate checks the parameters.
func (p Params) Validate() error {
	for _, x := range []float64{p.Scan0, p.Detect, p.Other, p.Between0, p.BetweenCatch} {
		if x < 0 || x > 1 {
			return fmt.Errorf("border: probability %g outside [0,1]", x)
		}
	}
	return nil
}

// PortCatch is p_port at scan share x.
func (p Params) PortCatch(x float64) float64 { return p.portCatch(x, 0) }

// portCatch is p_port at scan share x and intelligence sharing intel
// (scaled by cooperation), which raises the targeted catch q.
func (p Params) portCatch(x, intel float64) float64 {
	q := 1 - (1-p.Other)*(1-p.IntelTargeting*intel)
	return 1 - (1-q)*(1-p.Detect*x)
}

// Network fixes how each field office's between-ports crossings split over
// its Border Patrol sectors.
type Network struct {
	// SectorShare[i] is sector i's share of its office's between-ports
	// crossings.
	SectorShare []float64
}

// NewNetwork takes per-sector weights (e.g. observed Border Patrol
// seizures) and normalises them within each field office; an office whose
// sectors all weigh zero splits evenly.
func NewNetwork(weights []float64) (*Network, error) {
	sec := geo.Sectors()
	if len(weights) != len(sec) {
		return nil, fmt.Errorf("border: %d sector weights, want %d", len(weights), len(sec))
	}
	var tot [4]float64
	var cnt [4]int
	for i, s := range sec {
		if weights[i] < 0 {
			return nil, fmt.Errorf("border: negative weight for %s", s.Name)
		}
		tot[s.Office] += weights[i]
		cnt[s.Office]++
	}
	n := &Network{SectorShare: make([]float64, len(sec))}
	for i, s := range sec {
		if tot[s.Office] > 0 {
			n.SectorShare[i] = weights[i] / tot[s.Office]
		} else {
			n.SectorShare[i] = 1 / float64(cnt[s.Office])
		}
	}
	return n, nil
}

// State is the month's border outcome, kg.
type State struct {
	SeizedPorts   [4]float64 // by field office
	SeizedBetween []float64  // by sector
	Seized        float64
	Delivered     float64
	PortCatch     [4]float64
}

// Init allocates the state.
func Init(n *Network) *State { return &State{SeizedBetween: make([]float64, len(n.SectorShare))} }

// Inputs are arrivals and inspection.
type Inputs struct {
	// Arrivals per field office, kg.
	Arrivals [4]float64
	// Scan is the share of vehicles scanned per field office; zero means
	// the status quo.
	Scan [4]float64
	// Intel is intelligence sharing scaled by cooperation (0 = status quo).
	Intel float64
}

// Step splits arrivals into seizures and deliveries.
func Step(p Params, n *Network, in Inputs, s *State) {
	s.Seized, s.Delivered = 0, 0
	sec := geo.Sectors()
	p0 := p.PortCatch(p.Scan0)
	var between [4]float64
	for o := range in.Arrivals {
		x := in.Scan[o]
		if x == 0 {
			x = p.Scan0
		}
		pc := p.portCatch(x, in.Intel)
		s.PortCatch[o] = pc
		b := p.Between0
		if p0 > 0 {
			b = min(0.9, p.Between0*pow(pc/p0, p.Displace))
		}
		a := in.Arrivals[o]
		s.SeizedPorts[o] = a * (1 - b) * pc
		between[o] = a * b
		s.Seized += s.SeizedPorts[o]
		s.Delivered += a*(1-b)*(1-pc) + a*b*(1-p.BetweenCatch)
	}
	for i, sc := range sec {
		s.SeizedBetween[i] = between[sc.Office] * n.SectorShare[i] * p.BetweenCatch
		s.Seized += s.SeizedBetween[i]
	}
}

func pow(x, y float64) float64 {
	if y == 1 {
		return x
	}
	return math.Pow(x, y)
}
