package cluster

import (
	"context"
	"errors"
	"fmt"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Storage of the streams: files on a cluster that outlives the
// coordinator, memory on the coordinator's embedded server.
type Storage = jetstream.StorageType

// Storage kinds.
const (
	FileStorage   = jetstream.FileStorage
	MemoryStorage = jetstream.MemoryStorage
)

// resultsMaxBytes bounds the results waiting for the coordinator: workers
// ahead of it wait (and retry) rather than fill the server.
const resultsMaxBytes = 256 << 20

// Connect opens a connection to the NATS server at url and its JetStream
// context, with an error that says what to check when it fails. creds, if
// set, is a NATS credentials file (user JWT and NKey seed), as clusters
// with decentralised authentication require; a URL may also carry a user
// and password (nats://user:pass@host:4222).
func Connect(url, name, creds string) (*nats.Conn, jetstream.JetStream, error) {
	opts := []nats.Option{nats.Name(name), nats.MaxReconnects(-1)}
	if creds != "" {
		opts = append(opts, nats.UserCredentials(creds))
	}
	nc, err := nats.Connect(url, opts...)
	if err != nil {
		return nil, nil, fmt.Errorf("cluster: connecting to NATS at %s: %w", url, err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, nil, fmt.Errorf("cluster: JetStream at %s: %w", url, err)
	}
	return nc, js, nil
}

// ensure creates the streams and the jobs bucket, or adopts them if they
// exist.
func ensure(ctx context.Context, js jetstream.JetStream, storage Storage) (jetstream.Stream, jetstream.Stream, jetstream.KeyValue, error) {
	tasks, err := js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:      tasksStream,
		Subjects:  []string{taskSubject("*")},
		Retention: jetstream.WorkQueuePolicy,
		Storage:   storage,
	})
	if err != nil {
		return nil, nil, nil, wrapJS("creating the tasks stream", err)
	}
	results, err := js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:      resultsStream,
		Subjects:  []string{resultSubject("*")},
		Retention: jetstream.WorkQueuePolicy,
		Storage:   storage,
		MaxBytes:  resultsMaxBytes,
		Discard:   jetstream.DiscardNew,
	})
	if err != nil {
		return nil, nil, nil, wrapJS("creating the results stream", err)
	}
	kv, err := js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{Bucket: jobsBucket, Storage: storage})
	if err != nil {
		return nil, nil, nil, wrapJS("creating the jobs bucket", err)
	}
	return tasks, results, kv, nil
}

// wrapJS names the step and, when JetStream is off, says so.
func wrapJS(step string, err error) error {
	if errors.Is(err, jetstream.ErrJetStreamNotEnabled) || errors.Is(err, jetstream.ErrJetStreamNotEnabledForAccount) {
		return fmt.Errorf("cluster: %s: the NATS server has JetStream disabled (start nats-server with -js): %w", step, err)
	}
	return fmt.Errorf("cluster: %s: %w", step, err)
}
