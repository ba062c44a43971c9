package state

import (
	"context"
	"time"
)

// Checkpoint is the resumable position of one backfill segment: one list
// endpoint (and, for parent-scoped lists, the walk over parents) feeding a
// table. It is saved in the transaction that writes the rows it covers.
type Checkpoint struct {
	// Table is the data table the segment fills (the first, when a list
	// fills several).
	Table string
	// Segment names the list walk, e.g. "/v1/customers" or
	// "/v1/customers/{customer}/sources".
	Segment string
	// Cursor is where to resume: the id of the last object committed for
	// a top-level list, the last parent finished for a parent-scoped one.
	Cursor string
	// Done is true once the segment was listed to the end.
	Done bool
	// Objects counts the objects written so far.
	Objects int64
	// UpdatedAt is when the checkpoint last moved.
	UpdatedAt time.Time
}

// Key identifies a checkpoint.
type Key struct {
	Table, Segment string
}

// Key returns the checkpoint's key.
func (c Checkpoint) Key() Key { return Key{Table: c.Table, Segment: c.Segment} }

// Checkpoints returns every saved checkpoint by key.
func (s *Store) Checkpoints(ctx context.Context, db DB) (map[Key]Checkpoint, error) {
	rows, err := db.Query(ctx, `SELECT "table_name", "segment", coalesce("cursor", ''), coalesce("done", false),
coalesce("objects", 0), coalesce("updated_at", 'epoch'::timestamptz) FROM `+s.table(checkpointsTable))
	if err != nil {
		return nil, wrap("read checkpoints", err)
	}
	defer rows.Close()
	out := map[Key]Checkpoint{}
	for rows.Next() {
		var c Checkpoint
		if err := rows.Scan(&c.Table, &c.Segment, &c.Cursor, &c.Done, &c.Objects, &c.UpdatedAt); err != nil {
			return nil, wrap("read checkpoints", err)
		}
		out[c.Key()] = c
	}
	return out, wrap("read checkpoints", rows.Err())
}

// SaveCheckpoint inserts or replaces a checkpoint.
func (s *Store) SaveCheckpoint(ctx context.Context, tx DB, c Checkpoint) error {
	_, err := tx.Exec(ctx, `INSERT INTO `+s.table(checkpointsTable)+` AS c
("table_name", "segment", "cursor", "done", "objects", "updated_at") VALUES ($1, $2, $3, $4, $5, now())
ON CONFLICT ("table_name", "segment") DO UPDATE SET "cursor" = EXCLUDED."cursor", "done" = EXCLUDED."done",
"objects" = EXCLUDED."objects", "updated_at" = EXCLUDED."updated_at"`,
		c.Table, c.Segment, nullIfEmpty(c.Cursor), c.Done, c.Objects)
	return wrap("save checkpoint "+c.Table+" "+c.Segment, err)
}

// ResetCheckpoints deletes the checkpoints of the given tables (every
// table when none is given), so the next backfill lists them again from
// the start.
func (s *Store) ResetCheckpoints(ctx context.Context, tx DB, tables ...string) error {
	q := `DELETE FROM ` + s.table(checkpointsTable)
	var err error
	if len(tables) == 0 {
		_, err = tx.Exec(ctx, q)
	} else {
		_, err = tx.Exec(ctx, q+` WHERE "table_name" = ANY($1)`, tables)
	}
	return wrap("reset checkpoints", err)
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}
