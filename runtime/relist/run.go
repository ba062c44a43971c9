package relist

import (
	"context"
	"time"

	"github.com/stripesync/stripesync/runtime/backfill"
)

// Start runs the loop in the background until ctx ends; Wait waits for it.
// A loop that ended may be started again.
func (r *Relister) Start(ctx context.Context) error {
	r.smu.Lock()
	defer r.smu.Unlock()
	if r.running {
		return ErrStarted
	}
	r.running, r.done = true, make(chan struct{})
	go func() {
		err := r.Run(ctx)
		r.smu.Lock()
		r.err, r.running = err, false
		close(r.done)
		r.smu.Unlock()
	}()
	return nil
}

// Wait blocks until the loop started by Start ends.
func (r *Relister) Wait() error {
	r.smu.Lock()
	done := r.done
	r.smu.Unlock()
	if done == nil {
		return nil
	}
	<-done
	r.smu.Lock()
	defer r.smu.Unlock()
	return r.err
}

// Run walks whenever a walk is due until ctx ends, then returns nil: in
// full when FullInterval has passed since the last full walk (never with
// NoFull), else incrementally. Failed walks are logged and retried at the
// next interval.
func (r *Relister) Run(ctx context.Context) error {
	for {
		l, err := r.load(ctx)
		if err != nil && ctx.Err() == nil {
			r.cfg.Logger.Warn("relist: read last walk times", "error", err)
		}
		now := r.now()
		full := !r.cfg.NoFull && now.Sub(time.Unix(l.Full, 0)) >= r.cfg.FullInterval
		wait := time.Unix(l.Incremental, 0).Add(r.cfg.Interval).Sub(now)
		if full || wait <= 0 {
			if _, err := r.RunOnce(ctx, full); err != nil && ctx.Err() == nil {
				r.cfg.Logger.Warn("relist: walk failed; retrying at the next interval", "full", full, "error", err)
			}
			wait = r.cfg.Interval
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
	}
}

// RunOnce walks the tables now: in full with a sweep, or incrementally:
// top-level lists only (parent-scoped ones cost a request per parent), and
// only objects created since the last successful walk (minus Overlap)
// where endpoints allow, or since the oldest stored row still in a silent
// state for tables that have them. The start time is recorded only when
// the walk succeeds.
func (r *Relister) RunOnce(ctx context.Context, full bool) (backfill.WalkStats, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	l, err := r.load(ctx)
	if err != nil {
		return backfill.WalkStats{}, err
	}
	start, began := r.now(), time.Now()
	opts := backfill.WalkOptions{Tables: r.cfg.Tables, Sweep: full}
	if !full {
		if opts, err = r.incremental(ctx, opts, l); err != nil {
			return backfill.WalkStats{}, err
		}
	}
	r.cfg.Logger.Info("relist: walking", "full", full, "tables", r.logTables())
	st, err := r.cfg.Backfiller.Walk(ctx, opts)
	r.record(st, err, full, start, time.Since(began))
	if err != nil {
		return st, err
	}
	l.Incremental = start.Unix()
	if full {
		l.Full = start.Unix()
	}
	return st, r.cfg.State.SetValue(ctx, r.cfg.DB, lastKey, l)
}

// incremental narrows a walk to top-level lists and to objects created
// since the last walk (minus Overlap), or since the oldest stored row still
// in a silent state for tables that have them (see silentSince).
func (r *Relister) incremental(ctx context.Context, opts backfill.WalkOptions, l last) (backfill.WalkOptions, error) {
	opts.TopLevelOnly = true
	if l.Incremental == 0 {
		return opts, nil
	}
	opts.CreatedSince = time.Unix(l.Incremental, 0).Add(-Overlap)
	since, err := r.silentSince(ctx, opts.CreatedSince)
	if err != nil {
		return opts, err
	}
	for name, t := range since {
		r.cfg.Logger.Debug("relist: revisiting rows that change without events", "table", name, "created_since", t)
	}
	opts.TableSince = since
	return opts, nil
}

// now reads Stripe's clock: walk times are compared with created times.
func (r *Relister) now() time.Time { return r.cfg.Backfiller.Source().Now() }

func (r *Relister) load(ctx context.Context) (last, error) {
	var l last
	_, err := r.cfg.State.Value(ctx, r.cfg.DB, lastKey, &l)
	return l, err
}

func (r *Relister) record(st backfill.WalkStats, err error, full bool, start time.Time, took time.Duration) {
	r.smu.Lock()
	defer r.smu.Unlock()
	r.stats.Walks++
	r.stats.Objects += st.Objects
	r.stats.Swept += st.Swept
	if err != nil {
		r.stats.Failures++
		return
	}
	r.stats.LastIncremental = start
	if full {
		r.stats.LastFull = start
	}
	r.cfg.Logger.Info("relist: walk done", "full", full, "objects", st.Objects, "swept", st.Swept,
		"took", took.Round(time.Millisecond))
}

// MarkBackfilling records at as the time of the last full and incremental
// walks when no walk was ever recorded: a first backfill starting at at
// lists every table in full, so the first re-list can be incremental and
// the first full one comes FullInterval later, instead of walking a large
// account twice in a row. It reports whether it recorded anything.
func (r *Relister) MarkBackfilling(ctx context.Context, at time.Time) (bool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var l last
	ok, err := r.cfg.State.Value(ctx, r.cfg.DB, lastKey, &l)
	if err != nil || ok {
		return false, err
	}
	l.Incremental, l.Full = at.Unix(), at.Unix()
	return true, r.cfg.State.SetValue(ctx, r.cfg.DB, lastKey, l)
}
