package syncer

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/stripesync/stripesync/runtime/events"
)

// Run syncs until ctx ends: it backfills what is missing while following
// events, then follows events and re-lists tables without events. When the
// events cursor nears Stripe's retention it backfills everything again.
// It returns nil when ctx ends (work in flight finishes its write first),
// or an error Run cannot recover from (a rejected key).
func (s *Syncer) Run(ctx context.Context) error {
	defer s.setPhase(PhaseStopped)
	for {
		err := s.cycle(ctx)
		switch {
		case ctx.Err() != nil:
			return nil
		case errors.Is(err, events.ErrRetention):
			if err := s.rebackfill(ctx); err != nil {
				if ctx.Err() != nil {
					return nil
				}
				return fmt.Errorf("syncer: re-backfill: %w", err)
			}
		case err != nil:
			return err
		}
	}
}

// cycle runs one backfill-then-follow cycle; it returns ErrRetention when
// the follower needs a new backfill.
func (s *Syncer) cycle(ctx context.Context) error {
	s.setPhase(PhaseBackfill)
	if err := s.prepare(ctx); err != nil {
		return err
	}
	if err := s.follower.CheckRetention(ctx); err != nil {
		return err
	}
	fctx, stopFollow := context.WithCancel(ctx)
	defer stopFollow()
	if !s.cfg.SequentialBackfill {
		if err := s.follower.Start(fctx); err != nil {
			return err
		}
	}
	if err := s.backfillUntilComplete(ctx); err != nil {
		stopFollow()
		ferr := s.follower.Wait()
		if errors.Is(ferr, events.ErrRetention) {
			return ferr
		}
		return err
	}
	s.setPhase(PhaseFollow)
	if s.cfg.SequentialBackfill {
		if err := s.follower.Start(fctx); err != nil {
			return err
		}
	}
	return s.follow(ctx, fctx, stopFollow)
}

// backfillUntilComplete retries an incomplete backfill until it completes,
// ctx ends or the failure is fatal.
func (s *Syncer) backfillUntilComplete(ctx context.Context) error {
	for {
		err := s.runBackfill(ctx)
		if err == nil || ctx.Err() != nil || fatal(err) {
			return err
		}
		s.cfg.Logger.Error("syncer: backfill incomplete; retrying", "error", err, "wait", s.cfg.RetryBackfill)
		sleep(ctx, s.cfg.RetryBackfill)
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
}

// follow runs the relister beside the follower until the follower ends.
func (s *Syncer) follow(ctx, fctx context.Context, stopFollow context.CancelFunc) error {
	rctx, stopRelist := context.WithCancel(fctx)
	defer stopRelist()
	if !s.cfg.NoRelist {
		if err := s.relister.Start(rctx); err != nil {
			return err
		}
	}
	err := s.follower.Wait()
	stopRelist()
	stopFollow()
	_ = s.relister.Wait()
	if ctx.Err() != nil {
		return nil
	}
	if err == nil {
		err = fmt.Errorf("syncer: follower stopped")
	}
	return err
}

// WaitApplied blocks until every event created before t (Stripe's clock)
// that the follower can see is applied, or ctx ends (read-after-write for
// GET /wait).
func (s *Syncer) WaitApplied(ctx context.Context, t time.Time) error {
	return s.follower.WaitPolled(ctx, t)
}
