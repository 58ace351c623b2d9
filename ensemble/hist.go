package ensemble

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// Summaries are kept as fixed-bin histograms, one per (variable, region,
// month) cell. A bin is a value's float64 exponent and its top MantissaBits
// mantissa bits, so bins are 2^-7 = 0.78% wide relative to their value, and a
// quantile read at a bin's midpoint is within 0.39% (relative) of the
// sample quantile it stands for. Counts are integers, so adding runs in any
// order, on any number of workers or shards, gives identical histograms,
// and memory grows with the spread of the values, not with the number of
// runs.
const (
	// MantissaBits sets the bin width: 2^-MantissaBits relative.
	MantissaBits = 7
	// Tiny is the smallest magnitude kept apart from zero; smaller values
	// count as zero.
	Tiny = 1e-9
	// RelAccuracy is the largest relative error of a reported quantile
	// against the sample quantile: half a bin.
	RelAccuracy = 1.0 / (2 << MantissaBits)
)

const shift = 52 - MantissaBits

var keyTiny = int64(math.Float64bits(Tiny) >> shift)

// key maps x to its bin: 0 for |x| < Tiny, positive and increasing for
// x >= Tiny, negative and mirrored for x <= -Tiny.
func key(x float64) int32 {
	a := math.Abs(x)
	if !(a >= Tiny) { // also NaN, which counts as zero rather than panic
		return 0
	}
	if a > math.MaxFloat64 {
		a = math.MaxFloat64
	}
	k := int32(int64(math.Float64bits(a)>>shift) - keyTiny + 1)
	if x < 0 {
		return -k
	}
	return k
}

// value returns the midpoint of bin k.
func value(k int32) float64 {
	if k == 0 {
		return 0
	}
	a := k
	if a < 0 {
		a = -a
	}
	lo := math.Float64frombits(uint64(int64(a)-1+keyTiny) << shift)
	hi := math.Float64frombits(uint64(int64(a)+keyTiny) << shift)
	m := (lo + hi) / 2
	if k < 0 {
		return -m
	}
	return m
}

// cell is one histogram: counts[i] counts bin lo+i.
type cell struct {
	lo     int32
	counts []uint32
}

func (c *cell) add(k int32, n uint32) {
	if len(c.counts) == 0 {
		c.lo = k
		c.counts = append(c.counts, n)
		return
	}
	if k < c.lo {
		grow := int(c.lo - k)
		nc := make([]uint32, grow+len(c.counts), grow+len(c.counts)+grow/2)
		copy(nc[grow:], c.counts)
		c.counts, c.lo = nc, k
	} else if i := int(k - c.lo); i >= len(c.counts) {
		c.counts = append(c.counts, make([]uint32, i-len(c.counts)+1)...)
	}
	c.counts[k-c.lo] += n
}

func (c *cell) total() uint64 {
	var n uint64
	for _, x := range c.counts {
		n += uint64(x)
	}
	return n
}

// quantile returns the type-1 (inverse empirical CDF) quantile q read at
// its bin's midpoint, or NaN for an empty cell.
func (c *cell) quantile(q float64, n uint64) float64 {
	if n == 0 {
		return math.NaN()
	}
	r := uint64(math.Ceil(q * float64(n)))
	r = min(max(r, 1), n)
	var cum uint64
	for i, x := range c.counts {
		cum += uint64(x)
		if cum >= r {
			return value(c.lo + int32(i))
		}
	}
	return value(c.lo + int32(len(c.counts)-1))
}

// Hist holds the histograms of one scenario's cells.
type Hist struct {
	cells []cell
}

// NewHist returns empty histograms for n cells.
func NewHist(n int) *Hist { return &Hist{cells: make([]cell, n)} }

// Len is the number of cells.
func (h *Hist) Len() int { return len(h.cells) }

// Add counts one run's values, one per cell.
func (h *Hist) Add(vals []float64) {
	for i, x := range vals {
		h.cells[i].add(key(x), 1)
	}
}

// AddBatch counts several runs' values cell by cell, which keeps each
// histogram in cache while the batch's values stream past.
func (h *Hist) AddBatch(batch [][]float64) {
	for i := range h.cells {
		c := &h.cells[i]
		for _, vals := range batch {
			c.add(key(vals[i]), 1)
		}
	}
}

// Merge adds o's counts to h.
func (h *Hist) Merge(o *Hist) error {
	if len(o.cells) != len(h.cells) {
		return fmt.Errorf("ensemble: merging histograms of %d and %d cells", len(h.cells), len(o.cells))
	}
	for i := range o.cells {
		oc := &o.cells[i]
		for j, n := range oc.counts {
			if n > 0 {
				h.cells[i].add(oc.lo+int32(j), n)
			}
		}
	}
	return nil
}

// Quantiles returns cell i's count and its quantiles qs.
func (h *Hist) Quantiles(i int, qs []float64, out []float64) uint64 {
	c := &h.cells[i]
	n := c.total()
	for j, q := range qs {
		out[j] = c.quantile(q, n)
	}
	return n
}

// Bins returns the number of bins held, a measure of memory.
func (h *Hist) Bins() int {
	n := 0
	for i := range h.cells {
		n += cap(h.cells[i].counts)
	}
	return n
}

// MarshalBinary encodes the histograms compactly (varints); equal
// histograms encode to equal bytes.
func (h *Hist) MarshalBinary() ([]byte, error) {
	b := binary.AppendUvarint(nil, uint64(len(h.cells)))
	for i := range h.cells {
		c := &h.cells[i]
		// Trim empty bins at either end so equal counts encode equally.
		lo, hi := 0, len(c.counts)
		for lo < hi && c.counts[lo] == 0 {
			lo++
		}
		for hi > lo && c.counts[hi-1] == 0 {
			hi--
		}
		b = binary.AppendVarint(b, int64(c.lo)+int64(lo))
		b = binary.AppendUvarint(b, uint64(hi-lo))
		for _, x := range c.counts[lo:hi] {
			b = binary.AppendUvarint(b, uint64(x))
		}
	}
	return b, nil
}

var errCorrupt = errors.New("ensemble: corrupt histogram encoding")

// UnmarshalBinary decodes what MarshalBinary wrote.
func (h *Hist) UnmarshalBinary(b []byte) error {
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)) {
		return errCorrupt
	}
	b = b[k:]
	h.cells = make([]cell, n)
	for i := range h.cells {
		lo, k := binary.Varint(b)
		if k <= 0 {
			return errCorrupt
		}
		b = b[k:]
		m, k := binary.Uvarint(b)
		if k <= 0 || m > uint64(len(b)) {
			return errCorrupt
		}
		b = b[k:]
		c := &h.cells[i]
		c.lo = int32(lo)
		if m > 0 {
			c.counts = make([]uint32, m)
		}
		for j := range c.counts {
			x, k := binary.Uvarint(b)
			if k <= 0 || x > math.MaxUint32 {
				return errCorrupt
			}
			b = b[k:]
			c.counts[j] = uint32(x)
		}
	}
	if len(b) != 0 {
		return errCorrupt
	}
	return nil
}
