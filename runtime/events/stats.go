package events

import (
	"context"
	"sync"
	"time"

	"github.com/stripesync/stripesync/runtime/state"
)

// Stats is a snapshot of the follower's counters for metrics.
type Stats struct {
	// Applied is the number of events applied.
	Applied int64
	// Duplicates is the number of deliveries dropped as already processed.
	Duplicates int64
	// Skipped is the number of applied events whose object the mirror does
	// not keep (invoice.upcoming, objects without a table).
	Skipped int64
	// RefetchQueued, Refetched and RefetchFailed count object refetches.
	RefetchQueued, Refetched, RefetchFailed int64
	// Polls and FailedPolls count polls.
	Polls, FailedPolls int64
	// LastError is the last poll error, if any.
	LastError string
	// LastPoll is when the last successful poll started (Stripe's clock).
	LastPoll time.Time
	// Lag is how long ago the follower was last known to have applied every
	// event (now minus LastPoll); 0 before the first poll.
	Lag time.Duration
	// Cursor is the newest event applied by the forward walk.
	Cursor string
	// CursorCreated is its creation time.
	CursorCreated time.Time
	// Rows counts rows and deletions written per table.
	Rows map[string]int64
}

// statsBox holds the live counters.
type statsBox struct {
	mu sync.Mutex
	s  Stats
}

func (b *statsBox) applied(o outcome) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.s.Applied += int64(o.applied)
	b.s.Duplicates += int64(o.duplicates)
	b.s.Skipped += int64(o.skipped)
	b.s.RefetchQueued += int64(o.refetches)
	if b.s.Rows == nil {
		b.s.Rows = map[string]int64{}
	}
	for t, n := range o.rows {
		b.s.Rows[t] += int64(n)
	}
}

func (b *statsBox) polled(ps PollStats, start time.Time, c *state.Cursor) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.s.Polls++
	b.s.LastPoll = start
	if c != nil {
		b.s.Cursor, b.s.CursorCreated = c.EventID, c.Created
	}
}

func (b *statsBox) failed(err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.s.FailedPolls++
	b.s.LastError = err.Error()
}

func (b *statsBox) refetched(n int) {
	b.mu.Lock()
	b.s.Refetched += int64(n)
	b.mu.Unlock()
}

func (b *statsBox) refetchFailed() {
	b.mu.Lock()
	b.s.RefetchFailed++
	b.mu.Unlock()
}

func (b *statsBox) snapshot(now time.Time) Stats {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := b.s
	s.Rows = make(map[string]int64, len(b.s.Rows))
	for k, v := range b.s.Rows {
		s.Rows[k] = v
	}
	if !s.LastPoll.IsZero() {
		s.Lag = max(now.Sub(s.LastPoll), 0)
	}
	return s
}

// pollSignal lets callers wait for a poll that started after a time.
type pollSignal struct {
	mu   sync.Mutex
	last time.Time
	ch   chan struct{}
}

func (p *pollSignal) init() { p.ch = make(chan struct{}) }

func (p *pollSignal) signal(start time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.last = start
	close(p.ch)
	p.ch = make(chan struct{})
}

// WaitPolled blocks until a poll that started at or after t (Stripe's
// clock) has completed: every event created before t and visible to the
// forward walk or the cursor's second is then applied (read-after-write
// for GET /wait). It returns ErrNotCaughtUp when ctx ends first.
func (f *Follower) WaitPolled(ctx context.Context, t time.Time) error {
	for {
		f.polled.mu.Lock()
		last, ch := f.polled.last, f.polled.ch
		f.polled.mu.Unlock()
		if !last.Before(t) {
			return nil
		}
		select {
		case <-ctx.Done():
			return ErrNotCaughtUp
		case <-ch:
		}
	}
}
