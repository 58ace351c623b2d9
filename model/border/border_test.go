package border

import (
	"math"
	"sync"
	"testing"

	"github.com/cartelsim/cartelsim/geo"
	"github.com/cartelsim/cartelsim/params"
)

var (
	defOnce sync.Once
	defVal  Params
	defErr  error
)

// defaults returns the registry defaults of the module, read once.
func defaults(tb testing.TB) Params {
	tb.Helper()
	defOnce.Do(func() {
		var reg *params.Registry
		if reg, defErr = params.New(Parameters()); defErr == nil {
			defVal = FromValues(reg.Defaults())
		}
	})
	if defErr != nil {
		tb.Fatal(defErr)
	}
	return defVal
}

// evenNetwork splits each office's between-ports crossings evenly.
func evenNetwork(tb testing.TB) *Network {
	tb.Helper()
	n, err := NewNetwork(make([]float64, len(geo.Sectors())))
	if err != nil {
		tb.Fatal(err)
	}
	return n
}

// arrivals is a month of arrivals per field office, kg, in the proportions
// of CBP's FY2024 split of southwest-border fentanyl seizures (Tucson 57%,
// San Diego 27%; CBP Nationwide Drug Seizures, as cited by routes'
// attract_* parameters), the rest split between El Paso and Laredo.
var arrivals = [4]float64{270, 570, 60, 100}

func TestNewNetwork(t *testing.T) {
	t.Parallel()
	const tol = 1e-15
	// Sectors by office (geo.Sectors): 0: San Diego, El Centro; 1: Yuma,
	// Tucson; 2: El Paso, Big Bend; 3: Del Rio, Laredo, Rio Grande Valley.
	for _, tt := range []struct {
		name    string
		weights []float64
		want    []float64
		wantErr bool
	}{
		{"normalised per office", []float64{1, 3, 2, 2, 5, 0, 1, 1, 2}, []float64{0.25, 0.75, 0.5, 0.5, 1, 0, 0.25, 0.25, 0.5}, false},
		{"already shares", []float64{0.5, 0.5, 0.1, 0.9, 0.3, 0.7, 0.2, 0.2, 0.6}, []float64{0.5, 0.5, 0.1, 0.9, 0.3, 0.7, 0.2, 0.2, 0.6}, false},
		{"zero office splits evenly", []float64{0, 0, 7, 1, 0, 0, 0, 0, 0}, []float64{0.5, 0.5, 0.875, 0.125, 0.5, 0.5, 1.0 / 3, 1.0 / 3, 1.0 / 3}, false},
		{"all zero", make([]float64, 9), []float64{0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 1.0 / 3, 1.0 / 3, 1.0 / 3}, false},
		{"negative weight", []float64{1, -1, 1, 1, 1, 1, 1, 1, 1}, nil, true},
		{"too few", []float64{1, 1, 1}, nil, true},
		{"too many", make([]float64, 10), nil, true},
		{"nil", nil, nil, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			n, err := NewNetwork(tt.weights)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("NewNetwork(%v) succeeded", tt.weights)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var office [4]float64
			for i, sc := range geo.Sectors() {
				if math.Abs(n.SectorShare[i]-tt.want[i]) > tol {
					t.Errorf("sector %s share %g, want %g", sc.Short, n.SectorShare[i], tt.want[i])
				}
				office[sc.Office] += n.SectorShare[i]
			}
			for o, x := range office {
				if math.Abs(x-1) > 1e-12 {
					t.Errorf("office %d shares sum to %g", o, x)
				}
			}
		})
	}
}

func TestPortCatch(t *testing.T) {
	t.Parallel()
	const tol = 1e-15
	p := defaults(t)
	// No scanning leaves only the other means of catching a load.
	if got := p.PortCatch(0); math.Abs(got-p.Other) > tol {
		t.Errorf("PortCatch(0) = %g, want the other-catch probability %g", got, p.Other)
	}
	// Scanning every vehicle: 1 − (1 − q)(1 − d).
	if got, want := p.PortCatch(1), 1-(1-p.Other)*(1-p.Detect); math.Abs(got-want) > tol {
		t.Errorf("PortCatch(1) = %g, want %g", got, want)
	}
	prev := -1.0
	for x := 0.0; x <= 1; x += 0.05 {
		pc := p.PortCatch(x)
		if pc <= prev || pc < 0 || pc > 1 {
			t.Fatalf("PortCatch(%g) = %g after %g", x, pc, prev)
		}
		prev = pc
	}
}

