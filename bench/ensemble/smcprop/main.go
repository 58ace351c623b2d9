// Command smcprop times calibrate.SMC with a distance that costs nothing,
// so that what it measures is the sampler's own cost per simulation: the
// proposals of generation 1 onwards, which perturb a particle with the
// Gaussian kernel and must land in the unit cube. It runs one prior
// generation and one perturbed generation per dimension.
//
//	go run ./bench/ensemble/smcprop -dims 1,10,20,30,43
package main

import (
	"context"
	"flag"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/cartelsim/cartelsim/calibrate"
)

func main() {
	dims := flag.String("dims", "1,10,20,30,43", "comma-separated dimensions (43: every fitted parameter today)")
	particles := flag.Int("particles", 20, "particles per generation")
	flag.Parse()
	for _, f := range strings.Split(*dims, ",") {
		d, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || d < 1 {
			fmt.Fprintf(os.Stderr, "smcprop: bad dimension %q\n", f)
			os.Exit(2)
		}
		var sims atomic.Int64
		p := calibrate.Problem{Dim: d, Distance: func(_ context.Context, u []float64) (float64, error) {
			sims.Add(1)
			s := 0.0
			for _, x := range u {
				s += (x - 0.3) * (x - 0.3)
			}
			return math.Sqrt(s), nil
		}}
		t := time.Now()
		if _, err := calibrate.SMC(context.Background(), p, calibrate.Options{Particles: *particles, Generations: 1, Seed: 1, Workers: 1}); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		el := time.Since(t)
		fmt.Printf("dimension %2d: %d simulations in %v, %v per simulation (the distance costs nothing)\n",
			d, sims.Load(), el.Round(time.Microsecond), (el / time.Duration(sims.Load())).Round(time.Nanosecond))
	}
}
