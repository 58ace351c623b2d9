package routes

import (
	"reflect"
	"testing"

	"github.com/cartelsim/cartelsim/geo"
)

// TestCloneSharesNoScratch: a clone steps on its own (sim.RunAll runs
// branches concurrently), so no slice of its Workspace may share memory
// with the original's, nor may its trees; only the graph and its reverse,
// never written, are shared. A buffer added to the Workspace and left out
// of clone fails here.
func TestCloneSharesNoScratch(t *testing.T) {
	p, n := setupDefaults(t)
	var prod, troops [geo.NumStates]float64
	prod[24], prod[13] = 600, 400 // Sinaloa and Jalisco: any production will do
	s := Init(n)
	for range 3 {
		if err := Step(p, n, Inputs{Production: &prod, Troops: &troops, Effort: 1}, s); err != nil {
			t.Fatal(err)
		}
	}
	c := s.Clone()
	a, b := reflect.ValueOf(s.ws), reflect.ValueOf(c.ws)
	for i := range a.NumField() {
		name := a.Type().Field(i).Name
		fa, fb := a.Field(i), b.Field(i)
		switch fa.Kind() {
		case reflect.Slice:
			if fa.Cap() > 0 && fa.Pointer() == fb.Pointer() {
				t.Errorf("Workspace.%s is shared by the clone", name)
			}
		case reflect.Pointer:
			if name != "g" && name != "rev" && !fa.IsNil() && fa.Pointer() == fb.Pointer() {
				t.Errorf("Workspace.%s is shared by the clone", name)
			}
		}
	}
}
