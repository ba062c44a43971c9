package ddl

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata golden files")

func emitSmall(t *testing.T) map[string][]byte {
	t.Helper()
	files, err := Emit(smallSchema())
	if err != nil {
		t.Fatalf("Emit: %v", err)
	}
	return files
}

func sqlOf(t *testing.T, files map[string][]byte) string {
	t.Helper()
	data, ok := files["migrations/00001_init_2025_05_28_basil.sql"]
	if !ok {
		t.Fatalf("no initial migration among %d files", len(files))
	}
	return string(data)
}

// TestGolden compares the whole output with testdata; -update rewrites it.
func TestGolden(t *testing.T) {
	files := emitSmall(t)
	if len(files) != 2 {
		t.Errorf("got %d files, want migration and snapshot", len(files))
	}
	golden := map[string]string{
		"migrations/00001_init_2025_05_28_basil.sql": "small.sql",
		SnapshotPath: "small.snapshot.json",
	}
	for path, name := range golden {
		file := filepath.Join("testdata", name)
		if *update {
			if err := os.WriteFile(file, files[path], 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(file)
		if err != nil {
			t.Fatalf("%v (run with -update)", err)
		}
		if !bytes.Equal(files[path], want) {
			t.Errorf("%s differs from %s (run with -update and review the diff)", path, file)
		}
	}
}

func TestDeterministic(t *testing.T) {
	a, b := emitSmall(t), emitSmall(t)
	for path := range a {
		if !bytes.Equal(a[path], b[path]) {
			t.Errorf("%s differs between two runs", path)
		}
	}
}

func TestQuotesEveryIdentifier(t *testing.T) {
	sql := sqlOf(t, emitSmall(t))
	for _, want := range []string{
		`  "end" timestamptz,`,
		`  "user" text,`,
		`  "limit" bigint,`,
		`  "authorization" numeric,`,
		`CREATE TABLE "${STRIPESYNC_SCHEMA:-stripe}"."customers" (`,
		`CREATE TABLE "${STRIPESYNC_STATE_SCHEMA:-stripesync}"."event_cursor" (`,
		`  PRIMARY KEY ("invoice_id", "id")`,
	} {
		if !strings.Contains(sql, want+"\n") {
			t.Errorf("missing line %q", want)
		}
	}
}

func TestNotNullOnlyOnPrimaryKey(t *testing.T) {
	sql := sqlOf(t, emitSmall(t))
	var notNull []string
	for _, line := range strings.Split(sql, "\n") {
		if strings.Contains(line, "NOT NULL") {
			notNull = append(notNull, strings.TrimSpace(line))
		}
	}
	want := []string{`"id" text NOT NULL,`, `"invoice_id" text NOT NULL,`, `"id" text NOT NULL,`, `"name" text NOT NULL,`}
	if strings.Join(notNull, "|") != strings.Join(want, "|") {
		t.Errorf("NOT NULL lines:\n got %q\nwant %q", notNull, want)
	}
	if !strings.Contains(sql, `  "_synced_at" timestamptz DEFAULT now(),`+"\n") {
		t.Error(`"_synced_at" has no DEFAULT now()`)
	}
}

func TestIndexes(t *testing.T) {
	sql := sqlOf(t, emitSmall(t))
	for _, want := range []string{
		`CREATE INDEX "customers_metadata_idx" ON "${STRIPESYNC_SCHEMA:-stripe}"."customers" USING gin ("metadata");`,
		`CREATE INDEX "customers_user_end_idx" ON "${STRIPESYNC_SCHEMA:-stripe}"."customers" USING btree ("user", "end");`,
		`CREATE UNIQUE INDEX "invoice_line_items_customer_id_idx" ON "${STRIPESYNC_SCHEMA:-stripe}"."invoice_line_items" USING btree ("customer_id");`,
	} {
		if !strings.Contains(sql, want+"\n") {
			t.Errorf("missing %q", want)
		}
	}
}

func TestComments(t *testing.T) {
	sql := sqlOf(t, emitSmall(t))
	for _, want := range []string{
		// whitespace collapsed, quotes doubled, "$" doubled for env substitution
		`COMMENT ON TABLE "${STRIPESYNC_SCHEMA:-stripe}"."customers" IS 'This object represents a customer''s account; it''s used to charge $$1.00 or more.';`,
		`COMMENT ON COLUMN "${STRIPESYNC_SCHEMA:-stripe}"."customers"."limit" IS 'Quotes "here" and ''there''.';`,
		// "--" would end goose's statement detection: fenced
		"-- +goose StatementBegin\nCOMMENT ON COLUMN \"${STRIPESYNC_SCHEMA:-stripe}\".\"customers\".\"end\" IS 'When it ends -- if ever; see `user`.';\n-- +goose StatementEnd",
		`-- references (not enforced): ("customer_id") -> "customers" ("id")`,
	} {
		if !strings.Contains(sql, want+"\n") {
			t.Errorf("missing %q", want)
		}
	}
	if strings.Contains(sql, "SECRET-REASON") {
		t.Error("a column's Reason leaked into the SQL")
	}
	if strings.Contains(sql, "FOREIGN KEY") || strings.Contains(sql, "REFERENCES") {
		t.Error("foreign keys must stay logical")
	}
}

func TestDown(t *testing.T) {
	sql := sqlOf(t, emitSmall(t))
	_, down, ok := strings.Cut(sql, "-- +goose Down\n")
	if !ok {
		t.Fatal("no Down section")
	}
	var stmts []string
	for _, line := range strings.Split(down, "\n") {
		if line != "" && !strings.HasPrefix(line, "--") {
			stmts = append(stmts, line)
		}
	}
	want := []string{
		`DROP TABLE "${STRIPESYNC_STATE_SCHEMA:-stripesync}"."event_cursor";`,
		`DROP TABLE "${STRIPESYNC_SCHEMA:-stripe}"."invoice_line_items";`,
		`DROP TABLE "${STRIPESYNC_SCHEMA:-stripe}"."customers";`,
		`DROP SCHEMA IF EXISTS "${STRIPESYNC_SCHEMA:-stripe}";`,
	}
	if strings.Join(stmts, "\n") != strings.Join(want, "\n") {
		t.Errorf("Down statements:\n%s\nwant:\n%s", strings.Join(stmts, "\n"), strings.Join(want, "\n"))
	}
}

func TestHeader(t *testing.T) {
	sql := sqlOf(t, emitSmall(t))
	for _, want := range []string{
		"-- Code generated by stripegen from Stripe API 2025-05-28.basil. DO NOT EDIT.\n",
		"-- Initial schema: 3 tables (2 data, 1 state), 14 columns, 3 indexes.\n",
	} {
		if !strings.HasPrefix(sql, want) && !strings.Contains(sql, want) {
			t.Errorf("header lacks %q", want)
		}
	}
	if !strings.HasPrefix(sql, "-- Code generated by stripegen") {
		t.Error("file does not start with the generated marker")
	}
}

func TestSnapshotFormat(t *testing.T) {
	snap := emitSmall(t)[SnapshotPath]
	if !bytes.HasPrefix(snap, []byte("{\n  \"api_version\": \"2025-05-28.basil\",\n")) || !bytes.HasSuffix(snap, []byte("}\n")) {
		t.Errorf("snapshot is not 2-space indented JSON with a trailing newline:\n%.200s", snap)
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"2025-05-28.basil":  "2025_05_28_basil",
		"2026-08-26.Dahlia": "2026_08_26_dahlia",
		"--x..y--":          "x_y",
	} {
		if got := slug(in); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
}
