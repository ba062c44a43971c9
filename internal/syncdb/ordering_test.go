package syncdb_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/internal/syncdb"
)

// customer is a small customer snapshot.
func customer(id, name string) []byte {
	return []byte(fmt.Sprintf(`{"id":%q,"object":"customer","name":%q,"metadata":{"k":"v"},"created":1700000000}`, id, name))
}

// invoice is an invoice snapshot with the given line ids and has_more.
func invoice(id string, hasMore bool, lines ...string) []byte {
	data := []map[string]any{}
	for _, l := range lines {
		data = append(data, map[string]any{"id": l, "object": "line_item", "amount": 100, "invoice": id})
	}
	b, _ := json.Marshal(map[string]any{"id": id, "object": "invoice", "total": 100,
		"lines": map[string]any{"object": "list", "data": data, "has_more": hasMore, "url": "/v1/invoices/" + id + "/lines"}})
	return b
}

func (db *testDB) apply(t *testing.T, table string, raw []byte, version int64) syncdb.Stats {
	t.Helper()
	var b syncdb.Batch
	b.Add(decode(t, generated.Registry.Table(table), raw, syncdb.Meta{Version: version}))
	return db.write(t, &b)
}

func (db *testDB) name(t *testing.T, id string) string {
	t.Helper()
	var name *string
	err := db.pool.QueryRow(context.Background(), `SELECT name FROM stripe.customers WHERE id = $1`, id).Scan(&name)
	if err != nil {
		return "<" + err.Error() + ">"
	}
	if name == nil {
		return "<null>"
	}
	return *name
}

