package backfill

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/stripesync/stripesync/runtime/stripeclient"
)

// run is one Run or Walk.
type run struct {
	b          *Backfiller
	checkpoint bool
	since      time.Time
	tableSince map[string]time.Time

	mu     sync.Mutex
	failed map[*Job]error
}

// result is a finished job.
type result struct {
	job *Job
	err error
}

// schedule runs every job once its dependencies (among jobs) have
// succeeded, at most Workers at a time. A job whose dependency failed fails
// with ErrParentFailed without running. It returns a *PartialError unless
// every job succeeded.
func (r *run) schedule(ctx context.Context, jobs []*Job, do func(context.Context, *Job) error) error {
	ctx, abort := context.WithCancelCause(ctx)
	defer abort(nil)
	inRun := map[*Job]bool{}
	for _, j := range jobs {
		inRun[j] = true
	}
	r.failed = map[*Job]error{}
	done := map[*Job]bool{}
	started := map[*Job]bool{}
	results := make(chan result)
	running := 0
	for {
		for _, j := range jobs {
			if running >= r.b.cfg.Workers || ctx.Err() != nil {
				break
			}
			if started[j] {
				continue
			}
			ready, blocked := r.ready(j, inRun, done)
			if blocked != nil {
				started[j] = true
				r.fail(j, fmt.Errorf("%w: %s: %w", ErrParentFailed, j.Parent.Table.Name, blocked))
				continue
			}
			if !ready {
				continue
			}
			started[j], running = true, running+1
			go func() { results <- result{job: j, err: do(ctx, j)} }()
		}
		if running == 0 {
			break
		}
		res := <-results
		running--
		if res.err != nil {
			r.fail(res.job, res.err)
			if fatal(res.err) {
				abort(res.err)
			}
		} else {
			done[res.job] = true
		}
	}
	return r.outcome(ctx, jobs, done)
}

// fatal reports whether an error dooms every other job too (a rejected
// key), so the run stops at once.
func fatal(err error) bool {
	return errors.Is(err, stripeclient.ErrUnauthorized)
}

// ready reports whether j's dependencies in the run have succeeded, or the
// error of one that failed.
func (r *run) ready(j *Job, inRun, done map[*Job]bool) (bool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, d := range j.deps {
		if !inRun[d] {
			continue
		}
		if err := r.failed[d]; err != nil {
			return false, err
		}
		if !done[d] {
			return false, nil
		}
	}
	return true, nil
}

func (r *run) fail(j *Job, err error) {
	r.mu.Lock()
	r.failed[j] = err
	r.mu.Unlock()
	r.b.board.failed(j, err)
	r.b.cfg.Logger.Warn("backfill: job failed", "job", j.String(), "error", err)
}

// outcome builds the run's error: nil when every job succeeded.
func (r *run) outcome(ctx context.Context, jobs []*Job, done map[*Job]bool) error {
	pe := &PartialError{Failed: map[string]error{}}
	for _, j := range jobs {
		switch {
		case done[j]:
			pe.Done = append(pe.Done, j.String())
		case r.failed[j] != nil:
			pe.Failed[j.String()] = r.failed[j]
		default:
			err := context.Cause(ctx)
			if err == nil {
				err = fmt.Errorf("backfill: not started")
			}
			pe.Failed[j.String()] = err
		}
	}
	if len(pe.Failed) == 0 {
		return nil
	}
	return pe
}
