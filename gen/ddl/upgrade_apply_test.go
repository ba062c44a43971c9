package ddl_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stripesync/stripesync/gen/ddl"
	"github.com/stripesync/stripesync/gen/ir"
)

// rebackfillTable is the runtime's state table as the real model has it.
func rebackfillTable() *ir.Table {
	col := func(name, typ string, null bool) *ir.Column {
		return &ir.Column{Name: name, Type: typ, Nullable: null, Kind: ir.ColState}
	}
	return &ir.Table{Name: "rebackfill", Schema: "state", Kind: ir.KindState, PrimaryKey: []string{"table_name"},
		Columns: []*ir.Column{col("table_name", "text", false), col("reason", "text", true),
			col("api_version", "text", true), col("recorded_at", "timestamptz", true)}}
}

// smallV1 is the small model with a rebackfill table, paths on references
// and an index on the tags array.
func smallV1() *ir.Schema {
	s := ddl.SmallSchema()
	s.Tables = append(s.Tables, rebackfillTable())
	cust := s.Tables[0]
	cust.Indexes = append(cust.Indexes, &ir.Index{Name: "customers_tags_idx", Columns: []string{"tags"}, Method: "btree"})
	s.Tables[1].Column("customer_id").Path = []string{"customer"}
	return s
}

// smallV2 changes smallV1 in every way a migration step can.
func smallV2() *ir.Schema {
	s := smallV1()
	s.APIVersion = "2025-09-30.clover"
	cust, items := s.Tables[0], s.Tables[1]
	cust.Comment = "A customer, $ and all."
	cust.Column("user").Type = "jsonb"    // lossless cast
	cust.Column("limit").Type = "numeric" // lossless cast
	cust.Column("tags").Type = "text"     // no cast: drop and add
	cust.Columns = slices.DeleteFunc(cust.Columns, func(c *ir.Column) bool { return c.Name == "authorization" })
	cust.Columns = append(cust.Columns, &ir.Column{Name: "name", Type: "text", Nullable: true, Kind: ir.ColScalar, Comment: "Full name."})
	ref := items.Column("customer_id")
	ref.Name, ref.Kind, ref.ScalarType = "customer", ir.ColScalar, "string" // certain rename
	items.ForeignKeys = nil
	items.Indexes[0] = &ir.Index{Name: "invoice_line_items_customer_idx", Columns: []string{"customer"}, Method: "btree", Unique: true}
	items.Column("amount").Nullable = false
	s.Tables = slices.DeleteFunc(s.Tables, func(t *ir.Table) bool { return t.Name == "event_cursor" })
	s.Tables = append(s.Tables, &ir.Table{Name: "payouts", Schema: "data", Kind: ir.KindResource, PrimaryKey: []string{"id"},
		Columns: []*ir.Column{{Name: "id", Type: "text", Kind: ir.ColScalar}, {Name: "metadata", Type: "jsonb", Nullable: true, Kind: ir.ColJSON}},
		Indexes: []*ir.Index{{Name: "payouts_metadata_idx", Columns: []string{"metadata"}, Method: "gin"}}})
	return s
}

// TestUpgradeSmall applies a migration holding every kind of step to a
// database with rows, then its Down, checking schema and values each time.
func TestUpgradeSmall(t *testing.T) {
	ctx := context.Background()
	v1, v2 := smallV1(), smallV2()
	root := t.TempDir()
	writeTree(t, root, emitFrom(t, nil, v1))
	db := openDB(t)
	up(t, provider(t, db, filepath.Join(root, "migrations"), "d", "st"))
	execAll(t, db, `INSERT INTO d.customers (id, "end", "user", "limit", "authorization", tags, metadata) VALUES
		('c1', '2020-01-01T00:00:00Z', 'bob', 5, 1.5, '{a,b}', '{"k": "v"}')`,
		`INSERT INTO d.invoice_line_items (invoice_id, id, amount, customer_id) VALUES ('in_1', 'li_1', 7, 'c1')`)
	next := emitFrom(t, os.DirFS(root), v2)
	text := string(next["migrations/00002_2025_09_30_clover.sql"])
	for _, want := range []string{
		`-- DS101 drop table "event_cursor" (state schema)`, `-- DS102 drop column "authorization" of "customers"`,
		`-- DS103 change the type of "tags" of "customers" from text[] to text`, `-- MF101 set "amount" of "invoice_line_items" NOT NULL`,
		`-- BC101 rename column "customer_id" of "invoice_line_items" to "customer"`,
		`ALTER TABLE "${STRIPESYNC_SCHEMA:-stripe}"."customers" ALTER COLUMN "user" TYPE jsonb USING to_jsonb("user");`,
		`ALTER INDEX "${STRIPESYNC_SCHEMA:-stripe}"."invoice_line_items_customer_id_idx" RENAME TO "invoice_line_items_customer_idx";`,
		`COMMENT ON TABLE "${STRIPESYNC_SCHEMA:-stripe}"."customers" IS 'A customer, $$ and all.';`,
		"--   customers: 1 column added, 1 dropped, 3 retyped; 1 comment updated\n",
		"--   event_cursor: table dropped\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("migration lacks %q", want)
		}
	}
	writeTree(t, root, next)
	p := provider(t, db, filepath.Join(root, "migrations"), "d", "st")
	up(t, p)
	assertMatches(t, db, v2, "d", "st")
	assertRow(t, db, `SELECT to_jsonb(c) - '_synced_at' FROM d.customers c`,
		`{"id": "c1", "end": "2020-01-01T00:00:00+00:00", "name": null, "tags": null, "user": "bob", "limit": 5, "metadata": {"k": "v"}}`)
	assertRow(t, db, `SELECT to_jsonb(i) FROM d.invoice_line_items i`, `{"id": "li_1", "amount": 7, "customer": "c1", "invoice_id": "in_1"}`)
	assertRow(t, db, `SELECT jsonb_agg(table_name || ': ' || reason ORDER BY table_name) FROM st.rebackfill`,
		`["customers: columns added: name; columns retyped: user, limit, tags", "payouts: new table"]`)
	if _, err := p.DownTo(ctx, 1); err != nil {
		t.Fatalf("down: %v", err)
	}
	assertMatches(t, db, v1, "d", "st")
	assertRow(t, db, `SELECT to_jsonb(c) - '_synced_at' FROM d.customers c`,
		`{"id": "c1", "end": "2020-01-01T00:00:00+00:00", "tags": null, "user": "bob", "limit": 5, "metadata": {"k": "v"}, "authorization": null}`)
}

func writeTree(t *testing.T, root string, files map[string][]byte) {
	t.Helper()
	for p, data := range files {
		full := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func execAll(t *testing.T, db *sql.DB, stmts ...string) {
	t.Helper()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// assertRow compares the one JSON value a query returns with want.
func assertRow(t *testing.T, db *sql.DB, query, want string) {
	t.Helper()
	var got string
	if err := db.QueryRow(query).Scan(&got); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	var g, w any
	if err := json.Unmarshal([]byte(got), &g); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatal(err)
	}
	if gj, wj := mustJSON(g), mustJSON(w); gj != wj {
		t.Errorf("%s:\n got %s\nwant %s", query, gj, wj)
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
