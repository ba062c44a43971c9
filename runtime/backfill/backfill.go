package backfill

import (
	"context"
	"fmt"
	"time"

	"github.com/stripesync/stripesync/runtime/source"
	"github.com/stripesync/stripesync/runtime/state"
)

// Backfiller runs backfill jobs. Run and Walk may not run concurrently on
// one Backfiller.
type Backfiller struct {
	cfg   Config
	jobs  []*Job
	board *board
}

// New checks cfg and plans the jobs.
func New(cfg Config) (*Backfiller, error) {
	cfg, err := cfg.validate()
	if err != nil {
		return nil, err
	}
	jobs, err := Plan(cfg.Source.Registry(), cfg.Tables...)
	if err != nil {
		return nil, err
	}
	return &Backfiller{cfg: cfg, jobs: jobs, board: newBoard()}, nil
}

// Source returns the source the backfiller fetches from.
func (b *Backfiller) Source() *source.Source { return b.cfg.Source }

// DataSchema returns the data schema the backfiller writes to.
func (b *Backfiller) DataSchema() string { return b.cfg.DataSchema }

// Jobs returns the planned jobs, parents first.
func (b *Backfiller) Jobs() []*Job { return b.jobs }

// Progress returns a snapshot of the current or last run's progress.
func (b *Backfiller) Progress() Progress { return b.board.snapshot() }

// Run backfills every planned job that has not finished, resuming each from
// its checkpoint, and returns nil only once every job has listed its
// endpoint to the end. Otherwise it returns a *PartialError (ErrIncomplete),
// also when ctx ends: jobs in flight finish their current write and stop.
func (b *Backfiller) Run(ctx context.Context) error {
	ckpts, err := b.cfg.State.Checkpoints(ctx, b.cfg.DB)
	if err != nil {
		return fmt.Errorf("backfill: %w", err)
	}
	b.board.start(b.jobs, ckpts)
	r := &run{b: b, checkpoint: true}
	err = r.schedule(ctx, b.jobs, func(ctx context.Context, j *Job) error {
		return r.job(ctx, j, ckpts[j.Key])
	})
	b.board.finish()
	if err == nil {
		b.cfg.Logger.Info("backfill: complete", "jobs", len(b.jobs), "objects", b.board.snapshot().Objects)
	}
	return err
}

// Reset deletes the checkpoints of the named tables' jobs (every job when
// none is named) in tx, so the next Run lists them again from the start.
func (b *Backfiller) Reset(ctx context.Context, tx state.DB, tables ...string) error {
	jobs := b.jobs
	if len(tables) > 0 {
		var err error
		if jobs, err = selectJobs(b.cfg.Source.Registry(), b.jobs, tables); err != nil {
			return err
		}
	}
	seen := map[string]bool{}
	var owners []string
	for _, j := range jobs {
		if !seen[j.Key.Table] {
			seen[j.Key.Table] = true
			owners = append(owners, j.Key.Table)
		}
	}
	if len(owners) == 0 {
		return nil
	}
	return b.cfg.State.ResetCheckpoints(ctx, tx, owners...)
}

// WalkOptions tune a Walk.
type WalkOptions struct {
	// Tables limits the walk to the jobs filling these tables (default:
	// every planned job).
	Tables []string
	// CreatedSince, when set, lists only objects created at or after it on
	// endpoints that accept a created range (an incremental re-list).
	CreatedSince time.Time
	// TableSince moves CreatedSince earlier for the jobs listing the named
	// tables (rows that still change without events: see package relist).
	// Times after CreatedSince are ignored, as is TableSince without it.
	TableSince map[string]time.Time
	// TopLevelOnly skips parent-scoped jobs (a request per parent).
	TopLevelOnly bool
	// Sweep deletes, after a complete walk, the rows of SweepTables that
	// the walk did not see (see package doc). Ignored with CreatedSince.
	Sweep bool
}

// WalkStats counts what a Walk did.
type WalkStats struct {
	// Objects is the number of objects fetched.
	Objects int64
	// Swept is the number of rows deleted by the sweep.
	Swept int64
	// Version is the fetch version the walk started at.
	Version int64
}

// Walk lists the jobs again from the start without reading or writing
// checkpoints: periodic re-listing of tables without events. It returns a
// *PartialError when some jobs fail; tables whose jobs all succeeded are
// still swept.
func (b *Backfiller) Walk(ctx context.Context, opts WalkOptions) (WalkStats, error) {
	jobs := b.jobs
	if len(opts.Tables) > 0 {
		var err error
		if jobs, err = selectJobs(b.cfg.Source.Registry(), b.jobs, opts.Tables); err != nil {
			return WalkStats{}, err
		}
	}
	if opts.TopLevelOnly {
		var top []*Job
		for _, j := range jobs {
			if j.Parent == nil {
				top = append(top, j)
			}
		}
		jobs = top
	}
	st := WalkStats{Version: source.FetchVersion(b.cfg.Source.Now())}
	r := &run{b: b, since: opts.CreatedSince, tableSince: opts.TableSince}
	b.board.start(jobs, nil)
	err := r.schedule(ctx, jobs, func(ctx context.Context, j *Job) error {
		return r.job(ctx, j, state.Checkpoint{Table: j.Key.Table, Segment: j.Key.Segment})
	})
	b.board.finish()
	st.Objects = b.board.snapshot().Objects
	if opts.Sweep && opts.CreatedSince.IsZero() && !opts.TopLevelOnly && ctx.Err() == nil {
		n, serr := r.sweep(ctx, jobs, r.failed, st.Version)
		st.Swept = n
		if err == nil {
			err = serr
		}
	}
	return st, err
}
