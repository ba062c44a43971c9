package backfill

import (
	"context"
	"net/url"
	"strconv"
	"time"

	"github.com/stripesync/stripesync/internal/syncdb"
	"github.com/stripesync/stripesync/runtime/source"
	"github.com/stripesync/stripesync/runtime/state"
)

// job runs one job from its checkpoint (a finished one is skipped).
func (r *run) job(ctx context.Context, j *Job, ck state.Checkpoint) error {
	ck.Table, ck.Segment = j.Key.Table, j.Key.Segment
	if r.checkpoint && ck.Done {
		r.b.board.resumed(j, ck.Objects, true)
		return nil
	}
	r.b.board.resumed(j, ck.Objects, false)
	var err error
	if j.Parent == nil {
		err = r.list(ctx, j, ck)
	} else {
		err = r.parents(ctx, j, ck)
	}
	if err != nil && Unavailable(err) && !r.b.cfg.FailUnavailable {
		r.b.cfg.Logger.Warn("backfill: endpoint unavailable to this account or key; table left as is",
			"job", j.String(), "error", err)
		r.b.board.unavailable(j, err)
		return nil
	}
	if err == nil {
		r.b.board.done(j)
	}
	return err
}

// list walks a top-level list page by page from the checkpoint's cursor.
// A fetcher runs ahead of the writer; the writer commits the pages waiting
// for it together (up to maxBatchRows), each transaction with the
// checkpoint of its last page.
func (r *run) list(ctx context.Context, j *Job, ck state.Checkpoint) error {
	l := &source.List{Path: j.Path, Params: r.params(j), Tables: j.Tables, Unpaginated: j.Unpaginated}
	fctx, cancel := context.WithCancel(ctx)
	defer cancel()
	pages := make(chan *source.Page, prefetchPages)
	fetchErr := make(chan error, 1)
	go func() { fetchErr <- r.fetchPages(fctx, l, ck.Cursor, pages) }()
	var werr error
	for p := range pages {
		if werr != nil {
			continue // drain after a failed write
		}
		batch := gather(p, pages)
		res := &source.Result{}
		for _, q := range batch {
			res.Merge(&q.Result)
			if q.LastID != "" {
				ck.Cursor = q.LastID
			}
			ck.Done, ck.Objects = !q.HasMore, ck.Objects+int64(q.Len())
		}
		if werr = r.write(ctx, res, nil, ck); werr != nil {
			cancel()
			continue
		}
		for _, q := range batch {
			r.b.board.page(j, q)
		}
	}
	if ferr := <-fetchErr; werr == nil {
		werr = ferr
	}
	return werr
}

// Write batching of top-level lists.
const (
	// prefetchPages is how many pages a fetcher may run ahead.
	prefetchPages = 8
	// maxBatchRows bounds the objects one transaction writes.
	maxBatchRows = 1000
)

// gather returns p plus the pages already waiting behind it, up to
// maxBatchRows objects.
func gather(p *source.Page, pages <-chan *source.Page) []*source.Page {
	batch, rows := []*source.Page{p}, p.Len()
	for rows < maxBatchRows && p.HasMore {
		select {
		case q, ok := <-pages:
			if !ok {
				return batch
			}
			batch, rows, p = append(batch, q), rows+q.Len(), q
		default:
			return batch
		}
	}
	return batch
}

// fetchPages sends the pages after cursor until the last one, then closes
// pages. When Stripe rejects a starting_after because that object was
// deleted meanwhile, it resumes after a newer object of the previous page,
// or, with none left (a checkpoint's object), lists the job from the start
// again: rows already written are simply written again.
func (r *run) fetchPages(ctx context.Context, l *source.List, cursor string, pages chan<- *source.Page) error {
	defer close(pages)
	var fallback []string // ids of the previous page, oldest last
	for {
		p, err := r.b.cfg.Source.ListPage(ctx, l, cursor, 0)
		if source.IsCursorMissing(err) && cursor != "" {
			r.b.cfg.Logger.Warn("backfill: resume cursor deleted in Stripe; resuming earlier", "list", l.Path, "cursor", cursor)
			cursor, fallback = previous(fallback)
			continue
		}
		if err != nil {
			return err
		}
		select {
		case pages <- p:
		case <-ctx.Done():
			return ctx.Err()
		}
		if !p.HasMore {
			return nil
		}
		cursor, fallback = p.LastID, fallback[:0]
		for _, o := range p.Objects[:max(len(p.Objects)-1, 0)] {
			fallback = append(fallback, o.ID)
		}
	}
}

// previous pops the next cursor to try from the ids of the previous page
// ("" starts over).
func previous(ids []string) (string, []string) {
	if len(ids) == 0 {
		return "", nil
	}
	return ids[len(ids)-1], ids[:len(ids)-1]
}

// params returns the job's fixed parameters plus the walk's created range.
func (r *run) params(j *Job) url.Values {
	q := url.Values{}
	for k, v := range j.Params {
		q[k] = append([]string(nil), v...)
	}
	if since := r.sinceFor(j); !since.IsZero() && j.Created {
		q.Set("created[gte]", strconv.FormatInt(since.Unix(), 10))
	}
	return q
}

// sinceFor returns the start of j's created range: the walk's, or an
// earlier one given for a table j lists (WalkOptions.TableSince).
func (r *run) sinceFor(j *Job) time.Time {
	since := r.since
	if since.IsZero() {
		return since
	}
	for _, t := range j.Tables {
		if ts, ok := r.tableSince[t.Name]; ok && ts.Before(since) {
			since = ts
		}
	}
	return since
}

// write commits a result (and, in a backfill, its checkpoint) in one
// transaction.
func (r *run) write(ctx context.Context, res *source.Result, add func(*syncdb.Batch), ck state.Checkpoint) error {
	var b syncdb.Batch
	if res != nil {
		res.AddTo(&b)
	}
	if add != nil {
		add(&b)
	}
	err := state.InTx(ctx, r.b.cfg.DB, func(tx pgxTx) error {
		if err := state.AsyncCommit(ctx, tx); err != nil {
			return err
		}
		if _, err := r.b.cfg.Store.Write(ctx, tx, &b); err != nil {
			return err
		}
		if !r.checkpoint {
			return nil
		}
		return r.b.cfg.State.SaveCheckpoint(ctx, tx, ck)
	})
	if err != nil {
		return err
	}
	// A deletion committed beside this transaction may hold back rows it
	// wrote (see syncdb.Store.Settle).
	_, err = r.b.cfg.Store.Settle(ctx, r.b.cfg.DB, &b)
	return err
}
