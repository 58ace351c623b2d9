package data

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/cartelsim/cartelsim/geo"
)

// Waypoint is a city a corridor passes through.
type Waypoint struct {
	Name     string
	Lat, Lon float64
}

// Corridor is a trafficking corridor from a producing state to a
// southwest-border field office.
type Corridor struct {
	ID string
	// Origin is the geo index of the producing state.
	Origin int
	// Office is the geo.FieldOffices index of the ports it ends at.
	Office int
	// Highways are the federal highway designations it follows.
	Highways []string
	// States are the geo indices of the states it crosses, in order.
	States []int
	// Waypoints run from origin to border.
	Waypoints []Waypoint
}

// Corridors loads the first-form corridor table.
func Corridors() ([]Corridor, error) {
	t, err := Load("corridors")
	if err != nil {
		return nil, err
	}
	col := func(n string) int {
		c, err2 := t.Col(n)
		if err2 != nil && err == nil {
			err = err2
		}
		return c
	}
	cID, cO, cF, cH, cS, cW := col("id"), col("origin"), col("office"), col("highways"), col("states"), col("waypoints")
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []Corridor
	for i, r := range t.Rows {
		bad := func(format string, a ...any) error {
			return fmt.Errorf("data: corridors row %d (%s): %s", i+1, r[cID], fmt.Sprintf(format, a...))
		}
		if seen[r[cID]] {
			return nil, bad("duplicate id")
		}
		seen[r[cID]] = true
		c := Corridor{ID: r[cID], Highways: strings.Split(r[cH], ";")}
		if c.Origin, err = geo.StateIndex(r[cO]); err != nil {
			return nil, bad("%v", err)
		}
		if c.Office, err = geo.OfficeIndex(r[cF]); err != nil {
			return nil, bad("%v", err)
		}
		for _, s := range strings.Split(r[cS], ";") {
			si, err := geo.StateIndex(s)
			if err != nil {
				return nil, bad("%v", err)
			}
			c.States = append(c.States, si)
		}
		if c.States[0] != c.Origin {
			return nil, bad("first state %s is not the origin", r[cS])
		}
		for _, w := range strings.Split(r[cW], ";") {
			f := strings.Split(w, ":")
			if len(f) != 3 {
				return nil, bad("waypoint %q is not name:lat:lon", w)
			}
			lat, err1 := strconv.ParseFloat(f[1], 64)
			lon, err2 := strconv.ParseFloat(f[2], 64)
			if err1 != nil || err2 != nil || lat < 14 || lat > 33 || lon < -118 || lon > -86 {
				return nil, bad("waypoint %q is not in Mexico", w)
			}
			c.Waypoints = append(c.Waypoints, Waypoint{f[0], lat, lon})
		}
		if len(c.Waypoints) < 2 {
			return nil, bad("needs at least two waypoints")
		}
		out = append(out, c)
	}
	return out, nil
}
