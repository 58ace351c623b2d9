// Command outhash prints a SHA-256 of every value a run records, bit for
// bit, for each scenario named and for the defaults and a few parameter
// vectors drawn from the priors (ensemble run i's draw, seed 1): two
// builds whose lines are equal give byte-identical output.
// bench/ensemble/speed.sh compares the two sides of a speed change with it.
//
//	go run ./bench/ensemble/outhash -draws 6 baseline mexico-troops combined
package main

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"flag"
	"fmt"
	"hash"
	"math"
	"os"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/ensemble"
	"github.com/cartelsim/cartelsim/scenario"
	"github.com/cartelsim/cartelsim/sim"
)

// hasher feeds every recorded (month, variable, region, value) to h.
type hasher struct {
	h   hash.Hash
	buf []byte
}

func (r *hasher) Record(t calendar.Month, v, region string, x float64) error {
	r.buf = binary.LittleEndian.AppendUint64(r.buf[:0], uint64(t))
	r.buf = append(r.buf, v...)
	r.buf = append(r.buf, 0)
	r.buf = append(r.buf, region...)
	r.buf = append(r.buf, 0)
	r.buf = binary.LittleEndian.AppendUint64(r.buf, math.Float64bits(x))
	r.h.Write(r.buf)
	return nil
}

func main() {
	draws := flag.Int("draws", 6, "parameter vectors drawn from the priors, besides the defaults")
	flag.Parse()
	names := flag.Args()
	if len(names) == 0 {
		names = []string{"baseline"}
	}
	if err := run(names, *draws); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
}

func run(names []string, draws int) error {
	w, err := sim.LoadWorld()
	if err != nil {
		return err
	}
	reg, err := sim.Registry()
	if err != nil {
		return err
	}
	for _, name := range names {
		s, err := scenario.Builtin(name)
		if err != nil {
			return err
		}
		// Prior draws as the ensemble makes them (seed 1, the first draw
		// the model accepts).
		m, err := ensemble.NewModel(context.Background(), w, reg, []*scenario.Scenario{s}, ensemble.Prior{}, 1)
		if err != nil {
			return err
		}
		for i := -1; i < draws; i++ {
			v, label := reg.Defaults(), "defaults"
			if i >= 0 {
				if v, err = m.Params(context.Background(), uint64(i)); err != nil {
					return err
				}
				label = fmt.Sprintf("prior draw %d", i)
			}
			if err := s.CheckParams(v.Set); err != nil {
				return err
			}
			r := &hasher{h: sha256.New()}
			msg := "ok"
			if _, err := sim.Run(context.Background(), w, sim.Config{Scenario: s, Values: v, Run: uint64(max(i, 0))}, r); err != nil {
				msg = err.Error()
			}
			fmt.Printf("%s, %s: %x (%s)\n", name, label, r.h.Sum(nil)[:12], msg)
		}
	}
	return nil
}
