// Package border models inspection and seizures on the US southwest border,
// at ports of entry (CBP Office of Field Operations, by field office) and
// between ports (US Border Patrol, by sector).
//
// Seizures are an output of effort and flow, never a measure of flow (CRS
// R45812, 2019). Of what arrives at port p (routes picks the port), a share
// b crosses between ports in the port's Border Patrol sector; the rest
// goes through the port. At ports a shipment is
// caught by non-intrusive scanning, with probability d·x (x the share of
// vehicles scanned, d detection given a scan), or by other means
// (targeting, canine, secondary inspection) with probability q:
//
//	p_port = 1 − (1 − q)(1 − d·x)
//	b      = b₀·(p_port/p_port₀)^κ          (displacement between ports)
//	seized_port    = A_p·(1 − b)·p_port
//	seized_between = A_p·b·p_bp
//
// κ is the balloon effect of Magliocca et al. (2019): pressure at one
// crossing moves traffic to another; p_port₀ is the catch at the FY2023
// scan share. Each port's scan share x is a lever; without it x follows
// the status quo, CBP's scanning as it grew from under 2% of passenger
// vehicles in FY2021 to about 8% in FY2024 (StatusQuoScan); q is higher
// while the land ports were closed to non-essential travel, March 2020 to
// November 2021 (StatusQuoOther). routes also reads p_port as a cost, so
// inspection at one port moves loads to other ports as well as between
// ports.
package border

import (
	"fmt"
	"github.com/cartelsim/cartelsim/internal/clone"
	"math"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/geo"
	"github.com/cartelsim/cartelsim/params"
)

// LbsPerKg converts kilograms to pounds (CBP reports pounds).
const LbsPerKg = 2.20462262

// Params of the border module.
type Params struct {
	// Scan0 is x₀, the status-quo share of vehicles scanned in FY2023;
	// ScanFY2021 and ScanFY2024 are the shares in FY2021 and FY2024. The
	// status quo follows them month by month (StatusQuoScan).
	Scan0, ScanFY2021, ScanFY2024 float64
	// Detect is d, the probability a scan finds a concealed load.
	Detect float64
	// Other is q, the probability of a catch by other means at a port.
	Other float64
	// Restricted is the relative rise of q while the land ports were
	// closed to non-essential travel, RestrictedFrom..RestrictedTo.
	Restricted                   float64
	RestrictedFrom, RestrictedTo calendar.Month
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
	fit := "fitted jointly (issue 3) to CBP southwest-border fentanyl seizures FY2019-FY2024 and the health backcast: go test ./internal/calib -run TestRefit -refit -joint (internal/calib.JointLoss)"
	return []params.Param{
		{Name: m + ".scan_share_2023", Module: m, Unit: "1", Default: 0.05,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 0.02, Hi: 0.17},
			Source:      "CBP statements to Congress, 2023: non-intrusive scanning of about 2% of passenger and 17% of commercial vehicles at southwest land ports, with most fentanyl in passenger vehicles",
			Description: "share of vehicles scanned at ports in FY2023, the middle point of the status-quo path"},
		{Name: m + ".scan_share_fy2021", Module: m, Unit: "1", Default: 0.02,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 0.01, Hi: 0.05},
			Source:      "CBP Office of Field Operations, written testimony to the House Homeland Security Subcommittee on Border Security (2022): in FY2021 large-scale NII scanned less than 2% of primary passenger vehicles and 15% of commercial vehicles on the southwest border",
			Description: "share of vehicles scanned at ports in FY2021 (passenger vehicles, which carry most fentanyl)"},
		{Name: m + ".scan_share_fy2024", Module: m, Unit: "1", Default: 0.08,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 0.04, Hi: 0.15},
			Source:      "House Homeland Security Subcommittee on Border Security hearing on NII (January 2026; GAO-26-108767): in FY2024 CBP scanned about 8% of passenger vehicles and 27% of commercial vehicles",
			Description: "share of vehicles scanned at ports in FY2024"},
		{Name: m + ".detect_given_scan", Module: m, Unit: "1", Default: 0.6,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 0.3, Hi: 0.9},
			Source:      "assumption: image analysis misses small, well-concealed loads; no published detection rate for fentanyl",
			Description: "probability a scan finds a concealed load"},
		{Name: m + ".other_catch", Module: m, Unit: "1", Default: 0.08991,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 0.01, Hi: 0.3},
			Source:      "ANCHORS §4: seizure rate unknowable, prior 5-30% of flow (CRS R45812; NarcoLogic's 25% target for cocaine); set by fit",
			Fit:         fit,
			Description: "probability of a catch at a port by means other than scanning"},
		{Name: m + ".restriction_catch", Module: m, Unit: "1", Default: 0.2767,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 0, Hi: 1},
			Source:      "DHS restricted travel through the US-Mexico land ports to essential travel from 21 March 2020 (Federal Register notice of 24 March 2020, extended month by month) until it admitted vaccinated travellers on 8 November 2021, so officers faced fewer vehicles; CBP's southwest port fentanyl seizure events rose from 322 in FY2019 to 1,084 in FY2021 and fell to 863 in FY2022 while pounds kept rising (cbp_fentanyl_monthly); that the targeted catch rose by this share is an assumption, size set by fit",
			Fit:         fit,
			Description: "relative rise of the targeted-catch probability at ports while land ports were closed to non-essential travel (border.restricted_from..restricted_to)"},
		{Name: m + ".restricted_from", Module: m, Unit: "YYYYMM", Default: 202003,
			Prior:       params.Prior{Dist: params.Fixed, Lo: 202003, Hi: 202003},
			Source:      "DHS notification of temporary travel restrictions at the US-Mexico land ports: essential travel only from 11:59 pm EDT on 20 March 2020 (Federal Register 85 FR 16547, 24 March 2020), continued month by month",
			Description: "first month the southwest land ports were closed to non-essential travel"},
		{Name: m + ".restricted_to", Module: m, Unit: "YYYYMM", Default: 202111,
			Prior:       params.Prior{Dist: params.Fixed, Lo: 202111, Hi: 202111},
			Source:      "DHS announcement of 12 October 2021 (AILA Doc. No. 21101300) that fully vaccinated non-essential travellers would be admitted at the land and ferry ports, which they were from 8 November 2021; November 2021 counts as restricted (the model's months are whole)",
			Description: "last month the southwest land ports were closed to non-essential travel"},
		{Name: m + ".between_share", Module: m, Unit: "1", Default: 0.077,
			Prior:       params.Prior{Dist: params.Uniform, Lo: 0.03, Hi: 0.4},
			Source:      "CBP Nationwide Drug Seizures FY2019-FY2024: 85-90% of southwest fentanyl seizures at ports (ANCHORS T14)",
			Fit:         "set with the joint fit (issue 3) so that 87.3-87.6% of southwest fentanyl seizures are made at ports each year FY2019-FY2024, the middle of CBP's 85-90% (sim.TestBorderFit)",
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
		ScanFY2021:     v.Get("border.scan_share_fy2021"),
		ScanFY2024:     v.Get("border.scan_share_fy2024"),
		Detect:         v.Get("border.detect_given_scan"),
		Other:          v.Get("border.other_catch"),
		Restricted:     v.Get("border.restriction_catch"),
		RestrictedFrom: v.Month("border.restricted_from"),
		RestrictedTo:   v.Month("border.restricted_to"),
		Between0:       v.Get("border.between_share"),
		Displace:       v.Get("border.displacement"),
		BetweenCatch:   v.Get("border.between_catch"),
		IntelTargeting: v.Get("border.intel_targeting"),
	}
}