func (db *testDB) count(t *testing.T, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := db.pool.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSameBatchTwiceChangesNothing(t *testing.T) {
	db := newDB(t, "stripe", "stripesync")
	db.apply(t, "customers", customer("cus_1", "a"), 10)
	before := db.count(t, `SELECT count(*) FROM stripe.customers WHERE _synced_at = (SELECT _synced_at FROM stripe.customers WHERE id = 'cus_1')`)
	if st := db.apply(t, "customers", customer("cus_1", "a"), 10); st.Written != 0 || st.Skipped != 1 {
		t.Errorf("second write: %+v, want nothing written", st)
	}
	var synced1, synced2 string
	db.pool.QueryRow(context.Background(), `SELECT _synced_at::text FROM stripe.customers`).Scan(&synced1)
	db.apply(t, "customers", customer("cus_1", "a"), 10)
	db.pool.QueryRow(context.Background(), `SELECT _synced_at::text FROM stripe.customers`).Scan(&synced2)
	if synced1 != synced2 || before != 1 {
		t.Errorf("_synced_at moved: %s -> %s", synced1, synced2)
	}
}

func TestOlderSnapshotLeavesNewerRow(t *testing.T) {
	db := newDB(t, "stripe", "stripesync")
	db.apply(t, "customers", customer("cus_1", "new"), 20)
	db.apply(t, "customers", customer("cus_1", "old"), 10)
	if got := db.name(t, "cus_1"); got != "new" {
		t.Errorf("name = %q after an older snapshot, want new", got)
	}
	db.apply(t, "customers", customer("cus_1", "newer"), 30)
	if got := db.name(t, "cus_1"); got != "newer" {
		t.Errorf("name = %q, want newer", got)
	}
}

func TestDeleteThenLateUpdateStaysDeleted(t *testing.T) {
	db := newDB(t, "stripe", "stripesync")
	db.apply(t, "customers", customer("cus_1", "a"), 10)
	db.apply(t, "customers", []byte(`{"id":"cus_1","object":"customer","deleted":true}`), 20)
	db.apply(t, "customers", customer("cus_1", "late"), 15)
	db.apply(t, "customers", customer("cus_1", "same second"), 20)
	if n := db.count(t, `SELECT count(*) FROM stripe.customers`); n != 0 {
		t.Errorf("%d rows after delete and late updates, want 0", n)
	}
	if n := db.count(t, `SELECT count(*) FROM stripesync.tombstones WHERE table_name = 'customers' AND id = 'cus_1' AND _version = 20`); n != 1 {
		t.Errorf("tombstone missing")
	}
	// A later object with the same id (ids of plans and coupons can be reused) is stored.
	db.apply(t, "customers", customer("cus_1", "reborn"), 30)
	if got := db.name(t, "cus_1"); got != "reborn" {
		t.Errorf("name = %q, want reborn", got)
	}
	// A stale deletion does not remove the newer row.
	db.apply(t, "customers", []byte(`{"id":"cus_1","object":"customer","deleted":true}`), 25)
	if got := db.name(t, "cus_1"); got != "reborn" {
		t.Errorf("name = %q after a stale deletion, want reborn", got)
	}
}

func TestDeleteInBatchBeatsOlderUpdate(t *testing.T) {
	db := newDB(t, "stripe", "stripesync")
	table := generated.Registry.Table("customers")
	var b syncdb.Batch
	b.Add(decode(t, table, []byte(`{"id":"cus_1","object":"customer","deleted":true}`), syncdb.Meta{Version: 20}))
	b.Add(decode(t, table, customer("cus_1", "late"), syncdb.Meta{Version: 15}))
	b.Add(decode(t, table, customer("cus_2", "kept"), syncdb.Meta{Version: 15}))
	db.write(t, &b)
	if n := db.count(t, `SELECT count(*) FROM stripe.customers`); n != 1 {
		t.Errorf("%d rows, want only cus_2", n)
	}
}

// TestSameVersionResolvesDeterministically applies two different snapshots
// of one version in both orders: both databases end with the same row.
func TestSameVersionResolvesDeterministically(t *testing.T) {
	a, b := customer("cus_1", "first"), customer("cus_1", "second")
	var names []string
	for _, order := range [][][]byte{{a, b}, {b, a}} {
		db := newDB(t, "stripe", "stripesync")
		db.apply(t, "customers", order[0], 10)
		db.apply(t, "customers", order[1], 10)
		names = append(names, db.name(t, "cus_1"))
		// And within one batch.
		var batch syncdb.Batch
		table := generated.Registry.Table("customers")
		batch.Add(decode(t, table, order[0], syncdb.Meta{Version: 11}))
		batch.Add(decode(t, table, order[1], syncdb.Meta{Version: 11}))
		db.write(t, &batch)
		names = append(names, db.name(t, "cus_1"))
	}
	if names[0] != names[2] || names[1] != names[3] {
		t.Errorf("arrival order changed the result: %q", names)
	}
}

func TestCompleteListReplacesChildren(t *testing.T) {
	db := newDB(t, "stripe", "stripesync")
	lines := `SELECT string_agg(id, ',' ORDER BY _position) FROM stripe.invoice_line_items WHERE invoice_id = 'in_1'`
	text := func() string {
		var s *string
		db.pool.QueryRow(context.Background(), lines).Scan(&s)
		if s == nil {
			return ""
		}
		return *s
	}
	db.apply(t, "invoices", invoice("in_1", false, "il_a", "il_b"), 10)
	if got := text(); got != "il_a,il_b" {
		t.Fatalf("lines = %q", got)
	}
	db.apply(t, "invoices", invoice("in_1", false, "il_b", "il_c"), 20)
	if got := text(); got != "il_b,il_c" {
		t.Errorf("after a complete list: lines = %q, want il_b,il_c", got)
	}
	db.apply(t, "invoices", invoice("in_1", true, "il_d"), 30)
	if got := text(); got != "il_d,il_c" && got != "il_b,il_d,il_c" && got != "il_d,il_b,il_c" {
		t.Errorf("after a has_more list: lines = %q, want il_b, il_c kept and il_d added", got)
	}
	if n := db.count(t, `SELECT count(*) FROM stripe.invoices WHERE _lines_has_more`); n != 1 {
		t.Errorf("_lines_has_more not recorded")
	}
	db.apply(t, "invoices", invoice("in_1", false, "il_x"), 25)
	if got := text(); got != "il_d,il_c" && got != "il_b,il_d,il_c" && got != "il_d,il_b,il_c" {
		t.Errorf("a stale complete list changed the children: lines = %q", got)
	}
	db.apply(t, "invoices", []byte(`{"id":"in_1","object":"invoice","deleted":true}`), 40)
	if n := db.count(t, `SELECT count(*) FROM stripe.invoice_line_items`); n != 0 {
		t.Errorf("%d line items left after the invoice was deleted", n)
	}
	db.apply(t, "invoices", invoice("in_1", false, "il_late"), 35)
	if n := db.count(t, `SELECT count(*) FROM stripe.invoice_line_items`); n != 0 {
		t.Errorf("a late snapshot resurrected line items of a deleted invoice")
	}
}

// TestSchemaNames writes into schemas whose names need quoting.
func TestSchemaNames(t *testing.T) {
	db := newDB(t, "Data $x", "state.y")
	db.apply(t, "customers", customer("cus_1", "a"), 10)
	db.apply(t, "customers", []byte(`{"id":"cus_1","object":"customer","deleted":true}`), 20)
	if n := db.count(t, `SELECT count(*) FROM "state.y".tombstones WHERE id IN (SELECT 'cus_1' WHERE NOT EXISTS (SELECT 1 FROM "Data $x".customers))`); n != 1 {
		t.Errorf("tombstone not in the state schema")
	}
}
