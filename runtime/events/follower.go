package events

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/stripesync/stripesync/internal/syncdb"
	"github.com/stripesync/stripesync/runtime/state"
)

// Follower applies Stripe's event stream to the database. Poll, CatchUp
// and the Start loop are serialized, so they may be called concurrently.
type Follower struct {
	cfg         Config
	eventsTable *syncdb.Table

	mu           sync.Mutex // serializes polls and applies
	cursor       *state.Cursor
	caughtUp     time.Time // Stripe time when a walk last reached the end
	savedCaught  time.Time // caughtUp as last persisted
	lastLookback time.Time
	lastPrune    time.Time

	stats  statsBox
	polled pollSignal

	runMu   sync.Mutex
	running bool
	done    chan struct{}
	runErr  error
}

// New checks cfg and returns a Follower.
func New(cfg Config) (*Follower, error) {
	cfg, err := cfg.validate()
	if err != nil {
		return nil, err
	}
	f := &Follower{cfg: cfg}
	if !cfg.SkipEventsTable {
		f.eventsTable = cfg.Source.Registry().ForObject("event")
	}
	f.polled.init()
	return f, nil
}

// Start runs the poll loop in the background until ctx ends or the
// follower needs a re-backfill (ErrRetention); Wait returns how it ended.
func (f *Follower) Start(ctx context.Context) error {
	f.runMu.Lock()
	defer f.runMu.Unlock()
	if f.running {
		return ErrStarted
	}
	f.running, f.done = true, make(chan struct{})
	go func() {
		err := f.Run(ctx)
		f.runMu.Lock()
		f.runErr, f.running = err, false
		close(f.done)
		f.runMu.Unlock()
	}()
	return nil
}

// Wait blocks until a loop started by Start ends and returns its error:
// nil when ctx ended, ErrRetention when a re-backfill is needed.
func (f *Follower) Wait() error {
	f.runMu.Lock()
	done := f.done
	f.runMu.Unlock()
	if done == nil {
		return nil
	}
	<-done
	f.runMu.Lock()
	defer f.runMu.Unlock()
	return f.runErr
}

// maxPollBackoff caps the wait after consecutive failed polls: the
// Stripe client already retries throttling and 5xx with its own backoff,
// so what is left is mostly a database that went away, and events should
// flow again within seconds of its return.
const maxPollBackoff = 5 * time.Second

// Run polls every PollInterval until ctx ends (returning nil) or the
// follower needs a re-backfill (ErrRetention). Other errors are logged and
// retried with backoff (doubling up to maxPollBackoff); the poll in flight
// when ctx ends finishes its write.
func (f *Follower) Run(ctx context.Context) error {
	backoff := f.cfg.PollInterval
	for {
		_, err := f.Poll(ctx)
		switch {
		case ctx.Err() != nil:
			return nil
		case errors.Is(err, ErrRetention) || errors.Is(err, ErrNoCursor):
			return err
		case err != nil:
			f.stats.failed(err)
			f.cfg.Logger.Warn("events: poll failed; retrying", "error", err, "wait", backoff)
			backoff = min(backoff*2, max(maxPollBackoff, f.cfg.PollInterval))
		default:
			backoff = f.cfg.PollInterval
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(backoff):
		}
	}
}

// Stats returns a snapshot of the follower's counters.
func (f *Follower) Stats() Stats { return f.stats.snapshot(f.cfg.Source.Now()) }
