package events

import (
	"context"
	"encoding/json"
)

// ApplyEvent applies one event delivered outside the /v1/events walk (a
// verified webhook) through the same path as polling: it is skipped when
// its id is already in the processed-event log, else its object is routed
// by data.object.object (deletes become tombstones, other API versions
// are refetched, invoice.upcoming is recorded but never written as an
// invoice), written in one transaction with its processed-event record.
// The cursor is not moved: only the forward walk moves it, and a later
// poll that meets this event drops it as a duplicate. It returns once the
// transaction committed; OnCommit sees the event like a polled one.
func (f *Follower) ApplyEvent(ctx context.Context, raw []byte) error {
	evs, err := parseEvents([]json.RawMessage{raw})
	if err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	o, err := f.apply(ctx, evs, nil)
	if err != nil {
		return err
	}
	f.stats.applied(o)
	return nil
}
