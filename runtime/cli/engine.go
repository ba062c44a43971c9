package cli

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/stripesync/stripesync/runtime/stripeclient"
)

// Engine is the sync engine as the command drives it: the narrow surface
// the CLI needs from the backfill and events services.
type Engine interface {
	// Backfill lists every table not filled yet, resuming from the
	// checkpoints of an earlier run, and returns when all are done or ctx
	// ends. It saves the events cursor before it starts listing.
	Backfill(ctx context.Context) error
	// Follow applies events from the saved cursor until ctx ends. It then
	// commits or rolls back the batch in flight and returns nil.
	Follow(ctx context.Context) error
}

// EngineDeps is what the command hands the engine.
type EngineDeps struct {
	// Pool is connected to the database, whose schema version matches.
	Pool *pgxpool.Pool
	// Client talks to Stripe, pinned to the generated API version.
	Client *stripeclient.Client
	// Schema and StateSchema are the data and state schemas.
	Schema, StateSchema string
	// Log is the command's logger.
	Log *slog.Logger
	// Progress receives progress snapshots (never nil).
	Progress func(Progress)
	// RelistInterval is how often Follow re-lists the tables events do not
	// keep current (0: never).
	RelistInterval time.Duration
}

// errNoEngine is returned while no engine is wired in.
var errNoEngine = errors.New("this build has no sync engine wired in (runtime engine pending)")

// NewEngine builds the engine the backfill and sync commands run. It is a
// variable so tests can substitute a fake.
var NewEngine = func(d EngineDeps) (Engine, error) { return nil, errNoEngine }