// TestStepBalance: every kilogram that arrives is seized at a port,
// seized between ports or delivered, with seizures as the package
// equations give them.
func TestStepBalance(t *testing.T) {
	t.Parallel()
	const tol = 1e-12
	p := defaults(t)
	net, err := NewNetwork([]float64{1, 3, 2, 2, 5, 0, 1, 1, 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		set  func(*Params)
		scan [4]float64
	}{
		{"status quo", func(*Params) {}, [4]float64{}},
		{"more scanning at Tucson", func(*Params) {}, [4]float64{0, 0.4, 0, 0}},
		{"full scanning everywhere", func(*Params) {}, [4]float64{1, 1, 1, 1}},
		{"strong displacement, capped at 0.9", func(p *Params) { p.Displace = 3 }, [4]float64{1, 1, 1, 1}},
		{"no displacement", func(p *Params) { p.Displace = 0 }, [4]float64{0.5, 0.5, 0.5, 0.5}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := p
			tt.set(&p)
			s := Init(net)
			Step(p, net, Inputs{Arrivals: arrivals, Scan: tt.scan}, s)
			tot := arrivals[0] + arrivals[1] + arrivals[2] + arrivals[3]
			if got := s.Seized + s.Delivered; math.Abs(got-tot) > tol*tot {
				t.Errorf("seized %g + delivered %g = %g, arrivals %g", s.Seized, s.Delivered, got, tot)
			}
			p0 := p.PortCatch(p.Scan0)
			sum := 0.0
			for o, a := range arrivals {
				x := tt.scan[o]
				if x == 0 {
					x = p.Scan0 // zero means the status quo
				}
				pc := p.PortCatch(x)
				b := min(0.9, p.Between0*math.Pow(pc/p0, p.Displace))
				if math.Abs(s.PortCatch[o]-pc) > tol {
					t.Errorf("office %d: PortCatch %g, want %g", o, s.PortCatch[o], pc)
				}
				if want := a * (1 - b) * pc; math.Abs(s.SeizedPorts[o]-want) > tol*a {
					t.Errorf("office %d: seized at ports %g, want %g", o, s.SeizedPorts[o], want)
				}
				between := 0.0
				for i, sc := range geo.Sectors() {
					if sc.Office == o {
						between += s.SeizedBetween[i]
					}
				}
				if want := a * b * p.BetweenCatch; math.Abs(between-want) > tol*a {
					t.Errorf("office %d: seized between ports %g, want %g", o, between, want)
				}
				sum += s.SeizedPorts[o] + between
			}
			if math.Abs(sum-s.Seized) > tol*tot {
				t.Errorf("seizures sum to %g, Seized %g", sum, s.Seized)
			}
		})
	}
}

