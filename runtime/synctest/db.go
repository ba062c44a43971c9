package synctest

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/stripesync/stripesync/internal/pgtest"
	"github.com/stripesync/stripesync/internal/syncdb"
	"github.com/stripesync/stripesync/migrations"
	"github.com/stripesync/stripesync/runtime/state"
)

// Schema names the helpers migrate.
const (
	DataSchema  = "stripe"
	StateSchema = "stripesync"
)

// DB is a migrated test database.
type DB struct {
	// URL is the database's connection URL.
	URL string
	// Pool is a pool of up to 32 connections.
	Pool *pgxpool.Pool
	// Store writes into the data schema.
	Store *syncdb.Store
	// State reads and writes the state schema.
	State *state.Store
}

// NewDB creates a database for the test, migrates it with DataSchema and
// StateSchema, and drops it when the test ends.
func NewDB(t testing.TB) *DB {
	t.Helper()
	u := pgtest.NewDatabase(t)
	cfg, err := pgxpool.ParseConfig(u)
	if err != nil {
		t.Fatal(err)
	}
	cfg.MaxConns = 32
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	Migrate(t, pool)
	store, err := syncdb.NewStore(DataSchema, StateSchema)
	if err != nil {
		t.Fatal(err)
	}
	st, err := state.New(StateSchema)
	if err != nil {
		t.Fatal(err)
	}
	return &DB{URL: u, Pool: pool, Store: store, State: st}
}

// Migrate applies every migration with DataSchema and StateSchema.
func Migrate(t testing.TB, pool *pgxpool.Pool) {
	t.Helper()
	db := stdlib.OpenDBFromPool(pool)
	defer db.Close()
	p, err := migrations.NewProvider(db, DataSchema, StateSchema)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Up(context.Background()); err != nil {
		t.Fatalf("synctest: migrate: %v", err)
	}
}

// Count returns the number of rows of a data table.
func (db *DB) Count(t testing.TB, table string) int {
	t.Helper()
	var n int
	q := "SELECT count(*) FROM " + quote(DataSchema, table)
	if err := db.Pool.QueryRow(context.Background(), q).Scan(&n); err != nil {
		t.Fatalf("synctest: count %s: %v", table, err)
	}
	return n
}
