// Command health-bench integrates cartelsim's health ODE (model/health,
// six compartments plus cumulative deaths, monthly RK4) over ten years and
// compares it, in result and speed, with the same ODE solved by scipy's
// solve_ivp (ode.py) and R deSolve (ode.R). run.sh runs all three side by
// side; see bench/README.md.
//
// The benchmark holds the inputs constant (fentanyl share 0.9 at 12%
// purity, over-the-counter naloxone in full, no COVID-19) and misuse
// incidence flat (misuse_apc = 0) so that the ODE is autonomous and every
// tool integrates exactly the same right-hand side.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/model/health"
	"github.com/cartelsim/cartelsim/params"
)

// Problem is the ODE handed to the peer tools: per-year rates and the
// initial state (N, O, I, T, R, T_O).
type Problem struct {
	Years   float64            `json:"years"`
	Y0      [6]float64         `json:"y0"`
	Rates   map[string]float64 `json:"rates"`
	Comment string             `json:"comment"`
}

// Result is one tool's answer.
type Result struct {
	Tool    string     `json:"tool"`
	Seconds float64    `json:"seconds_per_solve"`
	Y       [6]float64 `json:"y_end"`
	Deaths  float64    `json:"deaths"`
}

var (
	start = calendar.Of(2025, 1)
	in    = health.Inputs{Share: 0.9, Purity: 12}
)

func main() {
	emit := flag.String("problem", "", "write the ODE (rates and initial state) as JSON to `FILE` and exit")
	peers := flag.String("peers", "", "comma-separated JSON result files written by ode.py and ode.R")
	reps := flag.Int("reps", 20000, "Go solves to time")
	flag.Parse()
	if err := run(*emit, *peers, *reps); err != nil {
		fmt.Fprintln(os.Stderr, "health-bench:", err)
		os.Exit(1)
	}
}

func setup() (health.Params, *health.State, error) {
	reg, err := params.New(health.Parameters())
	if err != nil {
		return health.Params{}, nil, err
	}
	p := health.FromValues(reg.Defaults())
	p.MisuseAPC, p.Covid = 0, 0
	s, err := health.Init(p, start)
	return p, s, err
}

func run(emit, peers string, reps int) error {
	p, s0, err := setup()
	if err != nil {
		return err
	}
	// The rates of the benchmark's constant inputs, computed once, as the
	// peers receive them.
	r := p.RatesAt(start, in)
	if emit != "" {
		return writeProblem(emit, &r, s0)
	}
	// Best of five batches, as the peers time themselves: the machine is
	// shared, and the fastest batch is the least disturbed.
	var y [6]float64
	var deaths float64
	sec := math.Inf(1)
	for range 5 {
		t0 := time.Now()
		for range reps {
			y = s0.Y
			deaths = r.Integrate(&y, 120)
		}
		sec = min(sec, time.Since(t0).Seconds()/float64(reps))
	}
	// The same ten years through Step, which recomputes the rates and the
	// month's bookkeeping (death kinds, parts) every month.
	t0 := time.Now()
	var viaStep float64
	for range reps / 10 {
		st := *s0
		viaStep = 0
		for m := start; m < start+120; m++ {
			health.Step(m, p, in, &st)
			viaStep += st.OpioidDeaths
		}
	}
	stepSec := time.Since(t0).Seconds() / float64(reps/10)
	res := []Result{{Tool: "cartelsim (Go, RK4, monthly step)", Seconds: sec, Y: y, Deaths: deaths}}
	fmt.Printf("cartelsim through health.Step (rates and bookkeeping every month): %.3e s per solve, deaths %.0f\n", stepSec, viaStep)
	if peers != "" {
		for _, f := range strings.Split(peers, ",") {
			b, err := os.ReadFile(f)
			if err != nil {
				return err
			}
			var rs []Result
			if err := json.Unmarshal(b, &rs); err != nil {
				return fmt.Errorf("%s: %w", f, err)
			}
			res = append(res, rs...)
		}
	}
	fmt.Printf("%-44s %14s %12s %12s %12s  %s\n", "tool", "s per solve", "speed-up", "illicit I", "deaths", "max rel. diff vs Go")
	fastestPeer := math.Inf(1)
	for _, r := range res[1:] {
		fastestPeer = min(fastestPeer, r.Seconds)
	}
	sort.SliceStable(res[1:], func(i, j int) bool { return res[1+i].Seconds < res[1+j].Seconds })
	for _, r := range res {
		d := math.Abs(r.Deaths-deaths) / deaths
		for j := range y {
			d = max(d, math.Abs(r.Y[j]-y[j])/max(y[j], 1))
		}
		fmt.Printf("%-44s %14.3e %11.0fx %12.0f %12.0f  %.1e\n", r.Tool, r.Seconds, r.Seconds/sec, r.Y[health.I], r.Deaths, d)
	}
	if len(res) > 1 {
		fmt.Printf("Go is %.0fx faster than the fastest peer (bar: 100x)\n", fastestPeer/sec)
		if fastestPeer/sec < 100 {
			return fmt.Errorf("speed-up %.0fx below 100x", fastestPeer/sec)
		}
	}
	return nil
}

// writeProblem writes the rates Integrate uses, as health.RatesAt
// computes them, and the initial state.
func writeProblem(path string, r *health.Rates, s *health.State) error {
	pr := Problem{
		Years: 10,
		Y0:    s.Y,
		Rates: map[string]float64{
			"alpha": r.Alpha, "iota": r.Iota, "nToO": r.NtoO, "nToI": r.NtoI, "oToI": r.OtoI,
			"outN": r.OutN, "outO": r.OutO, "outI": r.OutI, "outT": r.OutT, "outTO": r.OutTO, "outR": r.OutR,
			"tau": r.Tau, "cap": r.Cap, "exitRem": r.ExitRem, "exitRel": r.ExitRel, "relapse": r.Relapse,
			"muN": r.MuN, "muO": r.MuO, "muI": r.MuI, "muT": r.MuT, "muTO": r.MuTO,
		},
		Comment: "cartelsim health ODE, 2025-2034, share 0.9, purity 12%, OTC naloxone on; rates per year, state in persons (N, O, I, T, R, T_O)",
	}
	b, err := json.MarshalIndent(pr, "", " ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}
