package syncdb_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/internal/syncdb"
)

// lineItem is a standalone invoice line item snapshot.
func lineItem(id, invoice string, amount int) []byte {
	return []byte(fmt.Sprintf(`{"id":%q,"object":"line_item","amount":%d,"invoice":%q}`, id, amount, invoice))
}

// dump returns a table's rows as JSON text without _synced_at, ordered.
func (db *testDB) dump(t *testing.T, table string) string {
	t.Helper()
	var out []string
	rows, err := db.pool.Query(context.Background(), fmt.Sprintf(
		`SELECT (to_jsonb(t) - '_synced_at')::text FROM %s AS t ORDER BY 1`, table))
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(out, "\n")
}

// TestNewRowsMatchUpsert applies random sequences of snapshots, deletions
// and nested lists to two databases, one writing new rows with COPY and one
// sending every row through the upsert, and compares them after each step.
func TestNewRowsMatchUpsert(t *testing.T) {
	fast := newDB(t, "stripe", "stripesync")
	slow := newDB(t, "stripe", "stripesync")
	syncdb.UpsertOnly(slow.store)
	customers := generated.Registry.Table("customers")
	invoices := generated.Registry.Table("invoices")
	lines := generated.Registry.Table("invoice_line_items")
	sessions := generated.Registry.Table("checkout_sessions")
	sessionItems := generated.Registry.Table("checkout_line_items")
	rng := rand.New(rand.NewPCG(1, 2))
	pick := func(prefix string, n int) string { return fmt.Sprintf("%s_%d", prefix, rng.IntN(n)) }
	for step := range 80 {
		var b syncdb.Batch
		for range 1 + rng.IntN(6) {
			// Versions drift upwards, so tombstones do not block for ever.
			v := int64(1 + step/4 + rng.IntN(6))
			m := syncdb.Meta{Version: v, At: time.Unix(1700000000+v, 0)}
			switch rng.IntN(8) {
			case 0:
				b.Add(decode(t, customers, customer(pick("cus", 6), pick("name", 4)), m))
			case 1:
				id := pick("cus", 6)
				b.Add(decode(t, customers, []byte(`{"id":"`+id+`","object":"customer","deleted":true}`), m))
			case 2, 3:
				var ls []string
				for range rng.IntN(4) {
					ls = append(ls, pick("il", 8))
				}
				b.Add(decode(t, invoices, invoice(pick("in", 4), rng.IntN(3) == 0, ls...), m))
			case 4:
				id := pick("in", 4)
				b.Add(decode(t, invoices, []byte(`{"id":"`+id+`","object":"invoice","deleted":true}`), m))
			case 5:
				parent := pick("in", 4)
				var items []*syncdb.Object
				for range rng.IntN(3) {
					pm := m
					pm.ParentID = parent
					items = append(items, decode(t, lines, lineItem(pick("il", 8), parent, rng.IntN(100)), pm))
				}
				b.AddList(invoices.NestedLists[0], parent, m, rng.IntN(2) == 0, items...)
			case 6:
				// Items keyed by parent and id, of sessions never stored.
				parent := pick("cs", 3)
				var items []*syncdb.Object
				for range rng.IntN(3) {
					pm := m
					pm.ParentID = parent
					raw := fmt.Sprintf(`{"id":%q,"object":"item","amount_total":%d}`, pick("li", 4), rng.IntN(100))
					items = append(items, decode(t, sessionItems, []byte(raw), pm))
				}
				b.AddList(sessions.NestedLists[0], parent, m, rng.IntN(2) == 0, items...)
			case 7:
				id := pick("cs", 3)
				b.Add(decode(t, sessions, []byte(`{"id":"`+id+`","object":"checkout.session","deleted":true}`), m))
			}
		}
		stFast, stSlow := fast.write(t, &b), slow.write(t, &b)
		if stFast != stSlow {
			t.Errorf("step %d: stats %+v with COPY, %+v with the upsert", step, stFast, stSlow)
		}
		for _, table := range []string{"stripe.customers", "stripe.invoices", "stripe.invoice_line_items",
			"stripe.checkout_line_items", "stripesync.tombstones"} {
			if a, b := fast.dump(t, table), slow.dump(t, table); a != b {
				t.Fatalf("step %d: %s differs:\nwith COPY:\n%s\nwith the upsert:\n%s", step, table, a, b)
			}
		}
	}
	for _, table := range []string{"customers", "invoices", "invoice_line_items", "checkout_line_items"} {
		if fast.count(t, "SELECT count(*) FROM stripe."+table) == 0 {
			t.Errorf("no %s left to compare", table)
		}
	}
	if c, u := syncdb.CopiedRows(fast.store), syncdb.CopiedRows(slow.store); c == 0 || u != 0 {
		t.Errorf("rows COPYed straight into their table: %d by the COPY store, %d by the upsert-only one; want some and none", c, u)
	}
}

