package events

import (
	"context"
	"fmt"
	"net/url"

	"github.com/stripesync/stripesync/runtime/state"
)

// EnsureCursor saves the newest event as the cursor unless one is saved,
// and returns the cursor. Call it before a backfill starts, so every event
// created during the backfill is applied afterwards.
func (f *Follower) EnsureCursor(ctx context.Context) (state.Cursor, error) {
	c, ok, err := f.cfg.State.Cursor(ctx, f.cfg.DB, state.EventsCursor)
	if err != nil || ok {
		return c, err
	}
	return f.ResetCursor(ctx)
}

// ResetCursor saves the newest event as the cursor (an empty cursor with
// the current time when there are no events), for a new backfill, and
// counts the follower as caught up now: the backfill that follows covers
// everything older.
func (f *Follower) ResetCursor(ctx context.Context) (state.Cursor, error) {
	now := f.cfg.Source.Now()
	c, err := f.latest(ctx)
	if err != nil {
		return c, err
	}
	if err := f.cfg.State.SaveCursor(ctx, f.cfg.DB, state.EventsCursor, c); err != nil {
		return c, err
	}
	if err := f.cfg.State.SetValue(ctx, f.cfg.DB, caughtUpKey, now.Unix()); err != nil {
		return c, err
	}
	f.mu.Lock()
	f.cursor = nil
	f.mu.Unlock()
	f.cfg.Logger.Info("events: cursor saved before backfill", "event", c.EventID, "created", c.Created)
	return c, nil
}

// latest reads the newest event.
func (f *Follower) latest(ctx context.Context) (state.Cursor, error) {
	now := f.cfg.Source.Now()
	p, err := f.cfg.Source.Client().List(ctx, "/v1/events", url.Values{"limit": {"1"}})
	if err != nil {
		return state.Cursor{}, fmt.Errorf("events: newest event: %w", err)
	}
	evs, err := parseEvents(p.Data)
	if err != nil {
		return state.Cursor{}, err
	}
	if len(evs) == 0 {
		return state.Cursor{Created: now}, nil
	}
	return state.Cursor{EventID: evs[0].ID, Created: evs[0].createdTime()}, nil
}
