package backfill

import (
	"fmt"
	"log/slog"

	"github.com/stripesync/stripesync/internal/syncdb"
	"github.com/stripesync/stripesync/runtime/source"
	"github.com/stripesync/stripesync/runtime/state"
)

// Defaults for Config.
const (
	DefaultWorkers           = 8
	DefaultParentConcurrency = 4
	DefaultParentChunk       = 100
)

// DB is the database the backfill writes to: a *pgxpool.Pool.
type DB interface {
	state.Beginner
	state.DB
	syncdb.BatchSender
}

// Config configures a Backfiller.
type Config struct {
	// DB is the database (a pool with at least Workers+2 connections).
	// Required.
	DB DB
	// Source fetches and decodes objects. Required.
	Source *source.Source
	// Store writes batches into the data schema. Required.
	Store *syncdb.Store
	// State keeps checkpoints in the state schema. Required.
	State *state.Store
	// DataSchema is the data schema, for reading parent ids. Required.
	DataSchema string
	// Tables limits the backfill to these tables (default: every listable
	// table). Jobs filling a named child table are included.
	Tables []string
	// Workers bounds the jobs running at once (default DefaultWorkers).
	Workers int
	// ParentConcurrency bounds the parents one parent-scoped job lists at
	// once (default DefaultParentConcurrency).
	ParentConcurrency int
	// ParentChunk is how many parents one transaction covers (default
	// DefaultParentChunk).
	ParentChunk int
	// FailUnavailable makes a job whose endpoint Stripe does not serve to
	// this account or key (see Unavailable) fail the run instead of being
	// reported and skipped.
	FailUnavailable bool
	// Logger receives progress and failures (default: discard).
	Logger *slog.Logger
}

func (c Config) validate() (Config, error) {
	switch {
	case c.DB == nil:
		return c, fmt.Errorf("%w: no DB", ErrConfig)
	case c.Source == nil:
		return c, fmt.Errorf("%w: no Source", ErrConfig)
	case c.Store == nil:
		return c, fmt.Errorf("%w: no Store", ErrConfig)
	case c.State == nil:
		return c, fmt.Errorf("%w: no State", ErrConfig)
	case c.DataSchema == "":
		return c, fmt.Errorf("%w: no DataSchema", ErrConfig)
	case c.Workers < 0 || c.ParentConcurrency < 0 || c.ParentChunk < 0:
		return c, fmt.Errorf("%w: negative bound", ErrConfig)
	}
	if c.Workers == 0 {
		c.Workers = DefaultWorkers
	}
	if c.ParentConcurrency == 0 {
		c.ParentConcurrency = DefaultParentConcurrency
	}
	if c.ParentChunk == 0 {
		c.ParentChunk = DefaultParentChunk
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c, nil
}
