package syncer_test

import (
	"context"
	"testing"
	"time"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/runtime/stripetest"
	"github.com/stripesync/stripesync/runtime/syncer"
	"github.com/stripesync/stripesync/runtime/synctest"
)

// terminateOthers ends every other connection to the test's database, as
// a PostgreSQL restart or failover would, and returns how many it ended.
func terminateOthers(ctx context.Context, db *synctest.DB) int {
	var n int
	_ = db.Pool.QueryRow(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE datname = current_database() AND pid <> pg_backend_pid()`).Scan(&n)
	return n
}

// TestSyncSurvivesDatabaseDisconnects cuts every database connection of
// the syncer again and again, during the backfill and while it follows a
// live stream: failed writes roll back and are retried (backfill jobs
// from their checkpoints, event batches from the cursor), and once the
// cuts and the stream stop the database equals the fake's state.
func TestSyncSurvivesDatabaseDisconnects(t *testing.T) {
	t.Parallel()
	fake := synctest.NewFake(t, stripetest.WithClock(stripetest.RealClock{}))
	if err := fake.Seed(20_000); err != nil {
		t.Fatal(err)
	}
	db := synctest.NewDB(t)
	s := newSyncer(t, db, fake, func(c *syncer.Config) {
		c.NoRelist, c.RetryBackfill = true, 200*time.Millisecond
	})
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	runDone := make(chan error, 1)
	go func() { runDone <- s.Run(ctx) }()
	streamCtx, stopStream := context.WithCancel(ctx)
	streamDone := make(chan synctest.StreamStats, 1)
	go func() { streamDone <- synctest.RunStream(streamCtx, fake, synctest.StreamOptions{Rate: 30}) }()

	// cut every 100 ms until the backfill is complete, then for 8 s more (longer than the follower's longest backoff)
	cuts, ended, duringBackfill := 0, 0, 0
	var followUntil time.Time
	for giveUp := time.Now().Add(5 * time.Minute); followUntil.IsZero() || time.Now().Before(followUntil); cuts++ {
		if time.Now().After(giveUp) {
			t.Fatalf("backfill not complete after %d cuts: %+v", cuts, s.Stats().Backfill)
		}
		time.Sleep(100 * time.Millisecond)
		complete := s.Stats().BackfillComplete
		n := terminateOthers(ctx, db)
		if ended += n; !complete {
			duringBackfill += n
		} else if followUntil.IsZero() {
			followUntil = time.Now().Add(8 * time.Second)
		}
	}
	t.Logf("%d cuts ended %d connections, %d during the backfill", cuts, ended, duringBackfill)
	if duringBackfill == 0 || ended == duringBackfill {
		t.Fatal("no connection was ended during the backfill, or none while following: the test proves less than it says")
	}
	time.Sleep(2 * time.Second) // follow the stream a while without cuts
	stopStream()
	if st := <-streamDone; st.Errors > 0 || st.Creates == 0 || st.Deletes == 0 {
		t.Fatalf("stream: %+v", st)
	}
	catchUp(t, ctx, s)
	cancel()
	if err := <-runDone; err != nil {
		t.Fatalf("run: %v", err)
	}
	t.Logf("events: %+v", s.Stats().Events)
	synctest.AssertMirrors(t, db, generated.Registry, fake.State())
}
