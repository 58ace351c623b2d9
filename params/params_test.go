package params

import (
	"math"
	"strings"
	"testing"
)

func good() Param {
	return Param{
		Name: "health.x", Module: "health", Unit: "per month", Default: 0.2,
		Prior: Prior{Uniform, 0.1, 0.5}, Source: "Chen et al. 2019", Description: "a rate",
	}
}

func TestCheckFindsEveryDefect(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		edit func(*Param)
		want string
	}{
		{"no unit", func(p *Param) { p.Unit = "" }, "no unit"},
		{"no source", func(p *Param) { p.Source = " " }, "no source"},
		{"no prior", func(p *Param) { p.Prior = Prior{} }, "no prior"},
		{"default outside", func(p *Param) { p.Default = 0.9 }, "outside its prior"},
		{"inverted prior", func(p *Param) { p.Prior.Lo = 0.6 }, "Lo >= Hi"},
		{"bad name", func(p *Param) { p.Name = "x" }, "prefixed"},
		{"nan", func(p *Param) { p.Default = math.NaN() }, "not finite"},
		{"fixed mismatch", func(p *Param) { p.Prior = Prior{Fixed, 1, 1} }, "fixed prior"},
	} {
		p := good()
		tt.edit(&p)
		err := p.Check()
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Check() = %v, want it to mention %q", tt.name, err, tt.want)
		}
	}
	if err := good().Check(); err != nil {
		t.Errorf("a good parameter failed: %v", err)
	}
}

func TestRegistryRejectsDuplicates(t *testing.T) {
	t.Parallel()
	if _, err := New([]Param{good()}, []Param{good()}); err == nil {
		t.Fatal("duplicate name accepted")
	}
}

func TestValuesSetAndClone(t *testing.T) {
	t.Parallel()
	r, err := New([]Param{good()})
	if err != nil {
		t.Fatal(err)
	}
	v := r.Defaults()
	w := v.Clone()
	if err := w.Set("health.x", 0.3); err != nil {
		t.Fatal(err)
	}
	if v.Get("health.x") != 0.2 || w.Get("health.x") != 0.3 {
		t.Errorf("clone shares storage: v=%g w=%g", v.Get("health.x"), w.Get("health.x"))
	}
	if err := w.Set("health.x", 5); err == nil {
		t.Error("value outside the prior accepted")
	}
	if err := w.Set("health.y", 0.3); err == nil || !strings.Contains(err.Error(), "health.x") {
		t.Errorf("unknown name: %v, want a suggestion of health.x", err)
	}
}

func TestQuantileStaysInSupport(t *testing.T) {
	t.Parallel()
	for _, pr := range []Prior{{Uniform, 1, 3}, {LogUniform, 0.01, 10}, {Triangular, 0, 4}} {
		for _, u := range []float64{0, 0.1, 0.5, 0.9, 1} {
			x := pr.Quantile(u, 1)
			if x < pr.Lo-1e-12 || x > pr.Hi+1e-12 {
				t.Errorf("%v.Quantile(%g) = %g outside support", pr, u, x)
			}
		}
		if lo, hi := pr.Quantile(0, 1), pr.Quantile(1, 1); math.Abs(lo-pr.Lo) > 1e-9 || math.Abs(hi-pr.Hi) > 1e-9 {
			t.Errorf("%v: ends map to %g, %g", pr, lo, hi)
		}
	}
}

func TestPriorCDFInvertsQuantile(t *testing.T) {
	for _, pr := range []Prior{{Dist: Uniform, Lo: 2, Hi: 5}, {Dist: LogUniform, Lo: 6, Hi: 600}, {Dist: Triangular, Lo: 0, Hi: 1}} {
		for _, u := range []float64{0.01, 0.25, 0.5, 0.9, 0.999} {
			if got := pr.CDF(pr.Quantile(u, 0.3), 0.3); math.Abs(got-u) > 1e-9 {
				t.Errorf("%v: CDF(Quantile(%g)) = %g", pr, u, got)
			}
		}
		if pr.CDF(pr.Lo-1, 0.3) != 0 || pr.CDF(pr.Hi+1, 0.3) != 1 {
			t.Errorf("%v: CDF outside the support is not 0 and 1", pr)
		}
	}
}
