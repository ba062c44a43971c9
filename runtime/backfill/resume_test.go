package backfill_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/runtime/backfill"
	"github.com/stripesync/stripesync/runtime/stripetest"
	"github.com/stripesync/stripesync/runtime/synctest"
)

// TestBackfillResumes stops a backfill midway (as a crash would, between
// transactions), then runs it again: the second run resumes from the
// checkpoints, sends fewer requests than a whole backfill, and the result
// mirrors the fake.
func TestBackfillResumes(t *testing.T) {
	t.Parallel()
	fake := synctest.NewFake(t, stripetest.WithClock(stripetest.RealClock{}))
	if err := fake.Seed(3000); err != nil {
		t.Fatal(err)
	}
	full := synctest.NewClient(t, fake.URL())
	if err := newBackfillerWith(t, synctest.NewDB(t), full, fake.Clock()).Run(t.Context()); err != nil {
		t.Fatal(err)
	}

	db := synctest.NewDB(t)
	first := newBackfiller(t, db, fake.URL(), fake.Clock())
	ctx, cancel := context.WithCancel(t.Context())
	go func() {
		for first.Progress().Objects < 1500 && ctx.Err() == nil {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	err := first.Run(ctx)
	var pe *backfill.PartialError
	if !errors.As(err, &pe) || !errors.Is(err, backfill.ErrIncomplete) || len(pe.Failed) == 0 {
		t.Fatalf("interrupted run: %v", err)
	}
	if first.Progress().Done {
		t.Fatal("an interrupted run reports done")
	}
	ckpts, err := db.State.Checkpoints(t.Context(), db.Pool)
	if err != nil || len(ckpts) == 0 {
		t.Fatalf("no checkpoints after the interrupted run: %v", err)
	}

	c := synctest.NewClient(t, fake.URL())
	second := newBackfillerWith(t, db, c, fake.Clock())
	if err := second.Run(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got, all := c.Stats().Requests, full.Stats().Requests; got >= all {
		t.Errorf("resumed run sent %d requests, a whole backfill %d", got, all)
	}
	synctest.AssertMirrors(t, db, generated.Registry, fake.State())
}
