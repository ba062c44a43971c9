package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/stripesync/stripesync/migrations"
)

// ErrSchemaVersion is matched (errors.Is) by the refusal to touch a
// database whose schema version differs from the build's.
var ErrSchemaVersion = errors.New("database schema version differs from this build")

// schemaVersionError is a refusal that says what to run; it is
// ErrSchemaVersion for errors.Is.
type schemaVersionError struct{ msg string }

func (e *schemaVersionError) Error() string        { return e.msg }
func (e *schemaVersionError) Is(target error) bool { return target == ErrSchemaVersion }

func schemaVersionErrorf(format string, args ...any) error {
	return &schemaVersionError{msg: fmt.Sprintf(format, args...)}
}

// schemaState is what the database says about its migrations, read
// without writing anything.
type schemaState struct {
	// Current is the newest applied migration (0: never migrated).
	Current int64
	// Expected is the newest migration this build carries.
	Expected int64
	// DataSchema reports whether the data schema exists.
	DataSchema bool
}

// expectedVersion returns the newest migration version embedded in the
// binary: the version its generated code was written for.
func expectedVersion() (int64, error) {
	names, err := fs.Glob(migrations.FS, "*.sql")
	if err != nil {
		return 0, fmt.Errorf("migrations: list: %w", err)
	}
	var newest int64
	for _, name := range names {
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.ParseInt(num, 10, 64)
		if !ok || err != nil {
			return 0, fmt.Errorf("migrations: %s: no numeric version prefix", name)
		}
		newest = max(newest, v)
	}
	if newest == 0 {
		return 0, errors.New("migrations: this build carries no migration")
	}
	return newest, nil
}

// probeSchema reads the database's migration state. It only reads: a
// database that was never migrated is reported as version 0.
func probeSchema(ctx context.Context, pool *pgxpool.Pool, c *Config) (schemaState, error) {
	var st schemaState
	var err error
	if st.Expected, err = expectedVersion(); err != nil {
		return st, err
	}
	table := pgx.Identifier{c.StateSchema, migrations.VersionTable}.Sanitize()
	var exists bool
	q := `SELECT to_regclass($1) IS NOT NULL, EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $2)`
	if err := pool.QueryRow(ctx, q, table, c.Schema).Scan(&exists, &st.DataSchema); err != nil {
		return st, fmt.Errorf("read schema version: %w", err)
	}
	if !exists {
		return st, nil
	}
	q = `SELECT coalesce(max(version_id), 0) FROM ` + table + ` WHERE is_applied`
	if err := pool.QueryRow(ctx, q).Scan(&st.Current); err != nil {
		return st, fmt.Errorf("read schema version from %s: %w", table, err)
	}
	return st, nil
}

// check returns nil when the database matches the build, else the one
// line that says what to run.
func (st schemaState) check(c *Config) error {
	switch {
	case st.Current < st.Expected:
		return schemaVersionErrorf("database is at migration %d, this build expects %d: run `stripesync migrate`",
			st.Current, st.Expected)
	case st.Current > st.Expected:
		return schemaVersionErrorf("database is at migration %d, newer than this build (%d): upgrade stripesync",
			st.Current, st.Expected)
	case !st.DataSchema:
		return schemaVersionErrorf("schema %q is missing although schema %q records migration %d: check --schema",
			c.Schema, c.StateSchema, st.Current)
	}
	return nil
}
