// Command orgs-bench runs the Prieto-Curiel, Campedelli & Hope (2023)
// recruitment model in Go (model/orgs) and compares it, week by week and
// in speed, with the R deSolve solution that bench/orgs/prieto.R wrote.
// run.sh runs both side by side; see bench/README.md.
package main

import (
	"encoding/csv"
	"flag"
	"fmt"
	"math"
	"os"
	"strconv"
	"time"

	"github.com/cartelsim/cartelsim/data"
	"github.com/cartelsim/cartelsim/model/orgs"
)

func main() {
	ref := flag.String("ref", "", "CSV written by prieto.R (required)")
	rsec := flag.Float64("r-seconds", 0, "deSolve seconds per 520-week solve, as prieto.R printed it")
	reps := flag.Int("reps", 200, "Go solves to time")
	step := flag.Int("step", 13, "RK4 step, weeks")
	flag.Parse()
	if err := run(*ref, *rsec, *reps, *step); err != nil {
		fmt.Fprintln(os.Stderr, "orgs-bench:", err)
		os.Exit(1)
	}
}

func run(ref string, rsec float64, reps, step int) error {
	if ref == "" {
		return fmt.Errorf("-ref is required")
	}
	want, err := readRef(ref)
	if err != nil {
		return err
	}
	d, err := data.Cartels()
	if err != nil {
		return err
	}
	net, err := orgs.NewNetwork(d)
	if err != nil {
		return err
	}
	p := orgs.Defaults()
	ph := orgs.Phase{In: orgs.StatusQuo(), Weeks: orgs.PaperWeeks}
	// Best of five batches, as the machine is shared; R's figure is the
	// best single solve, which favours R.
	var got []orgs.Week
	gsec := math.Inf(1)
	for range 5 {
		t0 := time.Now()
		for range reps {
			if got, err = orgs.PaperRun(p, net, step, ph); err != nil {
				return err
			}
		}
		gsec = min(gsec, time.Since(t0).Seconds()/float64(reps))
	}
	if len(got) != len(want) {
		return fmt.Errorf("weekly rows: Go %d, deSolve %d", len(got), len(want))
	}
	var worst [3]float64
	for i := 1; i < len(got); i++ {
		for j, pair := range [][2]float64{
			{got[i].Members, want[i][0]}, {got[i].Casualties, want[i][1]}, {got[i].Recruits, want[i][2]},
		} {
			worst[j] = max(worst[j], rel(pair[0], pair[1]))
		}
	}
	fmt.Println("week  members(Go)  members(R)  casualties(Go)  casualties(R)  recruits(Go)  recruits(R)")
	for _, k := range []int{1, 52, 104, 156, 208, 260, 312, 364, 416, 468, 520} {
		g, w := got[k], want[k]
		fmt.Printf("%4d  %11.0f  %10.0f  %14.2f  %13.2f  %12.2f  %11.2f\n", k, g.Members, w[0], g.Casualties, w[1], g.Recruits, w[2])
	}
	fmt.Printf("largest relative difference over 520 weeks: members %.1e, weekly casualties %.1e, weekly recruits %.1e (bar 1e-2)\n",
		worst[0], worst[1], worst[2])
	fmt.Printf("Go model/orgs, sparse conflict sum, RK4 %d-week steps + Hermite weekly output: %.6f s per 520-week solve (best of 5 batches of %d)\n", step, gsec, reps)
	if rsec > 0 {
		fmt.Printf("speed-up over deSolve: %.0fx\n", rsec/gsec)
	}
	if max(worst[0], worst[1], worst[2]) > 0.01 {
		return fmt.Errorf("agreement worse than 1%%")
	}
	if rsec > 0 && rsec/gsec < 50 {
		return fmt.Errorf("speed-up %.0fx below the 50x bar", rsec/gsec)
	}
	return nil
}

func rel(a, b float64) float64 {
	d := a - b
	if d < 0 {
		d = -d
	}
	return d / max(a, b, -a, -b)
}

// readRef returns members, casualties and recruits by week of the paper
// phase of prieto.R's output.
func readRef(path string) ([][3]float64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comment = '#'
	recs, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var out [][3]float64
	for i, rec := range recs[1:] {
		if len(rec) != 6 {
			return nil, fmt.Errorf("%s: row %d: %d columns, want 6", path, i+2, len(rec))
		}
		if rec[1] != "paper" {
			continue
		}
		var x [3]float64
		for j, c := range []int{2, 4, 3} {
			if x[j], err = strconv.ParseFloat(rec[c], 64); err != nil {
				return nil, fmt.Errorf("%s: row %d: %w", path, i+2, err)
			}
		}
		out = append(out, x)
	}
	return out, nil
}