// Validate checks the parameters.
func (p Params) Validate() error {
	for _, x := range []float64{p.Scan0, p.ScanFY2021, p.ScanFY2024, p.Detect, p.Other, p.Between0, p.BetweenCatch} {
		if x < 0 || x > 1 {
			return fmt.Errorf("border: probability %g outside [0,1]", x)
		}
	}
	if err := calendar.Ordered([]string{"border.restricted_from", "border.restricted_to"}, p.RestrictedFrom, p.RestrictedTo); err != nil {
		return fmt.Errorf("border: %w", err)
	}
	return nil
}

// StatusQuoScan is the status-quo share of vehicles scanned in month t:
// ScanFY2021 up to the middle of FY2021 (March 2021), then linear to
// Scan0 in the middle of FY2023 and to ScanFY2024 in the middle of FY2024,
// flat after. CBP began scanning at pre-primary lanes in 2020 and deployed
// most new systems in FY2023-FY2024 (GAO-25-107379).
func (p Params) StatusQuoScan(t calendar.Month) float64 {
	a, b, c := calendar.Of(2021, 3), calendar.Of(2023, 3), calendar.Of(2024, 3)
	switch {
	case t <= a:
		return p.ScanFY2021
	case t <= b:
		return p.ScanFY2021 + (p.Scan0-p.ScanFY2021)*float64(t-a)/float64(b-a)
	case t <= c:
		return p.Scan0 + (p.ScanFY2024-p.Scan0)*float64(t-b)/float64(c-b)
	}
	return p.ScanFY2024
}

// StatusQuoOther is the status-quo targeted-catch probability q in month
// t: Other, raised by the share Restricted while the land ports were
// closed to non-essential travel.
func (p Params) StatusQuoOther(t calendar.Month) float64 {
	if t >= p.RestrictedFrom && t <= p.RestrictedTo {
		return min(1, p.Other*(1+p.Restricted))
	}
	return p.Other
}

// PortCatch is p_port at scan share x.
func (p Params) PortCatch(x float64) float64 { return p.portCatch(x, 0) }

// portCatch is p_port at scan share x and intelligence sharing intel
// (scaled by cooperation), which raises the targeted catch q.
func (p Params) portCatch(x, intel float64) float64 {
	return p.portCatchQ(x, intel, p.Other)
}

// portCatchQ is portCatch with the targeted catch q given.
func (p Params) portCatchQ(x, intel, other float64) float64 {
	q := 1 - (1-other)*(1-p.IntelTargeting*intel)
	return 1 - (1-q)*(1-p.Detect*x)
}

