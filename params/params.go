// Package params is the parameter registry: every number the model uses,
// with its unit, prior, source and the module that reads it.
//
// Modules declare their parameters as []Param; the engine gathers them into
// one Registry. A run reads its values from a Values vector, which starts at
// the defaults and takes overrides from a scenario or a posterior draw.
package params

import (
	"errors"
	"fmt"
	"github.com/cartelsim/cartelsim/calendar"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/cartelsim/cartelsim/internal/textdist"
)

// Dist names a prior distribution.
type Dist string

// The prior distributions a parameter may have.
const (
	// Uniform on [Lo, Hi].
	Uniform Dist = "uniform"
	// LogUniform: log x uniform on [log Lo, log Hi]; for scales spanning decades.
	LogUniform Dist = "loguniform"
	// Triangular on [Lo, Hi] with its mode at the default.
	Triangular Dist = "triangular"
	// Fixed: a definitional or physical constant, Lo = Hi = Default.
	Fixed Dist = "fixed"
)

// Prior is a parameter's prior distribution.
type Prior struct {
	Dist Dist
	// Lo and Hi bound the support.
	Lo, Hi float64
}

// String writes the prior as e.g. "uniform[0.1, 0.5]".
func (p Prior) String() string {
	return fmt.Sprintf("%s[%g, %g]", p.Dist, p.Lo, p.Hi)
}

// Param is one registry entry.
type Param struct {
	// Name is module-qualified and snake case, e.g. "health.naloxone_effect".
	Name string
	// Module is the model module that reads it, e.g. "health".
	Module string
	// Unit, e.g. "per month", "kg/month", "persons", "1" for dimensionless.
	Unit string
	// Default is the value used when nothing overrides it.
	Default float64
	// Prior is the prior distribution; Default lies within it.
	Prior Prior
	// Source is a citation, or "assumption: …" with the reasoning.
	Source string
	// Fit says how the default was fitted to observed data, or is empty for
	// a value taken as published.
	Fit string
	// Description says what the number means.
	Description string
}

// IsAssumption reports whether no study anchors the parameter.
func (p Param) IsAssumption() bool {
	return strings.HasPrefix(strings.ToLower(p.Source), "assumption")
}

// Check returns every defect of p: a missing unit, prior or source, or a
// default outside the prior.
func (p Param) Check() error {
	var errs []error
	bad := func(format string, a ...any) {
		errs = append(errs, fmt.Errorf("params: %s: "+format, append([]any{p.Name}, a...)...))
	}
	if p.Name == "" || strings.ContainsAny(p.Name, " \t,") || !strings.HasPrefix(p.Name, p.Module+".") {
		bad("name must be %q-prefixed and contain no spaces or commas", p.Module+".")
	}
	if p.Unit == "" {
		bad("no unit")
	}
	if strings.TrimSpace(p.Source) == "" {
		bad("no source")
	}
	if p.Description == "" {
		bad("no description")
	}
	switch p.Prior.Dist {
	case Uniform, Triangular:
		if !(p.Prior.Lo < p.Prior.Hi) {
			bad("prior %v has Lo >= Hi", p.Prior)
		}
	case LogUniform:
		if !(p.Prior.Lo > 0 && p.Prior.Lo < p.Prior.Hi) {
			bad("log-uniform prior %v needs 0 < Lo < Hi", p.Prior)
		}
	case Fixed:
		if p.Prior.Lo != p.Default || p.Prior.Hi != p.Default {
			bad("fixed prior %v must equal the default %g", p.Prior, p.Default)
		}
	case "":
		bad("no prior")
	default:
		bad("unknown prior distribution %q", p.Prior.Dist)
	}
	if math.IsNaN(p.Default) || math.IsInf(p.Default, 0) {
		bad("default %g is not finite", p.Default)
	} else if p.Default < p.Prior.Lo || p.Default > p.Prior.Hi {
		bad("default %g outside its prior %v", p.Default, p.Prior)
	}
	return errors.Join(errs...)
}

// Quantile maps u in [0,1] to the prior's inverse CDF; ensembles and
// sensitivity designs draw through it.
func (p Prior) Quantile(u float64, mode float64) float64 {
	switch p.Dist {
	case Uniform:
		return p.Lo + u*(p.Hi-p.Lo)
	case LogUniform:
		return math.Exp(math.Log(p.Lo) + u*(math.Log(p.Hi)-math.Log(p.Lo)))
	case Triangular:
		a, b, c := p.Lo, p.Hi, mode
		fc := (c - a) / (b - a)
		if u < fc {
			return a + math.Sqrt(u*(b-a)*(c-a))
		}
		return b - math.Sqrt((1-u)*(b-a)*(b-c))
	default:
		return p.Lo
	}
}

