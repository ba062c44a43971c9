package source

import (
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/stripesync/stripesync/internal/syncdb"
	"github.com/stripesync/stripesync/runtime/stripeclient"
)

// Clock reads Stripe's time (see the package doc on versions).
type Clock interface {
	// Now returns the current time.
	Now() time.Time
}

// SystemClock is the host clock.
type SystemClock struct{}

// Now returns time.Now().
func (SystemClock) Now() time.Time { return time.Now() }

// DefaultNestedConcurrency is how many truncated nested lists one page
// completes at once.
const DefaultNestedConcurrency = 4

// Config configures a Source.
type Config struct {
	// Client talks to Stripe. Required.
	Client *stripeclient.Client
	// Registry describes the tables. Required (generated.Registry).
	Registry *syncdb.Registry
	// Clock is Stripe's clock (default SystemClock).
	Clock Clock
	// NestedConcurrency bounds the nested lists fetched at once per call
	// (default DefaultNestedConcurrency).
	NestedConcurrency int
	// Logger receives debug logs (default: discard).
	Logger *slog.Logger
}

// Sentinel errors.
var (
	// ErrConfig means a required Config field is missing.
	ErrConfig = errors.New("source: incomplete config")
	// ErrNoRetrieve means a table's objects cannot be retrieved one by one.
	ErrNoRetrieve = errors.New("source: no retrieve endpoint")
	// ErrNoTable means an item's object type has no table in its list.
	ErrNoTable = errors.New("source: no table for item")
)

func (c Config) validate() (Config, error) {
	if c.Client == nil || c.Registry == nil {
		return c, ErrConfig
	}
	if c.Clock == nil {
		c.Clock = SystemClock{}
	}
	if c.NestedConcurrency <= 0 {
		c.NestedConcurrency = DefaultNestedConcurrency
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c, nil
}

// Source fetches and decodes Stripe objects. It is safe for concurrent use.
type Source struct {
	cfg      Config
	decoders sync.Pool
}

// New returns a Source.
func New(cfg Config) (*Source, error) {
	cfg, err := cfg.validate()
	if err != nil {
		return nil, err
	}
	s := &Source{cfg: cfg}
	s.decoders.New = func() any { return new(syncdb.Decoder) }
	return s, nil
}

// Registry returns the table registry.
func (s *Source) Registry() *syncdb.Registry { return s.cfg.Registry }

// Client returns the Stripe client.
func (s *Source) Client() *stripeclient.Client { return s.cfg.Client }

// Clock returns Stripe's clock.
func (s *Source) Clock() Clock { return s.cfg.Clock }

// Now returns the current time on Stripe's clock.
func (s *Source) Now() time.Time { return s.cfg.Clock.Now() }

// APIVersion returns the pinned API version snapshots are fetched at.
func (s *Source) APIVersion() string { return s.cfg.Registry.APIVersion }

// decode decodes one object of table t with a pooled decoder.
func (s *Source) decode(raw []byte, t *syncdb.Table, m syncdb.Meta) (*syncdb.Object, error) {
	d := s.decoders.Get().(*syncdb.Decoder)
	defer s.decoders.Put(d)
	return d.Decode(raw, t, m)
}

// Decode decodes one object of table t (no fetching, no version change).
func (s *Source) Decode(raw []byte, t *syncdb.Table, m syncdb.Meta) (*syncdb.Object, error) {
	return s.decode(raw, t, m)
}
