package diplomacy

import (
	"math"
	"testing"

	"github.com/cartelsim/cartelsim/internal/paramtest"
)

// defaults returns the module's parameters at the registry defaults.
func defaults(tb testing.TB) Params {
	tb.Helper()
	return paramtest.Defaults(tb, Parameters(), FromValues)
}

func mustInit(tb testing.TB, p Params) *State {
	tb.Helper()
	s, err := Init(p)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// TestUnilateralThenRecovery: a year of unilateral operations lowers C by
// δ·U/12 a month (less what recovery wins back); once they stop, the gap
// to C₀ closes as (1 − 1/τ)^n, the monthly form of exp(−t/τ).
func TestUnilateralThenRecovery(t *testing.T) {
	t.Parallel()
	const tol = 1e-12
	for _, tt := range []struct {
		name       string
		unilateral float64 // operations per year
		recovery   float64 // τ, months
	}{
		{"defaults, 12 a year", 12, 24},
		{"fast recovery", 12, 6},
		{"slow recovery", 4, 60},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := defaults(t)
			p.Recovery = tt.recovery
			s := mustInit(t, p)
			c := p.Base
			for n := 1; n <= 12; n++ {
				Step(p, Inputs{Unilateral: tt.unilateral}, s)
				c += (p.Base-c)/p.Recovery - p.Shock*tt.unilateral/12
				if math.Abs(s.C-c) > tol {
					t.Fatalf("month %d: C = %.15g, want %.15g", n, s.C, c)
				}
			}
			if s.C >= p.Base {
				t.Fatalf("C = %g after a year of unilateral operations, C₀ = %g", s.C, p.Base)
			}
			gap := p.Base - s.C
			for n := 1; n <= 120; n++ {
				Step(p, Inputs{}, s)
				want := p.Base - gap*math.Pow(1-1/p.Recovery, float64(n))
				if math.Abs(s.C-want) > tol {
					t.Fatalf("%d months after: C = %.15g, want %.15g", n, s.C, want)
				}
			}
			// Compared with the continuous exp(−t/τ): after τ months the gap
			// is (1 − 1/τ)^τ, between e^(−1)·(1 − 1/τ) and e^(−1).
			left := math.Pow(1-1/p.Recovery, p.Recovery)
			if left > math.Exp(-1) || left < math.Exp(-1)*(1-1/p.Recovery) {
				t.Errorf("gap left after τ: %g, want about e⁻¹ = %g", left, math.Exp(-1))
			}
		})
	}
}

// TestIntelRaisesLevel: with sharing I, C settles at C* = min(1, C₀ + γ·I).
func TestIntelRaisesLevel(t *testing.T) {
	t.Parallel()
	const tol = 1e-9
	p := defaults(t)
	prev := -1.0
	for _, intel := range []float64{0, 0.25, 0.5, 1} {
		s := mustInit(t, p)
		for range 1000 { // about 40 τ
			Step(p, Inputs{Intel: intel}, s)
		}
		want := min(1, p.Base+p.IntelLift*intel)
		if math.Abs(s.C-want) > tol {
			t.Errorf("intel %g: C settles at %g, want %g", intel, s.C, want)
		}
		if s.C <= prev {
			t.Errorf("intel %g: C %g not above %g", intel, s.C, prev)
		}
		prev = s.C
	}
	// The target is capped at 1.
	p.Base, p.IntelLift = 0.9, 0.4
	s := mustInit(t, p)
	for range 1000 {
		Step(p, Inputs{Intel: 1}, s)
	}
	if math.Abs(s.C-1) > tol {
		t.Errorf("C settles at %g, want the cap 1", s.C)
	}
}

// TestCooperationBounded: C stays in [0, 1] whatever the inputs.
func TestCooperationBounded(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		p    func(*Params)
		in   Inputs
	}{
		{"massive unilateral campaign", func(*Params) {}, Inputs{Unilateral: 1000}},
		{"huge intelligence lift", func(p *Params) { p.IntelLift = 10 }, Inputs{Intel: 1}},
		{"fast recovery from zero", func(p *Params) { p.Recovery = 1; p.Base = 1 }, Inputs{Unilateral: 52}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := defaults(t)
			tt.p(&p)
			s := mustInit(t, p)
			for n := range 240 {
				Step(p, tt.in, s)
				if s.C < 0 || s.C > 1 || math.IsNaN(s.C) {
					t.Fatalf("month %d: C = %g", n+1, s.C)
				}
			}
		})
	}
}

