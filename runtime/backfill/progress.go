package backfill

import (
	"sync"
	"time"

	"github.com/stripesync/stripesync/runtime/source"
	"github.com/stripesync/stripesync/runtime/state"
)

// Progress is a snapshot of a backfill (or walk) for rendering.
type Progress struct {
	// Tables holds one entry per table owning jobs, in job order.
	Tables []TableProgress
	// Objects is the number of objects written, resumed ones included.
	Objects int64
	// Rate is the objects written per second in this run.
	Rate float64
	// Started is when the run started; zero before any run.
	Started time.Time
	// Running is true while a run is in progress.
	Running bool
	// Done is true when the last run finished every job.
	Done bool
}

// TableProgress is the progress of the jobs owned by one table.
type TableProgress struct {
	// Table is the table (the first table of its jobs).
	Table string
	// Jobs is how many jobs the table owns.
	Jobs int
	// Objects is the number of objects written, resumed ones included.
	Objects int64
	// Rate is the objects written per second in this run.
	Rate float64
	// Fraction is the estimated share done, in [0, 1], or -1 when unknown.
	Fraction float64
	// ETA is the estimated time left, or -1 when unknown.
	ETA time.Duration
	// Done is true once every job of the table finished.
	Done bool
	// Err is the error of a failed job, if any.
	Err error
	// Unavailable is set when Stripe does not serve a job's endpoint to
	// this account or key; the job counts as done.
	Unavailable error
}

// jobProgress is one job's live counters.
type jobProgress struct {
	job              *Job
	objects, fresh   int64
	started          time.Time
	done             bool
	err, unavailable error
	newest, oldest   int64 // created range walked, top-level lists
	parents, pdone   int64 // parent-scoped lists
}

// board collects progress; all methods are safe for concurrent use.
type board struct {
	mu      sync.Mutex
	jobs    []*jobProgress
	byJob   map[*Job]*jobProgress
	started time.Time
	running bool
	floor   int64 // oldest created seen by a finished list: the account's age
}

func newBoard() *board { return &board{byJob: map[*Job]*jobProgress{}} }

func (b *board) start(jobs []*Job, ckpts map[state.Key]state.Checkpoint) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.jobs, b.byJob, b.started, b.running = nil, map[*Job]*jobProgress{}, time.Now(), true
	for _, j := range jobs {
		p := &jobProgress{job: j, objects: ckpts[j.Key].Objects}
		b.jobs = append(b.jobs, p)
		b.byJob[j] = p
	}
}

func (b *board) finish() {
	b.mu.Lock()
	b.running = false
	b.mu.Unlock()
}

func (b *board) with(j *Job, f func(p *jobProgress)) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if p := b.byJob[j]; p != nil {
		f(p)
	}
}

func (b *board) resumed(j *Job, objects int64, done bool) {
	b.with(j, func(p *jobProgress) { p.objects, p.done, p.started = objects, done, time.Now() })
}

func (b *board) page(j *Job, pg *source.Page) {
	b.with(j, func(p *jobProgress) {
		n := int64(pg.Len())
		p.objects, p.fresh = p.objects+n, p.fresh+n
		if p.newest == 0 {
			p.newest = pg.NewestCreated
		}
		if pg.OldestCreated > 0 {
			p.oldest = pg.OldestCreated
		}
	})
}

func (b *board) parents(j *Job, total, done int64) {
	b.with(j, func(p *jobProgress) { p.parents, p.pdone = total, done })
}

func (b *board) parentChunk(j *Job, parents, objects int) {
	b.with(j, func(p *jobProgress) {
		p.pdone += int64(parents)
		p.objects, p.fresh = p.objects+int64(objects), p.fresh+int64(objects)
	})
}

func (b *board) done(j *Job) {
	b.with(j, func(p *jobProgress) {
		p.done = true
		if p.oldest > 0 && (b.floor == 0 || p.oldest < b.floor) {
			b.floor = p.oldest
		}
	})
}

func (b *board) unavailable(j *Job, err error) {
	b.with(j, func(p *jobProgress) { p.done, p.unavailable = true, err })
}

// refused reports whether Stripe did not serve j's endpoint in the current
// or last run: the job counts as done but saw nothing.
func (b *board) refused(j *Job) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	p := b.byJob[j]
	return p != nil && p.unavailable != nil
}

func (b *board) failed(j *Job, err error) {
	b.with(j, func(p *jobProgress) { p.err = err })
}

// snapshot aggregates the jobs per owning table.
func (b *board) snapshot() Progress {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := time.Now()
	out := Progress{Started: b.started, Running: b.running, Done: len(b.jobs) > 0}
	idx := map[string]int{}
	var fresh int64
	for _, p := range b.jobs {
		i, ok := idx[p.job.Key.Table]
		if !ok {
			i = len(out.Tables)
			idx[p.job.Key.Table] = i
			out.Tables = append(out.Tables, TableProgress{Table: p.job.Key.Table, Done: true, ETA: 0, Fraction: 1})
		}
		tp := &out.Tables[i]
		b.addJob(tp, p, now)
		out.Objects += p.objects
		fresh += p.fresh
		out.Done = out.Done && p.done
	}
	if el := now.Sub(b.started).Seconds(); el > 0 && !b.started.IsZero() {
		out.Rate = float64(fresh) / el
	}
	return out
}

// addJob folds one job into its table's progress.
func (b *board) addJob(tp *TableProgress, p *jobProgress, now time.Time) {
	tp.Jobs++
	tp.Objects += p.objects
	tp.Done = tp.Done && p.done
	if p.err != nil {
		tp.Err = p.err
	}
	if p.unavailable != nil {
		tp.Unavailable = p.unavailable
	}
	el := now.Sub(p.started).Seconds()
	if el > 0 && !p.started.IsZero() {
		tp.Rate += float64(p.fresh) / el
	}
	if p.done {
		return
	}
	f := b.fraction(p)
	if f < 0 || tp.Fraction < 0 {
		tp.Fraction, tp.ETA = -1, -1
		return
	}
	tp.Fraction = min(tp.Fraction, f)
	if f > 0 && el > 0 {
		tp.ETA = max(tp.ETA, time.Duration(el*(1-f)/f*float64(time.Second)))
	} else {
		tp.ETA = -1
	}
}

// fraction estimates a running job's share done: parents listed for a
// parent-scoped list; for a top-level list, the created range walked
// against the account's age (the oldest object of finished lists).
func (b *board) fraction(p *jobProgress) float64 {
	if p.job.Parent != nil {
		if p.parents <= 0 {
			return -1
		}
		return float64(p.pdone) / float64(p.parents)
	}
	if p.newest == 0 || b.floor == 0 || p.newest <= b.floor {
		return -1
	}
	f := float64(p.newest-p.oldest) / float64(p.newest-b.floor)
	return min(max(f, 0), 0.99)
}
