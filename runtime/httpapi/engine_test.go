package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/internal/pgtest"
	"github.com/stripesync/stripesync/internal/syncdb"
	"github.com/stripesync/stripesync/migrations"
	"github.com/stripesync/stripesync/runtime/stripeclient"
	"github.com/stripesync/stripesync/runtime/upcoming"
)

// This file is a minimal stand-in for the engine, built on its pieces
// (syncdb, the migrations' processed_events table, stripeclient's forward
// walk), so the HTTP side is tested against real PostgreSQL.

const (
	testKey     = "sk_test_httpapi0123456789"
	dataSchema  = "stripe"
	stateSchema = "stripesync"
)

// migratedPool returns a pool on a new, migrated database.
func migratedPool(t testing.TB) *pgxpool.Pool {
	t.Helper()
	pool := pgtest.NewPool(t)
	db := stdlib.OpenDBFromPool(pool)
	defer db.Close()
	p, err := migrations.NewProvider(db, dataSchema, stateSchema)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Up(context.Background()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return pool
}

func newClient(t testing.TB, base string) *stripeclient.Client {
	t.Helper()
	key, err := stripeclient.ParseKey(testKey)
	if err != nil {
		t.Fatal(err)
	}
	c, err := stripeclient.New(stripeclient.Config{Key: key, BaseURL: base, APIVersion: generated.APIVersion,
		RateLimit: stripeclient.RateLimit{Off: true}, Logger: slog.New(slog.DiscardHandler),
		Retry: stripeclient.Retry{MaxAttempts: 3, BaseDelay: 10 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// applier applies an event in one transaction: the processed-event record
// (a duplicate stops there), then the object's row, unless the event is
// one whose object must not be upserted (invoice.upcoming).
type applier struct {
	pool    *pgxpool.Pool
	store   *syncdb.Store
	applied atomic.Int64 // events that were new
	fail    atomic.Bool  // makes Apply fail after writing, before commit
}

func newApplier(t testing.TB, pool *pgxpool.Pool) *applier {
	t.Helper()
	store, err := syncdb.NewStore(dataSchema, stateSchema)
	if err != nil {
		t.Fatal(err)
	}
	return &applier{pool: pool, store: store}
}

// event is the part of an event the applier reads.
type event struct {
	ID         string  `json:"id"`
	Type       string  `json:"type"`
	Created    int64   `json:"created"`
	APIVersion *string `json:"api_version"`
	Data       struct {
		Object json.RawMessage `json:"object"`
	} `json:"data"`
}

func (a *applier) Apply(ctx context.Context, raw []byte) error {
	var ev event
	if err := json.Unmarshal(raw, &ev); err != nil {
		return err
	}
	tx, err := a.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
	tag, err := tx.Exec(ctx, `INSERT INTO stripesync.processed_events (event_id, type, created, applied_at)
VALUES ($1, $2, to_timestamp($3), now()) ON CONFLICT (event_id) DO NOTHING`, ev.ID, ev.Type, ev.Created)
	if err != nil || tag.RowsAffected() == 0 {
		return err
	}
	if !upcoming.SkipUpsert(ev.Type) {
		if err := a.write(ctx, tx, ev); err != nil {
			return err
		}
	}
	if a.fail.Load() {
		return fmt.Errorf("applier: injected failure")
	}
	if err := tx.Commit(ctx); err != nil {
		return err
	}
	a.applied.Add(1)
	return nil
}

// write upserts (or, for *.deleted events, deletes) the event's object.
func (a *applier) write(ctx context.Context, tx pgx.Tx, ev event) error {
	m := syncdb.Meta{Version: ev.Created}
	if ev.APIVersion != nil {
		m.APIVersion = *ev.APIVersion
	}
	obj, err := generated.Registry.Decode(ev.Data.Object, m)
	if err != nil {
		return err
	}
	var b syncdb.Batch
	if strings.HasSuffix(ev.Type, ".deleted") && !obj.Deleted {
		b.Delete(obj.Table, obj.ID, m)
	} else {
		b.Add(obj)
	}
	_, err = a.store.Write(ctx, tx, &b)
	return err
}

// Applied is the Tracker: an event is applied once it is in the
// processed-event log (the follower applies events in order).
func (a *applier) Applied(ctx context.Context, id string) (bool, error) {
	var ok bool
	err := a.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM stripesync.processed_events WHERE event_id = $1)`, id).Scan(&ok)
	return ok, err
}

// startFollower saves the newest event as the cursor, then walks
// /v1/events forward from it every interval in the background, applying
// each page oldest first and calling notify after each walk, until ctx
// ends.
func startFollower(ctx context.Context, t testing.TB, c *stripeclient.Client, a *applier, interval time.Duration, notify func()) {
	t.Helper()
	cursor, err := c.LatestEventID(ctx)
	if err != nil {
		t.Fatalf("follower: %v", err)
	}
	go follow(ctx, t, c, a, cursor, interval, notify)
}

func follow(ctx context.Context, t testing.TB, c *stripeclient.Client, a *applier, cursor string, interval time.Duration, notify func()) {
	for ctx.Err() == nil {
		for p, err := range c.EventsAfter(ctx, cursor, nil) {
			if err != nil {
				if ctx.Err() == nil {
					t.Errorf("follower: %v", err)
				}
				break
			}
			for _, raw := range p.OldestFirst() {
				if err := a.Apply(ctx, raw); err != nil && ctx.Err() == nil {
					t.Errorf("follower: apply: %v", err)
				}
			}
			cursor, _ = p.ItemID(0)
		}
		notify()
		select {
		case <-ctx.Done():
		case <-time.After(interval):
		}
	}
}

// count runs a count(*) query.
func count(t testing.TB, pool *pgxpool.Pool, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(t.Context(), sql, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
