package migrations

import (
	"database/sql"
	"fmt"
	"hash/fnv"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// NewProvider returns a goose provider that runs the embedded migrations
// against db (opened with pgx's stdlib driver) with the given schema names.
// goose's version table is <stateSchema>.goose_db_version; the state schema
// is created, if missing, before goose creates its table. opts are passed to
// goose after stripesync's own.
func NewProvider(db *sql.DB, dataSchema, stateSchema string, opts ...goose.ProviderOption) (*goose.Provider, error) {
	src, err := Source(dataSchema, stateSchema)
	if err != nil {
		return nil, err
	}
	return NewProviderFS(db, src, stateSchema, opts...)
}

// NewProviderFS is NewProvider for migrations already substituted (see
// Substitute), such as those a test generated into a temporary directory.
func NewProviderFS(db *sql.DB, fsys fs.FS, stateSchema string, opts ...goose.ProviderOption) (*goose.Provider, error) {
	if err := CheckSchemaName(stateSchema); err != nil {
		return nil, fmt.Errorf("migrations: state schema: %w", err)
	}
	store, err := newVersionStore(stateSchema)
	if err != nil {
		return nil, err
	}
	locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(lockID(stateSchema)))
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	own := []goose.ProviderOption{
		goose.WithStore(store),
		goose.WithSessionLocker(locker),
		goose.WithDisableGlobalRegistry(true),
	}
	p, err := goose.NewProvider(goose.DialectCustom, db, fsys, append(own, opts...)...)
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	return p, nil
}

// lockID derives goose's advisory lock id from the state schema, so two
// deployments in one database only wait for each other when they share
// their state.
func lockID(stateSchema string) int64 {
	h := fnv.New64a()
	h.Write([]byte("stripesync migrate " + stateSchema))
	return int64(h.Sum64() >> 1)
}
