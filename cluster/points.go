package cluster

import (
	"context"
	"fmt"
	"strconv"
	"sync/atomic"

	"github.com/nats-io/nats.go"
)

// PointsKind marks a job whose tasks are points to evaluate (the designs
// of 'cartelsim sensitivity'), not ensemble runs.
const PointsKind = "points"

// pointMsg encodes point idx's outputs as a result message.
func pointMsg(id, session string, idx uint64, y []float64) *nats.Msg {
	msg := nats.NewMsg(resultSubject(id))
	msg.Header.Set(hdrRun, strconv.FormatUint(idx, 10))
	msg.Header.Set(hdrSession, session)
	msg.Data = appendFloats(nil, y)
	return msg
}

// EvalAll evaluates every point on the workers (c.Job.Kind must be
// PointsKind) and returns y[output][point], as the points' function
// returns them, with outputs outputs per point. progress, if set, is
// called as points come back.
func (c *Coordinator) EvalAll(ctx context.Context, points [][]float64, outputs int, progress func(done, total int)) ([][]float64, error) {
	if c.Job.Kind != PointsKind {
		return nil, fmt.Errorf("cluster: job %s is not a points job", c.ID)
	}
	y := make([][]float64, outputs)
	for i := range y {
		y[i] = make([]float64, len(points))
	}
	feed := func(ctx context.Context, emit func(uint64, []float64) error) error {
		for i, p := range points {
			if err := emit(uint64(i), p); err != nil {
				return err
			}
		}
		return nil
	}
	var done atomic.Int64
	take := func(_ context.Context, idx uint64, data []byte) error {
		if idx >= uint64(len(points)) {
			return fmt.Errorf("cluster: result for point %d of %d", idx, len(points))
		}
		v, rest, err := readFloats(data, nil, outputs)
		if err != nil || len(rest) != 0 {
			return fmt.Errorf("cluster: result of point %d: malformed (%v, %d bytes left)", idx, err, len(rest))
		}
		for k, x := range v {
			y[k][idx] = x
		}
		if d := int(done.Add(1)); progress != nil {
			progress(d, len(points))
		}
		return nil
	}
	if err := c.dispatch(ctx, feed, take); err != nil {
		return nil, err
	}
	return y, nil
}
