package relist

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/stripesync/stripesync/internal/syncdb"
)

// silentSince returns, for each re-listed table with silent states (rows
// that still change without an event, see syncdb.SilentStates), the
// oldest created time among its stored rows in those states when that is
// before since: an incremental walk of the table starts there instead, so
// it sees every such row again until Stripe lists it in another state.
func (r *Relister) silentSince(ctx context.Context, since time.Time) (map[string]time.Time, error) {
	out := map[string]time.Time{}
	for _, name := range r.cfg.Tables {
		t := r.cfg.Registry.Table(name)
		if t == nil || t.SilentStates == nil {
			continue
		}
		oldest, err := r.oldestSilent(ctx, t)
		if err != nil {
			return nil, err
		}
		if !oldest.IsZero() && oldest.Before(since) {
			out[name] = oldest
		}
	}
	return out, nil
}

// oldestSilent returns the oldest created time among t's rows in its
// silent states, zero when there is none. The predicate is the partial
// index's own (see syncdb.SilentStates.Predicate), so the answer is one
// index probe however large the table grows.
func (r *Relister) oldestSilent(ctx context.Context, t *syncdb.Table) (time.Time, error) {
	ss := t.SilentStates
	var oldest *time.Time
	if err := r.cfg.DB.QueryRow(ctx, silentQuery(r.cfg.Backfiller.DataSchema(), t)).Scan(&oldest); err != nil {
		return time.Time{}, fmt.Errorf("relist: oldest %s row with %s %s: %w", t.Name, ss.Column,
			strings.Join(ss.Values, " or "), err)
	}
	if oldest == nil {
		return time.Time{}, nil
	}
	return *oldest, nil
}

// silentQuery selects the oldest created time among t's rows in silent
// states, with the predicate of their partial index.
func silentQuery(dataSchema string, t *syncdb.Table) string {
	return "SELECT min(\"created\") FROM " + pgx.Identifier{dataSchema, t.Name}.Sanitize() +
		" WHERE " + t.SilentStates.Predicate()
}
