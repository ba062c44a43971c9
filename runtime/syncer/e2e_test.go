package syncer_test

import (
	"context"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/runtime/stripetest"
	"github.com/stripesync/stripesync/runtime/syncer"
	"github.com/stripesync/stripesync/runtime/synctest"
)

// TestSyncMirrorsLiveFake backfills 50,000 objects over 28 resources while
// a live stream creates, updates and deletes objects, with same-second
// bursts, late deliveries and changes without events; once the stream
// stops and the syncer catches up, the database equals the fake's state.
func TestSyncMirrorsLiveFake(t *testing.T) {
	if testing.Short() {
		t.Skip("50,000 objects: skipped in -short mode")
	}
	fake := synctest.NewFake(t, stripetest.WithClock(stripetest.RealClock{}))
	if err := fake.Seed(50_000); err != nil {
		t.Fatal(err)
	}
	if n := len(fake.State().Objects); n < 10 {
		t.Fatalf("seeded %d resources", n)
	}
	db := synctest.NewDB(t)
	s := newSyncer(t, db, fake, func(c *syncer.Config) { c.NoRelist = true })
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	runDone := make(chan error, 1)
	go func() { runDone <- s.Run(ctx) }()
	streamCtx, stopStream := context.WithCancel(ctx)
	streamDone := make(chan synctest.StreamStats, 1)
	go func() { streamDone <- synctest.RunStream(streamCtx, fake, synctest.StreamOptions{Rate: 60}) }()

	waitFor(t, 10*time.Minute, "backfill complete", func() bool { return s.Stats().BackfillComplete })
	t.Logf("backfill: %d objects at %.0f/s", s.Stats().Backfill.Objects, s.Stats().Backfill.Rate)
	time.Sleep(5 * time.Second) // follow the stream a while
	stopStream()
	st := <-streamDone
	t.Logf("stream: %+v", st)
	if st.Errors > 0 || st.Creates == 0 || st.Deletes == 0 || st.Bursts == 0 || st.Late == 0 || st.Silent == 0 {
		t.Fatalf("stream did not exercise everything: %+v", st)
	}
	catchUp(t, ctx, s)
	cancel()
	if err := <-runDone; err != nil {
		t.Fatalf("run: %v", err)
	}
	es := s.Stats().Events
	t.Logf("events: applied %d, duplicates %d, refetched %d", es.Applied, es.Duplicates, es.Refetched)
	if es.Applied == 0 || es.Refetched == 0 {
		t.Errorf("events stats %+v", es)
	}
	d := synctest.AssertMirrors(t, db, generated.Registry, fake.State())
	t.Logf("%s", d)
}

// catchUp applies every event, re-lists tables without events, and applies
// again what the walk's refetches queued.
func catchUp(t *testing.T, ctx context.Context, s *syncer.Syncer) {
	t.Helper()
	cctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	if err := s.Follower().CatchUp(cctx); err != nil {
		t.Fatalf("catch up: %v", err)
	}
	if _, err := s.Relister().RunOnce(cctx, true); err != nil {
		t.Fatalf("relist: %v", err)
	}
	if err := s.Follower().CatchUp(cctx); err != nil {
		t.Fatalf("catch up: %v", err)
	}
}

func newSyncer(t testing.TB, db *synctest.DB, fake *stripetest.Server, edit ...func(*syncer.Config)) *syncer.Syncer {
	t.Helper()
	cfg := syncer.Config{DB: db.Pool, Client: synctest.NewClient(t, fake.URL()), Clock: fake.Clock(),
		Logger: testLogger()}
	for _, f := range edit {
		f(&cfg)
	}
	s, err := syncer.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func testLogger() *slog.Logger {
	if os.Getenv("STRIPESYNC_TEST_LOG") == "" {
		return slog.New(slog.DiscardHandler)
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

func waitFor(t testing.TB, d time.Duration, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
