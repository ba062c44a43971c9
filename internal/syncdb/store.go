package syncdb

import (
	"context"
	"fmt"
	"sync"

	"github.com/jackc/pgx/v5"
)

// Store writes batches into one pair of schemas: the data schema holding the
// tables and the state schema holding tombstones.
type Store struct {
	data, state string

	mu  sync.Mutex
	sql map[*Table]*tableSQL
}

// NewStore returns a store writing into the given data and state schemas.
func NewStore(dataSchema, stateSchema string) (*Store, error) {
	if dataSchema == "" || stateSchema == "" {
		return nil, fmt.Errorf("syncdb: schema names must not be empty")
	}
	return &Store{data: dataSchema, state: stateSchema, sql: map[*Table]*tableSQL{}}, nil
}

// Stats counts what a write did.
type Stats struct {
	// Rows is the number of rows sent (after deduplication within the batch).
	Rows int
	// Written is the number of rows inserted or updated.
	Written int
	// Skipped is the number of rows left alone because the stored row or a
	// tombstone is as new or newer.
	Skipped int
	// Deleted is the number of rows removed, children and replaced list
	// items included.
	Deleted int
}

// Write applies a batch inside the caller's transaction, so the caller can
// commit it together with its own state (event cursor, dedupe records).
// Per table it COPYs rows into a temporary table and upserts them with one
// INSERT ... SELECT ... ON CONFLICT, then applies deletions.
func (s *Store) Write(ctx context.Context, tx pgx.Tx, b *Batch) (Stats, error) {
	return s.write(ctx, tx, b)
}
