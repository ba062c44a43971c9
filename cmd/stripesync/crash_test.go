package main

import (
	"context"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/internal/syncdb"
	"github.com/stripesync/stripesync/runtime/state"
	"github.com/stripesync/stripesync/runtime/stripetest"
	"github.com/stripesync/stripesync/runtime/synctest"
)

// Crash test sizes.
const (
	crashObjects       = 4000
	crashBackfillKills = 3
	crashFollowKills   = 3
)

// followingEvents is what sync logs once the backfill is done.
const followingEvents = "following events"

// TestCrashSafety runs `stripesync sync` against a fake Stripe with a few
// thousand objects and a live event stream, SIGKILLs it at random moments
// during the backfill and while it follows events, restarting it each
// time; then stops the stream, lets a last run catch up, SIGTERMs it and
// checks that the database mirrors the fake: no missing, extra or stale row.
func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test runs the syncer for about a minute")
	}
	seed := testSeed(t)
	rng := rand.New(rand.NewPCG(seed, 1))
	fake := stripetest.NewTestServer(t, stripetest.WithClock(stripetest.RealClock{}), stripetest.WithSeed(int64(seed)))
	if err := fake.Seed(crashObjects, stripetest.SeedOptions{Events: true}); err != nil {
		t.Fatal(err)
	}
	// Slow answers stretch the backfill so that kills land inside it.
	fake.SetFaults(stripetest.Fault{Delay: 40 * time.Millisecond})
	db := migratedDB(t)
	env := syncEnv(db, fake.URL())
	st := startStream(fake, seed)
	stopped := false
	defer func() {
		if !stopped {
			st.Stop()
		}
	}()
	killDuringBackfill(t, rng, env, db)
	killWhileFollowing(t, rng, env)

	fake.SetFaults()
	final := startSyncer(t, "sync (final)", env, "sync")
	final.waitOutput(followingEvents, 2*time.Minute)
	counts, err := st.Stop()
	stopped = true
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("stream: %v", counts)
	waitMirrors(t, db, fake, 3*time.Minute)
	final.waitOutput(`msg="relist: walk done" full=true`, time.Minute) // a re-list and sweep must keep the mirror
	if code := final.terminate(time.Minute); code != 0 {
		t.Fatalf("final sync exited %d after SIGTERM; output:\n%s", code, tail(final.out.String(), 30))
	}
	assertMirrors(t, db, fake)
}

// testSeed returns STRIPESYNC_TEST_SEED, or a fixed seed; it is logged so
// a failure can be replayed.
func testSeed(t *testing.T) uint64 {
	seed := uint64(20261126)
	if v := os.Getenv("STRIPESYNC_TEST_SEED"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			t.Fatalf("STRIPESYNC_TEST_SEED: %v", err)
		}
		seed = n
	}
	t.Logf("seed %d (set STRIPESYNC_TEST_SEED to replay)", seed)
	return seed
}

// syncEnv is the environment of a syncer writing db from the fake at base.
func syncEnv(db, base string) map[string]string {
	env := withKey(db, base)
	env["STRIPESYNC_RATE_LIMIT"] = "off"
	env["STRIPESYNC_PROGRESS"] = "off"
	env["STRIPESYNC_RELIST_INTERVAL"] = "3s" // re-lists and sweeps run between the kills too
	env["STRIPESYNC_RELIST_FULL_INTERVAL"] = "3s"
	return env
}

// killDuringBackfill starts sync and SIGKILLs it once the backfill has
// committed more since the last kill, plus a random delay, until
// crashBackfillKills kills have landed before the backfill finished.
func killDuringBackfill(t *testing.T, rng *rand.Rand, env map[string]string, db string) {
	t.Helper()
	for landed, i := 0, 0; landed < crashBackfillKills; i++ {
		before := backfilled(t, db)
		s := startSyncer(t, "sync (backfill kill "+strconv.Itoa(i)+")", env, "sync")
		if !waitFor(2*time.Minute, func() bool { return backfilled(t, db) > before || s.exited() }) {
			t.Fatalf("the backfill made no progress in 2 minutes; output:\n%s", tail(s.out.String(), 30))
		}
		time.Sleep(time.Duration(rng.IntN(400)) * time.Millisecond)
		s.kill()
		if s.code != -1 {
			t.Fatalf("sync exited %d before it was killed; output:\n%s", s.code, tail(s.out.String(), 30))
		}
		if strings.Contains(s.out.String(), followingEvents) {
			t.Fatalf("the backfill finished after %d kills inside it; want %d: make it slower", landed, crashBackfillKills)
		}
		landed++
		t.Logf("killed sync during the backfill (%d objects committed)", backfilled(t, db))
	}
}

// killWhileFollowing starts sync and SIGKILLs it at a random moment after
// it started following events, crashFollowKills times.
func killWhileFollowing(t *testing.T, rng *rand.Rand, env map[string]string) {
	t.Helper()
	for i := range crashFollowKills {
		s := startSyncer(t, "sync (follow kill "+strconv.Itoa(i)+")", env, "sync")
		s.waitOutput(followingEvents, 3*time.Minute)
		time.Sleep(time.Duration(rng.IntN(2000)) * time.Millisecond)
		s.kill()
		if s.code != -1 {
			t.Fatalf("sync exited %d before it was killed; output:\n%s", s.code, tail(s.out.String(), 30))
		}
		t.Logf("killed sync while it followed events")
	}
}

// backfilled returns the objects the backfill checkpoints record.
func backfilled(t *testing.T, db string) int64 {
	return queryInt(t, db, `SELECT coalesce(sum("objects"), 0)::bigint FROM stripesync.backfill_checkpoints`)
}

// waitMirrors waits until the database mirrors the fake, failing with the
// last difference at the deadline.
func waitMirrors(t *testing.T, dbURL string, fake *stripetest.Server, deadline time.Duration) {
	t.Helper()
	db := openSyncDB(t, dbURL)
	var last *synctest.Diff
	ok := waitFor(deadline, func() bool {
		d, err := synctest.Compare(context.Background(), db, generated.Registry, fake.State(), synctest.CompareOptions{})
		if err != nil {
			t.Fatalf("compare: %v", err)
		}
		last = d
		if !d.Empty() {
			time.Sleep(500 * time.Millisecond)
		}
		return d.Empty()
	})
	if !ok {
		t.Fatalf("the database did not catch up with the fake within %s: %s", deadline, last)
	}
}

// assertMirrors checks once that the database mirrors the fake.
func assertMirrors(t *testing.T, dbURL string, fake *stripetest.Server) {
	t.Helper()
	d := synctest.AssertMirrors(t, openSyncDB(t, dbURL), generated.Registry, fake.State())
	t.Logf("database mirrors the fake: %s", d)
}

// openSyncDB wraps a migrated database for synctest.Compare.
func openSyncDB(t *testing.T, dbURL string) *synctest.DB {
	t.Helper()
	pool, err := pgxpool.New(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	store, err := syncdb.NewStore(synctest.DataSchema, synctest.StateSchema)
	if err != nil {
		t.Fatal(err)
	}
	st, err := state.New(synctest.StateSchema)
	if err != nil {
		t.Fatal(err)
	}
	return &synctest.DB{URL: dbURL, Pool: pool, Store: store, State: st}
}
