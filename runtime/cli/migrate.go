package cli

import (
	"context"
	"fmt"
	"path"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/stripesync/stripesync/migrations"
)

// migrateSummary is the migrate command's help text.
const migrateSummary = `Applies the migrations this build carries that the database lacks, under a
PostgreSQL advisory lock, and reports what it did. Running it again is a
no-op; two at once take turns. Needs only the database.`

// runMigrate is the migrate command.
func runMigrate(ctx context.Context, e *env, c *Config) error {
	pool, err := connect(ctx, c, 4)
	if err != nil {
		return err
	}
	defer pool.Close()
	unlock, err := sessionLock(ctx, e, pool, lockKey("migrate", c.StateSchema),
		"waiting for another stripesync migrate to finish")
	if err != nil {
		return err
	}
	defer unlock()
	before, err := probeSchema(ctx, pool, c)
	if err != nil {
		return err
	}
	if before.Current > before.Expected {
		return before.check(c)
	}
	return applyMigrations(ctx, e, pool, c, before)
}

// applyMigrations runs goose's Up and reports each applied file.
func applyMigrations(ctx context.Context, e *env, pool *pgxpool.Pool, c *Config, before schemaState) error {
	db := stdlib.OpenDBFromPool(pool)
	defer db.Close()
	p, err := migrations.NewProvider(db, c.Schema, c.StateSchema)
	if err != nil {
		return err
	}
	if before.Current == before.Expected {
		e.printf("migrate: database is at migration %d, as this build expects: nothing to do\n", before.Current)
		return nil
	}
	e.printf("migrate: database is at migration %d, this build expects %d\n", before.Current, before.Expected)
	start := time.Now()
	results, err := p.Up(ctx)
	for _, r := range results {
		if r.Error == nil {
			e.printf("migrate: applied %s (%s)\n", path.Base(r.Source.Path), r.Duration.Round(time.Millisecond))
		}
	}
	if err != nil {
		return fmt.Errorf("migrate: %s", oneLine(err))
	}
	e.printf("migrate: database is at migration %d (%d applied in %s)\n",
		before.Expected, len(results), time.Since(start).Round(time.Millisecond))
	return nil
}
