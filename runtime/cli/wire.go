package cli

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/internal/syncdb"
	"github.com/stripesync/stripesync/runtime/backfill"
	"github.com/stripesync/stripesync/runtime/events"
	"github.com/stripesync/stripesync/runtime/source"
	"github.com/stripesync/stripesync/runtime/state"
)

func init() { NewEngine = newWiredEngine }

// wiredEngine is the Engine built from the runtime packages: source,
// state, backfill and the events follower.
type wiredEngine struct {
	d        EngineDeps
	src      *source.Source
	store    *syncdb.Store
	state    *state.Store
	bf       *backfill.Backfiller
	follower *events.Follower
	hook     *hookBox
}

// newWiredEngine builds the engine's services over the command's pool and
// client.
func newWiredEngine(d EngineDeps) (Engine, error) {
	src, err := source.New(source.Config{Client: d.Client, Registry: generated.Registry, Logger: d.Log})
	if err != nil {
		return nil, fmt.Errorf("engine: %w", err)
	}
	store, err := syncdb.NewStore(d.Schema, d.StateSchema)
	if err != nil {
		return nil, fmt.Errorf("engine: %w", err)
	}
	st, err := state.New(d.StateSchema)
	if err != nil {
		return nil, fmt.Errorf("engine: %w", err)
	}
	bf, err := backfill.New(backfill.Config{DB: d.Pool, Source: src, Store: store, State: st,
		DataSchema: d.Schema, Logger: d.Log})
	if err != nil {
		return nil, fmt.Errorf("engine: %w", err)
	}
	hook := &hookBox{}
	f, err := events.New(events.Config{DB: d.Pool, Source: src, Store: store, State: st,
		DataSchema: d.Schema, Logger: d.Log, OnCommit: hook.commit})
	if err != nil {
		return nil, fmt.Errorf("engine: %w", err)
	}
	return &wiredEngine{d: d, src: src, store: store, state: st, bf: bf, follower: f, hook: hook}, nil
}

// Backfill saves the events cursor if there is none, turns pending
// re-backfill requests (recorded by migrations) into reset checkpoints,
// then runs the backfill, reporting its progress.
func (w *wiredEngine) Backfill(ctx context.Context) error {
	if _, err := w.follower.EnsureCursor(ctx); err != nil {
		return err
	}
	if err := w.startRebackfills(ctx); err != nil {
		return err
	}
	if n, err := w.store.SettleAll(ctx, w.d.Pool, w.src.Registry()); err != nil {
		return err
	} else if n > 0 {
		w.d.Log.Warn("removed rows deleted while an earlier run stopped between a commit and its settle", "rows", n)
	}
	return w.runBackfill(ctx)
}

// runBackfill runs the backfill, reporting its progress.
func (w *wiredEngine) runBackfill(ctx context.Context) error {
	stop := w.report(func() Progress { return backfillProgress(w.bf.Progress()) })
	defer stop()
	return w.bf.Run(ctx)
}

// startRebackfills resets, in one transaction with clearing them, the
// checkpoints of every job filling a table a migration asked to backfill
// again (child tables through the jobs that fill them).
func (w *wiredEngine) startRebackfills(ctx context.Context) error {
	var tables []string
	err := state.InTx(ctx, w.d.Pool, func(tx pgx.Tx) error {
		var err error
		if tables, err = w.state.StartRebackfill(ctx, tx); err != nil {
			return err
		}
		if k := known(w.src.Registry(), tables); len(k) > 0 { // none named would reset every job
			return w.bf.Reset(ctx, tx, k...)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(tables) > 0 {
		w.d.Log.Warn("backfilling tables again after a migration", "tables", tables)
	}
	return nil
}

// known keeps the tables the registry has: a request may name a table a
// later migration dropped.
func known(reg *syncdb.Registry, tables []string) []string {
	var out []string
	for _, t := range tables {
		if reg.Table(t) != nil {
			out = append(out, t)
		}
	}
	return out
}

// report forwards snapshot() to the progress reporter every 250 ms, and
// once more when stop is called.
func (w *wiredEngine) report(snapshot func() Progress) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				w.d.Progress(snapshot())
				return
			case <-t.C:
				w.d.Progress(snapshot())
			}
		}
	}()
	return func() { close(done); <-finished }
}

// Follow applies events until ctx ends, re-listing the tables events do
// not cover every RelistInterval meanwhile. When the cursor nears Stripe's
// 30-day event retention, events may have expired unseen: it says so
// loudly, backfills every table again from a new cursor and goes on.
func (w *wiredEngine) Follow(ctx context.Context) error {
	for {
		err := w.followOnce(ctx)
		if !errors.Is(err, events.ErrRetention) {
			return err
		}
		w.d.Log.Error("events cursor is near Stripe's 30-day event retention: events may be lost; backfilling every table again")
		if err := w.rebackfillAll(ctx); err != nil {
			return err
		}
	}
}

// followOnce runs the follower and the re-list loop until the follower
// returns, then stops the re-list loop.
func (w *wiredEngine) followOnce(ctx context.Context) error {
	rctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	if w.d.RelistInterval > 0 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.relistLoop(rctx, w.d.RelistInterval)
		}()
	}
	stop := w.report(func() Progress { return eventsProgress(w.follower.Stats()) })
	err := w.follower.Run(ctx)
	stop()
	cancel()
	wg.Wait()
	return err
}

// rebackfillAll resets every checkpoint, then the cursor, then backfills.
// In that order a crash in between only repeats work.
func (w *wiredEngine) rebackfillAll(ctx context.Context) error {
	err := state.InTx(ctx, w.d.Pool, func(tx pgx.Tx) error { return w.bf.Reset(ctx, tx) })
	if err != nil {
		return err
	}
	if _, err := w.follower.ResetCursor(ctx); err != nil {
		return err
	}
	return w.runBackfill(ctx)
}
