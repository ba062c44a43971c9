package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/internal/syncdb"
	"github.com/stripesync/stripesync/runtime/backfill"
	"github.com/stripesync/stripesync/runtime/source"
	"github.com/stripesync/stripesync/runtime/state"
)

func init() { NewEngine = newWiredEngine }

// wiredEngine is the Engine built from the runtime packages: source,
// state, backfill (and the events follower once it lands).
type wiredEngine struct {
	d     EngineDeps
	src   *source.Source
	store *syncdb.Store
	state *state.Store
	bf    *backfill.Backfiller
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
	return &wiredEngine{d: d, src: src, store: store, state: st, bf: bf}, nil
}

// Backfill saves the events cursor if there is none, turns pending
// re-backfill requests (recorded by migrations) into reset checkpoints,
// then runs the backfill, reporting its progress.
func (w *wiredEngine) Backfill(ctx context.Context) error {
	if err := w.saveCursorFirst(ctx); err != nil {
		return err
	}
	if err := w.startRebackfills(ctx); err != nil {
		return err
	}
	stop := w.reportBackfill()
	defer stop()
	return w.bf.Run(ctx)
}

// saveCursorFirst records the newest event before the first backfill
// lists anything, so the events follower later replays every change the
// backfill may have missed.
func (w *wiredEngine) saveCursorFirst(ctx context.Context) error {
	if _, ok, err := w.state.Cursor(ctx, w.d.Pool, state.EventsCursor); err != nil || ok {
		return err
	}
	cur, err := w.newestEvent(ctx)
	if err != nil {
		return err
	}
	w.d.Log.Info("saved the events cursor before the backfill", "event", cur.EventID)
	return state.InTx(ctx, w.d.Pool, func(tx pgx.Tx) error {
		return w.state.SaveCursor(ctx, tx, state.EventsCursor, cur)
	})
}

// newestEvent returns a cursor at the newest event, or an empty cursor
// (start from the oldest retained event) when there is none.
func (w *wiredEngine) newestEvent(ctx context.Context) (state.Cursor, error) {
	p, err := w.d.Client.List(ctx, "/v1/events", url.Values{"limit": {"1"}})
	if err != nil {
		return state.Cursor{}, fmt.Errorf("events cursor: %w", err)
	}
	cur := state.Cursor{Created: w.src.Now()}
	if len(p.Data) == 0 {
		return cur, nil
	}
	var ev struct {
		ID      string `json:"id"`
		Created int64  `json:"created"`
	}
	if err := json.Unmarshal(p.Data[0], &ev); err != nil || ev.ID == "" {
		return state.Cursor{}, fmt.Errorf("events cursor: newest event: unreadable (%v)", err)
	}
	cur.EventID, cur.Created = ev.ID, time.Unix(ev.Created, 0)
	return cur, nil
}

// startRebackfills resets the checkpoints of tables a migration asked to
// backfill again.
func (w *wiredEngine) startRebackfills(ctx context.Context) error {
	var tables []string
	err := state.InTx(ctx, w.d.Pool, func(tx pgx.Tx) error {
		var err error
		tables, err = w.state.StartRebackfill(ctx, tx)
		return err
	})
	if err != nil {
		return err
	}
	if len(tables) > 0 {
		w.d.Log.Warn("backfilling tables again after a migration", "tables", tables)
	}
	return nil
}

// reportBackfill forwards the backfill's progress until stop is called.
func (w *wiredEngine) reportBackfill() (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				w.d.Progress(backfillProgress(w.bf.Progress()))
				return
			case <-t.C:
				w.d.Progress(backfillProgress(w.bf.Progress()))
			}
		}
	}()
	return func() { close(done); <-finished }
}

// Follow is not wired yet: the events follower has not landed.
func (w *wiredEngine) Follow(ctx context.Context) error {
	return errNoFollower
}
