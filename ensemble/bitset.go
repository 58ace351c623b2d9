package ensemble

import "math/bits"

// Bitset marks finished runs: one bit per run index.
type Bitset struct {
	n    uint64
	word []uint64
}

// NewBitset returns an empty set over [0, n).
func NewBitset(n uint64) *Bitset { return &Bitset{n: n, word: make([]uint64, (n+63)/64)} }

// Len is n.
func (b *Bitset) Len() uint64 { return b.n }

// Set marks i.
func (b *Bitset) Set(i uint64) { b.word[i/64] |= 1 << (i % 64) }

// Has reports whether i is marked.
func (b *Bitset) Has(i uint64) bool { return i < b.n && b.word[i/64]&(1<<(i%64)) != 0 }

// Count is the number of marked indices.
func (b *Bitset) Count() uint64 {
	var c int
	for _, w := range b.word {
		c += bits.OnesCount64(w)
	}
	return uint64(c)
}

// Overlap counts indices marked in both.
func (b *Bitset) Overlap(o *Bitset) uint64 {
	var c int
	for i, w := range b.word {
		c += bits.OnesCount64(w & o.word[i])
	}
	return uint64(c)
}

// FirstOverlap is the smallest index in both, or Len if none.
func (b *Bitset) FirstOverlap(o *Bitset) uint64 {
	for i, w := range b.word {
		if x := w & o.word[i]; x != 0 {
			return uint64(i)*64 + uint64(bits.TrailingZeros64(x))
		}
	}
	return b.n
}

// Or adds o's marks.
func (b *Bitset) Or(o *Bitset) {
	for i := range b.word {
		b.word[i] |= o.word[i]
	}
}

// Bytes encodes the set, 8 bytes a word, little-endian.
func (b *Bitset) Bytes() []byte {
	out := make([]byte, 0, 8*len(b.word))
	for _, w := range b.word {
		for k := range 8 {
			out = append(out, byte(w>>(8*k)))
		}
	}
	return out
}

// SetBytes decodes what Bytes wrote for a set of the same length.
func (b *Bitset) SetBytes(p []byte) bool {
	if len(p) != 8*len(b.word) {
		return false
	}
	for i := range b.word {
		var w uint64
		for k := range 8 {
			w |= uint64(p[8*i+k]) << (8 * k)
		}
		b.word[i] = w
	}
	return true
}
