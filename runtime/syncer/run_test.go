package syncer_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/runtime/events"
	"github.com/stripesync/stripesync/runtime/stripetest"
	"github.com/stripesync/stripesync/runtime/syncer"
	"github.com/stripesync/stripesync/runtime/synctest"
)

// TestRunRebackfillsNearRetention: a syncer that was down for 29.5 days
// may have lost events to Stripe's 30-day retention; on restart Run warns
// loudly, saves a new cursor, backfills every table again, and goes back to
// following; it stops cleanly on cancel. (A follower that keeps polling is
// never behind, however far the clock moves.)
func TestRunRebackfillsNearRetention(t *testing.T) {
	t.Parallel()
	fake := synctest.NewFake(t)
	if err := fake.Seed(300, stripetest.SeedOptions{Events: true}); err != nil {
		t.Fatal(err)
	}
	db := synctest.NewDB(t)
	logs := &lockedBuffer{}
	cfg := func(c *syncer.Config) {
		c.NoRelist = true
		c.Events = events.Config{PollInterval: 20 * time.Millisecond}
		c.Logger = slog.New(slog.NewTextHandler(logs, nil))
	}
	s := newSyncer(t, db, fake, cfg)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	waitFor(t, time.Minute, "first backfill", func() bool { return s.Stats().BackfillComplete })
	waitFor(t, time.Minute, "first poll", func() bool { return s.Stats().Events.Polls > 0 })
	first := s.Stats().Events.Cursor
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}

	// deleted during the gap: the deletion's event precedes the new cursor,
	// so only the sweep after the re-backfill can remove the row
	var gone string
	if err := db.Pool.QueryRow(t.Context(), `SELECT "id" FROM "stripe"."customers" ORDER BY "id" LIMIT 1`).Scan(&gone); err != nil {
		t.Fatal(err)
	}
	if err := fake.Delete(gone); err != nil {
		t.Fatal(err)
	}
	fake.FakeClock().Advance(29*24*time.Hour + 12*time.Hour)
	cus, err := fake.Create("customer", map[string]any{"email": "late@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	s = newSyncer(t, db, fake, cfg)
	ctx, cancel = context.WithCancel(t.Context())
	defer cancel()
	go func() { done <- s.Run(ctx) }()
	deadline := time.Now().Add(time.Minute)
	for !strings.Contains(logs.String(), "BACKFILLING EVERYTHING AGAIN") {
		if time.Now().After(deadline) {
			t.Fatalf("no re-backfill; stats %+v\nlogs:\n%s", s.Stats().Events, tail(logs.String(), 4000))
		}
		time.Sleep(50 * time.Millisecond)
	}
	waitFor(t, time.Minute, "second backfill", func() bool { return s.Stats().BackfillComplete })
	waitFor(t, time.Minute, "following again", func() bool {
		st := s.Stats()
		return st.Phase == syncer.PhaseFollow && st.Events.Cursor != first && st.Events.Cursor != ""
	})
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
	if !strings.Contains(logs.String(), "level=WARN") {
		t.Error("no warning logged")
	}
	var n int
	if err := db.Pool.QueryRow(t.Context(), `SELECT count(*) FROM "stripe"."customers" WHERE "id" = $1`, cus.ID).Scan(&n); err != nil || n != 1 {
		t.Errorf("customer created after the gap: %d %v", n, err)
	}
	if err := db.Pool.QueryRow(t.Context(), `SELECT count(*) FROM "stripe"."customers" WHERE "id" = $1`, gone).Scan(&n); err != nil || n != 0 {
		t.Errorf("customer deleted during the gap still stored (%d rows, %v)", n, err)
	}
	if !strings.Contains(logs.String(), "removed rows of objects deleted meanwhile") {
		t.Error("the sweep after the re-backfill was not logged")
	}
	synctest.AssertMirrors(t, db, generated.Registry, fake.State())
}

// TestRunStopsCleanly: cancelling Run mid-backfill returns nil, reports
// the backfill incomplete, and a second Run completes it.
func TestRunStopsCleanly(t *testing.T) {
	t.Parallel()
	fake := synctest.NewFake(t)
	if err := fake.Seed(3000); err != nil {
		t.Fatal(err)
	}
	db := synctest.NewDB(t)
	s := newSyncer(t, db, fake, func(c *syncer.Config) { c.NoRelist = true })
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	waitFor(t, time.Minute, "backfill started", func() bool { return s.Progress().Objects > 500 })
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run after cancel: %v", err)
	}
	if st := s.Stats(); st.BackfillComplete || st.Phase != syncer.PhaseStopped {
		t.Fatalf("stats after cancel: complete %v phase %s", st.BackfillComplete, st.Phase)
	}
	s2 := newSyncer(t, db, fake, func(c *syncer.Config) { c.NoRelist = true })
	if err := s2.Backfill(t.Context()); err != nil {
		t.Fatal(err)
	}
	synctest.AssertMirrors(t, db, generated.Registry, fake.State())
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func tail(s string, n int) string { return s[max(0, len(s)-n):] }

// TestFirstBackfillCountsAsFullWalk: after a first backfill of every table
// the relister walks incrementally and leaves the next full walk (a second
// listing of every table, costly on large accounts) for FullInterval later.
func TestFirstBackfillCountsAsFullWalk(t *testing.T) {
	t.Parallel()
	fake := synctest.NewFake(t, stripetest.WithClock(stripetest.RealClock{}))
	if err := fake.Seed(300); err != nil {
		t.Fatal(err)
	}
	db := synctest.NewDB(t)
	s := newSyncer(t, db, fake, func(c *syncer.Config) {
		c.RelistInterval, c.RelistFullInterval = 300*time.Millisecond, time.Hour
	})
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	waitFor(t, time.Minute, "two re-lists", func() bool { return s.Stats().Relist.Walks >= 2 })
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
	if st := s.Stats().Relist; !st.LastFull.IsZero() || st.LastIncremental.IsZero() {
		t.Errorf("relist after a first backfill: last full %v, last incremental %v; want incremental walks only", st.LastFull, st.LastIncremental)
	}
}
