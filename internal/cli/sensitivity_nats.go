package cli

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"slices"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/cluster"
	"github.com/cartelsim/cartelsim/params"
	"github.com/cartelsim/cartelsim/scenario"
	"github.com/cartelsim/cartelsim/sensitivity"
)

// sensitivityJob is what a worker needs to rebuild the evaluator of a
// 'cartelsim sensitivity' run: the scenarios as loaded, the window, the
// seed, the parameters varied and the model they belong to.
type sensitivityJob struct {
	Model     string         `json:"model"`
	Scenarios []string       `json:"scenarios"`
	Names     []string       `json:"names"`
	From      calendar.Month `json:"from"`
	To        calendar.Month `json:"to"`
	Seed      uint64         `json:"seed"`
	Only      []string       `json:"only,omitempty"`
	Factors   []string       `json:"factors"`
}

// registryDigest names a registry's parameters, defaults and priors, so
// that a worker of another model refuses the job.
func registryDigest(reg *params.Registry) string {
	h := sha256.New()
	for _, p := range reg.All() {
		fmt.Fprintf(h, "%s %v %v %v %v\n", p.Name, math.Float64bits(p.Default), p.Prior.Dist, p.Prior.Lo, p.Prior.Hi)
	}
	return Version() + "+" + hex.EncodeToString(h.Sum(nil))[:12]
}

func newSensitivityJob(scs []*scenario.Scenario, ev *sensitivity.Evaluator, only []string) (sensitivityJob, error) {
	j := sensitivityJob{Model: registryDigest(ev.Registry), From: ev.From, To: ev.To, Seed: ev.Seed, Only: only}
	for _, s := range scs {
		y, err := s.YAML()
		if err != nil {
			return j, err
		}
		j.Scenarios = append(j.Scenarios, string(y))
		j.Names = append(j.Names, s.Name)
	}
	for _, p := range ev.Factors {
		j.Factors = append(j.Factors, p.Name)
	}
	return j, nil
}

// id is a short digest of the job.
func (j sensitivityJob) id() string {
	b, _ := json.Marshal(j)
	sum := sha256.Sum256(b)
	return "sens-" + hex.EncodeToString(sum[:8])
}

// pointsBuilder rebuilds a sensitivity job's evaluator, as the
// coordinator built it, and checks that it varies the same parameters of
// the same model.
func pointsBuilder(f *Factory) cluster.PointBuilder {
	return func(ctx context.Context, _ string, job cluster.Job) (cluster.PointFunc, error) {
		var j sensitivityJob
		if err := json.Unmarshal([]byte(job.Spec), &j); err != nil {
			return nil, fmt.Errorf("malformed sensitivity job: %w", err)
		}
		reg, err := f.Registry()
		if err != nil {
			return nil, err
		}
		if d := registryDigest(reg); d != j.Model {
			return nil, fmt.Errorf("this worker's model (%s) is not the job's (%s): run the same cartelsim version on every machine", d, j.Model)
		}
		w, err := f.World()
		if err != nil {
			return nil, err
		}
		var scs []*scenario.Scenario
		for i, text := range j.Scenarios {
			s, err := scenario.Parse(j.Names[i], []byte(text))
			if err != nil {
				return nil, fmt.Errorf("sensitivity job scenario %s: %w", j.Names[i], err)
			}
			scs = append(scs, s)
		}
		ev, err := sensitivity.NewEvaluator(w, reg, scs, j.From, j.To, j.Seed, j.Only...)
		if err != nil {
			return nil, err
		}
		names := make([]string, len(ev.Factors))
		for i, p := range ev.Factors {
			names[i] = p.Name
		}
		if !slices.Equal(names, j.Factors) {
			return nil, fmt.Errorf("this worker would vary other parameters than the job's")
		}
		return ev.Eval, nil
	}
}

// sensitivityCluster returns an evaluation function that hands the points
// to workers over NATS, and what stops it.
func sensitivityCluster(ctx context.Context, opts *SensitivityOptions, scs []*scenario.Scenario, ev *sensitivity.Evaluator) (func(context.Context, [][]float64, func(int, int)) ([][]float64, error), func(), error) {
	j, err := newSensitivityJob(scs, ev, opts.Only)
	if err != nil {
		return nil, nil, err
	}
	spec, err := json.Marshal(j)
	if err != nil {
		return nil, nil, err
	}
	id := j.id()
	points := pointsBuilder(opts.Factory)
	mine := func(ctx context.Context, got string, job cluster.Job) (cluster.PointFunc, error) {
		if got != id {
			return points(ctx, got, job)
		}
		return ev.Eval, nil
	}
	js, storage, stop, err := startCluster(ctx, opts.NATSOptions, opts.IO.ErrOut, opts.Workers, jobBuilder(opts.Factory), mine)
	if err != nil {
		return nil, nil, err
	}
	c := &cluster.Coordinator{JS: js, ID: id, Job: cluster.Job{Kind: cluster.PointsKind, Spec: string(spec)}, Storage: storage, Log: opts.IO.ErrOut}
	n := len(ev.Outputs())
	return func(ctx context.Context, pts [][]float64, progress func(int, int)) ([][]float64, error) {
		return c.EvalAll(ctx, pts, n, progress)
	}, stop, nil
}
