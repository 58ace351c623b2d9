// Package clone copies the slices of a model state, so that a run can be
// branched into scenarios from a shared past (sim.RunAll). Copies keep the
// capacity of the original: states grow some slices in place (splinter
// groups) and must find the same room in a copy.
package clone

// Slice returns a copy of s with s's length and capacity; nil stays nil.
func Slice[T any](s []T) []T {
	if s == nil {
		return nil
	}
	c := make([]T, len(s), cap(s))
	copy(c, s)
	return c
}

// Nested returns a copy of s and of each of its slices.
func Nested[T any](s [][]T) [][]T {
	if s == nil {
		return nil
	}
	c := make([][]T, len(s), cap(s))
	for i, x := range s {
		c[i] = Slice(x)
	}
	return c
}
