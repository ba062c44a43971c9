package upcoming

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/stripesync/stripesync/internal/syncdb"
)

// Refresh fetches the subject's upcoming invoice now and writes it, or
// deletes the subject's row when Stripe has nothing upcoming.
func (r *Refresher) Refresh(ctx context.Context, s Subject) error {
	version := r.nextVersion()
	raw, err := r.fetch(ctx, s)
	if errors.Is(err, errNone) {
		if err := r.remove(ctx, s, version); err != nil {
			return err
		}
		r.stats.deleted.Add(1)
		return nil
	}
	if err != nil {
		return err
	}
	if err := r.write(ctx, s, raw, version); err != nil {
		return err
	}
	r.stats.refreshed.Add(1)
	return nil
}

// nextVersion orders this refresher's snapshots: nanoseconds of the time
// the fetch starts, strictly increasing. Only the refresher writes the
// preview tables, so no other writer's clock needs to agree.
func (r *Refresher) nextVersion() int64 {
	now := r.cfg.Now().UnixNano()
	for {
		last := r.version.Load()
		v := max(now, last+1)
		if r.version.CompareAndSwap(last, v) {
			return v
		}
	}
}

// write decodes the preview into its table's row and upserts it.
func (r *Refresher) write(ctx context.Context, s Subject, raw []byte, version int64) error {
	t := r.cfg.Registry.Table(s.Kind.table())
	obj, err := t.Decode(raw, syncdb.Meta{Version: version, At: time.Unix(0, version),
		APIVersion: r.cfg.Registry.APIVersion})
	if err != nil {
		return fmt.Errorf("upcoming: decode preview %s: %w", s, err)
	}
	if obj.Row == nil {
		return fmt.Errorf("upcoming: preview %s decoded to no row", s)
	}
	obj.Row.SetParent(s.ID)
	if key := obj.Row.Info().Key; key != s.ID {
		return fmt.Errorf("upcoming: preview %s is keyed %q", s, key)
	}
	var b syncdb.Batch
	b.Add(obj)
	return r.inTx(ctx, func(tx pgx.Tx) error {
		_, err := r.cfg.Store.Write(ctx, tx, &b)
		return err
	})
}

// remove deletes the subject's row unless a newer snapshot replaced it.
func (r *Refresher) remove(ctx context.Context, s Subject, version int64) error {
	t := r.cfg.Registry.Table(s.Kind.table())
	sql := "DELETE FROM " + pgx.Identifier{r.cfg.Schema, t.Name}.Sanitize() + " WHERE " +
		pgx.Identifier{t.PrimaryKey[0]}.Sanitize() + " = $1 AND coalesce(" +
		pgx.Identifier{syncdb.VersionColumn}.Sanitize() + ", 0) <= $2"
	return r.inTx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, sql, s.ID, version)
		return err
	})
}

// inTx runs f in a transaction and commits it.
func (r *Refresher) inTx(ctx context.Context, f func(pgx.Tx) error) error {
	tx, err := r.cfg.DB.Begin(ctx)
	if err != nil {
		return fmt.Errorf("upcoming: begin: %w", err)
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
	if err := f(tx); err != nil {
		return fmt.Errorf("upcoming: write: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("upcoming: commit: %w", err)
	}
	return nil
}
