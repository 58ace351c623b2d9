package ensemble

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
)

// Summaries are kept as fixed-bin histograms, one per (variable, region,
// month) cell. A bin is a value's float64 exponent and its top MantissaBits
// mantissa bits, so bins are 2^-7 = 0.78% wide relative to their value, and a
// quantile read at a bin's midpoint is within 0.39% (relative) of the
// sample quantile it stands for. Counts are integers, so adding runs in any
// order, on any number of workers or shards, gives identical histograms,
// and memory grows with the spread of the values, not with the number of
// runs.
//
// Zeros, positive and negative values are counted apart, and each sign
// keeps at most SpanBins bins below its largest magnitude (the collapsing
// store of DDSketch: Masson, Rim & Lee 2019, Proc. VLDB Endow. 12(12)):
// a cell whose runs give 0 in some runs and hundreds in others, or a few
// millionths in some, would otherwise hold every bin between 1e-9 and its
// largest value (about 5,000 bins; 3.3 GB for a 3,000-run baseline drawn
// from the priors). Magnitudes below 2^-16 of the largest count in the
// lowest kept bin, so a quantile that falls among them is reported as that
// bin's value: off by less than 2^-16 of the cell's largest magnitude. The
// lowest kept bin depends only on the largest magnitude ever added, so
// histograms stay identical whatever the order of the runs.
const (
	// MantissaBits sets the bin width: 2^-MantissaBits relative.
	MantissaBits = 7
	// Tiny is the smallest magnitude kept apart from zero; smaller values
	// count as zero.
	Tiny = 1e-9
	// RelAccuracy is the largest relative error of a reported quantile
	// against the sample quantile, for quantiles within SpanBins of the
	// cell's largest magnitude: half a bin.
	RelAccuracy = 1.0 / (2 << MantissaBits)
	// SpanBins is the number of bins, 16 binary orders of magnitude, kept
	// below a cell's largest magnitude of each sign.
	SpanBins = 16 << MantissaBits
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

// store counts the magnitudes of one sign: bin lo+i (bins are key
// magnitudes, 1 and up) holds counts[i] + 2^16·over[lo+i]; the top bin
// holds the largest magnitude added, and bins more than SpanBins below it
// are folded into the lowest. Counts are 16 bits, half the memory of 32,
// because most bins of most cells hold few runs; the rare bin that passes
// 65,535 (a value most runs share) carries into over.
type store struct {
	lo     int32
	counts []uint16
	over   map[int32]uint32
}

// get returns bin k's count.
func (s *store) get(k int32) uint64 {
	n := uint64(s.counts[k-s.lo])
	if s.over != nil {
		n += uint64(s.over[k]) << 16
	}
	return n
}

// put sets bin k's count to n.
func (s *store) put(k int32, n uint64) {
	s.counts[k-s.lo] = uint16(n)
	if hi := uint32(n >> 16); hi > 0 {
		if s.over == nil {
			s.over = map[int32]uint32{}
		}
		s.over[k] = hi
	} else if s.over != nil {
		delete(s.over, k)
	}
}

// inc adds one to bin k.
func (s *store) inc(k int32) {
	i := k - s.lo
	if s.counts[i]++; s.counts[i] == 0 {
		if s.over == nil {
			s.over = map[int32]uint32{}
		}
		s.over[k]++
	}
}

func (s *store) top() int32 { return s.lo + int32(len(s.counts)) - 1 }

// reserve makes room for bins lo..hi (1 <= lo <= hi) and returns the
// floor: a bin below it is counted in the floor's bin.
func (s *store) reserve(lo, hi int32) int32 {
	if len(s.counts) == 0 {
		floor := hi - SpanBins + 1
		s.lo = max(lo, floor)
		s.counts = make([]uint16, int(hi-s.lo)+1)
		return floor
	}
	top := max(hi, s.top())
	floor := top - SpanBins + 1
	if floor > s.lo {
		// The largest magnitude grew: fold the bins that fall below.
		cut := min(int(floor-s.lo), len(s.counts))
		var below, kept uint64
		for i := range int32(cut) {
			below += s.get(s.lo + i)
			if s.over != nil {
				delete(s.over, s.lo+i)
			}
		}
		if cut < len(s.counts) {
			kept = s.get(floor)
		}
		n := copy(s.counts, s.counts[cut:])
		s.counts = s.counts[:max(n, 1)]
		s.lo = floor
		s.put(floor, kept+below)
	}
	if lo = max(lo, floor); lo < s.lo {
		grow := int(s.lo - lo)
		nc := make([]uint16, grow+len(s.counts), grow+len(s.counts)+grow/2)
		copy(nc[grow:], s.counts)
		s.counts, s.lo = nc, lo
	}
	if n := int(hi-s.lo) + 1; n > len(s.counts) {
		old := len(s.counts)
		s.counts = slices.Grow(s.counts, n-old)[:n]
		clear(s.counts[old:])
	}
	return floor
}

func (s *store) add(k int32, n uint64) {
	k = max(k, s.reserve(k, k))
	s.put(k, s.get(k)+n)
}

func (s *store) total() uint64 {
	var n uint64
	for _, x := range s.counts {
		n += uint64(x)
	}
	for _, x := range s.over {
		n += uint64(x) << 16
	}
	return n
}

// cell is one histogram.
type cell struct {
	zero     uint64
	pos, neg store // neg counts bins of −x
}

func (c *cell) add(k int32, n uint64) {
	switch {
	case k > 0:
		c.pos.add(k, n)
	case k < 0:
		c.neg.add(-k, n)
	default:
		c.zero += n
	}
}

// addKeys counts the keys of one cell's batch: each sign's bins are
// reserved once, then counted.
func (c *cell) addKeys(ks []int32) {
	plo, phi := int32(math.MaxInt32), int32(0)
	nlo, nhi := int32(math.MaxInt32), int32(0)
	for _, k := range ks {
		if k > 0 {
			plo, phi = min(plo, k), max(phi, k)
		} else if k < 0 {
			nlo, nhi = min(nlo, -k), max(nhi, -k)
		}
	}
	pf, nf := int32(0), int32(0)
	if phi > 0 {
		pf = c.pos.reserve(plo, phi)
	}
	if nhi > 0 {
		nf = c.neg.reserve(nlo, nhi)
	}
	for _, k := range ks {
		switch {
		case k > 0:
			c.pos.inc(max(k, pf))
		case k < 0:
			c.neg.inc(max(-k, nf))
		default:
			c.zero++
		}
	}
}

func (c *cell) total() uint64 { return c.neg.total() + c.zero + c.pos.total() }

// quantile returns the type-1 (inverse empirical CDF) quantile q read at
// its bin's midpoint, or NaN for an empty cell.
func (c *cell) quantile(q float64, n uint64) float64 {
	if n == 0 {
		return math.NaN()
	}
	r := uint64(math.Ceil(q * float64(n)))
	r = min(max(r, 1), n)
	var cum uint64
	for k := c.neg.top(); k >= c.neg.lo; k-- {
		if cum += c.neg.get(k); cum >= r {
			return value(-k)
		}
	}
	if cum += c.zero; cum >= r {
		return 0
	}
	for k := c.pos.lo; k <= c.pos.top(); k++ {
		if cum += c.pos.get(k); cum >= r {
			return value(k)
		}
	}
	return value(c.pos.top())
}

// Hist holds the histograms of one scenario's cells.
type Hist struct {
	cells []cell
	keys  []int32 // AddBatch's scratch
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

// foldChunk is the number of cells AddBatch folds at a time: their keys for
// a whole batch (foldChunk × batch int32s) stay in the core's cache.
const foldChunk = 256

// AddBatch counts several runs' values. It works through the cells a chunk
// at a time: first each run's keys for the chunk, read in the order the
// run holds them (a run's values are far from the next run's, and reading
// one value of each per cell misses the cache every time), then each
// cell's keys together. The counts are those of Add, value by value.
func (h *Hist) AddBatch(batch [][]float64) {
	nb := len(batch)
	if nb == 0 {
		return
	}
	if need := nb * foldChunk; cap(h.keys) < need {
		h.keys = make([]int32, need)
	}
	keys := h.keys[:nb*foldChunk]
	for c0 := 0; c0 < len(h.cells); c0 += foldChunk {
		c1 := min(c0+foldChunk, len(h.cells))
		for m, vals := range batch {
			for j, x := range vals[c0:c1] {
				keys[j*nb+m] = key(x)
			}
		}
		for j := range c1 - c0 {
			h.cells[c0+j].addKeys(keys[j*nb : (j+1)*nb])
		}
	}
}

// Merge adds o's counts to h.
func (h *Hist) Merge(o *Hist) error {
	if len(o.cells) != len(h.cells) {
		return fmt.Errorf("ensemble: merging histograms of %d and %d cells", len(h.cells), len(o.cells))
	}
	for i := range o.cells {
		oc, c := &o.cells[i], &h.cells[i]
		c.zero += oc.zero
		for _, st := range [2][2]*store{{&c.pos, &oc.pos}, {&c.neg, &oc.neg}} {
			dst, src := st[0], st[1]
			if len(src.counts) == 0 {
				continue
			}
			floor := dst.reserve(src.lo, src.top())
			for k := src.lo; k <= src.top(); k++ {
				if n := src.get(k); n > 0 {
					d := max(k, floor)
					dst.put(d, dst.get(d)+n)
				}
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
		n += cap(h.cells[i].pos.counts) + cap(h.cells[i].neg.counts)
	}
	return n
}

// histFormat starts every encoding: a zero byte (which an encoding of the
// first format, a cell count of 1 or more, never starts with) and the
// format's number: 3 writes runs of empty bins as 0 and their length.
var histFormat = []byte{0, 3}

// MarshalBinary encodes the histograms compactly (varints); equal
// histograms encode to equal bytes.
func (h *Hist) MarshalBinary() ([]byte, error) {
	b := append([]byte(nil), histFormat...)
	b = binary.AppendUvarint(b, uint64(len(h.cells)))
	for i := range h.cells {
		c := &h.cells[i]
		b = binary.AppendUvarint(b, uint64(c.zero))
		b = c.pos.appendBinary(b)
		b = c.neg.appendBinary(b)
	}
	return b, nil
}

// appendBinary appends s's lowest bin and counts, without empty bins at
// either end so that equal counts encode equally.
func (s *store) appendBinary(b []byte) []byte {
	lo, hi := s.lo, s.top()
	for lo <= hi && s.get(lo) == 0 {
		lo++
	}
	for hi >= lo && s.get(hi) == 0 {
		hi--
	}
	if lo > hi {
		return binary.AppendUvarint(binary.AppendUvarint(b, 0), 0)
	}
	b = binary.AppendUvarint(b, uint64(lo))
	b = binary.AppendUvarint(b, uint64(hi-lo+1))
	// Most bins of a cell are empty until the runs number in the
	// thousands: a run of empty bins is written as 0 and its length.
	for k := lo; k <= hi; {
		if n := s.get(k); n > 0 {
			b = binary.AppendUvarint(b, n)
			k++
			continue
		}
		run := int32(0)
		for k <= hi && s.get(k) == 0 {
			run++
			k++
		}
		b = binary.AppendUvarint(binary.AppendUvarint(b, 0), uint64(run))
	}
	return b
}

var (
	errCorrupt = errors.New("ensemble: corrupt histogram encoding")
	errFormat  = errors.New("ensemble: the histograms are in the format of an earlier cartelsim; start the ensemble afresh (without --resume) or with that version")
)

// maxKey bounds a bin's key: that of the largest float64.
var maxKey = key(math.MaxFloat64)

// maxCount bounds a bin's count: 2^16 times the largest carry.
const maxCount = math.MaxUint32 << 16

// UnmarshalBinary decodes what MarshalBinary wrote.
func (h *Hist) UnmarshalBinary(b []byte) error {
	if !bytes.HasPrefix(b, histFormat) {
		// The first format starts with its cell count (not 0); later ones
		// with 0 and their number.
		if len(b) > 0 && b[0] != 0 || len(b) > 1 && b[1] < histFormat[1] {
			return errFormat
		}
		return errCorrupt
	}
	b = b[len(histFormat):]
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)) {
		return errCorrupt
	}
	b = b[k:]
	h.cells = make([]cell, n)
	var err error
	for i := range h.cells {
		c := &h.cells[i]
		if c.zero, b, err = uvarint(b, maxCount); err != nil {
			return err
		}
		if b, err = c.pos.unmarshal(b); err != nil {
			return err
		}
		if b, err = c.neg.unmarshal(b); err != nil {
			return err
		}
	}
	if len(b) != 0 {
		return errCorrupt
	}
	return nil
}

// unmarshal decodes what appendBinary wrote and returns the rest of b.
func (s *store) unmarshal(b []byte) ([]byte, error) {
	lo, b, err := uvarint(b, uint64(maxKey))
	if err != nil {
		return nil, err
	}
	m, b, err := uvarint(b, SpanBins)
	if err != nil {
		return nil, err
	}
	if m == 0 {
		return b, nil
	}
	if lo == 0 || lo+m-1 > uint64(maxKey) {
		return nil, errCorrupt
	}
	s.lo, s.counts = int32(lo), make([]uint16, m)
	for k := s.lo; k <= s.top(); {
		var x uint64
		if x, b, err = uvarint(b, maxCount); err != nil {
			return nil, err
		}
		if x > 0 {
			s.put(k, x)
			k++
			continue
		}
		// A run of empty bins: it must fit and end before a count or the
		// store's end, as appendBinary writes it.
		var run uint64
		if run, b, err = uvarint(b, uint64(s.top()-k+1)); err != nil || run == 0 {
			return nil, errCorrupt
		}
		k += int32(run)
	}
	if s.get(s.lo) == 0 || s.get(s.top()) == 0 {
		return nil, errCorrupt // appendBinary trims empty bins at either end
	}
	return b, nil
}

// uvarint decodes an unsigned varint of at most limit from b and returns
// the rest of b.
func uvarint(b []byte, limit uint64) (uint64, []byte, error) {
	x, k := binary.Uvarint(b)
	if k <= 0 || x > limit {
		return 0, nil, errCorrupt
	}
	return x, b[k:], nil
}
