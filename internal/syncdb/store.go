package syncdb

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
)

// Store writes batches into one pair of schemas: the data schema holding the
// tables and the state schema holding tombstones.
type Store struct {
	data, state string

	mu  sync.Mutex
	sql map[*Table]*tableSQL
	// upsertOnly sends every row through the temporary table and the
	// upsert (tests compare it with the COPY of new rows).
	upsertOnly bool
	// copied counts the rows COPYed straight into their table (tests).
	copied atomic.Int64
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
// Deletions go first, then every table, parents before children: rows the
// table does not hold yet and no tombstone or newer parent holds back are
// COPYed straight into it; the others are COPYed into a temporary table and
// upserted with one INSERT ... SELECT ... ON CONFLICT.
func (s *Store) Write(ctx context.Context, tx pgx.Tx, b *Batch) (Stats, error) {
	return s.write(ctx, tx, b)
}
