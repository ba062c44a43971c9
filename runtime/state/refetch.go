package state

import (
	"context"
	"strconv"

	"github.com/jackc/pgx/v5"
)

// refetchPrefix is the sync_state key prefix under which builds before
// migration 2 kept the refetch queue (see moveLegacyRefetches).
const refetchPrefix = "refetch/"

// Refetch asks for one object to be fetched again at the pinned API
// version once Stripe's clock reaches NotBefore: its last event was
// rendered at another version, carried a truncated nested list, or
// shared its second with another event of the same object. Requests are
// queued in the transaction that applies the event, so a crash cannot
// lose them. The queue is the refetch_queue state table, one row per
// object, indexed by NotBefore.
type Refetch struct {
	// Table is the data table.
	Table string `json:"table"`
	// ID is the object id.
	ID string `json:"id"`
	// Path is the endpoint retrieving it.
	Path string `json:"path"`
	// NotBefore is the unix second (Stripe's clock) from which to fetch.
	NotBefore int64 `json:"not_before"`
	// Reason says why, for logs.
	Reason string `json:"reason"`
}

// QueueRefetch queues requests; a request already queued for the object
// keeps the later NotBefore.
func (s *Store) QueueRefetch(ctx context.Context, tx DB, reqs ...Refetch) error {
	if len(reqs) == 0 {
		return nil
	}
	type key struct{ table, id string }
	latest := map[key]Refetch{}
	for _, r := range reqs {
		k := key{r.Table, r.ID}
		if old, ok := latest[k]; !ok || old.NotBefore < r.NotBefore {
			latest[k] = r
		}
	}
	var tables, ids, paths, reasons []string
	var notBefore []int64
	for _, r := range latest {
		tables, ids, paths = append(tables, r.Table), append(ids, r.ID), append(paths, r.Path)
		notBefore, reasons = append(notBefore, r.NotBefore), append(reasons, r.Reason)
	}
	_, err := tx.Exec(ctx, `INSERT INTO `+s.table(refetchTable)+` AS q ("table_name", "id", "path", "not_before", "reason", "queued_at")
SELECT x.t, x.i, x.p, x.n, x.r, now() FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[]) AS x(t, i, p, n, r)
ON CONFLICT ("table_name", "id") DO UPDATE SET "path" = EXCLUDED."path", "not_before" = EXCLUDED."not_before",
  "reason" = EXCLUDED."reason", "queued_at" = EXCLUDED."queued_at"
WHERE q."not_before" <= EXCLUDED."not_before"`, tables, ids, paths, notBefore, reasons)
	return wrap("queue refetch", err)
}

// maxCounted bounds the count DueRefetches returns; callers only ask
// whether requests remain.
const maxCounted = 10_000

// DueRefetches returns up to limit queued requests whose NotBefore is at
// or before now (unix seconds), oldest first, and the number queued in all,
// counted up to maxCounted. It reads only the due requests it returns,
// through the NotBefore index (every write sets not_before, the legacy move
// defaulting it to 0, so reads compare it bare), and at most maxCounted
// rows to count: it runs on every poll.
func (s *Store) DueRefetches(ctx context.Context, db DB, now int64, limit int) ([]Refetch, int, error) {
	if err := s.moveLegacyRefetches(ctx, db); err != nil {
		return nil, 0, err
	}
	rows, err := db.Query(ctx, `SELECT "table_name", "id", coalesce("path", ''), coalesce("not_before", 0), coalesce("reason", '')
FROM `+s.table(refetchTable)+` WHERE "not_before" <= $1 ORDER BY "not_before", "table_name", "id" LIMIT $2`, now, limit)
	if err != nil {
		return nil, 0, wrap("read refetches", err)
	}
	due, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Refetch, error) {
		var r Refetch
		err := row.Scan(&r.Table, &r.ID, &r.Path, &r.NotBefore, &r.Reason)
		return r, err
	})
	if err != nil {
		return nil, 0, wrap("read refetches", err)
	}
	var queued int
	if err := db.QueryRow(ctx, `SELECT count(*) FROM (SELECT 1 FROM `+s.table(refetchTable)+` LIMIT $1) AS q`,
		maxCounted).Scan(&queued); err != nil {
		return nil, 0, wrap("count refetches", err)
	}
	return due, queued, nil
}

// DoneRefetch removes a request returned by DueRefetches, unless it was
// queued again since with a later NotBefore (a later event asked for a
// later fetch).
func (s *Store) DoneRefetch(ctx context.Context, tx DB, r Refetch) error {
	_, err := tx.Exec(ctx, `DELETE FROM `+s.table(refetchTable)+
		` WHERE "table_name" = $1 AND "id" = $2 AND "not_before" <= $3`, r.Table, r.ID, r.NotBefore)
	return wrap("done refetch", err)
}

// moveLegacyRefetches moves requests queued in sync_state by builds before
// migration 2 into refetch_queue, once per store, in one transaction.
func (s *Store) moveLegacyRefetches(ctx context.Context, db DB) error {
	if s.legacyMoved.Load() {
		return nil
	}
	_, err := db.Exec(ctx, `WITH moved AS (
  DELETE FROM `+s.table(valuesTable)+` WHERE left("key", length($1)) = $1 RETURNING "value"
)
INSERT INTO `+s.table(refetchTable)+` AS q ("table_name", "id", "path", "not_before", "reason", "queued_at")
SELECT v->>'table', v->>'id', v->>'path', coalesce((v->>'not_before')::bigint, 0), v->>'reason', now() FROM moved AS m(v)
WHERE v->>'table' IS NOT NULL AND v->>'id' IS NOT NULL
ON CONFLICT ("table_name", "id") DO UPDATE SET "not_before" = greatest(q."not_before", EXCLUDED."not_before")`, refetchPrefix)
	if err != nil {
		return wrap("move refetches from sync_state", err)
	}
	s.legacyMoved.Store(true)
	return nil
}

// String names the request for logs.
func (r Refetch) String() string {
	return r.Table + "/" + r.ID + " (" + r.Reason + ", not before " + strconv.FormatInt(r.NotBefore, 10) + ")"
}
