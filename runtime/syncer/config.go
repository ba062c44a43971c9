package syncer

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/internal/syncdb"
	"github.com/stripesync/stripesync/runtime/events"
	"github.com/stripesync/stripesync/runtime/source"
	"github.com/stripesync/stripesync/runtime/state"
	"github.com/stripesync/stripesync/runtime/stripeclient"
)

// Default schema names.
const (
	DefaultDataSchema  = "stripe"
	DefaultStateSchema = state.DefaultSchema
)

// ErrConfig means a required Config field is missing or invalid.
var ErrConfig = errors.New("syncer: invalid config")

// Config configures a Syncer. Zero values take the services' defaults.
type Config struct {
	// DB is the database, migrated to the generated schema version; give
	// it at least Workers+4 connections. Required.
	DB *pgxpool.Pool
	// Client talks to Stripe. Required.
	Client *stripeclient.Client
	// Registry describes the tables (default generated.Registry).
	Registry *syncdb.Registry
	// DataSchema and StateSchema name the schemas (default "stripe" and
	// "stripesync").
	DataSchema, StateSchema string
	// Clock is Stripe's clock (default: the host clock; see package source).
	Clock source.Clock

	// Tables limits the backfill (default: every listable table).
	Tables []string
	// Workers and ParentConcurrency bound the backfill (see backfill.Config).
	Workers, ParentConcurrency int
	// SequentialBackfill follows events only after the backfill finished
	// (default: the follower runs during the backfill too).
	SequentialBackfill bool
	// RetryBackfill is the pause before an incomplete backfill is retried
	// by Run (default 1 minute).
	RetryBackfill time.Duration

	// Events tunes the follower; its DB, Source, Store, State and
	// DataSchema are filled in.
	Events events.Config
	// RelistInterval and RelistFullInterval tune re-listing (see package
	// relist); NoFullRelist keeps it to incremental walks (no sweep) and
	// NoRelist turns it off.
	RelistInterval, RelistFullInterval time.Duration
	NoFullRelist, NoRelist             bool

	// OnPhase, if set, is called with each phase the syncer enters
	// (PhaseBackfill, PhaseFollow, PhaseStopped), in order, from the
	// goroutine running Backfill or Run; it must not block.
	OnPhase func(phase string)
	// Logger receives structured logs (default: discard).
	Logger *slog.Logger
}

func (c Config) validate() (Config, error) {
	if c.DB == nil || c.Client == nil {
		return c, fmt.Errorf("%w: DB and Client are required", ErrConfig)
	}
	if c.Registry == nil {
		c.Registry = generated.Registry
	}
	if c.Client.APIVersion() != c.Registry.APIVersion {
		return c, fmt.Errorf("%w: client pinned to %s, tables generated for %s", ErrConfig, c.Client.APIVersion(), c.Registry.APIVersion)
	}
	if c.DataSchema == "" {
		c.DataSchema = DefaultDataSchema
	}
	if c.StateSchema == "" {
		c.StateSchema = DefaultStateSchema
	}
	if c.RetryBackfill <= 0 {
		c.RetryBackfill = time.Minute
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c, nil
}
