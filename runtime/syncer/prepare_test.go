package syncer_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/runtime/events"
	"github.com/stripesync/stripesync/runtime/state"
	"github.com/stripesync/stripesync/runtime/stripeclient"
	"github.com/stripesync/stripesync/runtime/stripetest"
	"github.com/stripesync/stripesync/runtime/syncer"
	"github.com/stripesync/stripesync/runtime/synctest"
)

// TestRebackfillSkipsDroppedTables: a migration's re-backfill request may
// name a table a later migration dropped. Alone, it resets nothing (not
// every job, as a reset naming no table would); beside a known table, only
// that table is listed again. Both requests are cleared.
func TestRebackfillSkipsDroppedTables(t *testing.T) {
	t.Parallel()
	fake := synctest.NewFake(t)
	if err := fake.Seed(300); err != nil {
		t.Fatal(err)
	}
	db := synctest.NewDB(t)
	if err := newSyncer(t, db, fake).Backfill(t.Context()); err != nil {
		t.Fatal(err)
	}
	count := func() int {
		var n int
		if err := db.Pool.QueryRow(t.Context(), `SELECT count(*) FROM "stripe"."customers"`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if _, err := db.Pool.Exec(t.Context(), `DELETE FROM "stripe"."customers"`); err != nil {
		t.Fatal(err)
	}
	request(t, db, "dropped_table")
	if err := newSyncer(t, db, fake).Backfill(t.Context()); err != nil {
		t.Fatalf("backfill with a request for a dropped table: %v", err)
	}
	if n := count(); n != 0 {
		t.Fatalf("a request naming only a dropped table listed customers again (%d rows)", n)
	}
	wantNoRequests(t, db)

	request(t, db, "customers", "dropped_table")
	if err := newSyncer(t, db, fake).Backfill(t.Context()); err != nil {
		t.Fatal(err)
	}
	wantNoRequests(t, db)
	synctest.AssertMirrors(t, db, generated.Registry, fake.State())
}

// TestRebackfillResetsCheckpointsFirst: near retention, Run resets every
// checkpoint before it saves a new cursor, so a failure (or a crash) in
// between leaves the old cursor, which asks for the re-backfill again,
// never a new cursor over complete checkpoints that would skip it.
func TestRebackfillResetsCheckpointsFirst(t *testing.T) {
	t.Parallel()
	fake := synctest.NewFake(t)
	if err := fake.Seed(200, stripetest.SeedOptions{Events: true}); err != nil {
		t.Fatal(err)
	}
	db := synctest.NewDB(t)
	if err := newSyncer(t, db, fake).Backfill(t.Context()); err != nil {
		t.Fatal(err)
	}
	before := cursor(t, db)
	fake.FakeClock().Advance(29*24*time.Hour + 12*time.Hour)
	fake.SetFaults(stripetest.Fault{Path: "/v1/events*", ErrorRate: 1})
	client := synctest.NewClient(t, fake.URL(), func(c *stripeclient.Config) { c.Retry.MaxAttempts = 1 })
	s := newSyncer(t, db, fake, func(c *syncer.Config) { c.Client, c.NoRelist = client, true })
	err := s.Run(t.Context())
	if err == nil || !strings.Contains(err.Error(), "re-backfill") {
		t.Fatalf("run with /v1/events failing: %v, want a re-backfill error", err)
	}
	cps, err := db.State.Checkpoints(t.Context(), db.Pool)
	if err != nil {
		t.Fatal(err)
	}
	if len(cps) != 0 {
		t.Errorf("%d checkpoints left after the failed re-backfill, want every one reset", len(cps))
	}
	if after := cursor(t, db); after.EventID != before.EventID || !after.Created.Equal(before.Created) {
		t.Errorf("cursor moved from %+v to %+v although the re-backfill failed", before, after)
	}
}

// TestOnPhase: OnPhase sees each phase once, in order: Backfill goes
// through backfill to stopped, Run through backfill and follow to stopped.
func TestOnPhase(t *testing.T) {
	t.Parallel()
	fake := synctest.NewFake(t)
	if err := fake.Seed(100); err != nil {
		t.Fatal(err)
	}
	db := synctest.NewDB(t)
	var mu sync.Mutex
	var phases []string
	record := func(c *syncer.Config) {
		c.NoRelist = true
		c.Events = events.Config{PollInterval: 20 * time.Millisecond}
		c.OnPhase = func(p string) { mu.Lock(); phases = append(phases, p); mu.Unlock() }
	}
	got := func() []string { mu.Lock(); defer mu.Unlock(); return slices.Clone(phases) }
	if err := newSyncer(t, db, fake, record).Backfill(t.Context()); err != nil {
		t.Fatal(err)
	}
	if want := []string{syncer.PhaseBackfill, syncer.PhaseStopped}; !slices.Equal(got(), want) {
		t.Errorf("Backfill phases %v, want %v", got(), want)
	}
	mu.Lock()
	phases = nil
	mu.Unlock()
	s := newSyncer(t, db, fake, record)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	waitFor(t, time.Minute, "follow phase", func() bool { return len(got()) == 2 })
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if want := []string{syncer.PhaseBackfill, syncer.PhaseFollow, syncer.PhaseStopped}; !slices.Equal(got(), want) {
		t.Errorf("Run phases %v, want %v", got(), want)
	}
}

// request records re-backfill requests as a migration would.
func request(t *testing.T, db *synctest.DB, tables ...string) {
	t.Helper()
	if err := db.State.RequestRebackfill(t.Context(), db.Pool, "test", "", tables...); err != nil {
		t.Fatal(err)
	}
}

// wantNoRequests fails when re-backfill requests are left.
func wantNoRequests(t *testing.T, db *synctest.DB) {
	t.Helper()
	reqs, err := db.State.Rebackfills(t.Context(), db.Pool)
	if err != nil || len(reqs) != 0 {
		t.Errorf("re-backfill requests left: %v %v", reqs, err)
	}
}

// cursor reads the saved events cursor.
func cursor(t *testing.T, db *synctest.DB) state.Cursor {
	t.Helper()
	c, ok, err := db.State.Cursor(t.Context(), db.Pool, state.EventsCursor)
	if err != nil || !ok {
		t.Fatalf("events cursor: %v %v", ok, err)
	}
	return c
}
