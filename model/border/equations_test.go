package border_test

import (
	"math"
	"testing"

	"github.com/cartelsim/cartelsim/geo"
	"github.com/cartelsim/cartelsim/model/border"
	"github.com/cartelsim/cartelsim/params"
)

// registryDefaults returns the module's registry defaults.
func registryDefaults(tb testing.TB) border.Params {
	tb.Helper()
	reg, err := params.New(border.Parameters())
	if err != nil {
		tb.Fatal(err)
	}
	return border.FromValues(reg.Defaults())
}

// onePerOffice is a network of one port per field office, each in the
// sector of its main crossing (geo.Sectors: San Diego, Tucson, El Paso,
// Laredo).
func onePerOffice(tb testing.TB) *border.Network {
	tb.Helper()
	n, err := border.NewNetwork([]border.Port{{Office: 0, Sector: 0}, {Office: 1, Sector: 3}, {Office: 2, Sector: 4}, {Office: 3, Sector: 7}})
	if err != nil {
		tb.Fatal(err)
	}
	return n
}

// officeArrivals is a month of arrivals per port, kg, in the proportions
// of CBP's FY2024 field-office split of southwest-border fentanyl seizures
// (Tucson 57%, San Diego 27%; CBP Nationwide Drug Seizures), the rest
// split between El Paso and Laredo.
var officeArrivals = []float64{270, 570, 60, 100}

// TestStepEquations holds Step to the package equations, port by port:
//
//	q'     = 1 − (1 − q)(1 − t·I)           (intelligence-led targeting)
//	p_port = 1 − (1 − q')(1 − d·x)
//	b      = min(0.9, b₀·(p_port/p_port₀)^κ)
//	seized_port = A·(1 − b)·p_port,  seized_between = A·b·p_bp
func TestStepEquations(t *testing.T) {
	t.Parallel()
	const tol = 1e-12
	net := onePerOffice(t)
	for _, tt := range []struct {
		name     string
		scan     []float64
		intel    float64
		displace float64
	}{
		{"status quo", nil, 0, 1},
		{"scanning raised at two ports", []float64{0.4, 0, 1, 0}, 0, 1},
		{"intelligence sharing", nil, 0.8, 1},
		{"both, kappa 1.5", []float64{0.3, 0.3, 0.3, 0.3}, 0.5, 1.5},
		{"no displacement", []float64{1, 1, 1, 1}, 1, 0},
		{"displacement capped at 0.9", []float64{1, 1, 1, 1}, 1, 3},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := registryDefaults(t)
			p.Displace = tt.displace
			in := border.Inputs{Arrivals: officeArrivals, Scan: tt.scan, Intel: tt.intel}
			s := border.Init(net)
			border.Step(p, net, in, s)
			p0 := 1 - (1-p.Other)*(1-p.Detect*p.Scan0)
			q := 1 - (1-p.Other)*(1-p.IntelTargeting*tt.intel)
			var between [9]float64
			seized, delivered := 0.0, 0.0
			for i, a := range officeArrivals {
				x := p.Scan0 // zero or a nil slice means the status quo
				if tt.scan != nil && tt.scan[i] != 0 {
					x = tt.scan[i]
				}
				pc := 1 - (1-q)*(1-p.Detect*x)
				b := min(0.9, p.Between0*math.Pow(pc/p0, p.Displace))
				if math.Abs(s.PortCatch[i]-pc) > tol {
					t.Errorf("port %d: catch %.15g, want %.15g", i, s.PortCatch[i], pc)
				}
				if want := a * (1 - b) * pc; math.Abs(s.SeizedPort[i]-want) > tol*a {
					t.Errorf("port %d: seized %.12g, want %.12g", i, s.SeizedPort[i], want)
				}
				if want := a * (1 - b); math.Abs(s.Crossings[i]-want) > tol*a {
					t.Errorf("port %d: crossings %.12g, want %.12g", i, s.Crossings[i], want)
				}
				between[net.Ports[i].Sector] += a * b * p.BetweenCatch
				seized += a*(1-b)*pc + a*b*p.BetweenCatch
				delivered += a*(1-b)*(1-pc) + a*b*(1-p.BetweenCatch)
			}
			for k, want := range between {
				if math.Abs(s.SeizedBetween[k]-want) > tol*1000 {
					t.Errorf("sector %s: seized %.12g, want %.12g", geo.Sectors()[k].Short, s.SeizedBetween[k], want)
				}
			}
			if math.Abs(s.Seized-seized) > tol*1000 || math.Abs(s.Delivered-delivered) > tol*1000 {
				t.Errorf("seized %g delivered %g, want %g and %g", s.Seized, s.Delivered, seized, delivered)
			}
			// Catch, which routes reads as a crossing risk, agrees with Step.
			out := make([]float64, len(net.Ports))
			border.Catch(p, net, in, out)
			for i := range out {
				if out[i] != s.PortCatch[i] {
					t.Errorf("port %d: Catch %g, Step %g", i, out[i], s.PortCatch[i])
				}
			}
		})
	}
}

