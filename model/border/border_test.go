package border

import (
	"math"
	"strings"
	"testing"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/geo"
	"github.com/cartelsim/cartelsim/params"
)

func defaults(tb testing.TB) Params {
	tb.Helper()
	reg, err := params.New(Parameters())
	if err != nil {
		tb.Fatal(err)
	}
	return FromValues(reg.Defaults())
}

// testNet has two ports per field office, each in a sector of that
// office's stretch of border (geo.Sectors).
func testNet(tb testing.TB) *Network {
	tb.Helper()
	n, err := NewNetwork([]Port{{0, 0}, {0, 1}, {1, 2}, {1, 3}, {2, 4}, {2, 5}, {3, 6}, {3, 8}})
	if err != nil {
		tb.Fatal(err)
	}
	return n
}

// arrivals per port, kg: CBP's FY2024 split of southwest-border fentanyl
// seizures by field office (Tucson 57%, San Diego 27%; CBP Nationwide Drug
// Seizures), halved between each office's two ports.
var arrivals = []float64{135, 135, 285, 285, 30, 30, 50, 50}

func TestPortCatch(t *testing.T) {
	const tol = 1e-15
	p := defaults(t)
	if got := p.PortCatch(0); math.Abs(got-p.Other) > tol {
		t.Errorf("PortCatch(0) = %g, want the other-catch probability %g", got, p.Other)
	}
	if got, want := p.PortCatch(1), 1-(1-p.Other)*(1-p.Detect); math.Abs(got-want) > tol {
		t.Errorf("PortCatch(1) = %g, want %g", got, want)
	}
}

// TestStepBalance: every kilogram is seized at a port, seized between
// ports or delivered, and the sums by office and sector add up.
func TestStepBalance(t *testing.T) {
	p := defaults(t)
	n := testNet(t)
	s := Init(n)
	for _, scan := range [][]float64{nil, {0.5, 0, 0, 1, 0, 0, 0.2, 0}} {
		Step(p, n, Inputs{Arrivals: arrivals, Scan: scan, Intel: 0.5}, s)
		tot, ports, between, offices := 0.0, 0.0, 0.0, 0.0
		for i, a := range arrivals {
			tot += a
			ports += s.SeizedPort[i]
		}
		for _, x := range s.SeizedBetween {
			between += x
		}
		for _, x := range s.SeizedPorts {
			offices += x
		}
		if math.Abs(ports+between-s.Seized) > 1e-9 || math.Abs(s.Seized+s.Delivered-tot) > 1e-9 || math.Abs(offices-ports) > 1e-9 {
			t.Errorf("scan %v: seized %g (ports %g, offices %g, between %g), delivered %g, arrived %g", scan, s.Seized, ports, offices, between, s.Delivered, tot)
		}
	}
}

// TestScanningBalloon: scanning more at one port raises its seizures and
// pushes loads between ports in its sector (Magliocca et al. 2019); other
// ports are untouched here (routes moves loads between ports).
func TestScanningBalloon(t *testing.T) {
	p := defaults(t)
	n := testNet(t)
	const port = 3 // a Tucson-office port in the Tucson sector
	var prev *State
	for _, scan := range []float64{0.05, 0.2, 0.5, 1} {
		s := Init(n)
		sc := make([]float64, len(arrivals))
		sc[port] = scan
		Step(p, n, Inputs{Arrivals: arrivals, Scan: sc}, s)
		if prev != nil {
			if s.SeizedPort[port] <= prev.SeizedPort[port] {
				t.Errorf("scan %g: port seizures %g, not above %g", scan, s.SeizedPort[port], prev.SeizedPort[port])
			}
			if s.SeizedBetween[3] <= prev.SeizedBetween[3] {
				t.Errorf("scan %g: Tucson-sector seizures %g, not above %g (no balloon)", scan, s.SeizedBetween[3], prev.SeizedBetween[3])
			}
			if s.Crossings[port] >= prev.Crossings[port] {
				t.Errorf("scan %g: crossings at the port %g, not below %g", scan, s.Crossings[port], prev.Crossings[port])
			}
			for i := range arrivals {
				if i != port && s.SeizedPort[i] != prev.SeizedPort[i] {
					t.Errorf("scan at port %d moved port %d's seizures", port, i)
				}
			}
		}
		prev = s
	}
}

