package relist_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/runtime/backfill"
	"github.com/stripesync/stripesync/runtime/relist"
	"github.com/stripesync/stripesync/runtime/source"
	"github.com/stripesync/stripesync/runtime/stripetest"
	"github.com/stripesync/stripesync/runtime/synctest"
)

// TestIncrementalRevisitsPending: a balance transaction created a month
// before the previous walk, stored as pending, turns available in Stripe
// without an event; the next incremental walk lists balance transactions
// from its created time, so the row becomes available, while an older
// available one is not asked for and other tables start at the previous
// walk minus the overlap. Once no row is pending, the window is the usual.
func TestIncrementalRevisitsPending(t *testing.T) {
	fake := synctest.NewFake(t)
	clock := fake.FakeClock()
	now := clock.Now()
	old := createBT(t, fake, "available", now.Add(-60*24*time.Hour))
	pending := createBT(t, fake, "pending", now.Add(-30*24*time.Hour))
	if pending.Created <= old.Created {
		t.Fatal("the test needs the available row to be older")
	}
	db, r := newRelister(t, fake)
	if _, err := r.RunOnce(t.Context(), false); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Hour)
	if _, err := fake.Update(pending.ID, map[string]any{"status": "available"}, stripetest.NoEvent()); err != nil {
		t.Fatal(err)
	}
	prev := r.Stats().LastIncremental
	fake.ResetRequests()
	if _, err := r.RunOnce(t.Context(), false); err != nil {
		t.Fatal(err)
	}
	checkSince(t, fake, pending.Created, prev.Add(-relist.Overlap).Unix())
	var status string
	q := "SELECT status FROM " + synctest.DataSchema + ".balance_transactions WHERE id = $1"
	if err := db.Pool.QueryRow(t.Context(), q, pending.ID).Scan(&status); err != nil || status != "available" {
		t.Errorf("the pending balance transaction is %q (%v) after the walk; want available", status, err)
	}
	clock.Advance(time.Hour)
	prev = r.Stats().LastIncremental
	fake.ResetRequests()
	if _, err := r.RunOnce(t.Context(), false); err != nil {
		t.Fatal(err)
	}
	since := prev.Add(-relist.Overlap).Unix()
	checkSince(t, fake, since, since)
}

// checkSince asserts the created[gte] of every list request: bt on the
// balance transaction lists (at least one), others elsewhere.
func checkSince(t *testing.T, fake *stripetest.Server, bt, others int64) {
	t.Helper()
	btLists := map[string]bool{"/v1/balance_transactions": true, "/v1/balance/history": true}
	seen := 0
	for _, req := range fake.Requests() {
		q, err := url.ParseQuery(req.Query)
		if err != nil || !q.Has("created[gte]") {
			continue
		}
		want := others
		if btLists[req.Path] {
			want, seen = bt, seen+1
		}
		if got := q.Get("created[gte]"); got != strconv.FormatInt(want, 10) {
			t.Errorf("%s?%s: created[gte]=%s, want %d", req.Path, req.Query, got, want)
		}
	}
	if seen == 0 {
		t.Error("no balance transaction list with created[gte] was requested")
	}
}

// createBT creates a balance transaction in the given status at created.
func createBT(t *testing.T, fake *stripetest.Server, status string, created time.Time) stripetest.Object {
	t.Helper()
	o, err := fake.Create("balance_transaction", map[string]any{"status": status}, stripetest.CreatedAt(created))
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// newRelister backfills a new database from the fake and returns it with
// a relister over it, its config changed by edit.
func newRelister(t *testing.T, fake *stripetest.Server, edit ...func(*relist.Config)) (*synctest.DB, *relist.Relister) {
	t.Helper()
	db := synctest.NewDB(t)
	src, err := source.New(source.Config{Client: synctest.NewClient(t, fake.URL()), Registry: generated.Registry, Clock: fake.Clock()})
	if err != nil {
		t.Fatal(err)
	}
	bf, err := backfill.New(backfill.Config{DB: db.Pool, Source: src, Store: db.Store, State: db.State, DataSchema: synctest.DataSchema})
	if err != nil {
		t.Fatal(err)
	}
	if err := bf.Run(t.Context()); err != nil {
		t.Fatal(err)
	}
	cfg := relist.Config{Backfiller: bf, Registry: generated.Registry, DB: db.Pool, State: db.State}
	for _, f := range edit {
		f(&cfg)
	}
	r, err := relist.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return db, r
}

// TestSilentQueryUsesPartialIndex: the migrations create a partial index
// whose predicate is the re-lister's, so PostgreSQL answers the re-lister's
// own query for the oldest pending balance transaction from the index
// instead of scanning the table (checked with sequential scans disabled,
// as the planner would choose on a table of millions of rows).
func TestSilentQueryUsesPartialIndex(t *testing.T) {
	db := synctest.NewDB(t)
	bt := generated.Registry.Table("balance_transactions")
	if bt == nil || bt.SilentStates == nil {
		t.Fatal("balance_transactions has no silent states")
	}
	var where string
	err := db.Pool.QueryRow(t.Context(), `SELECT pg_get_expr(i.indpred, i.indrelid) FROM pg_index i
		JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = $1 AND c.relname = 'balance_transactions_status_silent_idx'`, synctest.DataSchema).Scan(&where)
	if err != nil {
		t.Fatalf("partial index: %v", err)
	}
	tx, err := db.Pool.Begin(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(t.Context())
	if _, err := tx.Exec(t.Context(), "SET LOCAL enable_seqscan = off"); err != nil {
		t.Fatal(err)
	}
	rows, err := tx.Query(t.Context(), "EXPLAIN "+relist.SilentQuery(synctest.DataSchema, bt))
	if err != nil {
		t.Fatal(err)
	}
	var plan []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, line)
	}
	if !strings.Contains(strings.Join(plan, "\n"), "balance_transactions_status_silent_idx") {
		t.Errorf("the query (%s) does not use the partial index (WHERE %s):\n%s", bt.SilentStates.Predicate(), where,
			strings.Join(plan, "\n"))
	}
}
