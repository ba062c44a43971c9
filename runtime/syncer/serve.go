package syncer

import (
	"context"

	"github.com/stripesync/stripesync/runtime/httpapi"
)

// Apply applies a verified webhook event through the follower's apply
// path (httpapi.Applier): skipped when already processed, committed with
// its processed-event record before it returns; the cursor is left to
// polling.
func (s *Syncer) Apply(ctx context.Context, raw []byte) error {
	return s.follower.ApplyEvent(ctx, raw)
}

// MetricsSnapshot returns the counters /metrics renders
// (httpapi.MetricsSource): events applied, rows per table, lag and last
// poll from the follower, backfill progress, and the Stripe client's
// calls by status and 429s.
func (s *Syncer) MetricsSnapshot() httpapi.Snapshot {
	st := s.Stats()
	out := httpapi.Snapshot{Lag: st.Events.Lag, EventsApplied: st.Events.Applied, RowsWritten: st.Events.Rows,
		LastPoll: st.Events.LastPoll, Now: s.src.Now()}
	for _, t := range st.Backfill.Tables {
		out.Backfill = append(out.Backfill, httpapi.BackfillProgress{Table: t.Table, Objects: t.Objects, Done: t.Done})
	}
	out.AddClientStats(st.Client)
	return out
}

// The sidecar's interfaces the Syncer implements.
var (
	_ httpapi.Applier       = (*Syncer)(nil)
	_ httpapi.Waiter        = (*Syncer)(nil)
	_ httpapi.MetricsSource = (*Syncer)(nil)
)
