package backfill

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"

	"github.com/stripesync/stripesync/internal/syncdb"
	"github.com/stripesync/stripesync/runtime/source"
	"github.com/stripesync/stripesync/runtime/state"
)

type pgxTx = pgx.Tx

// parents walks a parent-scoped list for every row of the parent table, in
// id order from the checkpoint's cursor, ParentChunk parents per
// transaction; the checkpoint cursor is the chunk's last parent.
func (r *run) parents(ctx context.Context, j *Job, ck state.Checkpoint) error {
	total, err := r.countParents(ctx, j, "")
	if err != nil {
		return err
	}
	left, err := r.countParents(ctx, j, ck.Cursor)
	if err != nil {
		return err
	}
	r.b.board.parents(j, total, total-left)
	for {
		ids, err := r.parentIDs(ctx, j, ck.Cursor)
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			ck.Done = true
			return r.write(ctx, nil, nil, ck)
		}
		res, n, err := r.fetchParents(ctx, j, ids)
		if err != nil {
			return err
		}
		ck.Cursor, ck.Objects = ids[len(ids)-1], ck.Objects+int64(n)
		if err := r.write(ctx, nil, res, ck); err != nil {
			return err
		}
		r.b.board.parentChunk(j, len(ids), n)
	}
}

// fetchParents lists every parent's items, ParentConcurrency at once, and
// returns a function adding them to a batch plus the object count.
func (r *run) fetchParents(ctx context.Context, j *Job, ids []string) (func(*syncdb.Batch), int, error) {
	results := make([]*source.Result, len(ids))
	errs := make([]error, len(ids))
	sem := make(chan struct{}, r.b.cfg.ParentConcurrency)
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			results[i], errs[i] = r.fetchParent(ctx, j, id)
		}()
	}
	wg.Wait()
	n := 0
	for i, err := range errs {
		if err != nil {
			return nil, 0, err
		}
		if results[i] != nil {
			n += results[i].Len()
		}
	}
	api := r.b.cfg.Source.APIVersion()
	return func(b *syncdb.Batch) { addParents(b, j, api, ids, results) }, n, nil
}

// fetchParent lists one parent's items; a parent deleted meanwhile has none.
func (r *run) fetchParent(ctx context.Context, j *Job, id string) (*source.Result, error) {
	l := &source.List{Path: j.Path, Params: r.params(j), Tables: j.Tables, ParentID: id, Unpaginated: j.Unpaginated}
	if j.Parent.InPath {
		l.Path = strings.Replace(j.Path, "{"+j.Parent.Param+"}", id, 1)
	} else {
		l.Params.Set(j.Parent.Param, id)
	}
	res, _, err := r.b.cfg.Source.ListAll(ctx, l)
	if source.IsParentMissing(err) {
		return nil, nil
	}
	return res, err
}

// addParents adds the parents' items; a nested list listed in full
// replaces the parent's previous child rows.
func addParents(b *syncdb.Batch, j *Job, api string, ids []string, results []*source.Result) {
	for i, res := range results {
		if res == nil {
			continue
		}
		if j.Parent.List == nil {
			res.AddTo(b)
			continue
		}
		m := syncdb.Meta{Version: res.Version, APIVersion: api, ParentID: ids[i]}
		b.AddList(j.Parent.List, ids[i], m, true, res.Objects...)
		for _, l := range res.Lists {
			b.AddList(l.List, l.ParentID, l.Meta, true, l.Items...)
		}
	}
}

// parentIDs reads the next chunk of parent ids after cursor.
func (r *run) parentIDs(ctx context.Context, j *Job, after string) ([]string, error) {
	q := "SELECT \"id\" FROM " + pgx.Identifier{r.b.cfg.DataSchema, j.Parent.Table.Name}.Sanitize() +
		" WHERE \"id\" > $1 ORDER BY \"id\" LIMIT $2"
	rows, err := r.b.cfg.DB.Query(ctx, q, after, r.b.cfg.ParentChunk)
	if err != nil {
		return nil, fmt.Errorf("backfill: %s: parent ids: %w", j, err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("backfill: %s: parent ids: %w", j, err)
	}
	return ids, nil
}

// countParents counts the parents after cursor, for progress.
func (r *run) countParents(ctx context.Context, j *Job, after string) (int64, error) {
	var n int64
	q := "SELECT count(*) FROM " + pgx.Identifier{r.b.cfg.DataSchema, j.Parent.Table.Name}.Sanitize() + " WHERE \"id\" > $1"
	if err := r.b.cfg.DB.QueryRow(ctx, q, after).Scan(&n); err != nil {
		return 0, fmt.Errorf("backfill: %s: count parents: %w", j, err)
	}
	return n, nil
}
