package doctor

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/stripesync/stripesync/migrations"
)

// newestMigration returns the newest migration embedded in the build.
func newestMigration() (int64, error) {
	names, err := fs.Glob(migrations.FS, "*.sql")
	if err != nil {
		return 0, fmt.Errorf("doctor: list migrations: %w", err)
	}
	var newest int64
	for _, name := range names {
		num, _, _ := strings.Cut(name, "_")
		if v, err := strconv.ParseInt(num, 10, 64); err == nil {
			newest = max(newest, v)
		}
	}
	if newest == 0 {
		return 0, errors.New("doctor: this build carries no migration")
	}
	return newest, nil
}

// checkSchemaVersion compares the database's migration with the build's.
// It reports whether the database is at the build's version.
func checkSchemaVersion(ctx context.Context, cfg Config, r *Report) bool {
	table := pgx.Identifier{cfg.StateSchema, migrations.VersionTable}.Sanitize()
	var exists bool
	if err := cfg.DB.QueryRow(ctx, `SELECT to_regclass($1) IS NOT NULL`, table).Scan(&exists); err != nil {
		r.add("schema version", Fail, "cannot read the migration state: %s", oneLine(err.Error()))
		return false
	}
	if !exists {
		r.add("schema version", Fail, "the database was never migrated (no %s): run `stripesync migrate`", table)
		return false
	}
	var current int64
	q := `SELECT coalesce(max(version_id), 0) FROM ` + table + ` WHERE is_applied`
	if err := cfg.DB.QueryRow(ctx, q).Scan(&current); err != nil {
		r.add("schema version", Fail, "cannot read %s: %s", table, oneLine(err.Error()))
		return false
	}
	switch want := cfg.ExpectedMigration; {
	case current < want:
		r.add("schema version", Fail, "database at migration %d, this build expects %d: run `stripesync migrate`", current, want)
	case current > want:
		r.add("schema version", Fail, "database at migration %d, newer than this build (%d): upgrade stripesync", current, want)
	default:
		r.add("schema version", OK, "migration %d in %q (state in %q), as this build expects", current, cfg.Schema, cfg.StateSchema)
		return true
	}
	return false
}
