package sim

import (
	"fmt"
	"math"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/data"
	"github.com/cartelsim/cartelsim/geo"
	"github.com/cartelsim/cartelsim/model/border"
	"github.com/cartelsim/cartelsim/model/orgs"
	"github.com/cartelsim/cartelsim/model/routes"
)

// World holds the static inputs every run shares: networks and observed
// series. It is built once and only read afterwards, so runs on many
// goroutines can share one.
type World struct {
	Cartels   *orgs.Network
	Corridors *routes.Network
	Border    *border.Network
	// Purity is DEA's observed powder purity, %.
	Purity data.Series
	// pop[y-popFirst][state] is CONAPO mid-year population.
	pop      [][]float64
	popFirst int
	// Place names, kept so that recording a month allocates nothing.
	states  []geo.State
	offices []geo.Office
	sectors []geo.Sector
}

// LoadWorld reads the embedded tables and builds the networks.
func LoadWorld() (*World, error) {
	w := &World{states: geo.States(), offices: geo.FieldOffices(), sectors: geo.Sectors()}
	cn, err := data.Cartels()
	if err != nil {
		return nil, fmt.Errorf("sim: %w", err)
	}
	if w.Cartels, err = orgs.NewNetwork(cn); err != nil {
		return nil, fmt.Errorf("sim: %w", err)
	}
	cs, err := data.Corridors()
	if err != nil {
		return nil, fmt.Errorf("sim: %w", err)
	}
	if w.Corridors, err = routes.NewNetwork(cs); err != nil {
		return nil, fmt.Errorf("sim: %w", err)
	}
	// Between-ports crossings split over sectors as Border Patrol's
	// fentanyl seizures did over FY2022-FY2024.
	weights := make([]float64, len(geo.Sectors()))
	for fy := 2022; fy <= 2024; fy++ {
		by, err := data.SouthwestFentanylByAOR(fy)
		if err != nil {
			return nil, fmt.Errorf("sim: %w", err)
		}
		for i, s := range geo.Sectors() {
			weights[i] += by[s.Name]
		}
	}
	if w.Border, err = border.NewNetwork(weights); err != nil {
		return nil, fmt.Errorf("sim: %w", err)
	}
	if w.Purity, err = data.DEAPowderPurity(); err != nil {
		return nil, fmt.Errorf("sim: %w", err)
	}
	w.popFirst = 2012
	for y := w.popFirst; ; y++ {
		p, err := data.MexicoStatePopulation(y)
		if err != nil {
			if y == w.popFirst {
				return nil, fmt.Errorf("sim: %w", err)
			}
			break
		}
		w.pop = append(w.pop, p)
	}
	return w, nil
}

// population returns state populations in year y, holding the ends of the
// CONAPO series flat beyond them.
func (w *World) population(y int) []float64 {
	i := min(max(y-w.popFirst, 0), len(w.pop)-1)
	return w.pop[i]
}

// purity returns DEA's observed purity in month t.
func (w *World) purity(t calendar.Month) (float64, bool) {
	x, ok := w.Purity.At(t)
	if !ok || math.IsNaN(x) {
		return 0, false
	}
	return x, true
}
