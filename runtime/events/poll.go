package events

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stripesync/stripesync/runtime/source"
	"github.com/stripesync/stripesync/runtime/state"
)

// caughtUpKey is the sync_state value recording when the follower was last
// caught up (unix seconds, Stripe's clock).
const caughtUpKey = "events/caught_up_at"

// PollStats counts what one poll did.
type PollStats struct {
	// Applied is the number of events applied.
	Applied int
	// Duplicates is the number of events already processed.
	Duplicates int
	// Refetched is the number of objects refetched.
	Refetched int
}

func (p *PollStats) add(o outcome) {
	p.Applied += o.applied
	p.Duplicates += o.duplicates
}

// Poll runs once: the forward walk from the cursor to the newest event,
// then the events created since Overlap before the cursor the poll started
// from (same-second events that arrived after the previous poll but sort
// behind the cursor), a lookback when one is due, and the refetches that
// are due. It is the loop's unit of work and safe to call directly.
func (f *Follower) Poll(ctx context.Context) (PollStats, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.poll(ctx, false)
}

// CatchUp applies every event created so far: a poll with a full lookback,
// then refetches until none is queued, waiting for those not yet due (so
// with a stopped fake clock it waits until ctx ends).
func (f *Follower) CatchUp(ctx context.Context) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, err := f.poll(ctx, true); err != nil {
		return err
	}
	for {
		n, queued, err := f.refetchDue(ctx)
		if err != nil {
			return err
		}
		if queued == 0 {
			return nil
		}
		if n == 0 {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(100 * time.Millisecond):
			}
		}
	}
}

func (f *Follower) poll(ctx context.Context, fullLookback bool) (PollStats, error) {
	var ps PollStats
	start := f.cfg.Source.Now()
	if err := f.load(ctx); err != nil {
		return ps, err
	}
	if err := f.checkRetention(start); err != nil {
		return ps, err
	}
	from := f.cursor.Created.Add(-f.cfg.Overlap).Unix()
	if err := f.walk(ctx, &ps); err != nil {
		return ps, err
	}
	if err := f.scan(ctx, &ps, from); err != nil {
		return ps, err
	}
	if fullLookback || time.Since(f.lastLookback) >= f.cfg.LookbackInterval {
		if err := f.scan(ctx, &ps, f.cursor.Created.Add(-f.cfg.LookbackWindow).Unix()); err != nil {
			return ps, err
		}
		f.lastLookback = time.Now()
	}
	n, _, err := f.refetchDue(ctx)
	ps.Refetched = n
	if err != nil {
		return ps, err
	}
	f.caughtUp = start
	if err := f.saveCaughtUp(ctx); err != nil {
		return ps, err
	}
	if err := f.prune(ctx, start); err != nil {
		return ps, err
	}
	f.stats.polled(ps, start, f.cursor)
	f.polled.signal(start)
	return ps, nil
}

// walk applies the events after the cursor, moving it. A fetcher runs
// ahead; pages waiting for the writer are applied together (up to
// maxBatchEvents), each transaction moving the cursor to its newest event.
func (f *Follower) walk(ctx context.Context, ps *PollStats) error {
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	pages := make(chan []*event, prefetchPages)
	fetchErr := make(chan error, 1)
	go func() { fetchErr <- f.fetchForward(wctx, f.cursor.EventID, pages) }()
	var err error
	for evs := range pages {
		if err != nil {
			continue // drain after a failed apply
		}
		evs = gatherEvents(evs, pages)
		newest := evs[len(evs)-1]
		move := &state.Cursor{EventID: newest.ID, Created: newest.createdTime()}
		var o outcome
		if o, err = f.apply(ctx, evs, move); err != nil {
			cancel()
			continue
		}
		f.cursor = move
		ps.add(o)
		f.stats.applied(o)
	}
	if ferr := <-fetchErr; err == nil {
		err = ferr
	}
	return err
}

// Batching of the forward walk.
const (
	// prefetchPages is how many pages the fetcher may run ahead.
	prefetchPages = 8
	// maxBatchEvents bounds the events one transaction applies.
	maxBatchEvents = 500
)

