package syncdb

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// write applies deletions first, so the tombstones they leave gate the
// upserts that follow, then upserts every table, then removes child rows
// that complete lists no longer hold.
func (s *Store) write(ctx context.Context, tx pgx.Tx, b *Batch) (Stats, error) {
	var st Stats
	for _, t := range b.order {
		if err := s.deleteAll(ctx, tx, b.tables[t], &st); err != nil {
			return st, fmt.Errorf("syncdb: table %q: delete: %w", t.Name, err)
		}
	}
	for _, t := range b.order {
		if err := s.upsertAll(ctx, tx, b.tables[t], &st); err != nil {
			return st, fmt.Errorf("syncdb: table %q: upsert: %w", t.Name, err)
		}
	}
	for _, t := range b.order {
		if err := s.replaceLists(ctx, tx, b, b.tables[t], &st); err != nil {
			return st, fmt.Errorf("syncdb: table %q: replace lists: %w", t.Name, err)
		}
	}
	return st, nil
}

// deleteAll writes the tombstones and deletes the rows and their children.
func (s *Store) deleteAll(ctx context.Context, tx pgx.Tx, ops *tableOps, st *Stats) error {
	if len(ops.deletes) == 0 {
		return nil
	}
	q := s.statements(ops.table)
	ids := make([]string, len(ops.deletes))
	ats := make([]time.Time, len(ops.deletes))
	vs := make([]int64, len(ops.deletes))
	for i, d := range ops.deletes {
		ids[i], ats[i], vs[i] = d.id, d.at, d.version
	}
	if _, err := tx.Exec(ctx, q.tombstone, ops.table.Name, ids, ats, vs); err != nil {
		return err
	}
	stmts := append([]string{q.deleteRows}, q.deleteChildren...)
	for _, sql := range stmts {
		tag, err := tx.Exec(ctx, sql, ids, vs)
		if err != nil {
			return err
		}
		st.Deleted += int(tag.RowsAffected())
	}
	return nil
}

// upsertAll copies the rows into a temporary table and upserts them.
func (s *Store) upsertAll(ctx context.Context, tx pgx.Tx, ops *tableOps, st *Stats) error {
	if len(ops.rows) == 0 {
		return nil
	}
	q := s.statements(ops.table)
	if _, err := tx.Exec(ctx, q.createTemp); err != nil {
		return err
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{q.temp}, q.copyCols, &rowSource{rows: ops.rows, i: -1}); err != nil {
		return err
	}
	tag, err := tx.Exec(ctx, q.upsert, q.upsertArgs...)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, q.dropTemp); err != nil {
		return err
	}
	st.Rows += len(ops.rows)
	st.Written += int(tag.RowsAffected())
	st.Skipped += len(ops.rows) - int(tag.RowsAffected())
	return nil
}

// replaceLists deletes, per child table, the children of parents with a
// complete list in the batch that the list no longer holds.
func (s *Store) replaceLists(ctx context.Context, tx pgx.Tx, b *Batch, ops *tableOps, st *Stats) error {
	byChild := map[*Table][]listReplace{}
	var order []*Table
	for _, l := range ops.lists {
		if byChild[l.child] == nil {
			order = append(order, l.child)
		}
		byChild[l.child] = append(byChild[l.child], l)
	}
	q := s.statements(ops.table)
	for _, child := range order {
		var parents []string
		var versions []int64
		for _, l := range byChild[child] {
			parents, versions = append(parents, l.parentID), append(versions, l.version)
		}
		keepParents, keepIDs := keptChildren(b.tables[child])
		tag, err := tx.Exec(ctx, q.replace[child], parents, versions, keepParents, keepIDs)
		if err != nil {
			return err
		}
		st.Deleted += int(tag.RowsAffected())
	}
	return nil
}

// keptChildren lists the (parent, id) pairs of a child table's batched rows.
func keptChildren(ops *tableOps) (parents, ids []string) {
	if ops == nil {
		return []string{}, []string{}
	}
	for _, r := range ops.rows {
		info := r.Info()
		parents, ids = append(parents, info.ParentID), append(ids, info.ID)
	}
	return parents, ids
}

// rowSource feeds rows to CopyFrom, reusing one value slice.
type rowSource struct {
	rows []Row
	i    int
	vals []any
}

func (r *rowSource) Next() bool {
	r.i++
	return r.i < len(r.rows)
}

func (r *rowSource) Values() ([]any, error) {
	r.vals = r.rows[r.i].Values(r.vals[:0])
	return r.vals, nil
}

func (r *rowSource) Err() error { return nil }
