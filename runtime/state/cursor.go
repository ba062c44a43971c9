package state

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
)

// EventsCursor is the name of the /v1/events follower's cursor.
const EventsCursor = "events"

// Cursor is a position in Stripe's event stream.
type Cursor struct {
	// EventID is the newest event applied; "" means "from the oldest
	// retained event" (the account had no events when the cursor was set).
	EventID string
	// Created is that event's creation time (Stripe's clock), or when the
	// empty cursor was set.
	Created time.Time
	// UpdatedAt is when the cursor last moved.
	UpdatedAt time.Time
}

// Cursor returns the named cursor and whether it exists.
func (s *Store) Cursor(ctx context.Context, db DB, name string) (Cursor, bool, error) {
	var c Cursor
	err := db.QueryRow(ctx, `SELECT coalesce("event_id", ''), coalesce("event_created", 'epoch'::timestamptz),
coalesce("updated_at", 'epoch'::timestamptz) FROM `+s.table(cursorTable)+` WHERE "name" = $1`, name).
		Scan(&c.EventID, &c.Created, &c.UpdatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return Cursor{}, false, nil
	}
	if err != nil {
		return Cursor{}, false, wrap("read cursor "+name, err)
	}
	return c, true, nil
}

// SaveCursor sets the named cursor.
func (s *Store) SaveCursor(ctx context.Context, tx DB, name string, c Cursor) error {
	_, err := tx.Exec(ctx, `INSERT INTO `+s.table(cursorTable)+` ("name", "event_id", "event_created", "updated_at")
VALUES ($1, $2, $3, now()) ON CONFLICT ("name") DO UPDATE SET "event_id" = EXCLUDED."event_id",
"event_created" = EXCLUDED."event_created", "updated_at" = EXCLUDED."updated_at"`,
		name, nullIfEmpty(c.EventID), c.Created)
	return wrap("save cursor "+name, err)
}

// DeleteCursor removes the named cursor, so the next sync saves a new one
// before it backfills.
func (s *Store) DeleteCursor(ctx context.Context, tx DB, name string) error {
	_, err := tx.Exec(ctx, `DELETE FROM `+s.table(cursorTable)+` WHERE "name" = $1`, name)
	return wrap("delete cursor "+name, err)
}
