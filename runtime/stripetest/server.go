package stripetest

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stripesync/stripesync/openapi"
)

// Server is the fake Stripe API: state, HTTP handler and test controls. All
// methods are safe for concurrent use.
type Server struct {
	mu     sync.RWMutex
	st     *store
	m      *model
	clock  Clock
	seed   int64
	keys   keyRules
	faults faultSet
	log    requestLog
	ts     *httptest.Server
	reqIDs requestIDs
}

// ServerOption configures New.
type ServerOption func(*serverConfig) error

type serverConfig struct {
	seed     int64
	clock    Clock
	model    *model
	tieBySeq bool
}

// WithSeed makes ids, references and fault decisions follow seed (default 1).
func WithSeed(seed int64) ServerOption {
	return func(c *serverConfig) error { c.seed = seed; return nil }
}

// WithClock sets the clock (default: a FakeClock at DefaultEpoch).
func WithClock(clock Clock) ServerOption {
	return func(c *serverConfig) error { c.clock = clock; return nil }
}

// WithInsertionOrderTies orders same-second objects and events by insertion
// (newer first) instead of by id.
func WithInsertionOrderTies() ServerOption {
	return func(c *serverConfig) error { c.tieBySeq = true; return nil }
}

// WithSpec serves another spec and its fixtures3.json instead of the pinned
// ones (e.g. a newer stripe-mock for upgrade tests).
func WithSpec(api *openapi.API, fixtures []byte) ServerOption {
	return func(c *serverConfig) error {
		m, err := newModel(api, fixtures)
		if err != nil {
			return err
		}
		c.model = m
		return nil
	}
}

// New builds a Server with no objects. The pinned spec is loaded once per
// process.
func New(opts ...ServerOption) (*Server, error) {
	cfg := serverConfig{seed: 1}
	for _, o := range opts {
		if err := o(&cfg); err != nil {
			return nil, fmt.Errorf("stripetest: option: %w", err)
		}
	}
	if cfg.model == nil {
		m, err := pinnedModel()
		if err != nil {
			return nil, err
		}
		cfg.model = m
	}
	if cfg.clock == nil {
		cfg.clock = NewFakeClock(DefaultEpoch)
	}
	s := &Server{m: cfg.model, clock: cfg.clock, seed: cfg.seed}
	s.st = newStore(cfg.model, cfg.clock, cfg.seed, cfg.tieBySeq)
	s.faults.seed = uint64(cfg.seed)
	return s, nil
}

// NewTestServer starts a Server on 127.0.0.1 for the test and closes it when
// the test ends. It fails the test when the server cannot be built.
func NewTestServer(t testing.TB, opts ...ServerOption) *Server {
	t.Helper()
	s, err := New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	s.ts = httptest.NewUnstartedServer(s)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("stripetest: listen: %v", err)
	}
	s.ts.Listener = ln
	s.ts.Config.ErrorLog = quietLog()
	s.ts.Start()
	t.Cleanup(s.ts.Close)
	return s
}

// URL is the base URL of a server started by NewTestServer ("" otherwise).
func (s *Server) URL() string {
	if s.ts == nil {
		return ""
	}
	return s.ts.URL
}

// Close stops a server started by NewTestServer.
func (s *Server) Close() {
	if s.ts != nil {
		s.ts.Close()
	}
}

// APIVersion is the API version of the served spec ("2025-05-28.basil").
func (s *Server) APIVersion() string { return s.m.api.Version }

// Clock returns the server's clock.
func (s *Server) Clock() Clock { return s.clock }

// FakeClock returns the server's clock when it is a *FakeClock, else nil.
func (s *Server) FakeClock() *FakeClock {
	fc, _ := s.clock.(*FakeClock)
	return fc
}

// Resources lists the resources the fake can generate, sorted.
func (s *Server) Resources() []string { return s.m.kindNames() }

// requestIDs makes Request-Id header values.
type requestIDs struct {
	mu sync.Mutex
	n  uint64
}

func (r *requestIDs) next() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.n++
	return "req_stripetest" + strconv.FormatUint(r.n, 10)
}

// setCommonHeaders adds the headers every Stripe response carries.
func (s *Server) setCommonHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Request-Id", s.reqIDs.next())
	h.Set("Stripe-Version", s.m.api.Version)
	h.Set("Date", time.Now().UTC().Format(http.TimeFormat))
}