// TestScanningBalloon: raising the scan share at one office raises its
// port seizures and pushes crossings between ports (the balloon effect of
// Magliocca et al. 2019), so Border Patrol seizes more there too; fewer
// kilograms get through. Other offices are unaffected.
func TestScanningBalloon(t *testing.T) {
	t.Parallel()
	p := defaults(t)
	net := evenNetwork(t)
	const office = 1 // Tucson
	betweenAt := func(s *State) float64 {
		x := 0.0
		for i, sc := range geo.Sectors() {
			if sc.Office == office {
				x += s.SeizedBetween[i]
			}
		}
		return x
	}
	var prev *State
	// From the status-quo 5% (CBP 2023) to every vehicle.
	for _, scan := range []float64{0.05, 0.1, 0.2, 0.4, 0.7, 1} {
		s := Init(net)
		var sc [4]float64
		sc[office] = scan
		Step(p, net, Inputs{Arrivals: arrivals, Scan: sc}, s)
		if prev != nil {
			if s.SeizedPorts[office] <= prev.SeizedPorts[office] {
				t.Errorf("scan %g: port seizures %g, not above %g", scan, s.SeizedPorts[office], prev.SeizedPorts[office])
			}
			if betweenAt(s) <= betweenAt(prev) {
				t.Errorf("scan %g: between-ports seizures %g, not above %g (no balloon)", scan, betweenAt(s), betweenAt(prev))
			}
			if s.Delivered >= prev.Delivered {
				t.Errorf("scan %g: delivered %g, not below %g", scan, s.Delivered, prev.Delivered)
			}
			for o := range arrivals {
				if o != office && s.SeizedPorts[o] != prev.SeizedPorts[o] {
					t.Errorf("scan at office %d moved office %d's seizures", office, o)
				}
			}
		}
		prev = s
	}
	// With κ = 0 there is no balloon: between-ports seizures stay put.
	p.Displace = 0
	a, b := Init(net), Init(net)
	Step(p, net, Inputs{Arrivals: arrivals}, a)
	Step(p, net, Inputs{Arrivals: arrivals, Scan: [4]float64{0, 1, 0, 0}}, b)
	if betweenAt(a) != betweenAt(b) {
		t.Errorf("κ = 0: between-ports seizures %g → %g", betweenAt(a), betweenAt(b))
	}
}

// TestScanZeroIsStatusQuo: Inputs.Scan zero means "the status quo share",
// not "no scanning".
func TestScanZeroIsStatusQuo(t *testing.T) {
	t.Parallel()
	p := defaults(t)
	net := evenNetwork(t)
	a, b := Init(net), Init(net)
	Step(p, net, Inputs{Arrivals: arrivals}, a)
	Step(p, net, Inputs{Arrivals: arrivals, Scan: [4]float64{p.Scan0, p.Scan0, p.Scan0, p.Scan0}}, b)
	if a.Seized != b.Seized || a.Delivered != b.Delivered || a.PortCatch != b.PortCatch {
		t.Errorf("scan 0: seized %g delivered %g; scan %g: seized %g delivered %g", a.Seized, a.Delivered, p.Scan0, b.Seized, b.Delivered)
	}
}

// TestStepResets: a Step overwrites the previous month rather than adding
// to it.
func TestStepResets(t *testing.T) {
	t.Parallel()
	p := defaults(t)
	net := evenNetwork(t)
	s := Init(net)
	Step(p, net, Inputs{Arrivals: arrivals}, s)
	first := *s
	first.SeizedBetween = append([]float64(nil), s.SeizedBetween...)
	Step(p, net, Inputs{Arrivals: arrivals}, s)
	if s.Seized != first.Seized || s.Delivered != first.Delivered {
		t.Errorf("second identical month: seized %g delivered %g, first %g %g", s.Seized, s.Delivered, first.Seized, first.Delivered)
	}
	Step(p, net, Inputs{}, s)
	if s.Seized != 0 || s.Delivered != 0 {
		t.Errorf("no arrivals: seized %g delivered %g", s.Seized, s.Delivered)
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		set  func(*Params)
		ok   bool
	}{
		{"defaults", func(*Params) {}, true},
		{"scan above 1", func(p *Params) { p.Scan0 = 1.1 }, false},
		{"negative detection", func(p *Params) { p.Detect = -0.1 }, false},
		{"other catch above 1", func(p *Params) { p.Other = 2 }, false},
		{"negative between share", func(p *Params) { p.Between0 = -0.01 }, false},
		{"between catch above 1", func(p *Params) { p.BetweenCatch = 1.5 }, false},
		{"certain catch is allowed", func(p *Params) { p.Other, p.BetweenCatch = 1, 1 }, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := defaults(t)
			tt.set(&p)
			if err := p.Validate(); (err == nil) != tt.ok {
				t.Errorf("Validate() = %v, want ok %v", err, tt.ok)
			}
		})
	}
}
