package syncer

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/stripesync/stripesync/internal/syncdb"
	"github.com/stripesync/stripesync/runtime/source"
	"github.com/stripesync/stripesync/runtime/state"
)

// prepare saves the cursor before anything is backfilled, removes rows an
// earlier run left unsettled, and starts the re-backfills migrations asked
// for.
func (s *Syncer) prepare(ctx context.Context) error {
	c, err := s.follower.EnsureCursor(ctx)
	if err != nil {
		return fmt.Errorf("syncer: save events cursor: %w", err)
	}
	s.cfg.Logger.Info("syncer: events cursor", "event", c.EventID, "created", c.Created)
	if n, err := s.store.SettleAll(ctx, s.cfg.DB, s.cfg.Registry); err != nil {
		return fmt.Errorf("syncer: %w", err)
	} else if n > 0 {
		s.cfg.Logger.Warn("syncer: removed rows deleted while an earlier run stopped between a commit and its settle", "rows", n)
	}
	if err := s.markFirstBackfill(ctx); err != nil {
		return err
	}
	return s.startRebackfills(ctx)
}

// markFirstBackfill tells the relister, before a first backfill of every
// table (no checkpoint yet, no Tables limit), that every table is about to
// be listed in full.
func (s *Syncer) markFirstBackfill(ctx context.Context) error {
	if len(s.cfg.Tables) > 0 {
		return nil
	}
	ck, err := s.state.Checkpoints(ctx, s.cfg.DB)
	if err != nil || len(ck) > 0 {
		return err
	}
	if _, err := s.relister.MarkBackfilling(ctx, s.src.Now()); err != nil {
		return fmt.Errorf("syncer: %w", err)
	}
	return nil
}

// startRebackfills resets, in one transaction with clearing them, the
// checkpoints of every job filling a table a migration asked to backfill
// again (child tables through the jobs that fill them).
func (s *Syncer) startRebackfills(ctx context.Context) error {
	var tables []string
	err := state.InTx(ctx, s.cfg.DB, func(tx pgx.Tx) error {
		var err error
		if tables, err = s.state.StartRebackfill(ctx, tx); err != nil {
			return err
		}
		if k := known(s.cfg.Registry, tables); len(k) > 0 { // none named would reset every job
			return s.bf.Reset(ctx, tx, k...)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("syncer: start re-backfills: %w", err)
	}
	if len(tables) > 0 {
		s.cfg.Logger.Warn("syncer: backfilling tables again after a migration", "tables", tables)
	}
	return nil
}

// known keeps the tables the registry has: a request may name a table a
// later migration dropped.
func known(reg *syncdb.Registry, tables []string) []string {
	var out []string
	for _, t := range tables {
		if reg.Table(t) != nil {
			out = append(out, t)
		}
	}
	return out
}

// rebackfill starts over after the follower lost track (retention): every
// checkpoint reset, then a new cursor. In that order a crash in between
// only repeats work: the old cursor still trips the retention check.
func (s *Syncer) rebackfill(ctx context.Context) error {
	s.cfg.Logger.Warn("syncer: BACKFILLING EVERYTHING AGAIN: the events cursor neared Stripe's 30-day retention")
	s.complete.Store(false)
	// Deletions during the gap may have gone with the expired events: once
	// the backfill completes, rows it did not write again are swept.
	sweepBelow := source.FetchVersion(s.src.Now())
	err := state.InTx(ctx, s.cfg.DB, func(tx pgx.Tx) error {
		if err := s.bf.Reset(ctx, tx); err != nil {
			return err
		}
		return s.state.SetValue(ctx, tx, sweepStaleKey, sweepBelow)
	})
	if err != nil {
		return fmt.Errorf("reset checkpoints: %w", err)
	}
	if _, err := s.follower.ResetCursor(ctx); err != nil {
		return fmt.Errorf("new events cursor: %w", err)
	}
	return nil
}

// sweepStaleKey names the state value holding the fetch version at which a
// re-backfill after lost events started; it is cleared once the rows the
// backfill did not write again are swept.
const sweepStaleKey = "syncer.sweep_stale_below"

// sweepStale runs after a complete backfill: when a re-backfill after lost
// events asked for it, it removes the rows of deletable tables that the
// backfill did not write again (see backfill.SweepStale), then clears the
// request.
func (s *Syncer) sweepStale(ctx context.Context) error {
	var below int64
	ok, err := s.state.Value(ctx, s.cfg.DB, sweepStaleKey, &below)
	if err != nil || !ok {
		return err
	}
	n, err := s.bf.SweepStale(ctx, below)
	if err != nil {
		return err
	}
	s.cfg.Logger.Warn("syncer: re-backfill after lost events complete; removed rows of objects deleted meanwhile", "rows", n)
	_, err = s.state.DeleteValue(ctx, s.cfg.DB, sweepStaleKey, nil)
	return err
}
