package sensitivity

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
)

const bitsN = 32

// Sobol generates a Sobol low-discrepancy sequence in [0,1)^Dim with the
// Joe–Kuo direction numbers (Bratley & Fox 1988, Algorithm 659, in Gray-code
// order after Antonov & Saleev 1979).
type Sobol struct {
	dim int
	v   [][bitsN]uint32
	x   []uint32
	n   uint32
}

// MaxDim is the largest dimension the transcribed table supports.
func MaxDim() int {
	rows, _ := table()
	return len(rows) + 1
}

type row struct {
	s, a uint32
	m    []uint32
}

var (
	tableOnce sync.Once
	tableRows []row
	tableErr  error
)

func table() ([]row, error) {
	tableOnce.Do(func() {
		for i, line := range strings.Split(strings.TrimSpace(joeKuo), "\n") {
			f := strings.Fields(line)
			nums := make([]uint32, len(f))
			for j, s := range f {
				x, err := strconv.ParseUint(s, 10, 32)
				if err != nil {
					tableErr = fmt.Errorf("sensitivity: direction table line %d: %w", i+1, err)
					return
				}
				nums[j] = uint32(x)
			}
			if len(nums) < 4 || int(nums[0]) != i+2 || int(nums[1]) != len(nums)-3 {
				tableErr = fmt.Errorf("sensitivity: direction table line %d is malformed", i+1)
				return
			}
			tableRows = append(tableRows, row{s: nums[1], a: nums[2], m: nums[3:]})
		}
	})
	return tableRows, tableErr
}

// NewSobol returns the sequence in dim dimensions. Its first point is the
// one after the origin, which the sequence starts with.
func NewSobol(dim int) (*Sobol, error) {
	rows, err := table()
	if err != nil {
		return nil, err
	}
	if dim < 1 || dim > len(rows)+1 {
		return nil, fmt.Errorf("sensitivity: Sobol dimension %d outside 1..%d", dim, len(rows)+1)
	}
	s := &Sobol{dim: dim, v: make([][bitsN]uint32, dim), x: make([]uint32, dim)}
	for k := range bitsN {
		s.v[0][k] = 1 << (bitsN - 1 - k)
	}
	for j := 1; j < dim; j++ {
		r := rows[j-1]
		v := &s.v[j]
		deg := int(r.s)
		for k := 0; k < bitsN; k++ {
			if k < deg {
				v[k] = r.m[k] << (bitsN - 1 - k)
				continue
			}
			v[k] = v[k-deg] ^ (v[k-deg] >> deg)
			for i := 1; i < deg; i++ {
				if (r.a>>(deg-1-i))&1 == 1 {
					v[k] ^= v[k-i]
				}
			}
		}
	}
	return s, nil
}

// Next writes the next point into out, which has Dim elements.
func (s *Sobol) Next(out []float64) {
	// The bit to flip is the lowest zero bit of the point count.
	c := 0
	for n := s.n; n&1 == 1; n >>= 1 {
		c++
	}
	s.n++
	for j := range s.dim {
		s.x[j] ^= s.v[j][c]
		out[j] = float64(s.x[j]) / (1 << bitsN)
	}
}
