package tidy

import (
	"fmt"

	"github.com/cartelsim/cartelsim/calendar"
)

// Key names a series: a variable in a region.
type Key struct{ Variable, Region string }

// Collector keeps every recorded series in memory; it implements
// sim.Recorder.
type Collector struct {
	Start  calendar.Month
	Series map[Key][]float64
}

// NewCollector returns an empty collector for months from start.
func NewCollector(start calendar.Month) *Collector {
	return &Collector{Start: start, Series: map[Key][]float64{}}
}

// Record stores a value.
func (c *Collector) Record(m calendar.Month, variable, region string, value float64) error {
	k := Key{variable, region}
	s := c.Series[k]
	i := int(m - c.Start)
	if i < 0 {
		return fmt.Errorf("tidy: %s %s at %v, before the collector's start %v", variable, region, m, c.Start)
	}
	for len(s) <= i {
		s = append(s, 0)
	}
	s[i] = value
	c.Series[k] = s
	return nil
}

// Get returns the series of variable in region, or nil.
func (c *Collector) Get(variable, region string) []float64 { return c.Series[Key{variable, region}] }

// Sum adds up a series over months [from, to].
func (c *Collector) Sum(variable, region string, from, to calendar.Month) float64 {
	s := c.Get(variable, region)
	tot := 0.0
	for m := from; m <= to; m++ {
		if i := int(m - c.Start); i >= 0 && i < len(s) {
			tot += s[i]
		}
	}
	return tot
}

// At returns the value in month m.
func (c *Collector) At(variable, region string, m calendar.Month) (float64, bool) {
	s := c.Get(variable, region)
	i := int(m - c.Start)
	if i < 0 || i >= len(s) {
		return 0, false
	}
	return s[i], true
}
