package state

import (
	"context"
	"encoding/json"
	"sort"
	"strconv"
)

// refetchPrefix is the sync_state key prefix of the refetch queue.
const refetchPrefix = "refetch/"

// Refetch asks for one object to be fetched again at the pinned API
// version once Stripe's clock reaches NotBefore: its last event was
// rendered at another version, carried a truncated nested list, or
// shared its second with another event of the same object. Requests are
// queued in the transaction that applies the event, so a crash cannot
// lose them. The queue lives in sync_state under keys "refetch/<table>/<id>".
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

	raw json.RawMessage
}

func (r Refetch) key() string { return refetchPrefix + r.Table + "/" + r.ID }

// QueueRefetch queues requests; a request already queued for the object
// keeps the later NotBefore.
func (s *Store) QueueRefetch(ctx context.Context, tx DB, reqs ...Refetch) error {
	if len(reqs) == 0 {
		return nil
	}
	latest := map[string]Refetch{}
	for _, r := range reqs {
		if old, ok := latest[r.key()]; !ok || old.NotBefore < r.NotBefore {
			latest[r.key()] = r
		}
	}
	var keys []string
	var vals [][]byte
	for k, r := range latest {
		raw, err := json.Marshal(r)
		if err != nil {
			return wrap("queue refetch", err)
		}
		keys, vals = append(keys, k), append(vals, raw)
	}
	_, err := tx.Exec(ctx, `INSERT INTO `+s.table(valuesTable)+` AS v ("key", "value", "updated_at")
SELECT x.k, x.v, now() FROM unnest($1::text[], $2::jsonb[]) AS x(k, v)
ON CONFLICT ("key") DO UPDATE SET "value" = EXCLUDED."value", "updated_at" = EXCLUDED."updated_at"
WHERE (v."value"->>'not_before')::bigint <= (EXCLUDED."value"->>'not_before')::bigint`, keys, vals)
	return wrap("queue refetch", err)
}

// DueRefetches returns up to limit queued requests whose NotBefore is at
// or before now (unix seconds), oldest first, and the number queued in all.
func (s *Store) DueRefetches(ctx context.Context, db DB, now int64, limit int) ([]Refetch, int, error) {
	vals, err := s.ValuesWithPrefix(ctx, db, refetchPrefix)
	if err != nil {
		return nil, 0, err
	}
	var due []Refetch
	for _, raw := range vals {
		var r Refetch
		if err := json.Unmarshal(raw, &r); err != nil {
			return nil, 0, wrap("decode refetch", err)
		}
		if r.NotBefore <= now {
			r.raw = raw
			due = append(due, r)
		}
	}
	sort.Slice(due, func(i, j int) bool {
		if due[i].NotBefore != due[j].NotBefore {
			return due[i].NotBefore < due[j].NotBefore
		}
		return due[i].key() < due[j].key()
	})
	if len(due) > limit {
		due = due[:limit]
	}
	return due, len(vals), nil
}

// DoneRefetch removes a request returned by DueRefetches, unless it was
// queued again since (a later event asked for a later fetch).
func (s *Store) DoneRefetch(ctx context.Context, tx DB, r Refetch) error {
	_, err := s.DeleteValue(ctx, tx, r.key(), r.raw)
	return err
}

// String names the request for logs.
func (r Refetch) String() string {
	return r.Table + "/" + r.ID + " (" + r.Reason + ", not before " + strconv.FormatInt(r.NotBefore, 10) + ")"
}
