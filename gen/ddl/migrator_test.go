package ddl_test

import (
	"bytes"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stripesync/stripesync/gen/ddl"
	"github.com/stripesync/stripesync/gen/ir"
)

// tree turns emitted files into a read-only repository.
func tree(files ...map[string][]byte) fstest.MapFS {
	out := fstest.MapFS{}
	for _, m := range files {
		for p, data := range m {
			out[p] = &fstest.MapFile{Data: data}
		}
	}
	return out
}

func emitFrom(t *testing.T, prev fs.FS, s *ir.Schema) map[string][]byte {
	t.Helper()
	files, err := ddl.Migrator{Tree: prev}.Emit(s)
	if err != nil {
		t.Fatalf("Emit: %v", err)
	}
	return files
}

// sqlPaths returns the migration paths among files.
func sqlPaths(files map[string][]byte) []string {
	var out []string
	for p := range files {
		if strings.HasSuffix(p, ".sql") {
			out = append(out, p)
		}
	}
	return out
}

// TestMigratorFresh: with no history the emitter writes the initial
// migration and snapshot exactly as Emit does, plus the checksum file.
func TestMigratorFresh(t *testing.T) {
	s := ddl.SmallSchema()
	plain, err := ddl.Emit(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, prev := range []fs.FS{nil, fstest.MapFS{"README.md": {}}} {
		files := emitFrom(t, prev, s)
		if len(files) != 3 || files[ddl.SumPath] == nil {
			t.Fatalf("files %v: want migration, snapshot and sum", pathsOf(files))
		}
		for p, data := range plain {
			if !bytes.Equal(files[p], data) {
				t.Errorf("%s differs from Emit's", p)
			}
		}
	}
}

// TestMigratorNoChange: the same model gives no new migration and the same
// snapshot and sum, so generating twice changes nothing.
func TestMigratorNoChange(t *testing.T) {
	s := ddl.SmallSchema()
	first := emitFrom(t, nil, s)
	again := emitFrom(t, tree(first), s)
	if got := sqlPaths(again); len(got) != 0 {
		t.Errorf("unchanged model emitted %v", got)
	}
	for _, p := range []string{ddl.SnapshotPath, ddl.SumPath} {
		if !bytes.Equal(first[p], again[p]) {
			t.Errorf("%s changed", p)
		}
	}
}

// TestMigratorNext: a changed model gives migration 00002, named after the
// API version, byte-identical across runs; once written, nothing more.
func TestMigratorNext(t *testing.T) {
	first := emitFrom(t, nil, ddl.SmallSchema())
	s := ddl.SmallSchema()
	s.APIVersion = "2025-09-30.clover"
	s.Tables[0].Columns = append(s.Tables[0].Columns, &ir.Column{Name: "name", Type: "text", Nullable: true, Kind: ir.ColScalar})
	next := emitFrom(t, tree(first), s)
	want := "migrations/00002_2025_09_30_clover.sql"
	if got := sqlPaths(next); len(got) != 1 || got[0] != want {
		t.Fatalf("new migrations %v, want %s", got, want)
	}
	if again := emitFrom(t, tree(first), s); !bytes.Equal(again[want], next[want]) {
		t.Error("two runs gave different migrations")
	}
	if bytes.Equal(next[ddl.SumPath], first[ddl.SumPath]) {
		t.Error("checksum file did not change")
	}
	if later := emitFrom(t, tree(first, next), s); len(sqlPaths(later)) != 0 {
		t.Errorf("after writing 00002, emitted %v", sqlPaths(later))
	}
	s.Tables[0].Comment = "Changed again."
	if later := emitFrom(t, tree(first, next), s); strings.Join(sqlPaths(later), "") != "migrations/00003_2025_09_30_clover.sql" {
		t.Errorf("next change emitted %v, want 00003", sqlPaths(later))
	}
}

// TestMigratorRefusesEditedHistory: every way the committed migrations can
// drift from their checksum file stops generation with one line naming the
// file and what to do.
func TestMigratorRefusesEditedHistory(t *testing.T) {
	base := emitFrom(t, nil, ddl.SmallSchema())
	init := ddl.InitPath("2025-05-28.basil")
	cases := []struct {
		name   string
		mutate func(m fstest.MapFS)
		want   string
	}{
		{"edited migration", func(m fstest.MapFS) { m[init].Data = append(m[init].Data, "-- tweak\n"...) },
			init + " was edited after it was generated (its sha256 no longer matches migrations/migrations.sum): restore it with `git checkout -- " + init + "`"},
		{"edited snapshot", func(m fstest.MapFS) { m[ddl.SnapshotPath].Data = []byte("{}\n") },
			"migrations/schema.snapshot.json was edited after it was generated"},
		{"hand-written migration", func(m fstest.MapFS) { m["migrations/00002_mine.sql"] = &fstest.MapFile{Data: []byte("-- +goose Up\n")} },
			"migrations/00002_mine.sql is not in migrations/migrations.sum: migrations are generated"},
		{"deleted migration", func(m fstest.MapFS) { delete(m, init) },
			init + " is listed in migrations/migrations.sum but missing"},
		{"missing sum", func(m fstest.MapFS) { delete(m, ddl.SumPath) },
			"migrations/migrations.sum is missing: restore it from version control"},
		{"edited sum", func(m fstest.MapFS) {
			m[ddl.SumPath].Data = bytes.Replace(m[ddl.SumPath].Data, []byte("00001"), []byte("00009"), 1)
		}, "migrations/migrations.sum was edited (its total no longer matches its lines)"},
		{"two problems", func(m fstest.MapFS) {
			m[init].Data = nil
			m["migrations/00002_mine.sql"] = &fstest.MapFile{}
		}, "(and 1 more)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			prev := tree(base)
			c.mutate(prev)
			_, err := ddl.Migrator{Tree: prev}.Emit(ddl.SmallSchema())
			if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") ||
				!strings.HasPrefix(err.Error(), "gen: ddl: ") {
				t.Errorf("error %v\nwant one line containing %q", err, c.want)
			}
		})
	}
}

func pathsOf(files map[string][]byte) []string {
	var out []string
	for p := range files {
		out = append(out, p)
	}
	return out
}
