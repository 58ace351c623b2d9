package cluster

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

// toy is a points function with a known answer: the sum and the product
// of the coordinates.
func toy(_ context.Context, u []float64) ([]float64, error) {
	s, p := 0.0, 1.0
	for _, x := range u {
		s += x
		p *= x
	}
	return []float64{s, p}, nil
}

func pointsCoordinator(t *testing.T, url, id string) *Coordinator {
	t.Helper()
	return &Coordinator{JS: connect(t, url), ID: id, Job: Job{Kind: PointsKind, Spec: "toy"}, Storage: MemoryStorage, Chunk: 5}
}

func toyBuilder(_ context.Context, _ string, job Job) (PointFunc, error) {
	if job.Spec != "toy" {
		return nil, errors.New("not a toy job")
	}
	return toy, nil
}

// TestPointsOverNATS: a batch of points evaluated by two workers comes
// back complete, each output in its point's place.
func TestPointsOverNATS(t *testing.T) {
	t.Parallel()
	srv := natsServer(t)
	c := pointsCoordinator(t, srv.URL(), "pts1")
	for range 2 {
		startWorker(t, srv.URL(), &Worker{BuildPoints: toyBuilder, Concurrency: 2})
	}
	pts := make([][]float64, 103)
	for i := range pts {
		pts[i] = []float64{float64(i) / 103, 0.5, math.Sqrt(float64(i) / 103)}
	}
	var calls int
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	y, err := c.EvalAll(ctx, pts, 2, func(done, total int) { calls++ })
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range pts {
		want, _ := toy(context.Background(), p)
		if y[0][i] != want[0] || y[1][i] != want[1] {
			t.Fatalf("point %d: (%g, %g), want (%g, %g)", i, y[0][i], y[1][i], want[0], want[1])
		}
	}
	if calls != len(pts) {
		t.Errorf("progress called %d times, want %d", calls, len(pts))
	}
}

// TestPointsErrorStops: a point the function fails on stops the batch
// with its error, as it would on one machine.
func TestPointsErrorStops(t *testing.T) {
	t.Parallel()
	srv := natsServer(t)
	c := pointsCoordinator(t, srv.URL(), "pts2")
	startWorker(t, srv.URL(), &Worker{Concurrency: 1, BuildPoints: func(context.Context, string, Job) (PointFunc, error) {
		return func(_ context.Context, u []float64) ([]float64, error) {
			if u[0] > 0.5 {
				return nil, errors.New("the model refuses point 0.9")
			}
			return []float64{u[0]}, nil
		}, nil
	}})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err := c.EvalAll(ctx, [][]float64{{0.1}, {0.9}, {0.2}}, 1, nil)
	if err == nil || !strings.Contains(err.Error(), "refuses point 0.9") {
		t.Errorf("EvalAll: %v, want the point's error", err)
	}
}
