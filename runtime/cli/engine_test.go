package cli

import (
	"log/slog"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/runtime/backfill"
	"github.com/stripesync/stripesync/runtime/events"
	"github.com/stripesync/stripesync/runtime/stripeclient"
	"github.com/stripesync/stripesync/runtime/syncer"
)

// TestEngineRelistsTablesWithoutEvents: the engine's syncer re-lists the
// tables events do not keep current, and not those they do.
func TestEngineRelistsTablesWithoutEvents(t *testing.T) {
	eng := testEngine(t, 15*time.Minute)
	got := map[string]bool{}
	for _, name := range eng.s.Relister().Tables() {
		got[name] = true
	}
	for _, want := range []string{"balance_transactions", "webhook_endpoints", "shipping_rates"} {
		if !got[want] {
			t.Errorf("%s is not re-listed", want)
		}
	}
	for _, not := range []string{"events", "customers", "invoices"} {
		if got[not] {
			t.Errorf("%s is re-listed although events keep it current", not)
		}
	}
}

// TestRelistSchedule: --relist-interval sets the incremental walks (0
// turns re-listing off), --relist-full-interval the full walks with a
// sweep (0: none, incremental walks only).
func TestRelistSchedule(t *testing.T) {
	type sched struct {
		interval, full time.Duration
		noFull, off    bool
	}
	for _, c := range []struct {
		every, full time.Duration
		want        sched
	}{
		{0, 6 * time.Hour, sched{off: true}},
		{0, 0, sched{off: true}},
		{10 * time.Minute, 6 * time.Hour, sched{interval: 10 * time.Minute, full: 6 * time.Hour}},
		{3 * time.Second, 3 * time.Second, sched{interval: 3 * time.Second, full: 3 * time.Second}},
		{10 * time.Minute, 0, sched{interval: 10 * time.Minute, noFull: true}},
	} {
		var cfg syncer.Config
		relistSchedule(&cfg, c.every, c.full)
		got := sched{cfg.RelistInterval, cfg.RelistFullInterval, cfg.NoFullRelist, cfg.NoRelist}
		if got != c.want {
			t.Errorf("relistSchedule(%v, %v) = %+v, want %+v", c.every, c.full, got, c.want)
		}
	}
}

// TestWatcherReportsPhase: the watcher reports the backfill's progress
// during the backfill, the follower's while following, and the last
// phase's once the syncer stopped.
func TestWatcherReportsPhase(t *testing.T) {
	st := syncer.Stats{Phase: syncer.PhaseBackfill, Backfill: backfill.Progress{Objects: 42,
		Tables: []backfill.TableProgress{{Table: "customers", Done: true}, {Table: "invoices", Objects: 2, ETA: -1}}}}
	var got []Progress
	w := &watcher{stats: func() syncer.Stats { return st }, progress: func(p Progress) { got = append(got, p) },
		phase: syncer.PhaseBackfill}
	w.tick()
	st.Phase, st.Events = syncer.PhaseFollow, events.Stats{Applied: 7, Lag: 3 * time.Second}
	w.tick()
	st.Phase = syncer.PhaseStopped
	w.tick()
	want := []Progress{
		{Phase: "backfill", Tables: 2, TablesDone: 1, Objects: 42, Current: "invoices"},
		{Phase: "events", Objects: 7, Current: "lag 3s"},
		{Phase: "events", Objects: 7, Current: "lag 3s"},
	}
	if len(got) != len(want) {
		t.Fatalf("reports %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("report %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}

// testEngine builds an engine over a pool that never connects and a
// client that never calls.
func testEngine(t *testing.T, relistEvery time.Duration) *engine {
	t.Helper()
	pool, err := pgxpool.New(t.Context(), "postgres://nobody@127.0.0.1:1/none")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	key, err := stripeclient.ParseKey("sk_test_engine0123456789")
	if err != nil {
		t.Fatal(err)
	}
	client, err := stripeclient.New(stripeclient.Config{Key: key, BaseURL: "http://127.0.0.1:1",
		APIVersion: generated.APIVersion})
	if err != nil {
		t.Fatal(err)
	}
	eng, err := newEngine(engineDeps{Pool: pool, Client: client, Schema: "stripe", StateSchema: "stripesync",
		Log: slog.New(slog.DiscardHandler), Progress: func(Progress) {}, RelistInterval: relistEvery})
	if err != nil {
		t.Fatal(err)
	}
	return eng
}