// fetchForward sends the pages after cursor, oldest events first, until
// the newest; then it closes pages.
func (f *Follower) fetchForward(ctx context.Context, cursor string, pages chan<- []*event) error {
	defer close(pages)
	for page, err := range f.cfg.Source.Client().EventsAfter(ctx, cursor, nil) {
		if err != nil {
			if source.IsParentMissing(err) {
				return fmt.Errorf("%w: cursor event %s is gone: %v", ErrRetention, cursor, err)
			}
			return fmt.Errorf("events: list events: %w", err)
		}
		evs, err := parseEvents(page.OldestFirst())
		if err != nil {
			return err
		}
		if len(evs) == 0 {
			return nil
		}
		select {
		case pages <- evs:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// gatherEvents appends the pages already waiting, up to maxBatchEvents.
func gatherEvents(evs []*event, pages <-chan []*event) []*event {
	for len(evs) < maxBatchEvents {
		select {
		case more, ok := <-pages:
			if !ok {
				return evs
			}
			evs = append(evs, more...)
		default:
			return evs
		}
	}
	return evs
}

// scan lists the events created at or after since and applies those not
// processed yet, without moving the cursor: same-second and late arrivals
// that sort behind it.
func (f *Follower) scan(ctx context.Context, ps *PollStats, since int64) error {
	q := url.Values{"created[gte]": {strconv.FormatInt(since, 10)}}
	var raws []json.RawMessage
	for page, err := range f.cfg.Source.Client().Pages(ctx, "/v1/events", q) {
		if err != nil {
			return fmt.Errorf("events: list events since %d: %w", since, err)
		}
		raws = append(raws, page.Data...)
	}
	slices.Reverse(raws)
	evs, err := parseEvents(raws)
	if err != nil || len(evs) == 0 {
		return err
	}
	o, err := f.apply(ctx, evs, nil)
	if err != nil {
		return err
	}
	if o.applied > 0 {
		f.cfg.Logger.Info("events: applied events found behind the cursor", "events", o.applied)
	}
	o.duplicates = 0 // rescans see processed events by design
	ps.add(o)
	f.stats.applied(o)
	return nil
}

// CheckRetention reports ErrRetention (with its loud warning) when the
// follower was last caught up too long ago for Stripe to still hold every
// event since, without polling; ErrNoCursor when no cursor is saved.
func (f *Follower) CheckRetention(ctx context.Context) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.load(ctx); err != nil {
		return err
	}
	return f.checkRetention(f.cfg.Source.Now())
}

// load reads the cursor and the caught-up time once.
func (f *Follower) load(ctx context.Context) error {
	if f.cursor != nil {
		return nil
	}
	c, ok, err := f.cfg.State.Cursor(ctx, f.cfg.DB, state.EventsCursor)
	if err != nil {
		return err
	}
	if !ok {
		return ErrNoCursor
	}
	var at int64
	if _, err := f.cfg.State.Value(ctx, f.cfg.DB, caughtUpKey, &at); err != nil {
		return err
	}
	f.cursor, f.caughtUp = &c, time.Unix(at, 0)
	f.savedCaught = f.caughtUp
	return nil
}

// checkRetention fails when events may have expired since the follower was
// last known to be caught up.
func (f *Follower) checkRetention(now time.Time) error {
	ref := f.cursor.Created
	if f.caughtUp.After(ref) {
		ref = f.caughtUp
	}
	age := now.Sub(ref)
	if age <= f.cfg.Retention-f.cfg.RetentionMargin {
		return nil
	}
	f.cfg.Logger.Warn("events: THE EVENTS CURSOR IS NEAR STRIPE'S 30-DAY RETENTION: events may be lost; backfilling again",
		"cursor", f.cursor.EventID, "cursor_created", f.cursor.Created, "last_caught_up", f.caughtUp, "age", age.Round(time.Second))
	return fmt.Errorf("%w (last caught up %s ago)", ErrRetention, age.Round(time.Minute))
}

// saveCaughtUp persists the caught-up time at most once a minute.
func (f *Follower) saveCaughtUp(ctx context.Context) error {
	if f.caughtUp.Sub(f.savedCaught) < time.Minute {
		return nil
	}
	err := f.cfg.State.SetValue(ctx, f.cfg.DB, caughtUpKey, f.caughtUp.Unix())
	if err == nil {
		f.savedCaught = f.caughtUp
	}
	return err
}

// pruneEvery is how often the processed-event log is pruned.
const pruneEvery = time.Hour

// prune forgets processed events older than Retention plus a day: Stripe
// can no longer deliver them, so they cannot come back as duplicates.
func (f *Follower) prune(ctx context.Context, now time.Time) error {
	if time.Since(f.lastPrune) < pruneEvery {
		return nil
	}
	n, err := f.cfg.State.PruneProcessed(ctx, f.cfg.DB, now.Add(-f.cfg.Retention-24*time.Hour))
	if err != nil {
		return err
	}
	if n > 0 {
		f.cfg.Logger.Info("events: pruned processed events past retention", "events", n)
	}
	more := false
	if f.cfg.KeepEvents > 0 && f.eventsTable != nil {
		if n, more, err = f.pruneEventsTable(ctx, now.Add(-f.cfg.KeepEvents)); err != nil {
			return err
		}
		if n > 0 {
			f.cfg.Logger.Info("events: deleted rows of the events table past --events-retention", "rows", n)
		}
	}
	if !more { // else the next poll goes on pruning
		f.lastPrune = time.Now()
	}
	return nil
}

// pruneChunk is how many events table rows one pruning statement deletes,
// so no statement holds many row locks or runs long; one poll runs at most
// pruneChunksPerPoll of them, so a first prune of a large table does not
// hold up the events for long.
const (
	pruneChunk         = 5000
	pruneChunksPerPoll = 10
)

// pruneEventsTable deletes the events table's rows created before cutoff,
// in chunks, through the index on "created"; it returns the rows deleted
// and whether older rows may remain.
func (f *Follower) pruneEventsTable(ctx context.Context, cutoff time.Time) (int64, bool, error) {
	t := pgx.Identifier{f.cfg.DataSchema, f.eventsTable.Name}.Sanitize()
	q := `DELETE FROM ` + t + ` WHERE "id" IN (SELECT "id" FROM ` + t + ` WHERE "created" < $1 LIMIT $2)`
	var total int64
	for range pruneChunksPerPoll {
		tag, err := f.cfg.DB.Exec(ctx, q, cutoff, pruneChunk)
		if err != nil {
			return total, false, fmt.Errorf("events: prune the events table: %w", err)
		}
		total += tag.RowsAffected()
		if tag.RowsAffected() < pruneChunk {
			return total, false, nil
		}
	}
	return total, true, nil
}

// ErrNotCaughtUp is returned by WaitPolled when ctx ends first.
var ErrNotCaughtUp = errors.New("events: not caught up in time")
