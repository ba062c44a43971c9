package cli

import (
	"context"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/stripesync/stripesync/runtime/events"
	"github.com/stripesync/stripesync/runtime/stripeclient"
	"github.com/stripesync/stripesync/runtime/syncer"
)

// engineDeps is what the command hands the engine.
type engineDeps struct {
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
	// RelistInterval is how often sync re-lists the tables events do not
	// keep current (0: never); RelistFullInterval how often that re-list
	// is a full one with a sweep (0: never).
	RelistInterval, RelistFullInterval time.Duration
	// KeepEvents is how long rows of the events table are kept (0: all).
	KeepEvents time.Duration
}

// engine is the sync engine the backfill and sync commands drive: a
// syncer.Syncer over the command's pool and client, plus what the command
// shows of it (progress, the phases and re-lists as log lines) and the
// hook the sidecar sets on every committed event.
type engine struct {
	s    *syncer.Syncer
	d    engineDeps
	hook *hookBox
}

// newEngine builds the syncer over the command's pool and client.
func newEngine(d engineDeps) (*engine, error) {
	e := &engine{d: d, hook: &hookBox{}}
	cfg := syncer.Config{DB: d.Pool, Client: d.Client, DataSchema: d.Schema, StateSchema: d.StateSchema,
		Events: events.Config{OnCommit: e.hook.commit, KeepEvents: d.KeepEvents}, OnPhase: e.phase, Logger: d.Log}
	relistSchedule(&cfg, d.RelistInterval, d.RelistFullInterval)
	s, err := syncer.New(cfg)
	if err != nil {
		return nil, fmt.Errorf("engine: %w", err)
	}
	e.s = s
	return e, nil
}

// relistSchedule maps --relist-interval and --relist-full-interval onto
// the syncer's re-listing: an incremental walk every `every` (0: no
// re-listing), a full walk that sweeps rows Stripe no longer lists every
// `full` (0: never, incremental walks only).
func relistSchedule(cfg *syncer.Config, every, full time.Duration) {
	cfg.NoRelist = every <= 0
	if cfg.NoRelist {
		return
	}
	cfg.RelistInterval, cfg.RelistFullInterval, cfg.NoFullRelist = every, full, full == 0
}

// Backfill lists every table not filled yet, resuming from the
// checkpoints of an earlier run, reporting progress. It returns nil once
// all are done, an error when the backfill is incomplete or ctx ended.
func (e *engine) Backfill(ctx context.Context) error {
	stop := e.watch()
	defer stop()
	return e.s.Backfill(ctx)
}

// Run backfills what is missing while following events, then follows
// events and re-lists until ctx ends (see syncer.Run), reporting progress.
// It returns nil when ctx ended, after the batch in flight was written.
func (e *engine) Run(ctx context.Context) error {
	stop := e.watch()
	defer stop()
	return e.s.Run(ctx)
}

// BackfillComplete reports whether the last backfill finished every table.
func (e *engine) BackfillComplete() bool { return e.s.Stats().BackfillComplete }

// phase logs the syncer's move to following events (the backfill is done).
func (e *engine) phase(p string) {
	if p == syncer.PhaseFollow {
		e.d.Log.Info("following events")
	}
}

// hookBox holds the commit hook set after the engine is built.
type hookBox struct {
	fn atomic.Pointer[func(string, []byte)]
}

// commit forwards a committed transaction's events to the hook.
func (h *hookBox) commit(c events.Commit) {
	fn := h.fn.Load()
	if fn == nil {
		return
	}
	for _, a := range c.Events {
		(*fn)(a.Type, a.Object)
	}
}

// OnCommitted sets the function called after every committed event,
// polled or delivered by webhook, with its type and data.object.
func (e *engine) OnCommitted(fn func(eventType string, object []byte)) { e.hook.fn.Store(&fn) }
