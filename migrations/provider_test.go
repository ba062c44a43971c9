package migrations

import (
	"context"
	"database/sql"
	"testing"
	"testing/fstest"

	"github.com/jackc/pgx/v5/stdlib"

	"github.com/stripesync/stripesync/internal/pgtest"
)

func openDB(t *testing.T) *sql.DB {
	t.Helper()
	db := stdlib.OpenDBFromPool(pgtest.NewPool(t))
	t.Cleanup(func() { db.Close() })
	return db
}

// tiny is a hand-written migration in the generated files' shape.
var tiny = fstest.MapFS{"00001_tiny.sql": {Data: []byte(`-- +goose Up
-- +goose ENVSUB ON
CREATE SCHEMA IF NOT EXISTS "${STRIPESYNC_SCHEMA:-stripe}";
CREATE TABLE "${STRIPESYNC_SCHEMA:-stripe}"."t" ("x" text);

-- +goose Down
-- +goose ENVSUB ON
DROP TABLE "${STRIPESYNC_SCHEMA:-stripe}"."t";
DROP SCHEMA IF EXISTS "${STRIPESYNC_SCHEMA:-stripe}";
`)}}

func TestProviderKeepsVersionsInStateSchema(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	// Names needing quotes, and a "$" that goose's env substitution must keep.
	src, err := Substitute(tiny, "Data $chema", "State x")
	if err != nil {
		t.Fatal(err)
	}
	for range 2 { // a second provider must find goose's table, not recreate it
		p, err := NewProviderFS(db, src, "State x")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.Up(ctx); err != nil {
			t.Fatalf("up: %v", err)
		}
	}
	var n int
	q := `SELECT count(*) FROM "State x"."goose_db_version" WHERE version_id = 1 AND is_applied`
	if err := db.QueryRowContext(ctx, q).Scan(&n); err != nil || n != 1 {
		t.Fatalf("version 1 recorded %d times in the state schema (%v)", n, err)
	}
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM "Data $chema"."t"`).Scan(&n); err != nil {
		t.Errorf("table in the data schema: %v", err)
	}
}
