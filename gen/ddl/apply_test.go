package ddl_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"

	"github.com/stripesync/stripesync/gen/ddl"
	"github.com/stripesync/stripesync/gen/ir"
	"github.com/stripesync/stripesync/internal/pgcatalog"
	"github.com/stripesync/stripesync/internal/pgtest"
	"github.com/stripesync/stripesync/migrations"
)

// The emitter writes the placeholders the migrations package fills in.
func TestPlaceholdersMatchMigrations(t *testing.T) {
	files, err := ddl.Emit(ddl.SmallSchema())
	if err != nil {
		t.Fatal(err)
	}
	sql := string(files[ddl.InitPath("2025-05-28.basil")])
	for _, env := range []string{migrations.DataSchemaEnv, migrations.StateSchemaEnv} {
		if !strings.Contains(sql, `"${`+env+`:-`) {
			t.Errorf("no placeholder for %s", env)
		}
	}
}

// TestApplyUpDownUp runs the small model's migration up, down and up again
// with custom schema names and compares the live catalog with the model.
func TestApplyUpDownUp(t *testing.T) {
	const data, state = "S-Data$1", "s_state"
	ctx := context.Background()
	s := ddl.SmallSchema()
	db := openDB(t)
	p := provider(t, db, writeFiles(t, s), data, state)

	up(t, p)
	assertMatches(t, db, s, data, state)
	if _, err := p.DownTo(ctx, 0); err != nil {
		t.Fatalf("down: %v", err)
	}
	got := readCatalog(t, db, data, state)
	if strings.Join(got.Schemas, ",") != state || len(got.Tables) != 0 {
		t.Errorf("after down: schemas %q and %d tables, want only %q, empty", got.Schemas, len(got.Tables), state)
	}
	up(t, p)
	assertMatches(t, db, s, data, state)
}

// TestDownKeepsUserObjects checks that Down refuses, and rolls back, rather
// than drop a view a user added to the data schema.
func TestDownKeepsUserObjects(t *testing.T) {
	ctx := context.Background()
	s := ddl.SmallSchema()
	db := openDB(t)
	p := provider(t, db, writeFiles(t, s), "d", "st")
	up(t, p)
	if _, err := db.ExecContext(ctx, `CREATE VIEW d.mine AS SELECT 1 AS one`); err != nil {
		t.Fatal(err)
	}
	if _, err := p.DownTo(ctx, 0); err == nil {
		t.Fatal("down dropped a schema holding a user's view")
	}
	assertMatches(t, db, s, "d", "st")
}

// TestGooseEnvsub runs the raw files the way the goose CLI does: placeholders
// filled from the environment or their defaults.
func TestGooseEnvsub(t *testing.T) {
	t.Setenv(migrations.DataSchemaEnv, "env_data")
	s := ddl.SmallSchema()
	db := openDB(t)
	p, err := goose.NewProvider(goose.DialectPostgres, db, os.DirFS(writeFiles(t, s)))
	if err != nil {
		t.Fatal(err)
	}
	up(t, p)
	assertMatches(t, db, s, "env_data", "stripesync")
}

func openDB(t *testing.T) *sql.DB {
	t.Helper()
	db := stdlib.OpenDBFromPool(pgtest.NewPool(t))
	t.Cleanup(func() { db.Close() })
	return db
}

// writeFiles emits s into a temporary repo and returns its migrations/ dir.
func writeFiles(t *testing.T, s *ir.Schema) string {
	t.Helper()
	files, err := ddl.Emit(s)
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	for path, data := range files {
		full := filepath.Join(root, filepath.FromSlash(path))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(root, "migrations")
}

func provider(t *testing.T, db *sql.DB, dir, data, state string) *goose.Provider {
	t.Helper()
	src, err := migrations.Substitute(os.DirFS(dir), data, state)
	if err != nil {
		t.Fatal(err)
	}
	p, err := migrations.NewProviderFS(db, src, state)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func up(t *testing.T, p *goose.Provider) {
	t.Helper()
	if _, err := p.Up(context.Background()); err != nil {
		t.Fatalf("up: %v", err)
	}
}

// readCatalog reads both schemas, leaving out goose's version table.
func readCatalog(t *testing.T, db *sql.DB, data, state string) *pgcatalog.Catalog {
	t.Helper()
	c, err := pgcatalog.Read(context.Background(), db, data, state)
	if err != nil {
		t.Fatal(err)
	}
	kept := c.Tables[:0]
	for _, tb := range c.Tables {
		if tb.Name != migrations.VersionTable {
			kept = append(kept, tb)
		}
	}
	c.Tables = kept
	return c
}

// assertMatches compares the live catalog with what the model says.
func assertMatches(t *testing.T, db *sql.DB, s *ir.Schema, data, state string) {
	t.Helper()
	if d := pgcatalog.Diff(ddl.Catalog(s, data, state), readCatalog(t, db, data, state)); len(d) != 0 {
		t.Errorf("database differs from the model:\n%s", strings.Join(d, "\n"))
	}
}
