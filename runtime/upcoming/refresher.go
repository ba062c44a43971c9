package upcoming

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/stripesync/stripesync/runtime/stripeclient"
)

// Refresher keeps the preview tables current. Observe schedules subjects;
// Start refreshes them when due. It is safe for concurrent use.
type Refresher struct {
	cfg Config

	mu       sync.Mutex
	pending  map[Subject]*slot
	failures map[Subject]int
	wake     chan struct{}
	disabled atomic.Bool

	runMu   sync.Mutex
	version atomic.Int64
	stats   counters
}

// slot is one pending subject: when its first trigger arrived and when
// it is due.
type slot struct {
	first, due time.Time
}

// counters are the refresher's running totals.
type counters struct {
	refreshed, deleted, failed atomic.Int64
}

// Stats counts what the refresher did.
type Stats struct {
	// Refreshed is the number of previews written.
	Refreshed int64
	// Deleted is the number of subjects found with nothing upcoming.
	Deleted int64
	// Failed is the number of refreshes that failed.
	Failed int64
	// Pending is the number of subjects waiting for a refresh.
	Pending int
	// Disabled reports that the refresher turned itself off because the
	// key may not preview invoices.
	Disabled bool
}

// New checks cfg and returns a Refresher.
func New(cfg Config) (*Refresher, error) {
	cfg, err := cfg.validate()
	if err != nil {
		return nil, err
	}
	return &Refresher{cfg: cfg, pending: map[Subject]*slot{}, failures: map[Subject]int{}, wake: make(chan struct{}, 1)}, nil
}

// Endpoint returns the preview endpoint in use.
func (r *Refresher) Endpoint() string { return r.cfg.Endpoint }

// Stats returns the running totals.
func (r *Refresher) Stats() Stats {
	r.mu.Lock()
	n := len(r.pending)
	r.mu.Unlock()
	return Stats{Refreshed: r.stats.refreshed.Load(), Deleted: r.stats.deleted.Load(),
		Failed: r.stats.failed.Load(), Pending: n, Disabled: r.disabled.Load()}
}

// Observe schedules the subjects an applied event can change. Call it
// after the event's effect is committed, for every event (polled or
// delivered by webhook); events that change no preview are ignored.
func (r *Refresher) Observe(eventType string, object json.RawMessage) error {
	subjects, err := Subjects(eventType, object)
	if err != nil {
		return err
	}
	for _, s := range subjects {
		r.Schedule(s)
	}
	return nil
}

// ObserveEvent is Observe for a whole event's JSON.
func (r *Refresher) ObserveEvent(raw []byte) error {
	var ev struct {
		Type string `json:"type"`
		Data struct {
			Object json.RawMessage `json:"object"`
		} `json:"data"`
	}
	if err := json.Unmarshal(raw, &ev); err != nil {
		return fmt.Errorf("upcoming: decode event: %w", err)
	}
	if len(ev.Data.Object) == 0 {
		return nil
	}
	return r.Observe(ev.Type, ev.Data.Object)
}

// Schedule asks for a refresh of s after the debounce. It does nothing
// once the refresher turned itself off for lack of a permission.
func (r *Refresher) Schedule(s Subject) {
	if r.disabled.Load() {
		return
	}
	now := r.cfg.Now()
	r.mu.Lock()
	sl := r.pending[s]
	if sl == nil {
		sl = &slot{first: now}
		r.pending[s] = sl
	}
	sl.due = minTime(now.Add(r.cfg.Debounce), sl.first.Add(r.cfg.MaxDelay))
	r.mu.Unlock()
	r.signal()
}

// failed handles a failed refresh. A missing permission turns the
// refresher off (once, loudly: every refresh would fail alike); other
// failures are retried after RetryDelay, MaxAttempts times in all, unless
// a newer trigger made the subject due sooner.
func (r *Refresher) failed(s Subject, err error) {
	r.stats.failed.Add(1)
	if errors.Is(err, stripeclient.ErrPermission) {
		if r.disabled.CompareAndSwap(false, true) {
			r.cfg.Logger.Error("upcoming: upcoming invoices are off until restart: the API key may not preview invoices", "error", err)
			r.mu.Lock()
			clear(r.pending)
			r.mu.Unlock()
		}
		return
	}
	now := r.cfg.Now()
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failures[s]++
	if r.failures[s] >= r.cfg.MaxAttempts {
		delete(r.failures, s)
		r.cfg.Logger.Error("upcoming: giving up on a preview until its next event", "subject", s.String(), "error", err)
		return
	}
	if r.pending[s] == nil {
		r.pending[s] = &slot{first: now, due: now.Add(r.cfg.RetryDelay)}
	}
}

// succeeded forgets a subject's failures.
func (r *Refresher) succeeded(s Subject) {
	r.mu.Lock()
	delete(r.failures, s)
	r.mu.Unlock()
}

func (r *Refresher) signal() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// take removes and returns the subjects due at now (all when all is set).
func (r *Refresher) take(now time.Time, all bool) []Subject {
	r.mu.Lock()
	defer r.mu.Unlock()
	var due []Subject
	for s, sl := range r.pending {
		if all || !sl.due.After(now) {
			due = append(due, s)
			delete(r.pending, s)
		}
	}
	return due
}

// nextDue returns when the next pending subject is due (zero when none).
func (r *Refresher) nextDue() time.Time {
	r.mu.Lock()
	defer r.mu.Unlock()
	var next time.Time
	for _, sl := range r.pending {
		if next.IsZero() || sl.due.Before(next) {
			next = sl.due
		}
	}
	return next
}

// Start refreshes subjects as they come due until ctx ends, then returns
// nil. Subjects still pending then are dropped: their next event schedules
// them again.
func (r *Refresher) Start(ctx context.Context) error {
	for {
		next, err := r.runOnce(ctx, false)
		if err != nil && ctx.Err() == nil {
			r.cfg.Logger.Warn("upcoming: refresh failed; retrying later", "error", err)
		}
		wait := time.Hour
		if !next.IsZero() {
			wait = max(next.Sub(r.cfg.Now()), time.Millisecond)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-r.wake:
		case <-t.C:
		}
		t.Stop()
	}
}

// Flush refreshes every pending subject now, due or not, and returns the
// joined errors of those that failed (they stay scheduled for a retry).
func (r *Refresher) Flush(ctx context.Context) error {
	_, err := r.runOnce(ctx, true)
	return err
}

// runOnce refreshes the due subjects (all with all), Concurrency at a
// time, and returns when the next one is due.
func (r *Refresher) runOnce(ctx context.Context, all bool) (time.Time, error) {
	r.runMu.Lock()
	defer r.runMu.Unlock()
	due := r.take(r.cfg.Now(), all)
	errs := make([]error, len(due))
	sem := make(chan struct{}, r.cfg.Concurrency)
	var wg sync.WaitGroup
	for i, s := range due {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			if errs[i] = r.Refresh(ctx, s); errs[i] != nil {
				r.failed(s, errs[i])
			} else {
				r.succeeded(s)
			}
		}()
	}
	wg.Wait()
	return r.nextDue(), errors.Join(errs...)
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}
