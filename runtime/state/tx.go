package state

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Beginner starts transactions: a *pgxpool.Pool or *pgx.Conn.
type Beginner interface {
	Begin(ctx context.Context) (pgx.Tx, error)
}

// WriteTimeout bounds one transaction run by InTx, retries included.
var WriteTimeout = 2 * time.Minute

// maxTxAttempts is how often InTx tries a transaction that deadlocks.
const maxTxAttempts = 8

// InTx runs fn in a transaction and commits it. A deadlock or
// serialization failure rolls back and runs fn again (fn must be safe to
// repeat). The transaction does not end when ctx is cancelled: work that
// has been fetched is written, so a shutdown finishes the batch in flight;
// WriteTimeout bounds it instead. A ctx already cancelled before the first
// attempt returns its error without starting.
func InTx(ctx context.Context, db Beginner, fn func(tx pgx.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), WriteTimeout)
	defer cancel()
	var err error
	for attempt := 1; attempt <= maxTxAttempts; attempt++ {
		err = pgx.BeginFunc(wctx, db, fn)
		if !Retryable(err) {
			return err
		}
		time.Sleep(time.Duration(attempt*attempt) * 5 * time.Millisecond)
	}
	return err
}

// Retryable reports whether err is a deadlock or serialization failure,
// after which the whole transaction may simply run again.
func Retryable(err error) bool {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return false
	}
	switch pe.Code {
	case "40P01", "40001": // deadlock_detected, serialization_failure
		return true
	}
	return false
}

// AsyncCommit lets tx commit without waiting for its WAL to reach disk
// (SET LOCAL synchronous_commit = off). A PostgreSQL crash may then lose
// the last few hundred milliseconds of commits, but each loses its rows
// together with the checkpoint or cursor committed beside them, so the
// syncer simply fetches them again; a crash of the syncer loses nothing.
// It makes page-sized transactions several times faster on slow disks.
func AsyncCommit(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, "SET LOCAL synchronous_commit = off")
	return err
}
