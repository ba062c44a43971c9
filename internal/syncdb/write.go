package syncdb

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/jackc/pgx/v5"
)

// write applies deletions first, so the tombstones they leave gate the
// upserts that follow, then upserts every table, parents before children;
// right after a child table's upsert, the children that complete lists no
// longer hold are removed.
func (s *Store) write(ctx context.Context, tx pgx.Tx, b *Batch) (Stats, error) {
	var st Stats
	order := append([]*Table(nil), b.order...)
	sort.SliceStable(order, func(i, j int) bool { return order[i].Kind != KindChild && order[j].Kind == KindChild })
	for _, t := range order {
		if err := s.deleteAll(ctx, tx, b.tables[t], &st); err != nil {
			return st, fmt.Errorf("syncdb: table %q: delete: %w", t.Name, err)
		}
	}
	replaced := replacements(b)
	for _, t := range order {
		if err := s.upsertAll(ctx, tx, b.tables[t], &st); err != nil {
			return st, fmt.Errorf("syncdb: table %q: upsert: %w", t.Name, err)
		}
		if err := s.replace(ctx, tx, t, len(b.tables[t].rows) > 0, replaced[t], &st); err != nil {
			return st, fmt.Errorf("syncdb: table %q: replace children: %w", t.Name, err)
		}
	}
	for t, lists := range replaced {
		if b.tables[t] == nil {
			if err := s.replace(ctx, tx, t, false, lists, &st); err != nil {
				return st, fmt.Errorf("syncdb: table %q: replace children: %w", t.Name, err)
			}
		}
	}
	return st, nil
}

// replacements groups the complete lists of the batch by child table.
func replacements(b *Batch) map[*Table][]listReplace {
	out := map[*Table][]listReplace{}
	for _, t := range b.order {
		for _, l := range b.tables[t].lists {
			out[l.child] = append(out[l.child], l)
		}
	}
	return out
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

// upsertAll copies the rows into the table's temporary table and upserts them.
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
	st.Rows += len(ops.rows)
	st.Written += int(tag.RowsAffected())
	st.Skipped += len(ops.rows) - int(tag.RowsAffected())
	return nil
}

// replace deletes the child rows that complete lists no longer hold; kept
// says the table's temporary table holds the batch's rows to keep.
func (s *Store) replace(ctx context.Context, tx pgx.Tx, child *Table, kept bool, lists []listReplace, st *Stats) error {
	if len(lists) == 0 {
		return nil
	}
	parents := make([]string, len(lists))
	versions := make([]int64, len(lists))
	for i, l := range lists {
		parents[i], versions[i] = l.parentID, l.version
	}
	q := s.statements(child)
	sql := q.replace
	if kept {
		sql = q.replaceKeeping
	}
	tag, err := tx.Exec(ctx, sql, parents, versions)
	if err != nil {
		return err
	}
	st.Deleted += int(tag.RowsAffected())
	return nil
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
