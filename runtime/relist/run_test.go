package relist_test

import (
	"context"
	"testing"
	"time"

	"github.com/stripesync/stripesync/runtime/relist"
	"github.com/stripesync/stripesync/runtime/synctest"
)

// TestRunFullWalks: the loop's first walk is a full one, unless NoFull
// keeps it to incremental walks.
func TestRunFullWalks(t *testing.T) {
	for _, noFull := range []bool{false, true} {
		fake := synctest.NewFake(t)
		_, r := newRelister(t, fake, func(c *relist.Config) {
			c.Interval, c.FullInterval, c.NoFull = 50*time.Millisecond, 24*time.Hour, noFull
		})
		ctx, cancel := context.WithCancel(t.Context())
		if err := r.Start(ctx); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(30 * time.Second)
		for r.Stats().Walks < 3 && time.Now().Before(deadline) {
			fake.FakeClock().Advance(time.Second)
			time.Sleep(20 * time.Millisecond)
		}
		cancel()
		if err := r.Wait(); err != nil {
			t.Fatal(err)
		}
		s := r.Stats()
		if s.Walks < 3 || s.Failures != 0 || s.LastFull.IsZero() == !noFull {
			t.Errorf("NoFull %v: stats %+v; want 3+ walks, a full one only without NoFull", noFull, s)
		}
	}
}
