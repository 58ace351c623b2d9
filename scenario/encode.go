package scenario

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math"
	"slices"
	"strconv"

	"github.com/goccy/go-yaml"
)

// YAML writes the scenario with its defaults filled in, for `scenario
// show`. Parsing the output gives back an equal scenario.
func (s *Scenario) YAML() ([]byte, error) {
	c := s.clone()
	c.withDefaults()
	return yaml.MarshalWithOptions(c, yaml.Indent(2), yaml.IndentSequence(true))
}

// Hash is the SHA-256, in hex, of the scenario's canonical JSON: the
// provenance key stored with every ensemble. Two scenarios that run alike
// hash alike however their files were written (key order, comments,
// defaults spelled out or left out, anchors).
func (s *Scenario) Hash() string {
	sum := sha256.Sum256(s.Canonical())
	return hex.EncodeToString(sum[:])
}

// Canonical is the scenario as canonical JSON: defaults filled in, fields
// in a fixed order, regions sorted, parameters sorted by name, numbers in
// their shortest exact form, and no file positions or origin.
func (s *Scenario) Canonical() []byte {
	c := s.clone()
	c.withDefaults()
	type lever struct {
		Kind       string   `json:"kind"`
		Start      string   `json:"start"`
		End        string   `json:"end"`
		Intensity  number   `json:"intensity"`
		Regions    []string `json:"regions,omitempty"`
		Unilateral bool     `json:"unilateral"`
	}
	type canon struct {
		Name        string            `json:"name"`
		Description string            `json:"description"`
		Start       string            `json:"start"`
		End         string            `json:"end"`
		Seed        uint64            `json:"seed"`
		Levers      []lever           `json:"levers,omitempty"`
		Params      map[string]number `json:"params,omitempty"`
	}
	out := canon{Name: c.Name, Description: c.Description, Start: c.Start, End: c.End, Seed: c.Seed}
	for _, l := range c.Levers {
		r := slices.Clone(l.Regions)
		slices.Sort(r)
		out.Levers = append(out.Levers, lever{l.Kind, l.Start, l.End, number(l.Intensity), r, l.Unilateral})
	}
	if len(c.Params) > 0 {
		out.Params = map[string]number{}
		for k, v := range c.Params {
			out.Params[k] = number(v)
		}
	}
	b, err := json.Marshal(out)
	if err != nil {
		// Every field is a string, a bool or a number that marshals
		// itself; failure is a bug here, not bad input.
		panic("scenario: canonical json: " + err.Error())
	}
	return b
}

// number is a float64 written in its shortest exact form. Non-finite
// values, which only an invalid scenario holds, are written as strings
// rather than making Hash fail.
type number float64

// MarshalJSON implements json.Marshaler.
func (n number) MarshalJSON() ([]byte, error) {
	f := float64(n)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte(strconv.Quote(strconv.FormatFloat(f, 'g', -1, 64))), nil
	}
	return strconv.AppendFloat(nil, f, 'g', -1, 64), nil
}

// clone copies s deeply enough that defaults can be applied to the copy.
func (s *Scenario) clone() *Scenario {
	c := *s
	c.Levers = slices.Clone(s.Levers)
	for i := range c.Levers {
		c.Levers[i].Regions = slices.Clone(c.Levers[i].Regions)
	}
	if s.Params != nil {
		c.Params = make(map[string]float64, len(s.Params))
		for k, v := range s.Params {
			c.Params[k] = v
		}
	}
	return &c
}
