package events

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/stripesync/stripesync/internal/syncdb"
	"github.com/stripesync/stripesync/runtime/source"
	"github.com/stripesync/stripesync/runtime/state"
)

// Commit describes one committed transaction that applied events.
type Commit struct {
	// Events are the events applied, oldest first.
	Events []Applied
	// At is when the transaction committed.
	At time.Time
	// Rows is the number of rows and deletions written.
	Rows int
}

// Applied is one applied event.
type Applied struct {
	// ID and Type identify the event.
	ID, Type string
	// Created is its creation time in unix seconds.
	Created int64
	// Object is the event's data.object as delivered (for hooks such as
	// the upcoming-invoice refresher); only valid during OnCommit.
	Object json.RawMessage
}

// outcome counts what one apply did.
type outcome struct {
	applied, duplicates, skipped, refetches int
	rows                                    map[string]int
}

// apply applies events (oldest first) that were not processed yet, in one
// transaction that also records them as processed, queues their refetches
// and, when move is set, moves the cursor.
func (f *Follower) apply(ctx context.Context, evs []*event, move *state.Cursor) (outcome, error) {
	ids := make([]string, len(evs))
	for i, e := range evs {
		ids[i] = e.ID
	}
	done, err := f.cfg.State.Processed(ctx, f.cfg.DB, ids)
	if err != nil {
		return outcome{}, err
	}
	fresh := make([]*event, 0, len(evs))
	for _, e := range evs {
		if !done[e.ID] {
			done[e.ID] = true
			fresh = append(fresh, e)
		}
	}
	out := outcome{duplicates: len(evs) - len(fresh)}
	if len(fresh) == 0 && move == nil {
		return out, nil
	}
	p := f.plan(fresh)
	err = state.InTx(ctx, f.cfg.DB, func(tx pgx.Tx) error { return f.commit(ctx, tx, p, move) })
	if err != nil {
		return out, fmt.Errorf("events: apply %d events: %w", len(fresh), err)
	}
	if err := f.settle(ctx, &p.batch); err != nil {
		return out, err
	}
	out.applied, out.skipped, out.refetches, out.rows = len(p.applied), p.skipped, len(p.refetch), p.rows
	if f.cfg.OnCommit != nil && len(p.applied) > 0 {
		f.cfg.OnCommit(Commit{Events: p.applied, At: time.Now(), Rows: p.batch.Len()})
	}
	return out, nil
}

// commit writes a plan; it may run more than once (deadlock retries).
func (f *Follower) commit(ctx context.Context, tx pgx.Tx, p *plan, move *state.Cursor) error {
	if err := state.AsyncCommit(ctx, tx); err != nil {
		return err
	}
	late, err := f.ambiguous(ctx, tx, p.tracked)
	if err != nil {
		return err
	}
	if _, err := f.cfg.Store.Write(ctx, tx, &p.batch); err != nil {
		return err
	}
	if err := f.cfg.State.MarkProcessed(ctx, tx, p.records); err != nil {
		return err
	}
	if err := f.cfg.State.QueueRefetch(ctx, tx, append(late, p.refetch...)...); err != nil {
		return err
	}
	if move != nil {
		return f.cfg.State.SaveCursor(ctx, tx, state.EventsCursor, *move)
	}
	return nil
}

// tracked is one object an event snapshot was applied to.
type tracked struct {
	version int64
	created int64
	path    string
}

// ambiguous reads the stored versions of the objects the plan touches and
// returns refetches for those whose stored row came from an event at
// least as new as the incoming one: the same second (order unknown) or a
// newer event (a late delivery).
func (f *Follower) ambiguous(ctx context.Context, tx pgx.Tx, objs map[*syncdb.Table]map[string]tracked) ([]state.Refetch, error) {
	var out []state.Refetch
	for t, byID := range objs {
		ids := make([]string, 0, len(byID))
		for id := range byID {
			ids = append(ids, id)
		}
		q := `SELECT "id", "` + syncdb.VersionColumn + `" FROM ` + pgx.Identifier{f.cfg.DataSchema, t.Name}.Sanitize() +
			` WHERE "id" = ANY($1) AND "` + syncdb.VersionColumn + `" IS NOT NULL`
		rows, err := tx.Query(ctx, q, ids)
		if err != nil {
			return nil, fmt.Errorf("events: read versions of %s: %w", t.Name, err)
		}
		var id string
		var v int64
		_, err = pgx.ForEachRow(rows, []any{&id, &v}, func() error {
			in := byID[id]
			if source.IsEventVersion(v) && v >= in.version && in.path != "" {
				out = append(out, refetch(t, id, in.path, max(in.created, source.VersionSecond(v)), "event order unknown"))
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("events: read versions of %s: %w", t.Name, err)
		}
	}
	return out, nil
}

// refetch builds a request to fetch an object once Stripe's clock has
// passed the given second.
func refetch(t *syncdb.Table, id, path string, second int64, reason string) state.Refetch {
	return state.Refetch{Table: t.Name, ID: id, Path: path, NotBefore: second + 1, Reason: reason}
}

// settle runs syncdb's Settle after a commit: a backfill or re-list page
// committed beside it may hold rows its deletions could not see. A process
// that stops before it succeeds settles every table at its next start.
func (f *Follower) settle(ctx context.Context, b *syncdb.Batch) error {
	if _, err := f.cfg.Store.Settle(ctx, f.cfg.DB, b); err != nil {
		return fmt.Errorf("events: settle after commit: %w", err)
	}
	return nil
}
