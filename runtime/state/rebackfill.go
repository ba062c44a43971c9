package state

import (
	"context"
	"time"
)

// Rebackfill is a request, recorded by a migration or by the syncer, to
// backfill a table again.
type Rebackfill struct {
	// Table is the data table.
	Table string
	// Reason says what changed.
	Reason string
	// APIVersion is the API version that requires it, if any.
	APIVersion string
	// RecordedAt is when it was recorded.
	RecordedAt time.Time
}

// Rebackfills returns the pending re-backfill requests.
func (s *Store) Rebackfills(ctx context.Context, db DB) ([]Rebackfill, error) {
	rows, err := db.Query(ctx, `SELECT "table_name", coalesce("reason", ''), coalesce("api_version", ''),
coalesce("recorded_at", 'epoch'::timestamptz) FROM `+s.table(rebackfillTable)+` ORDER BY "table_name"`)
	if err != nil {
		return nil, wrap("read rebackfill requests", err)
	}
	defer rows.Close()
	var out []Rebackfill
	for rows.Next() {
		var r Rebackfill
		if err := rows.Scan(&r.Table, &r.Reason, &r.APIVersion, &r.RecordedAt); err != nil {
			return nil, wrap("read rebackfill requests", err)
		}
		out = append(out, r)
	}
	return out, wrap("read rebackfill requests", rows.Err())
}

// RequestRebackfill records that tables must be backfilled again.
func (s *Store) RequestRebackfill(ctx context.Context, tx DB, reason, apiVersion string, tables ...string) error {
	_, err := tx.Exec(ctx, `INSERT INTO `+s.table(rebackfillTable)+` ("table_name", "reason", "api_version", "recorded_at")
SELECT t, $2, $3, now() FROM unnest($1::text[]) AS t ON CONFLICT ("table_name") DO UPDATE
SET "reason" = EXCLUDED."reason", "api_version" = EXCLUDED."api_version", "recorded_at" = EXCLUDED."recorded_at"`,
		tables, reason, nullIfEmpty(apiVersion))
	return wrap("request rebackfill", err)
}

// StartRebackfill turns the pending requests into reset checkpoints and
// clears them, in one transaction: the next backfill lists those tables
// from the start. It returns the tables.
func (s *Store) StartRebackfill(ctx context.Context, tx DB) ([]string, error) {
	reqs, err := s.Rebackfills(ctx, tx)
	if err != nil || len(reqs) == 0 {
		return nil, err
	}
	tables := make([]string, len(reqs))
	for i, r := range reqs {
		tables[i] = r.Table
	}
	if err := s.ResetCheckpoints(ctx, tx, tables...); err != nil {
		return nil, err
	}
	_, err = tx.Exec(ctx, `DELETE FROM `+s.table(rebackfillTable)+` WHERE "table_name" = ANY($1)`, tables)
	return tables, wrap("clear rebackfill requests", err)
}
