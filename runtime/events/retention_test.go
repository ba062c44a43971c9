package events_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stripesync/stripesync/runtime/events"
	"github.com/stripesync/stripesync/runtime/stripetest"
	"github.com/stripesync/stripesync/runtime/synctest"
)

// TestRetentionAsksForRebackfill: a follower last caught up 29.5 days ago
// may have lost events to Stripe's 30-day retention; it warns loudly and
// asks for a re-backfill instead of polling.
func TestRetentionAsksForRebackfill(t *testing.T) {
	t.Parallel()
	fake := synctest.NewFake(t)
	if err := fake.Seed(50, stripetest.SeedOptions{Events: true}); err != nil {
		t.Fatal(err)
	}
	r := newRig(t, fake)
	r.backfill(t)
	r.poll(t)
	fake.FakeClock().Advance(29*24*time.Hour + 12*time.Hour)
	_, err := r.f.Poll(t.Context())
	if !errors.Is(err, events.ErrRetention) {
		t.Fatalf("poll after 29.5 days: %v", err)
	}
	if logs := r.logs.String(); !strings.Contains(logs, "level=WARN") || !strings.Contains(logs, "RETENTION") {
		t.Errorf("no loud warning in logs:\n%s", logs)
	}
	if err := r.f.Run(t.Context()); !errors.Is(err, events.ErrRetention) {
		t.Errorf("Run: %v", err)
	}
	if _, err := r.f.ResetCursor(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, err := r.f.Poll(t.Context()); err != nil {
		t.Errorf("poll after reset: %v", err)
	}
}

// TestIdleFollowerKeepsCursor: an account without new events for weeks is
// not a retention problem while the follower keeps polling.
func TestIdleFollowerKeepsCursor(t *testing.T) {
	t.Parallel()
	fake := synctest.NewFake(t)
	if err := fake.Seed(50, stripetest.SeedOptions{Events: true}); err != nil {
		t.Fatal(err)
	}
	r := newRig(t, fake)
	r.backfill(t)
	for range 40 {
		fake.FakeClock().Advance(24 * time.Hour)
		r.poll(t)
	}
}

// TestUpcomingInvoiceNotStored: invoice.upcoming carries a preview, never
// an invoice row; the event is still recorded.
func TestUpcomingInvoiceNotStored(t *testing.T) {
	t.Parallel()
	fake := synctest.NewFake(t)
	if err := fake.Seed(100); err != nil {
		t.Fatal(err)
	}
	r := newRig(t, fake)
	r.backfill(t)
	fake.FakeClock().Advance(time.Second)
	inv, err := fake.Create("invoice", nil, stripetest.NoEvent())
	if err != nil {
		t.Fatal(err)
	}
	ev, err := fake.Emit(inv.ID, "invoice.upcoming")
	if err != nil {
		t.Fatal(err)
	}
	if ps := r.poll(t); ps.Applied != 1 {
		t.Fatalf("applied %d", ps.Applied)
	}
	var n int
	if err := r.db.Pool.QueryRow(t.Context(), `SELECT count(*) FROM "stripe"."invoices" WHERE "id" = $1`, inv.ID).Scan(&n); err != nil || n != 0 {
		t.Errorf("invoice.upcoming stored an invoice: %d %v", n, err)
	}
	if err := r.db.Pool.QueryRow(t.Context(), `SELECT count(*) FROM "stripe"."events" WHERE "id" = $1`, ev.ID).Scan(&n); err != nil || n != 1 {
		t.Errorf("event not stored: %d %v", n, err)
	}
	if s := r.f.Stats(); s.Skipped != 1 {
		t.Errorf("stats %+v", s)
	}
}

// TestKeepEventsPrunesEventsTable: with KeepEvents, a follower deletes the
// events table's rows created longer ago than that (at most hourly, so a
// restarted follower prunes at its first poll); without it, every event
// stays.
func TestKeepEventsPrunesEventsTable(t *testing.T) {
	t.Parallel()
	fake := synctest.NewFake(t)
	keep := func(c *events.Config) { c.KeepEvents = time.Hour }
	r := newRig(t, fake, keep)
	r.backfill(t)
	clock := fake.FakeClock()
	clock.Advance(time.Second)
	if _, err := fake.Create("customer", nil); err != nil {
		t.Fatal(err)
	}
	r.poll(t)
	stored := func() int { return r.db.Count(t, "events") }
	if n := stored(); n != 1 {
		t.Fatalf("%d events stored, want 1", n)
	}
	clock.Advance(2 * time.Hour)
	if _, err := fake.Create("customer", nil); err != nil {
		t.Fatal(err)
	}
	restarted := func(edit ...func(*events.Config)) *events.Follower {
		cfg := events.Config{DB: r.db.Pool, Source: r.src, Store: r.db.Store, State: r.db.State, DataSchema: synctest.DataSchema}
		for _, e := range edit {
			e(&cfg)
		}
		f, err := events.New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	if _, err := restarted().Poll(t.Context()); err != nil { // no KeepEvents: nothing pruned
		t.Fatal(err)
	}
	if n := stored(); n != 2 {
		t.Fatalf("%d events stored without KeepEvents, want 2", n)
	}
	if _, err := restarted(keep).Poll(t.Context()); err != nil {
		t.Fatal(err)
	}
	var left time.Time
	if err := r.db.Pool.QueryRow(t.Context(), `SELECT min("created") FROM `+synctest.DataSchema+`.events`).Scan(&left); err != nil {
		t.Fatal(err)
	}
	if n := stored(); n != 1 || clock.Now().Sub(left) > time.Hour {
		t.Errorf("after pruning: %d events, oldest %v old; want the recent one only", n, clock.Now().Sub(left))
	}
}
