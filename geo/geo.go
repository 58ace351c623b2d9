// Package geo names the places the model works on: Mexico's 32 states by
// their INEGI codes, and the US southwest border's CBP field offices
// (ports of entry, Office of Field Operations) and Border Patrol sectors
// (between ports).
//
// Sources: INEGI, Marco Geoestadístico (state codes cve_ent 01–32);
// CBP, Nationwide Drug Seizures, Area of Responsibility names
// (cbp.gov/newsroom/stats/drug-seizure-statistics).
package geo

import "fmt"

// State is a Mexican state (entidad federativa).
type State struct {
	// Code is the two-digit INEGI code, "01" to "32".
	Code string
	// Name is the INEGI name.
	Name string
	// Border is true for the six states on the US border.
	Border bool
}

// NumStates is the number of Mexican states, including Mexico City.
const NumStates = 32

// States returns Mexico's states in INEGI code order; index i holds code i+1.
func States() []State {
	return []State{
		{"01", "Aguascalientes", false},
		{"02", "Baja California", true},
		{"03", "Baja California Sur", false},
		{"04", "Campeche", false},
		{"05", "Coahuila", true},
		{"06", "Colima", false},
		{"07", "Chiapas", false},
		{"08", "Chihuahua", true},
		{"09", "Ciudad de México", false},
		{"10", "Durango", false},
		{"11", "Guanajuato", false},
		{"12", "Guerrero", false},
		{"13", "Hidalgo", false},
		{"14", "Jalisco", false},
		{"15", "Estado de México", false},
		{"16", "Michoacán", false},
		{"17", "Morelos", false},
		{"18", "Nayarit", false},
		{"19", "Nuevo León", true},
		{"20", "Oaxaca", false},
		{"21", "Puebla", false},
		{"22", "Querétaro", false},
		{"23", "Quintana Roo", false},
		{"24", "San Luis Potosí", false},
		{"25", "Sinaloa", false},
		{"26", "Sonora", true},
		{"27", "Tabasco", false},
		{"28", "Tamaulipas", true},
		{"29", "Tlaxcala", false},
		{"30", "Veracruz", false},
		{"31", "Yucatán", false},
		{"32", "Zacatecas", false},
	}
}

// StateIndex returns the index (0–31) of the state with INEGI code code.
func StateIndex(code string) (int, error) {
	if len(code) == 2 && code[0] >= '0' && code[0] <= '3' && code[1] >= '0' && code[1] <= '9' {
		i := int(code[0]-'0')*10 + int(code[1]-'0') - 1
		if i >= 0 && i < NumStates {
			return i, nil
		}
	}
	return 0, fmt.Errorf("geo: %q is not an INEGI state code (01-32)", code)
}

// StateByName returns the index of the state with the given INEGI name, or
// of a common variant of it ("Coahuila de Zaragoza", "México", …).
func StateByName(name string) (int, error) {
	for i, s := range States() {
		if s.Name == name {
			return i, nil
		}
	}
	if i, ok := nameVariants[name]; ok {
		return i, nil
	}
	return 0, fmt.Errorf("geo: unknown Mexican state %q", name)
}

var nameVariants = map[string]int{
	"Coahuila de Zaragoza":            4,
	"Michoacán de Ocampo":             15,
	"Veracruz de Ignacio de la Llave": 29,
	"México":                          14,
	"Mexico":                          14,
	"Estado de Mexico":                14,
	"Ciudad de Mexico":                8,
	"Distrito Federal":                8,
	"Michoacan":                       15,
	"Nuevo Leon":                      18,
	"Queretaro":                       21,
	"San Luis Potosi":                 23,
	"Yucatan":                         30,
}

// Office is a CBP Office of Field Operations field office on the southwest
// border: it runs the land ports of entry in its area.
type Office struct {
	// Name is CBP's name of the Area of Responsibility, e.g. "TUCSON FIELD OFFICE".
	Name string
	// Short is the lower-case region label used in output, e.g. "tucson_fo".
	Short string
}

// Sector is a US Border Patrol sector on the southwest border: it covers the
// border between ports.
type Sector struct {
	Name  string // CBP's name, e.g. "TUCSON SECTOR"
	Short string // output label, e.g. "tucson_sector"
	// Office is the index in FieldOffices of the field office whose ports
	// lie along the same stretch of border.
	Office int
}

// FieldOffices returns the four southwest-border field offices, west to east.
func FieldOffices() []Office {
	return []Office{
		{"SAN DIEGO FIELD OFFICE", "san_diego_fo"},
		{"TUCSON FIELD OFFICE", "tucson_fo"},
		{"EL PASO FIELD OFFICE", "el_paso_fo"},
		{"LAREDO FIELD OFFICE", "laredo_fo"},
	}
}

// Sectors returns the nine southwest-border Border Patrol sectors, west to east.
func Sectors() []Sector {
	return []Sector{
		{"SAN DIEGO SECTOR", "san_diego_sector", 0},
		{"EL CENTRO SECTOR", "el_centro_sector", 0},
		{"YUMA SECTOR", "yuma_sector", 1},
		{"TUCSON SECTOR", "tucson_sector", 1},
		{"EL PASO SECTOR", "el_paso_sector", 2},
		{"BIG BEND SECTOR", "big_bend_sector", 2},
		{"DEL RIO SECTOR", "del_rio_sector", 3},
		{"LAREDO SECTOR", "laredo_sector", 3},
		{"RIO GRANDE VALLEY SECTOR", "rio_grande_valley_sector", 3},
	}
}

// OfficeIndex returns the index of the field office whose Name or Short is s.
func OfficeIndex(s string) (int, error) {
	for i, o := range FieldOffices() {
		if o.Name == s || o.Short == s {
			return i, nil
		}
	}
	return 0, fmt.Errorf("geo: %q is not a southwest-border CBP field office", s)
}

// SectorIndex returns the index of the sector whose Name or Short is s.
func SectorIndex(s string) (int, error) {
	for i, o := range Sectors() {
		if o.Name == s || o.Short == s {
			return i, nil
		}
	}
	return 0, fmt.Errorf("geo: %q is not a southwest-border Border Patrol sector", s)
}
