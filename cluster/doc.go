// Package cluster runs ensemble members on workers anywhere, over NATS
// JetStream: the distributed engine of DESIGN §6 for users who outgrow one
// machine. It is one more ensemble.Executor; the coordinator still folds
// every member into the same histograms, so the summaries are identical to
// a run on one machine's cores.
//
// The protocol, all on JetStream:
//
//   - A key-value bucket (cartelsim_jobs) holds each ensemble's Job: its
//     Spec and, for posterior draws, the posterior. A worker rebuilds the
//     model from it and refuses to run when its own model's Spec differs
//     (another version, another registry).
//   - A work-queue stream (CARTELSIM_TASKS, subjects cartelsim.tasks.<id>)
//     carries chunks of run indices. All workers pull from one durable
//     consumer; a task a worker does not acknowledge within the ack wait
//     (it crashed, or lost its connection) is delivered to another. A
//     worker extends the lease after every run, so slow runs are not
//     redelivered.
//   - A work-queue stream (CARTELSIM_RESULTS, subjects
//     cartelsim.results.<id>) carries one message per run: its parameters
//     and values. Its size limit (discard new) makes fast workers wait for
//     a slow coordinator instead of filling memory.
//
// The same streams carry points jobs (Job.Kind PointsKind): the points of
// a sensitivity design, each task a chunk of points with their
// coordinates, each result one point's outputs (Coordinator.EvalAll).
//
// Runs are pure functions of (model, run index), so a redelivered task
// recomputes the same values; the coordinator drops a run it has already
// seen, and every result carries the coordinator's session so that the
// results of an interrupted earlier session are ignored. Durability stays
// with the results store: after a crash of the coordinator, --resume
// publishes the runs the store has not committed.
package cluster