func TestNewNetworkRejectsBadPorts(t *testing.T) {
	if _, err := NewNetwork([]Port{{4, 0}}); err == nil {
		t.Error("office 4 accepted")
	}
	if _, err := NewNetwork([]Port{{0, len(geo.Sectors())}}); err == nil {
		t.Error("sector out of range accepted")
	}
	if _, err := NewNetwork(nil); err == nil {
		t.Error("no ports accepted")
	}
}

func TestValidate(t *testing.T) {
	p := defaults(t)
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	p.Other = 1.5
	if err := p.Validate(); err == nil {
		t.Error("probability 1.5 accepted")
	}
}

func BenchmarkStep(b *testing.B) {
	p := defaults(b)
	n := testNet(b)
	s := Init(n)
	in := Inputs{Arrivals: arrivals}
	for b.Loop() {
		Step(p, n, in, s)
	}
}

// TestStatusQuoScan: the status quo runs through the three sourced points
// (FY2021, FY2023, FY2024 midpoints) and is flat outside them.
func TestStatusQuoScan(t *testing.T) {
	p := defaults(t)
	for _, c := range []struct {
		t    calendar.Month
		want float64
	}{
		{calendar.Of(2015, 1), p.ScanFY2021},
		{calendar.Of(2021, 3), p.ScanFY2021},
		{calendar.Of(2022, 3), (p.ScanFY2021 + p.Scan0) / 2},
		{calendar.Of(2023, 3), p.Scan0},
		{calendar.Of(2024, 3), p.ScanFY2024},
		{calendar.Of(2030, 1), p.ScanFY2024},
	} {
		if got := p.StatusQuoScan(c.t); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("StatusQuoScan(%v) = %g, want %g", c.t, got, c.want)
		}
	}
	// The status quo given in Inputs sets the catch of unlevered ports.
	n := testNet(t)
	out := make([]float64, len(n.Ports))
	Catch(p, n, Inputs{StatusQuo: p.ScanFY2024}, out)
	if math.Abs(out[0]-p.PortCatch(p.ScanFY2024)) > 1e-15 {
		t.Errorf("catch %g at the FY2024 status quo, want %g", out[0], p.PortCatch(p.ScanFY2024))
	}
}

// TestRestrictionCatch: the targeted catch q is higher by Restricted while
// the land ports were closed to non-essential travel (March 2020 to
// November 2021, DHS) and Other outside it, and Catch uses the month's q
// given in Inputs.
func TestRestrictionCatch(t *testing.T) {
	p := defaults(t)
	p.Restricted = 0.25
	for _, c := range []struct {
		t    calendar.Month
		want float64
	}{
		{calendar.Of(2020, 2), p.Other},
		{calendar.Of(2020, 3), p.Other * 1.25},
		{calendar.Of(2021, 11), p.Other * 1.25},
		{calendar.Of(2021, 12), p.Other},
	} {
		if got := p.StatusQuoOther(c.t); math.Abs(got-c.want) > 1e-15 {
			t.Errorf("StatusQuoOther(%v) = %g, want %g", c.t, got, c.want)
		}
	}
	n, err := NewNetwork([]Port{{Office: 1, Sector: 3}})
	if err != nil {
		t.Fatal(err)
	}
	normal, closed := make([]float64, 1), make([]float64, 1)
	Catch(p, n, Inputs{}, normal)
	Catch(p, n, Inputs{Other: p.StatusQuoOther(calendar.Of(2020, 6))}, closed)
	want := 1 - (1-p.Other*1.25)*(1-p.Detect*p.Scan0)
	if math.Abs(closed[0]-want) > 1e-15 || closed[0] <= normal[0] {
		t.Errorf("catch while closed %g (want %g), normally %g", closed[0], want, normal[0])
	}
}

func TestValidateDates(t *testing.T) {
	p := defaults(t)
	if p.RestrictedFrom != calendar.Of(2020, 3) || p.RestrictedTo != calendar.Of(2021, 11) {
		t.Fatalf("restricted %v..%v, want 2020-03..2021-11", p.RestrictedFrom, p.RestrictedTo)
	}
	p.RestrictedFrom, p.RestrictedTo = p.RestrictedTo, p.RestrictedFrom
	if err := p.Validate(); err == nil || !strings.Contains(err.Error(), "border.restricted_to (2020-03) is before border.restricted_from (2021-11)") {
		t.Errorf("reversed window: %v", err)
	}
	p.RestrictedFrom = 0
	if err := p.Validate(); err == nil || !strings.Contains(err.Error(), "border.restricted_from is not a month") {
		t.Errorf("unread month: %v", err)
	}
}
