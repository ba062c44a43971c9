package syncdb_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/stripe/stripe-mock/embedded"

	"github.com/stripesync/stripesync/internal/pgtest"
	"github.com/stripesync/stripesync/internal/syncdb"
	"github.com/stripesync/stripesync/migrations"
)

// testDB is a migrated database with a store writing into it.
type testDB struct {
	pool  *pgxpool.Pool
	store *syncdb.Store
}

// newDB creates a database for the test and migrates it with the given
// schema names.
func newDB(t testing.TB, data, state string) *testDB {
	t.Helper()
	return newDBAt(t, pgtest.NewDatabase(t), data, state)
}

// newDBAt migrates the database at url.
func newDBAt(t testing.TB, url string, schemas ...string) *testDB {
	t.Helper()
	data, state := "stripe", "stripesync"
	if len(schemas) == 2 {
		data, state = schemas[0], schemas[1]
	}
	pool, err := pgxpool.New(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	db := stdlib.OpenDBFromPool(pool)
	t.Cleanup(func() { db.Close() })
	p, err := migrations.NewProvider(db, data, state)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Up(context.Background()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	store, err := syncdb.NewStore(data, state)
	if err != nil {
		t.Fatal(err)
	}
	return &testDB{pool: pool, store: store}
}

// write applies a batch in its own transaction.
func (db *testDB) write(t testing.TB, b *syncdb.Batch) syncdb.Stats {
	t.Helper()
	ctx := context.Background()
	var st syncdb.Stats
	err := pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		var err error
		st, err = db.store.Write(ctx, tx, b)
		return err
	})
	if err != nil {
		t.Fatalf("write: %v", err)
	}
	return st
}

// rebuild reads an object back as Stripe JSON.
func (db *testDB) rebuild(t testing.TB, table *syncdb.Table, key ...string) map[string]any {
	t.Helper()
	raw, err := db.store.Rebuild(context.Background(), db.pool, table, key...)
	if err != nil {
		t.Fatalf("rebuild: %v", err)
	}
	return normalize(t, raw)
}

// fixtures returns stripe-mock's fixture object per resource.
func fixtures(t testing.TB) map[string]json.RawMessage {
	t.Helper()
	var f struct {
		Resources map[string]json.RawMessage `json:"resources"`
	}
	if err := json.Unmarshal(embedded.OpenAPIFixtures, &f); err != nil {
		t.Fatal(err)
	}
	return f.Resources
}

// decode decodes one object or fails the test.
func decode(t testing.TB, table *syncdb.Table, raw []byte, m syncdb.Meta) *syncdb.Object {
	t.Helper()
	obj, err := table.Decode(raw, m)
	if err != nil {
		t.Fatalf("decode %s: %v", table.Name, err)
	}
	return obj
}
