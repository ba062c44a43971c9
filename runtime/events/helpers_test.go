package events_test

import (
	"bytes"
	"log/slog"
	"sync"
	"testing"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/runtime/backfill"
	"github.com/stripesync/stripesync/runtime/events"
	"github.com/stripesync/stripesync/runtime/source"
	"github.com/stripesync/stripesync/runtime/stripetest"
	"github.com/stripesync/stripesync/runtime/synctest"
)

// rig is a fake Stripe, a database, a backfiller and a follower.
type rig struct {
	fake *stripetest.Server
	db   *synctest.DB
	src  *source.Source
	bf   *backfill.Backfiller
	f    *events.Follower
	logs *syncBuffer
}

func newRig(t testing.TB, fake *stripetest.Server, edit ...func(*events.Config)) *rig {
	t.Helper()
	r := &rig{fake: fake, db: synctest.NewDB(t), logs: &syncBuffer{}}
	c := synctest.NewClient(t, fake.URL())
	var err error
	r.src, err = source.New(source.Config{Client: c, Registry: generated.Registry, Clock: fake.Clock()})
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(r.logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	r.bf, err = backfill.New(backfill.Config{DB: r.db.Pool, Source: r.src, Store: r.db.Store, State: r.db.State,
		DataSchema: synctest.DataSchema, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	cfg := events.Config{DB: r.db.Pool, Source: r.src, Store: r.db.Store, State: r.db.State,
		DataSchema: synctest.DataSchema, Logger: log}
	for _, f := range edit {
		f(&cfg)
	}
	r.f, err = events.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// backfill saves the cursor, then backfills.
func (r *rig) backfill(t testing.TB) {
	t.Helper()
	if _, err := r.f.EnsureCursor(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := r.bf.Run(t.Context()); err != nil {
		t.Fatal(err)
	}
}

func (r *rig) poll(t testing.TB) events.PollStats {
	t.Helper()
	ps, err := r.f.Poll(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

func (r *rig) mirrors(t testing.TB) {
	t.Helper()
	synctest.AssertMirrors(t, r.db, generated.Registry, r.fake.State())
}

// syncBuffer is a goroutine-safe log buffer.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
