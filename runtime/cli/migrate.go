package cli

import (
	"context"
	"fmt"
	"hash/fnv"
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
	unlock, err := migrateLock(ctx, e, pool, c.StateSchema)
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

// migrateLock takes a session advisory lock that serializes stripesync
// migrate runs sharing a state schema, waiting (and saying so) while
// another holds it. goose's own lock still guards the migrations
// themselves; this one makes a waiting run start as soon as the other
// ends instead of at goose's next 5-second poll.
func migrateLock(ctx context.Context, e *env, pool *pgxpool.Pool, stateSchema string) (func(), error) {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrate: %s", pgReason(err))
	}
	key := lockKey(stateSchema)
	var ok bool
	if err := conn.QueryRow(ctx, "SELECT pg_try_advisory_lock($1)", key).Scan(&ok); err != nil {
		conn.Release()
		return nil, fmt.Errorf("migrate: advisory lock: %s", pgReason(err))
	}
	if !ok {
		e.log.Info("waiting for another stripesync migrate to finish", "state_schema", stateSchema)
		if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", key); err != nil {
			conn.Release()
			return nil, fmt.Errorf("migrate: advisory lock: %s", pgReason(err))
		}
	}
	return func() {
		// Unlock on a fresh context: ours may be cancelled by a signal.
		uctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if _, err := conn.Exec(uctx, "SELECT pg_advisory_unlock($1)", key); err != nil {
			conn.Conn().Close(uctx) // closing the session releases the lock
		}
		conn.Release()
	}, nil
}

// lockKey derives the advisory lock key of a state schema; it differs from
// the key goose's locker uses (see migrations.NewProvider).
func lockKey(stateSchema string) int64 {
	h := fnv.New64a()
	h.Write([]byte("stripesync cli migrate " + stateSchema))
	return int64(h.Sum64() >> 1)
}
