package events

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/stripesync/stripesync/internal/syncdb"
	"github.com/stripesync/stripesync/runtime/source"
	"github.com/stripesync/stripesync/runtime/state"
)

// Defaults for Config.
const (
	DefaultPollInterval       = 500 * time.Millisecond
	DefaultOverlap            = time.Second
	DefaultLookbackWindow     = time.Minute
	DefaultLookbackInterval   = 15 * time.Second
	DefaultRetention          = 30 * 24 * time.Hour
	DefaultRetentionMargin    = 24 * time.Hour
	DefaultRefetchConcurrency = 4
)

// Sentinel errors, matched with errors.Is.
var (
	// ErrConfig means a required Config field is missing or invalid.
	ErrConfig = errors.New("events: invalid config")
	// ErrNoCursor means no events cursor was saved: set one (SaveCursor)
	// before the backfill starts.
	ErrNoCursor = errors.New("events: no events cursor saved; run a backfill first")
	// ErrRetention means events may have expired unseen: re-backfill.
	ErrRetention = errors.New("events: cursor near Stripe's 30-day event retention; a re-backfill is needed")
	// ErrStarted means Start was called twice.
	ErrStarted = errors.New("events: follower already started")
)

// DB is the database the follower writes to: a *pgxpool.Pool.
type DB interface {
	state.Beginner
	state.DB
	syncdb.BatchSender
}

// Config configures a Follower.
type Config struct {
	// DB is the database. Required.
	DB DB
	// Source fetches and decodes objects. Required.
	Source *source.Source
	// Store writes batches into the data schema. Required.
	Store *syncdb.Store
	// State keeps the cursor, processed events and refetch queue. Required.
	State *state.Store
	// DataSchema is the data schema, for reading stored versions. Required.
	DataSchema string
	// PollInterval is the pause between polls (default 500 ms).
	PollInterval time.Duration
	// Overlap is how far before the cursor each poll lists events again
	// (default 1 s), for events sorting behind the cursor: created in its
	// second (ids do not sort), or made visible a little late.
	Overlap time.Duration
	// LookbackWindow is how far behind the cursor a lookback lists events
	// (default 1 minute); LookbackInterval is how often (default 15 s).
	// At 50 events/s that costs about 2 requests/s.
	LookbackWindow, LookbackInterval time.Duration
	// Retention is how long Stripe keeps events (default 30 days);
	// RetentionMargin is how long before that a re-backfill is asked for
	// (default 1 day).
	Retention, RetentionMargin time.Duration
	// RefetchConcurrency bounds the objects refetched at once (default 4).
	RefetchConcurrency int
	// SkipEventsTable leaves the events table alone (default: every
	// applied event is stored in it).
	SkipEventsTable bool
	// KeepEvents, when positive, is how long rows of the events table are
	// kept, by the event's creation time: older rows are deleted every
	// hour. Zero keeps every event.
	KeepEvents time.Duration
	// OnCommit, if set, is called after each committed transaction that
	// applied events (for lag metrics); it must not block.
	OnCommit func(Commit)
	// Logger receives structured logs (default: discard).
	Logger *slog.Logger
}

func (c Config) validate() (Config, error) {
	switch {
	case c.DB == nil || c.Source == nil || c.Store == nil || c.State == nil || c.DataSchema == "":
		return c, fmt.Errorf("%w: DB, Source, Store, State and DataSchema are required", ErrConfig)
	case c.PollInterval < 0 || c.Overlap < 0 || c.LookbackWindow < 0 || c.LookbackInterval < 0 || c.RefetchConcurrency < 0 ||
		c.KeepEvents < 0:
		return c, fmt.Errorf("%w: negative duration or bound", ErrConfig)
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	def(&c.PollInterval, DefaultPollInterval)
	def(&c.Overlap, DefaultOverlap)
	def(&c.LookbackWindow, DefaultLookbackWindow)
	def(&c.LookbackInterval, DefaultLookbackInterval)
	def(&c.Retention, DefaultRetention)
	def(&c.RetentionMargin, DefaultRetentionMargin)
	if c.RetentionMargin >= c.Retention {
		return c, fmt.Errorf("%w: retention margin %v is not below retention %v", ErrConfig, c.RetentionMargin, c.Retention)
	}
	if c.RefetchConcurrency == 0 {
		c.RefetchConcurrency = DefaultRefetchConcurrency
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c, nil
}
