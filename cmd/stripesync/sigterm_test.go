package main

import (
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stripesync/stripesync/runtime/stripetest"
)

// TestStopSignals checks that SIGTERM and SIGINT stop sync cleanly: during
// the backfill (the next run resumes from the checkpoint) and while
// following events (the batch in flight is committed), each with exit
// status 0; and that a run after them still ends mirroring the fake.
func TestStopSignals(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the syncer for several seconds")
	}
	seed := testSeed(t)
	fake := stripetest.NewTestServer(t, stripetest.WithClock(stripetest.RealClock{}), stripetest.WithSeed(int64(seed)))
	if err := fake.Seed(1000, stripetest.SeedOptions{Events: true}); err != nil {
		t.Fatal(err)
	}
	db := migratedDB(t)
	env := syncEnv(db, fake.URL())

	fake.SetFaults(stripetest.Fault{Delay: 100 * time.Millisecond})
	s := startSyncer(t, "sync (SIGINT in backfill)", env, "sync")
	if !waitFor(time.Minute, func() bool { return backfilled(t, db) > 0 || s.exited() }) {
		t.Fatalf("no backfill progress; output:\n%s", tail(s.out.String(), 20))
	}
	stopWith(t, s, syscall.SIGINT, "stopped during the backfill")
	fake.SetFaults()

	st := startStream(fake, seed)
	s = startSyncer(t, "sync (SIGTERM while following)", env, "sync")
	s.waitOutput(followingEvents, 2*time.Minute)
	cursor := eventCursor(t, db)
	if !waitFor(time.Minute, func() bool { return eventCursor(t, db) != cursor || s.exited() }) {
		t.Fatalf("the events cursor did not move; output:\n%s", tail(s.out.String(), 20))
	}
	stopWith(t, s, syscall.SIGTERM, "stopped")
	if _, err := st.Stop(); err != nil {
		t.Fatal(err)
	}

	s = startSyncer(t, "sync (catch up)", env, "sync")
	waitMirrors(t, db, fake, 2*time.Minute)
	stopWith(t, s, syscall.SIGTERM, "stopped")
	assertMirrors(t, db, fake)
}

// stopWith signals s, and requires exit status 0 within a minute and a
// last log line holding want.
func stopWith(t *testing.T, s *syncer, sig syscall.Signal, want string) {
	t.Helper()
	if s.exited() {
		t.Fatalf("%s exited %d before %v; output:\n%s", s.name, s.code, sig, tail(s.out.String(), 20))
	}
	if err := s.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	if code := s.waitExit(time.Minute); code != 0 {
		t.Fatalf("%s exited %d after %v; want 0; output:\n%s", s.name, code, sig, tail(s.out.String(), 20))
	}
	ls := lines(s.out.String())
	if len(ls) == 0 || !strings.Contains(ls[len(ls)-1], want) {
		t.Errorf("%s: last line after %v does not say %q; output:\n%s", s.name, sig, want, tail(s.out.String(), 10))
	}
}

// eventCursor returns the events cursor's event id ("" when none).
func eventCursor(t *testing.T, db string) string {
	t.Helper()
	return queryString(t, db, `SELECT coalesce(max("event_id"), '') FROM stripesync.event_cursor WHERE "name" = 'events'`)
}

// TestOneSyncerAtATime starts a second sync while one runs: it waits for
// the first to stop, then takes over; both exit 0 on SIGTERM.
func TestOneSyncerAtATime(t *testing.T) {
	t.Parallel()
	fake := stripetest.NewTestServer(t, stripetest.WithClock(stripetest.RealClock{}))
	if err := fake.Seed(200); err != nil {
		t.Fatal(err)
	}
	db := migratedDB(t)
	env := syncEnv(db, fake.URL())
	first := startSyncer(t, "sync (first)", env, "sync")
	first.waitOutput(followingEvents, 2*time.Minute)
	second := startSyncer(t, "sync (second)", env, "sync")
	second.waitOutput("waiting for another stripesync sync or backfill on this state schema to stop", time.Minute)
	if strings.Contains(second.out.String(), followingEvents) {
		t.Fatal("the second sync started while the first ran")
	}
	stopWith(t, first, syscall.SIGTERM, "stopped")
	second.waitOutput(followingEvents, 2*time.Minute)
	stopWith(t, second, syscall.SIGTERM, "stopped")
}
