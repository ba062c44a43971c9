package syncdb

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// BatchSender sends pipelined statements: a pool, a connection or a
// transaction.
type BatchSender interface {
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
}

// Settle closes the one gap the version gates leave between concurrent
// writers; call it after the transaction that wrote b has committed, on any
// connection outside that transaction.
//
// Inside a transaction a write cannot see a deletion committed after its
// statement began, and a deletion cannot see rows another transaction has
// not committed yet: a backfill page and a "*.deleted" event for the same
// object, committed at nearly the same moment, would leave the deleted
// row in place. Settle deletes every row of the batch's ids (and every child
// row of its parents) that a tombstone at least as new holds back, exactly
// the rows the upsert's guards would have refused. Whichever of two racing
// writers commits last sees the other's work when it settles, so every
// interleaving ends without the row. Settling is idempotent, so a failed
// attempt is tried again (three attempts); a crash before it succeeds is
// covered by SettleAll at start-up. It returns the rows deleted.
func (s *Store) Settle(ctx context.Context, db BatchSender, b *Batch) (int64, error) {
	var n int64
	var err error
	for attempt := 1; attempt <= 3; attempt++ {
		if n, err = s.settleOnce(ctx, db, b); err == nil || ctx.Err() != nil {
			break
		}
		select {
		case <-ctx.Done():
		case <-time.After(time.Duration(attempt) * 100 * time.Millisecond):
		}
	}
	return n, err
}

func (s *Store) settleOnce(ctx context.Context, db BatchSender, b *Batch) (int64, error) {
	p := &pipeline{ctx: ctx, db: db}
	var n int64
	count := func(tag pgconn.CommandTag) { n += tag.RowsAffected() }
	for _, t := range b.order {
		ops := b.tables[t]
		ids, parents := settleIDs(ops)
		q := s.statements(t)
		if len(ids) > 0 && q.settleRows != "" {
			p.exec(wrapper(t, "settle"), count, q.settleRows, t.Name, ids)
		}
		if len(parents) > 0 && q.settleChildren != "" {
			p.exec(wrapper(t, "settle"), count, q.settleChildren, t.Parent.Table.Name, parents)
		}
		if len(ops.deletes) > 0 {
			for _, c := range t.Children {
				if cq := s.statements(c); cq.settleChildren != "" {
					p.exec(wrapper(c, "settle"), count, cq.settleChildren, t.Name, ids)
				}
			}
		}
	}
	err := p.flush()
	return n, err
}

// SettleAll deletes, in every table of reg, the rows that a tombstone at
// least as new holds back: what Settle would have deleted had a process not
// stopped between a commit and its Settle. Run it at start-up; it returns the
// rows deleted.
func (s *Store) SettleAll(ctx context.Context, db BatchSender, reg *Registry) (int64, error) {
	p := &pipeline{ctx: ctx, db: db}
	var n int64
	count := func(tag pgconn.CommandTag) { n += tag.RowsAffected() }
	for _, t := range reg.Tables {
		q := s.statements(t)
		if q.settleAllRows != "" {
			p.exec(wrapper(t, "settle"), count, q.settleAllRows, t.Name)
		}
		if q.settleAllChildren != "" {
			p.exec(wrapper(t, "settle"), count, q.settleAllChildren, t.Parent.Table.Name)
		}
	}
	err := p.flush()
	return n, err
}

// settleIDs returns the ids a batch wrote or deleted in a table, and the
// parents of its child rows.
func settleIDs(ops *tableOps) (ids, parents []string) {
	seenParent := map[string]bool{}
	for _, r := range ops.rows {
		info := r.Info()
		if info.ID != "" {
			ids = append(ids, info.ID)
		}
		if info.ParentID != "" && !seenParent[info.ParentID] {
			seenParent[info.ParentID] = true
			parents = append(parents, info.ParentID)
		}
	}
	for _, d := range ops.deletes {
		ids = append(ids, d.id)
	}
	return ids, parents
}

// settleSQL sets the statements of Settle and SettleAll: rows of the
// table whose own tombstone ($1 table name) is at least as new, and child
// rows whose parent's tombstone ($1 parent table name) is; $2 limits them
// to some ids.
func settleSQL(q *tableSQL, data, state string, t *Table) {
	tomb := quote(state, TombstoneTable)
	v := quote(VersionColumn)
	target := quote(data, t.Name)
	del := func(col string, some bool) string {
		sql := "DELETE FROM " + target + " AS t USING " + tomb + ` AS d WHERE d."table_name" = $1`
		if some {
			sql += ` AND d."id" = ANY($2::text[])`
		}
		return sql + " AND t." + quote(col) + ` = d."id" AND t.` + v + " <= d." + v
	}
	// Tombstones exist only for deletable tables (a deleted_* stub or a
	// "*.deleted" event): the others cost no statement.
	if t.needsID() && t.Deletable {
		q.settleRows, q.settleAllRows = del("id", true), del("id", false)
	}
	if t.Kind == KindChild && t.Parent != nil && t.Parent.Table != nil && t.Parent.Table.Deletable {
		q.settleChildren, q.settleAllChildren = del(t.Parent.Column, true), del(t.Parent.Column, false)
	}
}