// CDF is the prior's cumulative probability at x, the inverse of
// Quantile (found by bisection, as Quantile is monotone): 0 at or below
// Lo, 1 at or above Hi.
func (p Prior) CDF(x float64, mode float64) float64 {
	if !(p.Hi > p.Lo) || x <= p.Lo {
		return 0
	}
	if x >= p.Hi {
		return 1
	}
	lo, hi := 0.0, 1.0
	for range 60 {
		if mid := (lo + hi) / 2; p.Quantile(mid, mode) < x {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

// Registry is the ordered set of every parameter.
type Registry struct {
	list  []Param
	index map[string]int
}

// New builds a registry from the modules' parameter lists. It fails on a
// duplicate name or any parameter that does not pass Check.
func New(lists ...[]Param) (*Registry, error) {
	r := &Registry{index: map[string]int{}}
	var errs []error
	for _, l := range lists {
		for _, p := range l {
			if _, dup := r.index[p.Name]; dup {
				errs = append(errs, fmt.Errorf("params: %s declared twice", p.Name))
				continue
			}
			if err := p.Check(); err != nil {
				errs = append(errs, err)
			}
			r.index[p.Name] = len(r.list)
			r.list = append(r.list, p)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return r, nil
}

// All returns the parameters in registry order. The slice is a copy.
func (r *Registry) All() []Param { return slices.Clone(r.list) }

// Len is the number of parameters.
func (r *Registry) Len() int { return len(r.list) }

// Lookup returns the parameter called name.
func (r *Registry) Lookup(name string) (Param, bool) {
	i, ok := r.index[name]
	if !ok {
		return Param{}, false
	}
	return r.list[i], true
}

// Suggest returns up to three registry names within a small edit distance
// of name, for error messages.
func (r *Registry) Suggest(name string) []string {
	type cand struct {
		name string
		d    int
	}
	var cs []cand
	for _, p := range r.list {
		if d := textdist.Levenshtein(name, p.Name); d <= max(2, len(name)/4) {
			cs = append(cs, cand{p.Name, d})
		}
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].d < cs[j].d })
	var out []string
	for i := 0; i < len(cs) && i < 3; i++ {
		out = append(out, cs[i].name)
	}
	return out
}

// Defaults returns a Values vector holding every default.
func (r *Registry) Defaults() Values {
	v := Values{reg: r, x: make([]float64, len(r.list))}
	for i, p := range r.list {
		v.x[i] = p.Default
	}
	return v
}

// Values is one assignment of a value to every parameter in a registry.
type Values struct {
	reg *Registry
	x   []float64
}

// Get returns the value of name. It panics on a name not in the registry:
// modules ask only for parameters they declared.
func (v Values) Get(name string) float64 {
	i, ok := v.reg.index[name]
	if !ok {
		panic(fmt.Sprintf("params: %q is not in the registry", name))
	}
	return v.x[i]
}

// Set assigns a value, checking that the name exists and the value is
// finite and within the prior's support.
func (v Values) Set(name string, x float64) error {
	i, ok := v.reg.index[name]
	if !ok {
		msg := fmt.Sprintf("params: unknown parameter %q", name)
		if s := v.reg.Suggest(name); len(s) > 0 {
			msg += fmt.Sprintf(" (did you mean %s?)", strings.Join(s, ", "))
		}
		return errors.New(msg)
	}
	p := v.reg.list[i]
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return fmt.Errorf("params: %s = %g is not finite", name, x)
	}
	if p.Prior.Dist != Fixed && (x < p.Prior.Lo || x > p.Prior.Hi) {
		return fmt.Errorf("params: %s = %g is outside its prior %v (%s)", name, x, p.Prior, p.Unit)
	}
	if p.Prior.Dist == Fixed && x != p.Default {
		return fmt.Errorf("params: %s is fixed at %g and cannot be set", name, p.Default)
	}
	v.x[i] = x
	return nil
}

// Clone returns an independent copy, so that ensemble members never share
// the backing array.
func (v Values) Clone() Values { return Values{reg: v.reg, x: slices.Clone(v.x)} }

// Month reads the date held by parameter name (unit YYYYMM, e.g. 202003
// for March 2020), or the zero Month if it is not one, which the module's
// Validate reports (calendar.Ordered).
func (v Values) Month(name string) calendar.Month {
	m, _ := calendar.FromYYYYMM(v.Get(name))
	return m
}

// Equal says whether v and o hold the same values of the same registry.
func (v Values) Equal(o Values) bool { return v.reg == o.reg && slices.Equal(v.x, o.x) }

// Vector returns the values in registry order (a copy).
func (v Values) Vector() []float64 { return slices.Clone(v.x) }

// Registry returns the registry v belongs to.
func (v Values) Registry() *Registry { return v.reg }
