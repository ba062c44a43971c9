package events

import (
	"context"
	"sync"

	"github.com/jackc/pgx/v5"

	"github.com/stripesync/stripesync/internal/syncdb"
	"github.com/stripesync/stripesync/runtime/source"
	"github.com/stripesync/stripesync/runtime/state"
)

// refetchBatch bounds the refetches one transaction writes.
const refetchBatch = 100

// refetchDue fetches the queued objects that are due and writes them with
// their queue entries removed, in one transaction per batch. It returns how
// many were refetched and how many were queued before.
func (f *Follower) refetchDue(ctx context.Context) (int, int, error) {
	now := f.cfg.Source.Now().Unix()
	due, queued, err := f.cfg.State.DueRefetches(ctx, f.cfg.DB, now, refetchBatch)
	if err != nil || len(due) == 0 {
		return 0, queued, err
	}
	results := f.fetchAll(ctx, due)
	var b syncdb.Batch
	var done []state.Refetch
	for i, r := range due {
		switch res := results[i]; {
		case res.err != nil && ctx.Err() != nil:
			continue
		case res.err != nil:
			f.stats.refetchFailed()
			f.cfg.Logger.Warn("events: refetch failed; keeping the stored snapshot", "refetch", r.String(), "error", res.err)
		default:
			res.r.AddTo(&b)
		}
		done = append(done, r)
	}
	if len(done) == 0 {
		return 0, queued, ctx.Err()
	}
	err = state.InTx(ctx, f.cfg.DB, func(tx pgx.Tx) error {
		if _, err := f.cfg.Store.Write(ctx, tx, &b); err != nil {
			return err
		}
		for _, r := range done {
			if err := f.cfg.State.DoneRefetch(ctx, tx, r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, queued, err
	}
	if err := f.settle(ctx, &b); err != nil {
		return 0, queued, err
	}
	f.stats.refetched(len(done))
	return len(done), queued, nil
}

type fetched struct {
	r   *source.Result
	err error
}

// fetchAll retrieves the requests' objects, RefetchConcurrency at once.
func (f *Follower) fetchAll(ctx context.Context, reqs []state.Refetch) []fetched {
	out := make([]fetched, len(reqs))
	sem := make(chan struct{}, f.cfg.RefetchConcurrency)
	var wg sync.WaitGroup
	reg := f.cfg.Source.Registry()
	for i, r := range reqs {
		t := reg.Table(r.Table)
		if t == nil {
			out[i].err = source.ErrNoTable
			continue
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			out[i].r, out[i].err = f.cfg.Source.Retrieve(ctx, t, r.ID, r.Path)
		}()
	}
	wg.Wait()
	return out
}
