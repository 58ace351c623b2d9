// Command sobolpts prints the first points of cartelsim's Sobol' sequence
// (origin first) as CSV, for comparison with SciPy's in bench/ensemble.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/cartelsim/cartelsim/sensitivity"
)

func main() {
	dim := flag.Int("dim", sensitivity.MaxDim(), "dimensions")
	n := flag.Int("n", 4096, "points, the origin included")
	flag.Parse()
	s, err := sensitivity.NewSobol(*dim)
	if err != nil {
		fmt.Fprintln(os.Stderr, "sobolpts:", err)
		os.Exit(1)
	}
	start := time.Now()
	pts := make([][]float64, *n)
	pts[0] = make([]float64, *dim)
	for i := 1; i < *n; i++ {
		pts[i] = make([]float64, *dim)
		s.Next(pts[i])
	}
	fmt.Fprintf(os.Stderr, "go: %d points x %d dimensions in %.4f s\n", *n, *dim, time.Since(start).Seconds())
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	for _, p := range pts {
		for j, x := range p {
			if j > 0 {
				w.WriteByte(',')
			}
			w.WriteString(strconv.FormatFloat(x, 'g', -1, 64))
		}
		w.WriteByte('\n')
	}
}
