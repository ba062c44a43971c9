package state

import (
	"context"
	"time"
)

// ProcessedEvent records that an event was applied (or deliberately
// skipped), so a second delivery of it is dropped.
type ProcessedEvent struct {
	// ID is the event id.
	ID string
	// Type is the event type.
	Type string
	// Created is the event's creation time.
	Created time.Time
}

// Processed returns which of the given event ids were already processed.
func (s *Store) Processed(ctx context.Context, db DB, ids []string) (map[string]bool, error) {
	out := map[string]bool{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := db.Query(ctx, `SELECT "event_id" FROM `+s.table(processedTable)+` WHERE "event_id" = ANY($1)`, ids)
	if err != nil {
		return nil, wrap("read processed events", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, wrap("read processed events", err)
		}
		out[id] = true
	}
	return out, wrap("read processed events", rows.Err())
}

// MarkProcessed records events as processed; ids already recorded are
// left alone.
func (s *Store) MarkProcessed(ctx context.Context, tx DB, evs []ProcessedEvent) error {
	if len(evs) == 0 {
		return nil
	}
	ids := make([]string, len(evs))
	types := make([]string, len(evs))
	created := make([]time.Time, len(evs))
	for i, e := range evs {
		ids[i], types[i], created[i] = e.ID, e.Type, e.Created
	}
	_, err := tx.Exec(ctx, `INSERT INTO `+s.table(processedTable)+` ("event_id", "type", "created", "applied_at")
SELECT x.id, x.typ, x.created, now() FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS x(id, typ, created)
ON CONFLICT ("event_id") DO NOTHING`, ids, types, created)
	return wrap("mark events processed", err)
}

// PruneProcessed forgets events created before the given time (events past
// Stripe's retention can never be delivered again) and returns how many.
func (s *Store) PruneProcessed(ctx context.Context, tx DB, before time.Time) (int64, error) {
	tag, err := tx.Exec(ctx, `DELETE FROM `+s.table(processedTable)+` WHERE "created" < $1`, before)
	if err != nil {
		return 0, wrap("prune processed events", err)
	}
	return tag.RowsAffected(), nil
}
