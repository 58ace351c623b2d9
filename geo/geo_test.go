package geo

import "testing"

func TestStatesIndexedByCode(t *testing.T) {
	t.Parallel()
	st := States()
	if len(st) != NumStates {
		t.Fatalf("%d states, want %d", len(st), NumStates)
	}
	border := 0
	for i, s := range st {
		j, err := StateIndex(s.Code)
		if err != nil || j != i {
			t.Errorf("StateIndex(%q) = %d, %v; want %d", s.Code, j, err, i)
		}
		k, err := StateByName(s.Name)
		if err != nil || k != i {
			t.Errorf("StateByName(%q) = %d, %v; want %d", s.Name, k, err, i)
		}
		if s.Border {
			border++
		}
	}
	// Baja California, Sonora, Chihuahua, Coahuila, Nuevo León, Tamaulipas.
	if border != 6 {
		t.Errorf("%d border states, want 6", border)
	}
	for _, bad := range []string{"00", "33", "1", "ab", "99", ""} {
		if _, err := StateIndex(bad); err == nil {
			t.Errorf("StateIndex(%q) succeeded", bad)
		}
	}
}

func TestSectorsPointAtOffices(t *testing.T) {
	t.Parallel()
	n := len(FieldOffices())
	for _, s := range Sectors() {
		if s.Office < 0 || s.Office >= n {
			t.Errorf("sector %s points at office %d", s.Name, s.Office)
		}
		if i, err := SectorIndex(s.Short); err != nil || Sectors()[i].Name != s.Name {
			t.Errorf("SectorIndex(%q) = %d, %v", s.Short, i, err)
		}
	}
	if _, err := OfficeIndex("tucson_fo"); err != nil {
		t.Error(err)
	}
	if _, err := OfficeIndex("BUFFALO FIELD OFFICE"); err == nil {
		t.Error("a northern-border office was accepted")
	}
}
