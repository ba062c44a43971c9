package cli

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// backfillSummary is the backfill command's help text.
const backfillSummary = `Fills every table once from Stripe's list endpoints, resuming where an
interrupted run stopped, and exits 0 when done. Refuses to run, writing
nothing, when the database is not at this build's schema version or Stripe
rejects the key.`

// syncSummary is the sync command's help text.
const syncSummary = `Backfills what is missing, then follows Stripe's events until SIGINT or
SIGTERM, when it finishes the batch in flight and exits 0. Refuses to run,
writing nothing, when the database is not at this build's schema version or
Stripe rejects the key.`

// maxConns is the pool size of backfill and sync.
const maxConns = 16

// runBackfill is the backfill command.
func runBackfill(ctx context.Context, e *env, c *Config) error {
	eng, done, err := start(ctx, e, c)
	if err != nil {
		return err
	}
	defer done()
	if err := eng.Backfill(ctx); err != nil {
		if ctx.Err() != nil {
			return errors.New("interrupted: run `stripesync backfill` again to resume from the checkpoint")
		}
		return err
	}
	return nil
}

// runSync is the sync command.
func runSync(ctx context.Context, e *env, c *Config) error {
	eng, done, err := start(ctx, e, c)
	if err != nil && ctx.Err() != nil {
		e.log.Info("stopped before starting")
		return nil
	}
	if err != nil {
		return err
	}
	defer done()
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	sideDone, err := startSidecar(ctx, e, c, eng)
	if err != nil {
		return err
	}
	var sideErr error
	var wg sync.WaitGroup
	if sideDone != nil {
		wg.Add(1)
		go func() { // the sidecar failing (the address is taken) stops the sync
			defer wg.Done()
			if sideErr = <-sideDone; sideErr != nil {
				stop()
			}
		}()
	}
	err = follow(ctx, e, eng)
	stop()
	wg.Wait() // the HTTP server has shut down
	if sideErr != nil {
		return fmt.Errorf("http endpoints: %w", sideErr)
	}
	return err
}

// follow runs the engine: it backfills what is missing while following
// events, then follows events until ctx ends, and says where it stopped.
func follow(ctx context.Context, e *env, eng *engine) error {
	if err := eng.Run(ctx); err != nil {
		return err
	}
	if !eng.BackfillComplete() {
		e.log.Info("stopped during the backfill; the next run resumes from the checkpoint")
		return nil
	}
	e.log.Info("stopped")
	return nil
}

// start runs the checks that must pass before anything is written: the
// database answers and is at this build's schema version, and Stripe
// accepts the key. Then it takes the syncer's lock (one backfill or sync
// per state schema at a time) and builds the engine. done releases
// everything.
func start(ctx context.Context, e *env, c *Config) (eng *engine, done func(), err error) {
	pool, err := connect(ctx, c, maxConns)
	if err != nil {
		return nil, nil, err
	}
	cleanup := []func(){pool.Close}
	release := func() {
		for i := len(cleanup) - 1; i >= 0; i-- {
			cleanup[i]()
		}
	}
	defer func() {
		if err != nil {
			release()
		}
	}()
	migration, err := preflight(ctx, c, pool)
	if err != nil {
		return nil, nil, err
	}
	unlock, err := sessionLock(ctx, e, pool, lockKey("sync", c.StateSchema),
		"waiting for another stripesync sync or backfill on this state schema to stop")
	if err != nil {
		return nil, nil, err
	}
	cleanup = append(cleanup, unlock)
	eng, rep, err := buildEngine(e, c, pool)
	if err != nil {
		return nil, nil, err
	}
	cleanup = append(cleanup, rep.Close)
	e.log.Info("starting", "key", c.Key, "api_base", c.APIBase, "database", describeDB(pool.Config()),
		"schema", c.Schema, "migration", migration)
	return eng, release, nil
}

// preflight checks the schema version and the key, writing nothing, and
// returns the database's migration.
func preflight(ctx context.Context, c *Config, pool *pgxpool.Pool) (int64, error) {
	st, err := probeSchema(ctx, pool, c)
	if err != nil {
		return 0, err
	}
	if err := st.check(c); err != nil {
		return 0, err
	}
	if _, err := checkKey(ctx, c); err != nil {
		return 0, err
	}
	return st.Current, nil
}

// buildEngine makes the Stripe client, the progress reporter and the
// engine.
func buildEngine(e *env, c *Config, pool *pgxpool.Pool) (*engine, reporter, error) {
	client, err := newClient(c, e.log)
	if err != nil {
		return nil, nil, err
	}
	rep := e.newReporter()
	eng, err := newEngine(engineDeps{Pool: pool, Client: client, Schema: c.Schema,
		StateSchema: c.StateSchema, Log: e.log, Progress: rep.Report, RelistInterval: c.RelistInterval,
		RelistFullInterval: c.RelistFullInterval, KeepEvents: c.EventsRetention})
	if err != nil {
		rep.Close()
		return nil, nil, err
	}
	return eng, rep, nil
}

// newReporter shows progress as a bar on the console when there is one,
// else as log lines every 10 seconds.
func (e *env) newReporter() reporter {
	if e.console != nil {
		return e.console
	}
	return newLogReporter(e.log, 10*time.Second)
}
