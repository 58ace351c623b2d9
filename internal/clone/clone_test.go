package clone

import "testing"

func TestSliceIsIndependent(t *testing.T) {
	s := make([]int, 2, 5)
	s[0], s[1] = 1, 2
	c := Slice(s)
	if len(c) != 2 || cap(c) != 5 || c[0] != 1 || c[1] != 2 {
		t.Fatalf("copy %v (cap %d), want [1 2] with cap 5", c, cap(c))
	}
	c[0] = 9
	_ = append(c, 3) // within the copy's capacity: must not write s's
	if s[0] != 1 || s[:3][2] != 0 {
		t.Errorf("writing the copy changed the original: %v", s[:3])
	}
	if Slice[int](nil) != nil || Nested[int](nil) != nil {
		t.Error("nil did not stay nil")
	}
	n := [][]int{{1}, {2, 3}}
	d := Nested(n)
	d[1][0] = 7
	if n[1][0] != 2 {
		t.Error("writing a nested copy changed the original")
	}
}
