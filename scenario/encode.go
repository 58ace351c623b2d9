package scenario

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// YAML writes the scenario with its defaults filled in, for `scenario
// show`. Parsing the output gives back an equal scenario.
//
// The writer is our own rather than goccy's Marshal because the output must
// mean the same to every YAML reader: goccy writes the state code "08" bare,
// which YAML 1.2 reads as the integer 8. Here a string is written bare only
// when no reader can take it for anything but a string, and double-quoted
// otherwise; numbers are written in their shortest exact form.
func (s *Scenario) YAML() ([]byte, error) {
	c := s.clone()
	c.withDefaults()
	var b bytes.Buffer
	fmt.Fprintf(&b, "name: %s\n", yamlString(c.Name))
	if c.Description != "" {
		fmt.Fprintf(&b, "description: %s\n", yamlString(c.Description))
	}
	fmt.Fprintf(&b, "start: %s\nend: %s\nseed: %d\n", yamlString(c.Start), yamlString(c.End), c.Seed)
	if len(c.Levers) > 0 {
		b.WriteString("levers:\n")
	}
	for _, l := range c.Levers {
		fmt.Fprintf(&b, "  - kind: %s\n", yamlString(l.Kind))
		fmt.Fprintf(&b, "    start: %s\n", yamlString(l.Start))
		fmt.Fprintf(&b, "    end: %s\n", yamlString(l.End))
		fmt.Fprintf(&b, "    intensity: %s\n", yamlNumber(l.Intensity))
		if len(l.Regions) > 0 {
			rs := make([]string, len(l.Regions))
			for i, r := range l.Regions {
				rs[i] = yamlString(r)
			}
			fmt.Fprintf(&b, "    regions: [%s]\n", strings.Join(rs, ", "))
		}
		if l.Unilateral {
			b.WriteString("    unilateral: true\n")
		}
		if l.Group != "" {
			fmt.Fprintf(&b, "    group: %s\n", yamlString(l.Group))
		}
	}
	if len(c.Params) > 0 {
		b.WriteString("params:\n")
	}
	for _, k := range sortedKeys(c.Params) {
		fmt.Fprintf(&b, "  %s: %s\n", yamlString(k), yamlNumber(c.Params[k]))
	}
	return b.Bytes(), nil
}

// yamlString writes s bare when it is plainly a string to any YAML reader
// (a name, a kind, a field-office label, a month), else double-quoted.
// Go's quoting escapes are a subset of YAML's double-quoted escapes.
func yamlString(s string) string {
	if isMonthText(s) {
		return s
	}
	plain := s != ""
	for i, c := range s {
		letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
		if !(letter || i > 0 && (c >= '0' && c <= '9' || c == '-' || c == '.')) {
			plain = false
			break
		}
	}
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "y", "n", "null", "nan", "inf", "infinity":
		plain = false
	}
	if plain {
		return s
	}
	return strconv.Quote(s)
}

// isMonthText reports whether s looks like YYYY-MM, which YAML reads as a
// string (a timestamp needs a day).
func isMonthText(s string) bool {
	if len(s) != 7 || s[4] != '-' {
		return false
	}
	for i, c := range []byte(s) {
		if i != 4 && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// yamlNumber writes v in its shortest exact form, in positional notation
// where that stays short so that 10000 reads as 10000, not 1e+04.
func yamlNumber(v float64) string {
	switch {
	case math.IsNaN(v):
		return ".nan"
	case math.IsInf(v, 1):
		return ".inf"
	case math.IsInf(v, -1):
		return "-.inf"
	case v == 0 || math.Abs(v) >= 1e-4 && math.Abs(v) < 1e21:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
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
		Group      string   `json:"group,omitempty"`
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
		out.Levers = append(out.Levers, lever{l.Kind, l.Start, l.End, number(l.Intensity), r, l.Unilateral, l.Group})
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
