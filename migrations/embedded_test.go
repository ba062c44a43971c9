package migrations_test

import (
	"context"
	"encoding/json"
	"io/fs"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/stdlib"

	"github.com/stripesync/stripesync/gen/ddl"
	"github.com/stripesync/stripesync/gen/ir"
	"github.com/stripesync/stripesync/internal/pgcatalog"
	"github.com/stripesync/stripesync/internal/pgtest"
	"github.com/stripesync/stripesync/migrations"
)

// TestEmbedded runs the committed migrations up, down and up on a fresh
// database with the default schema names, and compares the catalog with the
// committed snapshot.
func TestEmbedded(t *testing.T) {
	var want ir.Schema
	if err := json.Unmarshal(migrations.Snapshot, &want); err != nil {
		t.Fatalf("snapshot: %v", err)
	}
	names, _ := fs.Glob(migrations.FS, "*.sql")
	if len(names) == 0 {
		t.Fatal("no migrations embedded")
	}
	ctx := context.Background()
	db := stdlib.OpenDBFromPool(pgtest.NewPool(t))
	t.Cleanup(func() { db.Close() })
	p, err := migrations.NewProvider(db, "stripe", "stripesync")
	if err != nil {
		t.Fatal(err)
	}
	check := func(when string) {
		got, err := pgcatalog.Read(ctx, db, "stripe", "stripesync")
		if err != nil {
			t.Fatal(err)
		}
		got.Tables = withoutVersionTable(got.Tables)
		if d := pgcatalog.Diff(ddl.Catalog(&want, "stripe", "stripesync"), got); len(d) != 0 {
			t.Errorf("%s: database differs from the snapshot:\n%s", when, strings.Join(d, "\n"))
		}
	}
	steps := []struct {
		name string
		run  func(context.Context) error
	}{
		{"up", func(ctx context.Context) error { _, err := p.Up(ctx); return err }},
		{"down", func(ctx context.Context) error { _, err := p.DownTo(ctx, 0); return err }},
		{"up again", func(ctx context.Context) error { _, err := p.Up(ctx); return err }},
	}
	for _, s := range steps {
		if err := s.run(ctx); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
	}
	check("after up, down, up")
	if v, err := p.GetDBVersion(ctx); err != nil || v != int64(len(names)) {
		t.Errorf("version = %d (%v), want %d", v, err, len(names))
	}
}

func withoutVersionTable(tables []*pgcatalog.Table) []*pgcatalog.Table {
	var out []*pgcatalog.Table
	for _, t := range tables {
		if t.Name != migrations.VersionTable {
			out = append(out, t)
		}
	}
	return out
}
