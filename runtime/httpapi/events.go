package httpapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"time"

	"github.com/stripesync/stripesync/runtime/stripeclient"
)

// NewestEvent is the newest event in Stripe at some moment.
type NewestEvent struct {
	// ID is its id ("" when the account has no event).
	ID string
	// Created is its creation time on Stripe's clock.
	Created time.Time
}

// newestEventer tells the newest event with its time.
type newestEventer interface {
	LatestEvent(ctx context.Context) (NewestEvent, error)
}

// Lister lists one page (a *stripeclient.Client).
type Lister interface {
	List(ctx context.Context, path string, q url.Values) (*stripeclient.Page, error)
}

// StripeEvents is an EventSource that also tells the newest event's
// creation time, as a Waiter needs.
type StripeEvents struct {
	// Client lists /v1/events.
	Client Lister
}

// LatestEventID returns the newest event's id, or "".
func (s StripeEvents) LatestEventID(ctx context.Context) (string, error) {
	ev, err := s.LatestEvent(ctx)
	return ev.ID, err
}

// LatestEvent returns the newest event, or a zero NewestEvent when there
// is none.
func (s StripeEvents) LatestEvent(ctx context.Context) (NewestEvent, error) {
	p, err := s.Client.List(ctx, "/v1/events", url.Values{"limit": {"1"}})
	if err != nil || len(p.Data) == 0 {
		return NewestEvent{}, err
	}
	var ev struct {
		ID      string `json:"id"`
		Created int64  `json:"created"`
	}
	if err := json.Unmarshal(p.Data[0], &ev); err != nil || ev.ID == "" {
		return NewestEvent{}, fmt.Errorf("httpapi: unreadable newest event: %v", err)
	}
	return NewestEvent{ID: ev.ID, Created: time.Unix(ev.Created, 0)}, nil
}
