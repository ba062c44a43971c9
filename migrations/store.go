package migrations

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/pressly/goose/v3/database"
)

// VersionTable is the name of goose's version table in the state schema.
const VersionTable = "goose_db_version"

// versionStore is goose's Postgres store for <schema>.goose_db_version. It
// quotes the schema (goose's own existence check would compare the quoted
// name with pg_tables) and creates the schema before the table.
type versionStore struct {
	database.Store
	schema string
}

var _ database.StoreExtender = (*versionStore)(nil)

// newVersionStore returns the store for the given state schema.
func newVersionStore(schema string) (*versionStore, error) {
	table := pgx.Identifier{schema, VersionTable}.Sanitize()
	st, err := database.NewStore(database.DialectPostgres, table)
	if err != nil {
		return nil, fmt.Errorf("migrations: goose store: %w", err)
	}
	return &versionStore{Store: st, schema: schema}, nil
}

// CreateVersionTable creates the state schema if needed, then goose's table.
func (s *versionStore) CreateVersionTable(ctx context.Context, db database.DBTxConn) error {
	q := "CREATE SCHEMA IF NOT EXISTS " + pgx.Identifier{s.schema}.Sanitize()
	if _, err := db.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("migrations: create state schema: %w", err)
	}
	return s.Store.CreateVersionTable(ctx, db)
}

// TableExists reports whether goose's table exists, matching names exactly.
func (s *versionStore) TableExists(ctx context.Context, db database.DBTxConn) (bool, error) {
	var ok bool
	err := db.QueryRowContext(ctx,
		"SELECT EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = $2)",
		s.schema, VersionTable).Scan(&ok)
	return ok, err
}
