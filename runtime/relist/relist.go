package relist

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/stripesync/stripesync/internal/syncdb"
	"github.com/stripesync/stripesync/runtime/backfill"
	"github.com/stripesync/stripesync/runtime/state"
)

// Defaults for Config.
const (
	DefaultInterval     = 10 * time.Minute
	DefaultFullInterval = 6 * time.Hour
	// Overlap is how far before the previous walk an incremental walk
	// starts, for objects created while it ran.
	Overlap = 5 * time.Minute
)

// lastKey is the sync_state value holding the last walks' start times.
const lastKey = "relist/last"

// Sentinel errors.
var (
	// ErrConfig means a required Config field is missing or invalid.
	ErrConfig = errors.New("relist: invalid config")
	// ErrStarted means Start was called while the loop runs.
	ErrStarted = errors.New("relist: already started")
)

// Config configures a Relister.
type Config struct {
	// Backfiller walks the lists. Required.
	Backfiller *backfill.Backfiller
	// Registry describes the tables. Required.
	Registry *syncdb.Registry
	// DB and State keep the last walk times. Required.
	DB    state.DB
	State *state.Store
	// Tables are the tables to re-list (default Tables(Registry)).
	Tables []string
	// Interval is the pause between incremental walks (default 10 min);
	// FullInterval between full walks with a sweep (default 6 h).
	Interval, FullInterval time.Duration
	// NoFull makes the loop walk incrementally only: no full walk, so no
	// sweep (RunOnce still walks in full when asked).
	NoFull bool
	// Logger receives structured logs (default: discard).
	Logger *slog.Logger
}

func (c Config) validate() (Config, error) {
	if c.Backfiller == nil || c.Registry == nil || c.DB == nil || c.State == nil {
		return c, fmt.Errorf("%w: Backfiller, Registry, DB and State are required", ErrConfig)
	}
	if c.Interval < 0 || c.FullInterval < 0 {
		return c, fmt.Errorf("%w: negative interval", ErrConfig)
	}
	if c.Interval == 0 {
		c.Interval = DefaultInterval
	}
	if c.FullInterval == 0 {
		c.FullInterval = DefaultFullInterval
	}
	if c.Tables == nil {
		c.Tables = Tables(c.Registry)
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c, nil
}

// relistChildren are child tables re-listed although their parent has
// events (the design names subscription items among the resources without
// events of their own).
var relistChildren = map[string]bool{"subscription_items": true}

// Tables returns the tables to re-list by default: listable tables without
// event types, and tables whose deletions Stripe announces with no event.
// Child tables whose parent has events are left out (the parent's events
// carry them, or make the follower fetch them), except relistChildren.
func Tables(reg *syncdb.Registry) []string {
	jobs, err := backfill.Plan(reg)
	if err != nil {
		return nil
	}
	sweep := map[*syncdb.Table]bool{}
	for _, t := range backfill.SweepTables(reg) {
		sweep[t] = true
	}
	var out []string
	for _, t := range backfill.Tables(jobs) {
		if t.Name == "events" || coveredByParent(t) {
			continue
		}
		if len(t.EventTypes) == 0 || sweep[t] {
			out = append(out, t.Name)
		}
	}
	return out
}

// coveredByParent reports whether a child table's parent has events.
func coveredByParent(t *syncdb.Table) bool {
	if t.Kind != syncdb.KindChild || t.Parent == nil || t.Parent.Table == nil || relistChildren[t.Name] {
		return false
	}
	return len(t.Parent.Table.EventTypes) > 0
}

// Stats is a snapshot of the relister's work.
type Stats struct {
	// LastIncremental and LastFull are when the last successful walks
	// started; zero before any.
	LastIncremental, LastFull time.Time
	// Walks and Failures count walks.
	Walks, Failures int64
	// Objects and Swept total the objects fetched and rows swept.
	Objects, Swept int64
}

// last is the persisted start times of the last successful walks.
type last struct {
	Incremental int64 `json:"incremental"`
	Full        int64 `json:"full"`
}

// Relister re-lists tables periodically. RunOnce and the Start loop are
// serialized.
type Relister struct {
	cfg Config

	mu      sync.Mutex // serializes walks
	smu     sync.Mutex
	stats   Stats
	done    chan struct{}
	err     error
	running bool
}

// New checks cfg and returns a Relister.
func New(cfg Config) (*Relister, error) {
	cfg, err := cfg.validate()
	if err != nil {
		return nil, err
	}
	return &Relister{cfg: cfg}, nil
}

// Stats returns a snapshot of the relister's work.
func (r *Relister) Stats() Stats {
	r.smu.Lock()
	defer r.smu.Unlock()
	return r.stats
}

// Tables returns the tables it re-lists.
func (r *Relister) Tables() []string { return r.cfg.Tables }

// logTables is a short form of the table list for logs.
func (r *Relister) logTables() string {
	if len(r.cfg.Tables) > 6 {
		return strings.Join(r.cfg.Tables[:6], ",") + fmt.Sprintf(",... (%d)", len(r.cfg.Tables))
	}
	return strings.Join(r.cfg.Tables, ",")
}
