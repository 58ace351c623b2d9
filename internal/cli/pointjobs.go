package cli

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"slices"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/calibrate"
	"github.com/cartelsim/cartelsim/cluster"
	"github.com/cartelsim/cartelsim/ensemble"
	"github.com/cartelsim/cartelsim/params"
	"github.com/cartelsim/cartelsim/scenario"
	"github.com/cartelsim/cartelsim/sensitivity"
)

// sensitivityJob is what a worker needs to rebuild the evaluator of a
// 'cartelsim sensitivity' run: the scenarios as loaded, the window, the
// seed, the parameters varied and the model they belong to.
type sensitivityJob struct {
	Tool      string         `json:"tool"`
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
	ensemble.WriteRegistry(h, reg)
	return Version() + "+" + hex.EncodeToString(h.Sum(nil))[:12]
}

func newSensitivityJob(scs []*scenario.Scenario, ev *sensitivity.Evaluator, only []string) (sensitivityJob, error) {
	j := sensitivityJob{Tool: "sensitivity", Model: registryDigest(ev.Registry), From: ev.From, To: ev.To, Seed: ev.Seed, Only: only}
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

// jobID is a short digest of a points job's description.
func jobID(prefix string, spec []byte) string {
	sum := sha256.Sum256(spec)
	return prefix + hex.EncodeToString(sum[:8])
}

// pointsBuilder rebuilds the function of a points job, as the coordinator
// built it: a sensitivity run's evaluator or a calibration's distance.
func pointsBuilder(f *Factory) cluster.PointBuilder {
	return func(ctx context.Context, _ string, job cluster.Job) (cluster.PointFunc, error) {
		var head struct {
			Tool string `json:"tool"`
		}
		if err := json.Unmarshal([]byte(job.Spec), &head); err != nil {
			return nil, fmt.Errorf("malformed points job: %w", err)
		}
		switch head.Tool {
		case "sensitivity":
			return sensitivityPoints(f, job.Spec)
		case "calibrate":
			return calibratePoints(ctx, f, job.Spec)
		}
		return nil, fmt.Errorf("points job of unknown tool %q", head.Tool)
	}
}

// sensitivityPoints rebuilds a sensitivity job's evaluator and checks
// that it varies the same parameters of the same model.
func sensitivityPoints(f *Factory, spec string) (cluster.PointFunc, error) {
	var j sensitivityJob
	if err := json.Unmarshal([]byte(spec), &j); err != nil {
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

// pointsCluster returns an evaluation function that hands a points job's
// points to workers over NATS (the worker in this process evaluates this
// job with own), and what stops it.
func pointsCluster(ctx context.Context, n NATSOptions, f *Factory, errOut io.Writer, workers int, id string, spec []byte, own cluster.PointFunc, outputs int) (func(context.Context, [][]float64, func(int, int)) ([][]float64, error), func(), error) {
	points := pointsBuilder(f)
	mine := func(ctx context.Context, got string, job cluster.Job) (cluster.PointFunc, error) {
		if got != id {
			return points(ctx, got, job)
		}
		return own, nil
	}
	js, storage, stop, err := startCluster(ctx, n, errOut, workers, jobBuilder(f), mine)
	if err != nil {
		return nil, nil, err
	}
	c := &cluster.Coordinator{JS: js, ID: id, Job: cluster.Job{Kind: cluster.PointsKind, Spec: string(spec)}, Storage: storage, Log: errOut}
	return func(ctx context.Context, pts [][]float64, progress func(int, int)) ([][]float64, error) {
		return c.EvalAll(ctx, pts, outputs, progress)
	}, stop, nil
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
	return pointsCluster(ctx, opts.NATSOptions, opts.Factory, opts.IO.ErrOut, opts.Workers, jobID("sens-", spec), spec, ev.Eval, len(ev.Outputs()))
}

// calibrateJob is what a worker needs to rebuild a calibration's
// distance: the parameters fitted, the fit window and, for a synthetic
// check, the true point whose run replaces the data.
type calibrateJob struct {
	Tool   string    `json:"tool"`
	Model  string    `json:"model"`
	Params []string  `json:"params"`
	First  int       `json:"first"`
	Last   int       `json:"last"`
	Truth  []float64 `json:"truth,omitempty"`
}

// calibratePoints rebuilds a calibration's distance as a one-output
// points function.
func calibratePoints(ctx context.Context, f *Factory, spec string) (cluster.PointFunc, error) {
	var j calibrateJob
	if err := json.Unmarshal([]byte(spec), &j); err != nil {
		return nil, fmt.Errorf("malformed calibration job: %w", err)
	}
	reg, err := f.Registry()
	if err != nil {
		return nil, err
	}
	if d := registryDigest(reg); d != j.Model {
		return nil, fmt.Errorf("this worker's model (%s) is not the job's (%s): run the same cartelsim version on every machine", d, j.Model)
	}
	m, err := calibrationModel(f, j.Params, j.First, j.Last)
	if err != nil {
		return nil, err
	}
	if j.Truth != nil {
		if err := m.Synthetic(ctx, j.Truth); err != nil {
			return nil, err
		}
	}
	return distanceFunc(m), nil
}

// distanceFunc is m's distance as a points function.
func distanceFunc(m *calibrate.Model) cluster.PointFunc {
	return func(ctx context.Context, u []float64) ([]float64, error) {
		d, err := m.Distance(ctx, u)
		return []float64{d}, err
	}
}

// calibrateCluster returns a batch evaluator that hands proposals to
// workers over NATS, and what stops it.
func calibrateCluster(ctx context.Context, opts *CalibrateOptions, m *calibrate.Model, truth []float64) (func(context.Context, [][]float64) ([]float64, error), func(), error) {
	j := calibrateJob{Tool: "calibrate", Model: registryDigest(m.Registry), First: opts.First, Last: opts.Last, Truth: truth}
	for _, p := range m.Params {
		j.Params = append(j.Params, p.Name)
	}
	spec, err := json.Marshal(j)
	if err != nil {
		return nil, nil, err
	}
	eval, stop, err := pointsCluster(ctx, opts.NATSOptions, opts.Factory, opts.IO.ErrOut, opts.Workers, jobID("calib-", spec), spec, distanceFunc(m), 1)
	if err != nil {
		return nil, nil, err
	}
	return func(ctx context.Context, us [][]float64) ([]float64, error) {
		y, err := eval(ctx, us, nil)
		if err != nil {
			return nil, err
		}
		return y[0], nil
	}, stop, nil
}