// Port is one land port of entry as border sees it.
type Port struct {
	// Office and Sector index geo.FieldOffices and geo.Sectors: the field
	// office that runs the port and the Border Patrol sector around it,
	// where loads diverted from the port cross between ports.
	Office, Sector int
}

// Network is the list of ports.
type Network struct {
	Ports []Port
}

// NewNetwork checks the ports' offices and sectors.
func NewNetwork(ports []Port) (*Network, error) {
	if len(ports) == 0 {
		return nil, fmt.Errorf("border: no ports")
	}
	for i, p := range ports {
		if p.Office < 0 || p.Office >= len(geo.FieldOffices()) || p.Sector < 0 || p.Sector >= len(geo.Sectors()) {
			return nil, fmt.Errorf("border: port %d: office %d or sector %d out of range", i, p.Office, p.Sector)
		}
	}
	return &Network{Ports: ports}, nil
}

// State is the month's border outcome, kg.
type State struct {
	// SeizedPort and Crossings are per port: seized at the port, and what
	// tried to cross there (arrivals less the share diverted between ports).
	SeizedPort []float64
	Crossings  []float64
	// PortCatch is each port's catch probability this month.
	PortCatch []float64
	// SeizedPorts sums SeizedPort by field office.
	SeizedPorts [4]float64
	// SeizedBetween is Border Patrol's catch per sector.
	SeizedBetween []float64
	Seized        float64
	Delivered     float64
	// disp is the last (pc/p0)^Displace that Step computed, at ratio
	// dispAt and exponent dispExp (valid if dispOK): most ports share
	// their catch probability, month after month, and math.Pow is most
	// of Step's cost where Displace is not 1.
	disp, dispAt, dispExp float64
	dispOK                bool
}

// Init allocates the state.
func Init(n *Network) *State {
	k := len(n.Ports)
	return &State{SeizedPort: make([]float64, k), Crossings: make([]float64, k), PortCatch: make([]float64, k),
		SeizedBetween: make([]float64, len(geo.Sectors()))}
}

// Inputs are arrivals and inspection.
type Inputs struct {
	// Arrivals per port, kg.
	Arrivals []float64
	// Scan is the share of vehicles scanned per port; zero (or a nil
	// slice) means the status quo.
	Scan []float64
	// Intel is intelligence sharing scaled by cooperation (0 = status quo).
	Intel float64
	// Other is this month's status-quo targeted catch (StatusQuoOther);
	// zero means Params.Other.
	Other float64
	// StatusQuo is this month's status-quo scan share (StatusQuoScan);
	// zero means Scan0.
	StatusQuo float64
}

// Catch fills out with each port's catch probability p_port at the scan
// shares and intelligence of in (Arrivals is not read); routes uses it as
// the risk of crossing there.
func Catch(p Params, n *Network, in Inputs, out []float64) {
	sq := in.statusQuo(p)
	q := p.Other
	if in.Other > 0 {
		q = in.Other
	}
	for i := range n.Ports {
		x := 0.0
		if in.Scan != nil {
			x = in.Scan[i]
		}
		if x == 0 {
			x = sq
		}
		out[i] = p.portCatchQ(x, in.Intel, q)
	}
}

func (in Inputs) statusQuo(p Params) float64 {
	if in.StatusQuo > 0 {
		return in.StatusQuo
	}
	return p.Scan0
}

// Step splits arrivals into seizures and deliveries.
func Step(p Params, n *Network, in Inputs, s *State) {
	s.Seized, s.Delivered = 0, 0
	s.SeizedPorts = [4]float64{}
	clear(s.SeizedBetween)
	p0 := p.PortCatch(p.Scan0)
	Catch(p, n, in, s.PortCatch)
	for i, pt := range n.Ports {
		pc := s.PortCatch[i]
		b := p.Between0
		if p0 > 0 {
			if r := pc / p0; !s.dispOK || r != s.dispAt || p.Displace != s.dispExp {
				s.disp, s.dispAt, s.dispExp, s.dispOK = pow(r, p.Displace), r, p.Displace, true
			}
			b = min(0.9, p.Between0*s.disp)
		}
		a := in.Arrivals[i]
		s.Crossings[i] = a * (1 - b)
		s.SeizedPort[i] = a * (1 - b) * pc
		s.SeizedPorts[pt.Office] += s.SeizedPort[i]
		s.SeizedBetween[pt.Sector] += a * b * p.BetweenCatch
		s.Seized += s.SeizedPort[i] + a*b*p.BetweenCatch
		s.Delivered += a*(1-b)*(1-pc) + a*b*(1-p.BetweenCatch)
	}
}

func pow(x, y float64) float64 {
	if y == 1 {
		return x
	}
	return math.Pow(x, y)
}

// Clone returns a copy of s that steps on its own (sim.RunAll branches
// runs into scenarios from a shared past).
func (s *State) Clone() *State {
	c := *s
	c.SeizedPort, c.Crossings, c.PortCatch = clone.Slice(s.SeizedPort), clone.Slice(s.Crossings), clone.Slice(s.PortCatch)
	c.SeizedBetween = clone.Slice(s.SeizedBetween)
	return &c
}
