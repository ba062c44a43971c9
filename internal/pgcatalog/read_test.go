package pgcatalog_test

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/stdlib"

	"github.com/stripesync/stripesync/internal/pgcatalog"
	"github.com/stripesync/stripesync/internal/pgtest"
)

const ddl = `
CREATE SCHEMA s;
CREATE SCHEMA other;
CREATE TABLE s.parents (id text PRIMARY KEY);
CREATE TABLE s."Odd ""name""" (
  a text NOT NULL,
  "end" bigint,
  tags text[],
  meta jsonb,
  at timestamptz DEFAULT now(),
  gone int,
  parent_id text REFERENCES s.parents (id),
  PRIMARY KEY (a, "end")
);
ALTER TABLE s."Odd ""name""" DROP COLUMN gone;
CREATE INDEX odd_meta ON s."Odd ""name""" USING gin (meta);
CREATE UNIQUE INDEX odd_lower ON s."Odd ""name""" (lower(a), tags);
COMMENT ON TABLE s."Odd ""name""" IS 'It''s odd.';
COMMENT ON COLUMN s."Odd ""name""".meta IS 'Meta $1.';
CREATE TABLE other.ignored (x int);
CREATE VIEW s.v AS SELECT 1 AS one;
`

func TestRead(t *testing.T) {
	ctx := context.Background()
	db := stdlib.OpenDBFromPool(pgtest.NewPool(t))
	t.Cleanup(func() { db.Close() })
	if _, err := db.ExecContext(ctx, ddl); err != nil {
		t.Fatal(err)
	}
	got, err := pgcatalog.Read(ctx, db, "s", "missing")
	if err != nil {
		t.Fatal(err)
	}
	want := &pgcatalog.Catalog{
		Schemas: []string{"s"},
		Tables: []*pgcatalog.Table{
			{
				Schema: "s", Name: `Odd "name"`, Comment: "It's odd.", PrimaryKey: []string{"a", "end"},
				Columns: []*pgcatalog.Column{
					{Name: "a", Type: "text", NotNull: true},
					{Name: "end", Type: "bigint", NotNull: true},
					{Name: "tags", Type: "text[]"},
					{Name: "meta", Type: "jsonb", Comment: "Meta $1."},
					{Name: "at", Type: "timestamp with time zone", Default: "now()"},
					{Name: "parent_id", Type: "text"},
				},
				Indexes: []*pgcatalog.Index{
					{Name: "odd_lower", Method: "btree", Unique: true, Columns: []string{"lower(a)", "tags"}},
					{Name: "odd_meta", Method: "gin", Columns: []string{"meta"}},
				},
				Constraints: []*pgcatalog.Constraint{
					{Name: `Odd "name"_parent_id_fkey`, Type: "f", Def: "FOREIGN KEY (parent_id) REFERENCES s.parents(id)"},
				},
			},
			{Schema: "s", Name: "parents", PrimaryKey: []string{"id"}, Columns: []*pgcatalog.Column{{Name: "id", Type: "text", NotNull: true}}},
		},
	}
	if d := pgcatalog.Diff(want, got); len(d) != 0 {
		t.Errorf("Read differs from the DDL:\n%s", strings.Join(d, "\n"))
	}
	def := got.Table("s", `Odd "name"`).Indexes[1].Def
	if def != `CREATE INDEX odd_meta ON s."Odd ""name""" USING gin (meta)` {
		t.Errorf("index Def = %q", def)
	}
	if got.Table("s", `Odd "name"`).Columns[3].Name != "meta" {
		t.Error("columns are not in attribute order")
	}
}
