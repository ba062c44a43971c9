package cli

import (
	"context"
	"time"

	"github.com/stripesync/stripesync/internal/syncdb"
	"github.com/stripesync/stripesync/runtime/backfill"
)

// relistedAtKey names the state value holding when the last complete
// re-list ended, so restarts do not reset the interval.
const relistedAtKey = "cli.relisted_at"

// relistTables returns the tables only a re-list keeps current: listable
// tables that no event fills, and those whose deletions come without an
// event (backfill.SweepTables). The events table is the follower's.
func relistTables(reg *syncdb.Registry) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range backfill.SweepTables(reg) {
		out, seen[t.Name] = append(out, t.Name), true
	}
	for _, t := range reg.Tables {
		if t.Kind == syncdb.KindResource && len(t.Lists) > 0 && len(t.EventTypes) == 0 &&
			t.ObjectType != "event" && !seen[t.Name] {
			out = append(out, t.Name)
		}
	}
	return out
}

// relistLoop walks the re-list tables again, sweeping rows Stripe no
// longer lists, every interval until ctx ends.
func (w *wiredEngine) relistLoop(ctx context.Context, interval time.Duration) {
	tables := relistTables(w.src.Registry())
	for {
		wait := interval
		var last int64
		if ok, err := w.state.Value(ctx, w.d.Pool, relistedAtKey, &last); err == nil && ok {
			wait = time.Until(time.Unix(last, 0).Add(interval))
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(max(wait, 0)):
		}
		w.relist(ctx, tables)
	}
}

// relist runs one walk and records when it completed.
func (w *wiredEngine) relist(ctx context.Context, tables []string) {
	began := time.Now()
	st, err := w.bf.Walk(ctx, backfill.WalkOptions{Tables: tables, Sweep: true})
	if ctx.Err() != nil {
		return
	}
	if err != nil {
		w.d.Log.Warn("re-list incomplete; next attempt after the interval", "error", err)
	} else {
		w.d.Log.Info("re-listed tables without events", "tables", len(tables), "objects", st.Objects,
			"swept", st.Swept, "elapsed", time.Since(began).Round(time.Millisecond).String())
	}
	if err := w.state.SetValue(ctx, w.d.Pool, relistedAtKey, time.Now().Unix()); err != nil {
		w.d.Log.Warn("cannot record the re-list time", "error", err)
	}
}