// TestLabStrikesCountAsOperations: striking a share x of lab capacity
// unilaterally costs as much cooperation as LabOps·x leadership
// operations.
func TestLabStrikesCountAsOperations(t *testing.T) {
	t.Parallel()
	const tol = 1e-15
	p := defaults(t)
	a, b := mustInit(t, p), mustInit(t, p)
	for range 24 {
		Step(p, Inputs{UnilateralLabs: 0.3}, a)
		Step(p, Inputs{Unilateral: 0.3 * p.LabOps}, b)
		if math.Abs(a.C-b.C) > tol {
			t.Fatalf("lab strikes: C = %.15g, equivalent operations %.15g", a.C, b.C)
		}
	}
	if a.C >= p.Base {
		t.Errorf("unilateral lab strikes left C at %g", a.C)
	}
	// Consented strikes do not cost cooperation.
	c := mustInit(t, p)
	for range 24 {
		Step(p, Inputs{Strikes: 12, StrikeLabs: 0.3}, c)
	}
	if math.Abs(c.C-p.Base) > tol {
		t.Errorf("consented strikes moved C to %g", c.C)
	}
}

// TestEffort: Mexican effort rises with US pressure, sanctions plus strike
// operations as a share of FullPressureOps, capped at 1:
//
//	effort = 1 + pressure_effort·min(1, S + min(1, ops/full))
func TestEffort(t *testing.T) {
	t.Parallel()
	const tol = 1e-15
	p := defaults(t)
	s := mustInit(t, p)
	if s.Effort != 1 || s.C != p.Base {
		t.Fatalf("Init: %+v", *s)
	}
	for _, tt := range []struct {
		name     string
		in       Inputs
		pressure float64
	}{
		{"none", Inputs{}, 0},
		{"half sanctions", Inputs{Sanctions: 0.5}, 0.5},
		{"half the full campaign", Inputs{Strikes: p.FullPressureOps / 2}, 0.5},
		{"lab strikes", Inputs{StrikeLabs: 0.3}, min(1, 0.3*p.LabOps/p.FullPressureOps)},
		{"sanctions and strikes, capped", Inputs{Sanctions: 0.8, Strikes: p.FullPressureOps}, 1},
		{"unilateral strikes alone add no pressure", Inputs{Unilateral: 12}, 0},
	} {
		Step(p, tt.in, s)
		if want := 1 + p.Pressure*tt.pressure; math.Abs(s.Effort-want) > tol {
			t.Errorf("%s: effort %g, want %g", tt.name, s.Effort, want)
		}
	}
}

func TestScale(t *testing.T) {
	t.Parallel()
	const tol = 1e-15
	p := defaults(t)
	for _, tt := range []struct{ c, want float64 }{
		{p.Base, 1},
		{0, 0},
		{p.Base / 2, 0.5},
		{1, 1 / p.Base},
	} {
		if got := p.Scale(tt.c); math.Abs(got-tt.want) > tol {
			t.Errorf("Scale(%g) = %g, want %g", tt.c, got, tt.want)
		}
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
		{"zero recovery", func(p *Params) { p.Recovery = 0 }, false},
		{"negative recovery", func(p *Params) { p.Recovery = -6 }, false},
		{"base below 0", func(p *Params) { p.Base = -0.1 }, false},
		{"base above 1", func(p *Params) { p.Base = 1.1 }, false},
		{"base 1 is allowed", func(p *Params) { p.Base = 1 }, true},
		{"zero full-pressure operations", func(p *Params) { p.FullPressureOps = 0 }, false},
		{"negative lab operations", func(p *Params) { p.LabOps = -1 }, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := defaults(t)
			tt.set(&p)
			err := p.Validate()
			if (err == nil) != tt.ok {
				t.Fatalf("Validate() = %v, want ok %v", err, tt.ok)
			}
			if _, ierr := Init(p); (ierr == nil) != tt.ok {
				t.Errorf("Init error %v, want ok %v", ierr, tt.ok)
			}
		})
	}
}

// TestScaleFiniteForValidParams: Validate refuses C₀ = 0, for which
// Scale(c) = c/C₀, multiplied into extraditions, intelligence and removals
// every month, would be infinite; every accepted C₀ gives a finite Scale.
func TestScaleFiniteForValidParams(t *testing.T) {
	t.Parallel()
	p := defaults(t)
	p.Base = 0
	if err := p.Validate(); err == nil {
		t.Fatal("Validate accepts base cooperation 0")
	}
	for _, base := range []float64{1e-3, 0.5, 1} {
		p.Base = base
		if err := p.Validate(); err != nil {
			t.Fatalf("Validate rejects base %g: %v", base, err)
		}
		s := mustInit(t, p)
		for range 12 {
			Step(p, Inputs{Intel: 0.5, Unilateral: 20}, s)
			if x := p.Scale(s.C); math.IsNaN(x) || math.IsInf(x, 0) {
				t.Fatalf("base %g: Scale(%g) = %g", base, s.C, x)
			}
		}
	}
}