// TestScanZeroIsStatusQuo: a zero scan share, or no slice at all, means
// the status-quo share, not "no scanning"; PortCatch(0) is the catch with
// no scanning, the other-catch probability q.
func TestScanZeroIsStatusQuo(t *testing.T) {
	t.Parallel()
	p := registryDefaults(t)
	net := onePerOffice(t)
	a, b, c := border.Init(net), border.Init(net), border.Init(net)
	border.Step(p, net, border.Inputs{Arrivals: officeArrivals}, a)
	border.Step(p, net, border.Inputs{Arrivals: officeArrivals, Scan: make([]float64, 4)}, b)
	border.Step(p, net, border.Inputs{Arrivals: officeArrivals, Scan: []float64{p.Scan0, p.Scan0, p.Scan0, p.Scan0}}, c)
	if a.Seized != b.Seized || a.Seized != c.Seized || a.Delivered != c.Delivered {
		t.Errorf("seized %g (nil), %g (zeros), %g (x₀)", a.Seized, b.Seized, c.Seized)
	}
	if got := p.PortCatch(0); math.Abs(got-p.Other) > 1e-15 {
		t.Errorf("PortCatch(0) = %g, want q = %g", got, p.Other)
	}
}

// TestIntelTargetingCatchesMore: more intelligence sharing raises every
// port's catch and cuts what gets through.
func TestIntelTargetingCatchesMore(t *testing.T) {
	t.Parallel()
	p := registryDefaults(t)
	net := onePerOffice(t)
	prev := border.Init(net)
	border.Step(p, net, border.Inputs{Arrivals: officeArrivals}, prev)
	for _, intel := range []float64{0.25, 0.5, 1} {
		s := border.Init(net)
		border.Step(p, net, border.Inputs{Arrivals: officeArrivals, Intel: intel}, s)
		for i := range officeArrivals {
			if s.PortCatch[i] <= prev.PortCatch[i] || s.SeizedPort[i] <= prev.SeizedPort[i] {
				t.Errorf("intel %g, port %d: catch %g seized %g, not above %g and %g", intel, i, s.PortCatch[i], s.SeizedPort[i], prev.PortCatch[i], prev.SeizedPort[i])
			}
		}
		if s.Delivered >= prev.Delivered {
			t.Errorf("intel %g: delivered %g, not below %g", intel, s.Delivered, prev.Delivered)
		}
		prev = s
	}
}

// TestStepResets: a month's Step replaces the previous month's sums.
func TestStepResets(t *testing.T) {
	t.Parallel()
	p := registryDefaults(t)
	net := onePerOffice(t)
	s := border.Init(net)
	border.Step(p, net, border.Inputs{Arrivals: officeArrivals}, s)
	seized, between := s.Seized, append([]float64(nil), s.SeizedBetween...)
	border.Step(p, net, border.Inputs{Arrivals: officeArrivals}, s)
	if s.Seized != seized || s.SeizedBetween[3] != between[3] {
		t.Errorf("second identical month: seized %g, Tucson sector %g; first %g, %g", s.Seized, s.SeizedBetween[3], seized, between[3])
	}
	border.Step(p, net, border.Inputs{Arrivals: make([]float64, 4)}, s)
	if s.Seized != 0 || s.Delivered != 0 || s.SeizedPorts != [4]float64{} {
		t.Errorf("no arrivals: seized %g, delivered %g, by office %v", s.Seized, s.Delivered, s.SeizedPorts)
	}
}
