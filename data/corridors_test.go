package data

import "testing"

func TestCorridorsReachEveryOffice(t *testing.T) {
	t.Parallel()
	cs, err := Corridors()
	if err != nil {
		t.Fatal(err)
	}
	offices := map[int]bool{}
	origins := map[int]bool{}
	for _, c := range cs {
		offices[c.Office] = true
		origins[c.Origin] = true
	}
	// Four southwest field offices; five producing states (DESIGN §4 supply).
	if len(offices) != 4 || len(origins) != 5 {
		t.Errorf("corridors reach %d offices from %d origins, want 4 and 5", len(offices), len(origins))
	}
}
