package state

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// DefaultSchema is the default state schema.
const DefaultSchema = "stripesync"

// State table names, as created by the migrations.
const (
	checkpointsTable = "backfill_checkpoints"
	cursorTable      = "event_cursor"
	processedTable   = "processed_events"
	rebackfillTable  = "rebackfill"
	refetchTable     = "refetch_queue"
	valuesTable      = "sync_state"
)

// ErrNoSchema means a state schema name was empty.
var ErrNoSchema = errors.New("state: no state schema name")

// DB runs statements: a pgx.Tx, *pgx.Conn or *pgxpool.Pool. Reads accept
// any of them; writes should get the transaction that also writes the data.
type DB interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Store reads and writes the state tables of one state schema. It holds no
// connection and is safe for concurrent use.
type Store struct {
	schema string
	// legacyMoved is set once the refetch requests of older builds have
	// been moved out of sync_state.
	legacyMoved atomic.Bool
}

// New returns a Store for the given state schema.
func New(schema string) (*Store, error) {
	if schema == "" {
		return nil, ErrNoSchema
	}
	return &Store{schema: schema}, nil
}

// Schema returns the state schema name.
func (s *Store) Schema() string { return s.schema }

// table returns the quoted name of a state table.
func (s *Store) table(name string) string {
	return pgx.Identifier{s.schema, name}.Sanitize()
}

// wrap prefixes an error with the package and what was being done.
func wrap(what string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("state: %s: %w", what, err)
}
