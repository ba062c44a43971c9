package cli

import (
	"context"
	"fmt"
	"hash/fnv"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// sessionLock takes a PostgreSQL session advisory lock on its own pooled
// connection, waiting (and logging waitMsg once) while another session
// holds it. The lock dies with the session, so a killed process never
// leaves it behind. unlock releases it.
func sessionLock(ctx context.Context, e *env, pool *pgxpool.Pool, key int64, waitMsg string) (unlock func(), err error) {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("advisory lock: %s", pgReason(err))
	}
	var ok bool
	if err := conn.QueryRow(ctx, "SELECT pg_try_advisory_lock($1)", key).Scan(&ok); err != nil {
		conn.Release()
		return nil, fmt.Errorf("advisory lock: %s", pgReason(err))
	}
	if !ok {
		e.log.Info(waitMsg)
		if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", key); err != nil {
			conn.Release()
			return nil, fmt.Errorf("advisory lock: %s", pgReason(err))
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

// lockKey derives an advisory lock key for a purpose and state schema. The
// keys differ from the one goose's locker uses (see migrations.NewProvider).
func lockKey(purpose, stateSchema string) int64 {
	h := fnv.New64a()
	h.Write([]byte("stripesync cli " + purpose + " " + stateSchema))
	return int64(h.Sum64() >> 1)
}
