package ensemble

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/cartelsim/cartelsim/params"
	"github.com/cartelsim/cartelsim/scenario"
)

// Spec is an ensemble's identity: everything its runs depend on. Two
// ensembles with the same Spec give identical summaries, however they are
// split over cores, shards and restarts.
type Spec struct {
	// Model is the model version and a digest of the parameter registry,
	// so that a changed model does not resume an old ensemble.
	Model string `json:"model"`
	// Scenarios are the canonical texts of the scenarios, in order.
	Scenarios []string `json:"scenarios"`
	Names     []string `json:"names"`
	Runs      uint64   `json:"runs"`
	Seed      uint64   `json:"seed"`
	// Source is "prior", "defaults" or "posterior:<sha256>".
	Source string `json:"source"`
	// Params names the parameters of each run's vector, in order.
	Params []string `json:"params"`
	// Vars are the variables the ensemble keeps (Model.Keep), sorted;
	// empty keeps every variable, and then the field is left out, so that
	// an ensemble of every variable has the identity it had before the
	// field existed.
	Vars []string `json:"vars,omitempty"`
}

// NewSpec describes an ensemble of m.
func NewSpec(version string, m *Model, runs uint64, source string) (Spec, error) {
	sp := Spec{Runs: runs, Seed: m.Seed, Source: source, Vars: m.Vars}
	for _, s := range m.Scenarios {
		y, err := s.YAML()
		if err != nil {
			return sp, fmt.Errorf("ensemble: %w", err)
		}
		sp.Scenarios = append(sp.Scenarios, string(y))
		sp.Names = append(sp.Names, s.Name)
	}
	h := sha256.New()
	for _, p := range m.Registry.All() {
		sp.Params = append(sp.Params, p.Name)
	}
	WriteRegistry(h, m.Registry)
	for _, l := range m.Layouts {
		fmt.Fprintf(h, "layout %v %v %d %d\n", l.From, l.To, len(l.Series), l.Cells())
	}
	// A file whose histograms are in another format cannot be resumed.
	fmt.Fprintf(h, "histograms %d\n", histFormat[1])
	sp.Model = version + "+" + hex.EncodeToString(h.Sum(nil))[:12]
	return sp, nil
}

// WriteRegistry writes what identifies a registry's model, for a digest:
// every parameter's name, default and prior, one line each.
func WriteRegistry(w io.Writer, reg *params.Registry) {
	for _, p := range reg.All() {
		fmt.Fprintf(w, "%s %v %v %v %v\n", p.Name, math.Float64bits(p.Default), p.Prior.Dist, p.Prior.Lo, p.Prior.Hi)
	}
}

// ID is a short digest of the spec.
func (s Spec) ID() string {
	b, _ := json.Marshal(s)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

// JSON encodes the spec.
func (s Spec) JSON() string {
	b, _ := json.Marshal(s)
	return string(b)
}

// VarsText names the variables s keeps: "all", or the list as --vars
// takes it.
func (s Spec) VarsText() string {
	if len(s.Vars) == 0 {
		return "all"
	}
	return strings.Join(s.Vars, ",")
}

// ParseSpec decodes a spec saved with JSON.
func ParseSpec(text string) (Spec, error) {
	var s Spec
	if err := json.Unmarshal([]byte(text), &s); err != nil {
		return s, fmt.Errorf("ensemble: spec: %w", err)
	}
	return s, nil
}

// ScenarioList decodes the spec's scenarios.
func (s Spec) ScenarioList() ([]*scenario.Scenario, error) {
	var out []*scenario.Scenario
	for i, text := range s.Scenarios {
		sc, err := scenario.Parse(s.Names[i], []byte(text))
		if err != nil {
			return nil, fmt.Errorf("ensemble: spec scenario %s: %w", s.Names[i], err)
		}
		out = append(out, sc)
	}
	return out, nil
}

// CheckParams checks that the registry still has the spec's parameters.
func (s Spec) CheckParams(reg *params.Registry) error {
	all := reg.All()
	if len(all) != len(s.Params) {
		return fmt.Errorf("ensemble: the registry has %d parameters, the ensemble %d", len(all), len(s.Params))
	}
	for i, p := range all {
		if p.Name != s.Params[i] {
			return fmt.Errorf("ensemble: parameter %d is %s, the ensemble's %s", i, p.Name, s.Params[i])
		}
	}
	return nil
}
