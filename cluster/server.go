package cluster

import (
	"fmt"
	"net"
	"os"
	"strconv"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// serverMaxPayload lets one message carry a run of several scenarios
// (about 0.45 MB each); an external server's own limit applies there.
const serverMaxPayload = 64 << 20

// Server is a NATS server with JetStream inside this process, so that a
// laptop needs nothing installed and other machines can still join.
type Server struct {
	ns  *server.Server
	dir string
}

// StartServer starts an embedded server listening on addr (host:port; port
// 0 picks a free one), with JetStream's files in a temporary directory.
func StartServer(addr string) (*Server, error) {
	host, port, err := splitAddr(addr)
	if err != nil {
		return nil, err
	}
	// The server reports a busy port only in its log: try it first, to
	// say so plainly.
	if port != 0 {
		l, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
		if err != nil {
			return nil, fmt.Errorf("cluster: cannot listen on %s: %w (choose another with --listen)", addr, err)
		}
		l.Close()
	}
	dir, err := os.MkdirTemp("", "cartelsim-nats-")
	if err != nil {
		return nil, fmt.Errorf("cluster: JetStream directory: %w", err)
	}
	opts := &server.Options{
		Host:       host,
		Port:       port,
		JetStream:  true,
		StoreDir:   dir,
		MaxPayload: serverMaxPayload,
		NoSigs:     true,
		NoLog:      true,
	}
	if port == 0 {
		opts.Port = server.RANDOM_PORT
	}
	ns, err := server.NewServer(opts)
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("cluster: NATS server: %w", err)
	}
	ns.Start()
	if !ns.ReadyForConnections(10 * time.Second) {
		ns.Shutdown()
		os.RemoveAll(dir)
		return nil, fmt.Errorf("cluster: the NATS server on %s did not start within 10 s", addr)
	}
	return &Server{ns: ns, dir: dir}, nil
}

// URL is where clients reach the server, e.g. nats://127.0.0.1:4222.
func (s *Server) URL() string { return s.ns.ClientURL() }

// Close stops the server and removes its files.
func (s *Server) Close() {
	s.ns.Shutdown()
	s.ns.WaitForShutdown()
	os.RemoveAll(s.dir)
}

func splitAddr(addr string) (string, int, error) {
	host, p, err := net.SplitHostPort(addr)
	if err != nil {
		return "", 0, fmt.Errorf("cluster: listen address %q: want host:port, e.g. 127.0.0.1:4222 or 0.0.0.0:0", addr)
	}
	port, err := strconv.Atoi(p)
	if err != nil || port < 0 || port > 65535 {
		return "", 0, fmt.Errorf("cluster: listen address %q: port must be 0..65535", addr)
	}
	if host == "" {
		host = "0.0.0.0"
	}
	return host, port, nil
}