// TestNewRowsGetSyncedAt checks that rows COPYed straight into a table get
// the transaction's now(), as upserted rows do.
func TestNewRowsGetSyncedAt(t *testing.T) {
	db := newDB(t, "stripe", "stripesync")
	ctx := context.Background()
	var b syncdb.Batch
	b.Add(decode(t, generated.Registry.Table("invoices"), invoice("in_1", false, "il_1", "il_2"), syncdb.Meta{Version: 1}))
	err := pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		if _, err := db.store.Write(ctx, tx, &b); err != nil {
			return err
		}
		var n int
		err := tx.QueryRow(ctx, `SELECT (SELECT count(*) FROM stripe.invoices WHERE _synced_at = now())
			+ (SELECT count(*) FROM stripe.invoice_line_items WHERE _synced_at = now())`).Scan(&n)
		if n != 3 {
			t.Errorf("%d of 3 rows have _synced_at = now()", n)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestCompleteListReplacesEarlierChildren stores line items before their
// invoice: the invoice's first snapshot, with a complete list, replaces them.
func TestCompleteListReplacesEarlierChildren(t *testing.T) {
	db := newDB(t, "stripe", "stripesync")
	invoices := generated.Registry.Table("invoices")
	lines := generated.Registry.Table("invoice_line_items")
	var b syncdb.Batch
	m := syncdb.Meta{Version: 5, ParentID: "in_1"}
	b.AddList(invoices.NestedLists[0], "in_1", m, false,
		decode(t, lines, lineItem("il_old", "in_1", 1), m), decode(t, lines, lineItem("il_a", "in_1", 2), m))
	db.write(t, &b)
	db.apply(t, "invoices", invoice("in_1", false, "il_a", "il_b"), 10)
	if got := db.count(t, `SELECT count(*) FROM stripe.invoice_line_items WHERE invoice_id = 'in_1' AND id IN ('il_a', 'il_b')`); got != 2 {
		t.Errorf("%d of il_a, il_b stored", got)
	}
	if got := db.count(t, `SELECT count(*) FROM stripe.invoice_line_items WHERE id = 'il_old'`); got != 0 {
		t.Errorf("il_old kept after a complete list without it")
	}
}

// TestWriteTwiceInOneTransaction writes two batches of the same tables in
// one transaction: the second sees the first's rows.
func TestWriteTwiceInOneTransaction(t *testing.T) {
	db := newDB(t, "stripe", "stripesync")
	ctx := context.Background()
	table := generated.Registry.Table("customers")
	var b1, b2 syncdb.Batch
	b1.Add(decode(t, table, customer("cus_1", "a"), syncdb.Meta{Version: 1}))
	b1.Add(decode(t, table, customer("cus_2", "a"), syncdb.Meta{Version: 1}))
	b2.Add(decode(t, table, customer("cus_1", "b"), syncdb.Meta{Version: 2}))
	b2.Add(decode(t, table, customer("cus_3", "b"), syncdb.Meta{Version: 2}))
	var st1, st2 syncdb.Stats
	err := pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) (err error) {
		if st1, err = db.store.Write(ctx, tx, &b1); err != nil {
			return err
		}
		// The second write upserts cus_1 through the temporary table;
		// writing it twice shows the table is emptied in between.
		if st2, err = db.store.Write(ctx, tx, &b2); err != nil {
			return err
		}
		_, err = db.store.Write(ctx, tx, &b2)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if st1.Written != 2 || st2.Written != 2 {
		t.Errorf("written %d and %d, want 2 and 2", st1.Written, st2.Written)
	}
	for id, want := range map[string]string{"cus_1": "b", "cus_2": "a", "cus_3": "b"} {
		if got := db.name(t, id); got != want {
			t.Errorf("%s: name %q, want %q", id, got, want)
		}
	}
}

// TestConcurrentInsertOfNewRow inserts a row in another transaction after
// the write found it new and before the write COPYs it: the COPY fails on
// the key, and the row takes the upsert with its version gate.
func TestConcurrentInsertOfNewRow(t *testing.T) {
	for _, tc := range []struct {
		version int64
		want    string
		written int
	}{{20, "mine", 1}, {5, "theirs", 0}} {
		t.Run(fmt.Sprint(tc.version), func(t *testing.T) {
			db := newDB(t, "stripe", "stripesync")
			ctx := context.Background()
			table := generated.Registry.Table("customers")
			other, err := db.pool.Begin(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer other.Rollback(ctx)
			var theirs syncdb.Batch
			theirs.Add(decode(t, table, customer("cus_1", "theirs"), syncdb.Meta{Version: 10}))
			if _, err := db.store.Write(ctx, other, &theirs); err != nil {
				t.Fatal(err)
			}
			var mine syncdb.Batch
			mine.Add(decode(t, table, customer("cus_1", "mine"), syncdb.Meta{Version: tc.version}))
			mine.Add(decode(t, table, customer("cus_2", "mine"), syncdb.Meta{Version: tc.version}))
			type result struct {
				st  syncdb.Stats
				err error
			}
			done := make(chan result, 1)
			go func() {
				var r result
				r.err = pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) (err error) {
					r.st, err = db.store.Write(ctx, tx, &mine)
					return err
				})
				done <- r
			}()
			// Wait until the write waits for the other transaction's row.
			deadline := time.Now().Add(30 * time.Second)
			for db.count(t, `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`) == 0 {
				if time.Now().After(deadline) {
					t.Fatal("the write never waited for the other transaction")
				}
				time.Sleep(10 * time.Millisecond)
			}
			if err := other.Commit(ctx); err != nil {
				t.Fatal(err)
			}
			r := <-done
			if r.err != nil {
				t.Fatalf("write: %v", r.err)
			}
			if r.st.Written != tc.written+1 || r.st.Rows != 2 {
				t.Errorf("stats %+v, want %d written of 2", r.st, tc.written+1)
			}
			if got := db.name(t, "cus_1"); got != tc.want {
				t.Errorf("cus_1: name %q, want %q", got, tc.want)
			}
			if got := db.name(t, "cus_2"); got != "mine" {
				t.Errorf("cus_2: name %q, want mine", got)
			}
		})
	}
}

// TestChildOlderThanParentInBatch writes a line item older than its
// invoice's snapshot in the same batch: the item is skipped, as the upsert
// skips child rows older than their stored parent.
func TestChildOlderThanParentInBatch(t *testing.T) {
	db := newDB(t, "stripe", "stripesync")
	invoices := generated.Registry.Table("invoices")
	lines := generated.Registry.Table("invoice_line_items")
	var b syncdb.Batch
	b.Add(decode(t, invoices, invoice("in_1", true, "il_new"), syncdb.Meta{Version: 10}))
	m := syncdb.Meta{Version: 5, ParentID: "in_1"}
	b.AddList(invoices.NestedLists[0], "in_1", m, false, decode(t, lines, lineItem("il_old", "in_1", 1), m))
	st := db.write(t, &b)
	if got := db.count(t, `SELECT count(*) FROM stripe.invoice_line_items WHERE id = 'il_old'`); got != 0 {
		t.Errorf("a line item older than its invoice was stored")
	}
	if st.Written != 2 || st.Skipped != 1 {
		t.Errorf("stats %+v, want 2 written and 1 skipped", st)
	}
}
