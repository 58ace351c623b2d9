package cluster

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"github.com/nats-io/nats.go"

	"github.com/cartelsim/cartelsim/ensemble"
)

// Names of the streams, the workers' consumer and the jobs bucket.
const (
	tasksStream   = "CARTELSIM_TASKS"
	resultsStream = "CARTELSIM_RESULTS"
	jobsBucket    = "cartelsim_jobs"
	workersName   = "cartelsim-workers"
)

// Headers of a result message.
const (
	hdrRun     = "Cartelsim-Run"
	hdrSession = "Cartelsim-Session"
	hdrError   = "Cartelsim-Error"
	// hdrWorker marks an error of one worker (it cannot build the model),
	// not of the run: other workers may still run the task.
	hdrWorker = "Cartelsim-Worker-Error"
)

func taskSubject(id string) string   { return "cartelsim.tasks." + id }
func resultSubject(id string) string { return "cartelsim.results." + id }

// Job is what a worker needs to rebuild an ensemble's model, or the
// function a batch of points is evaluated with.
type Job struct {
	// Kind is "" for an ensemble, or PointsKind.
	Kind string `json:"kind,omitempty"`
	// Spec is the ensemble's ensemble.Spec as JSON, or the description a
	// PointBuilder reads.
	Spec string `json:"spec"`
	// Posterior is the posterior file's content when the spec's source is
	// a posterior.
	Posterior []byte `json:"posterior,omitempty"`
}

// task is a chunk of runs of one coordinator session; for a points job,
// Runs are the points' indices and Points their coordinates.
type task struct {
	Session string      `json:"session"`
	Runs    []uint64    `json:"runs"`
	Points  [][]float64 `json:"points,omitempty"`
}

func decodeTask(b []byte) (task, error) {
	var t task
	if err := json.Unmarshal(b, &t); err != nil {
		return t, fmt.Errorf("cluster: malformed task: %w", err)
	}
	if t.Session == "" || len(t.Runs) == 0 {
		return t, fmt.Errorf("cluster: malformed task: no session or no runs")
	}
	if t.Points != nil && len(t.Points) != len(t.Runs) {
		return t, fmt.Errorf("cluster: malformed task: %d points for %d indices", len(t.Points), len(t.Runs))
	}
	return t, nil
}

// resultMsg encodes a member as a result message: the run and session in
// headers, then the parameters and each scenario's values as
// little-endian float64s, each list led by its length.
func resultMsg(id, session string, mb *ensemble.Member) *nats.Msg {
	n := 4 + 8*len(mb.Params) + 4
	for _, v := range mb.Values {
		n += 4 + 8*len(v)
	}
	b := make([]byte, 0, n)
	b = appendFloats(b, mb.Params)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(mb.Values)))
	for _, v := range mb.Values {
		b = appendFloats(b, v)
	}
	msg := nats.NewMsg(resultSubject(id))
	msg.Header.Set(hdrRun, strconv.FormatUint(mb.Run, 10))
	msg.Header.Set(hdrSession, session)
	msg.Data = b
	return msg
}

// errorMsg reports a run that failed, or a job a worker cannot run.
func errorMsg(id, session string, run uint64, err error) *nats.Msg {
	msg := nats.NewMsg(resultSubject(id))
	msg.Header.Set(hdrRun, strconv.FormatUint(run, 10))
	msg.Header.Set(hdrSession, session)
	msg.Header.Set(hdrError, err.Error())
	return msg
}

func appendFloats(b []byte, xs []float64) []byte {
	b = binary.LittleEndian.AppendUint32(b, uint32(len(xs)))
	for _, x := range xs {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
	}
	return b
}

// decodeMember fills mb, a member of the coordinator's model, from a
// result's body; the sizes must match the model's layouts exactly.
func decodeMember(b []byte, mb *ensemble.Member) error {
	var err error
	if mb.Params, b, err = readFloats(b, mb.Params[:0], -1); err != nil {
		return fmt.Errorf("parameters: %w", err)
	}
	if len(b) < 4 {
		return fmt.Errorf("truncated before the scenario count")
	}
	ns := int(binary.LittleEndian.Uint32(b))
	b = b[4:]
	if ns != len(mb.Values) {
		return fmt.Errorf("%d scenarios, the ensemble has %d", ns, len(mb.Values))
	}
	for i := range mb.Values {
		if mb.Values[i], b, err = readFloats(b, mb.Values[i][:0], len(mb.Values[i])); err != nil {
			return fmt.Errorf("scenario %d: %w", i, err)
		}
	}
	if len(b) != 0 {
		return fmt.Errorf("%d bytes after the last scenario", len(b))
	}
	return nil
}

// readFloats reads a length-led list into dst; want >= 0 requires that
// length.
func readFloats(b []byte, dst []float64, want int) ([]float64, []byte, error) {
	if len(b) < 4 {
		return dst, b, fmt.Errorf("truncated length")
	}
	n := int(binary.LittleEndian.Uint32(b))
	b = b[4:]
	if want >= 0 && n != want {
		return dst, b, fmt.Errorf("%d values, want %d", n, want)
	}
	if len(b) < 8*n {
		return dst, b, fmt.Errorf("%d values announced, %d bytes left", n, len(b))
	}
	for i := range n {
		dst = append(dst, math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:])))
	}
	return dst, b[8*n:], nil
}
