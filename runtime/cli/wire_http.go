package cli

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/stripesync/stripesync/runtime/events"
	"github.com/stripesync/stripesync/runtime/httpapi"
)

// served is what `sync --listen` and the upcoming-invoice refresher need
// from the engine besides Engine: webhook applies, /wait, /metrics and a
// hook on every committed event. The wired engine implements it.
type served interface {
	httpapi.Applier
	httpapi.Waiter
	httpapi.MetricsSource
	// OnCommitted sets the function called after every committed event,
	// polled or delivered by webhook, with its type and data.object.
	OnCommitted(func(eventType string, object []byte))
	// deps returns what the engine was built with (pool and client).
	deps() EngineDeps
}

// hookBox holds the commit hook set after the engine is built.
type hookBox struct {
	fn atomic.Pointer[func(string, []byte)]
}

// commit forwards a committed transaction's events to the hook.
func (h *hookBox) commit(c events.Commit) {
	fn := h.fn.Load()
	if fn == nil {
		return
	}
	for _, a := range c.Events {
		(*fn)(a.Type, a.Object)
	}
}

// OnCommitted sets the commit hook.
func (w *wiredEngine) OnCommitted(fn func(eventType string, object []byte)) { w.hook.fn.Store(&fn) }

func (w *wiredEngine) deps() EngineDeps { return w.d }

// Apply applies a verified webhook event through the follower's apply
// path: deduplicated by event id, committed before it returns, the cursor
// left to polling.
func (w *wiredEngine) Apply(ctx context.Context, raw []byte) error {
	return w.follower.ApplyEvent(ctx, raw)
}

// WaitApplied blocks until a poll that started at or after t has
// completed (every event created before t is then applied), or ctx ends.
func (w *wiredEngine) WaitApplied(ctx context.Context, t time.Time) error {
	return w.follower.WaitPolled(ctx, t)
}

// MetricsSnapshot is the engine's counters for /metrics: the follower's
// (events applied, rows per table, last poll, lag), the backfill's
// progress and the Stripe client's traffic.
func (w *wiredEngine) MetricsSnapshot() httpapi.Snapshot {
	st := w.follower.Stats()
	s := httpapi.Snapshot{Lag: st.Lag, EventsApplied: st.Applied, RowsWritten: st.Rows, LastPoll: st.LastPoll,
		Now: w.src.Now()}
	for _, t := range w.bf.Progress().Tables {
		s.Backfill = append(s.Backfill, httpapi.BackfillProgress{Table: t.Table, Objects: t.Objects, Done: t.Done})
	}
	s.AddClientStats(w.d.Client.Stats())
	return s
}
