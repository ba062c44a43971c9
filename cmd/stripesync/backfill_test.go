package main

import (
	"encoding/json"
	"testing"

	"github.com/stripesync/stripesync/runtime/stripetest"
)

// TestBackfillOnce runs `stripesync backfill` to completion: exit 0, the
// database mirrors the fake, every log line is JSON, and a second run
// finds nothing left to do.
func TestBackfillOnce(t *testing.T) {
	t.Parallel()
	fake := stripetest.NewTestServer(t, stripetest.WithClock(stripetest.RealClock{}), stripetest.WithSeed(7))
	if err := fake.Seed(800, stripetest.SeedOptions{Events: true}); err != nil {
		t.Fatal(err)
	}
	db := migratedDB(t)
	env := syncEnv(db, fake.URL())
	env["STRIPESYNC_LOG_FORMAT"] = "json"
	r := run(t, env, "backfill")
	if r.code != 0 {
		t.Fatalf("backfill: %s", r)
	}
	assertMirrors(t, db, fake)
	wantJSONLines(t, r.stderr)
	if eventCursor(t, db) == "" {
		t.Error("backfill saved no events cursor for a later sync")
	}
	before := fingerprint(t, db)
	if r := run(t, env, "backfill"); r.code != 0 {
		t.Fatalf("second backfill: %s", r)
	}
	wantUnchanged(t, db, before)

	// A migration's re-backfill request lists the tables again, a child
	// table through the job of its parent.
	execSQL(t, db, `DELETE FROM stripe.customers`)
	execSQL(t, db, `DELETE FROM stripe.invoice_line_items`)
	execSQL(t, db, `INSERT INTO stripesync.rebackfill (table_name, reason, recorded_at)
		VALUES ('customers', 'test', now()), ('invoice_line_items', 'test', now()), ('dropped_table', 'test', now())`)
	if r := run(t, env, "backfill"); r.code != 0 {
		t.Fatalf("backfill after a re-backfill request: %s", r)
	}
	assertMirrors(t, db, fake)
	if n := queryInt(t, db, `SELECT count(*) FROM stripesync.rebackfill`); n != 0 {
		t.Errorf("%d re-backfill requests left", n)
	}
}

// wantJSONLines fails unless every line of s is a JSON log record.
func wantJSONLines(t *testing.T, s string) {
	t.Helper()
	ls := lines(s)
	if len(ls) == 0 {
		t.Fatal("no log lines")
	}
	for _, l := range ls {
		var rec struct {
			Level, Msg string
		}
		if err := json.Unmarshal([]byte(l), &rec); err != nil || rec.Level == "" || rec.Msg == "" {
			t.Errorf("not a JSON log record: %s", l)
		}
	}
}
