package sim

import (
	"fmt"
	"math"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/data"
	"github.com/cartelsim/cartelsim/data/network"
	"github.com/cartelsim/cartelsim/geo"
	"github.com/cartelsim/cartelsim/model/border"
	"github.com/cartelsim/cartelsim/model/orgs"
	"github.com/cartelsim/cartelsim/model/routes"
	"github.com/cartelsim/cartelsim/model/violence"
)

// World holds the static inputs every run shares: networks and observed
// series. It is built once and only read afterwards, so runs on many
// goroutines can share one.
type World struct {
	Cartels *orgs.Network
	// Routes is the road network of data/network, compiled for routing.
	Routes *routes.Network
	Border *border.Network
	// Purity is DEA's observed powder purity, %.
	Purity data.Series
	// History holds the organisation-level events since 2015 (data table
	// history_events) that every run replays in its past.
	History []data.HistoryEvent
	// Prewar is what the violence module takes from the homicides of
	// 2000–2014 (state baselines, the wars' consolidation).
	Prewar *violence.History
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
	if err := correctHomes(cn); err != nil {
		return nil, fmt.Errorf("sim: %w", err)
	}
	if w.Cartels, err = orgs.NewNetwork(cn); err != nil {
		return nil, fmt.Errorf("sim: %w", err)
	}
	mx, err := network.Mexico()
	if err != nil {
		return nil, fmt.Errorf("sim: %w", err)
	}
	if w.Routes, err = routes.NewNetwork(mx, cn); err != nil {
		return nil, fmt.Errorf("sim: %w", err)
	}
	// Loads diverted from a port cross between ports in its sector.
	ports := make([]border.Port, len(mx.Ports))
	for i, p := range mx.Ports {
		ports[i] = border.Port{Office: p.Office, Sector: p.Sector}
	}
	if w.Border, err = border.NewNetwork(ports); err != nil {
		return nil, fmt.Errorf("sim: %w", err)
	}
	if w.History, err = data.History(); err != nil {
		return nil, fmt.Errorf("sim: %w", err)
	}
	if w.Prewar, err = violence.LoadHistory(); err != nil {
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

// correctHomes replaces the main state of the groups listed in the table
// cartel_home_corrections, where the network's coding is not the group's
// base (see the table's header).
func correctHomes(cn *data.CartelNetwork) error {
	t, err := data.Load("cartel_home_corrections")
	if err != nil {
		return err
	}
	id, err := t.Col("id")
	if err != nil {
		return err
	}
	st, err := t.Col("state")
	if err != nil {
		return err
	}
	for r, row := range t.Rows {
		s, err := geo.StateIndex(row[st])
		if err != nil {
			return fmt.Errorf("cartel_home_corrections row %d: %w", r+1, err)
		}
		found := false
		for i := range cn.Groups {
			if cn.Groups[i].ID == row[id] {
				cn.Groups[i].State, found = s, true
			}
		}
		if !found {
			return fmt.Errorf("cartel_home_corrections row %d: unknown group %q", r+1, row[id])
		}
	}
	return nil
}
