package cluster

import (
	"math"
	"slices"
	"testing"

	"github.com/cartelsim/cartelsim/ensemble"
)

func member(sizes ...int) *ensemble.Member {
	mb := &ensemble.Member{Run: 7, Params: []float64{1.5, math.Inf(1), math.Copysign(0, -1)}}
	for i, n := range sizes {
		v := make([]float64, n)
		for j := range v {
			v[j] = float64(i*1000+j) / 3
		}
		mb.Values = append(mb.Values, v)
	}
	return mb
}

func empty(sizes ...int) *ensemble.Member {
	mb := &ensemble.Member{}
	for _, n := range sizes {
		mb.Values = append(mb.Values, make([]float64, n))
	}
	return mb
}

// TestMemberRoundTrip: a result carries a member's values bit for bit.
func TestMemberRoundTrip(t *testing.T) {
	in := member(5, 0, 3)
	msg := resultMsg("ens", "s1", in)
	out := empty(5, 0, 3)
	if err := decodeMember(msg.Data, out); err != nil {
		t.Fatal(err)
	}
	for i := range in.Values {
		if !slices.Equal(in.Values[i], out.Values[i]) {
			t.Errorf("scenario %d: %v, want %v", i, out.Values[i], in.Values[i])
		}
	}
	if len(out.Params) != 3 || math.Float64bits(out.Params[2]) != math.Float64bits(math.Copysign(0, -1)) || !math.IsInf(out.Params[1], 1) {
		t.Errorf("parameters %v, want %v bit for bit", out.Params, in.Params)
	}
	if msg.Header.Get(hdrRun) != "7" || msg.Header.Get(hdrSession) != "s1" {
		t.Errorf("headers %v", msg.Header)
	}
}

// TestDecodeRejectsMismatch: a result of another layout or a truncated one
// is an error, never a silently misaligned member.
func TestDecodeRejectsMismatch(t *testing.T) {
	b := resultMsg("ens", "s", member(5, 3)).Data
	for name, c := range map[string]struct {
		b  []byte
		mb *ensemble.Member
	}{
		"other sizes":     {b, empty(5, 4)},
		"more scenarios":  {b, empty(5, 3, 1)},
		"truncated":       {b[:len(b)-1], empty(5, 3)},
		"trailing bytes":  {append(slices.Clone(b), 0), empty(5, 3)},
		"empty":           {nil, empty(5, 3)},
		"only parameters": {b[:4+8*3], empty(5, 3)},
	} {
		if err := decodeMember(c.b, c.mb); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// FuzzDecodeMember: whatever arrives on the results subject, decoding
// returns an error or a member of the expected layout, and never panics.
func FuzzDecodeMember(f *testing.F) {
	f.Add(resultMsg("e", "s", member(4, 2)).Data)
	f.Add([]byte{})
	f.Add([]byte{255, 255, 255, 255})
	f.Fuzz(func(t *testing.T, b []byte) {
		mb := empty(4, 2)
		if err := decodeMember(b, mb); err == nil {
			if len(mb.Values[0]) != 4 || len(mb.Values[1]) != 2 {
				t.Fatalf("decoded a member of layout %d, %d", len(mb.Values[0]), len(mb.Values[1]))
			}
		}
	})
}
