package events

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// event is the part of a Stripe event the follower reads.
type event struct {
	ID         string  `json:"id"`
	Type       string  `json:"type"`
	Created    int64   `json:"created"`
	APIVersion *string `json:"api_version"`
	Account    string  `json:"account"`
	Data       struct {
		Object json.RawMessage `json:"object"`
	} `json:"data"`

	raw []byte
}

// parseEvents parses raw events, keeping their order.
func parseEvents(raws []json.RawMessage) ([]*event, error) {
	out := make([]*event, 0, len(raws))
	for i, raw := range raws {
		e := &event{raw: raw}
		if err := json.Unmarshal(raw, e); err != nil {
			return nil, fmt.Errorf("events: event %d: %w", i, err)
		}
		if e.ID == "" || e.Created <= 0 {
			return nil, fmt.Errorf("events: event %d: no id or created", i)
		}
		out = append(out, e)
	}
	return out, nil
}

// createdTime is the event's creation time.
func (e *event) createdTime() time.Time { return time.Unix(e.Created, 0) }

// apiVersion is the version the payload was rendered at ("" when null).
func (e *event) apiVersion() string {
	if e.APIVersion == nil {
		return ""
	}
	return *e.APIVersion
}

// keepOnDelete are "*.deleted" events whose object stays listable:
// deleting a subscription cancels it, and Stripe still lists it with
// status "canceled".
var keepOnDelete = map[string]bool{"customer.subscription.deleted": true}

// deletes reports whether the event deletes its object.
func (e *event) deletes() bool {
	return strings.HasSuffix(e.Type, ".deleted") && !keepOnDelete[e.Type]
}

// preview reports whether the event carries a computed preview that is no
// stored object (invoice.upcoming).
func (e *event) preview() bool { return e.Type == "invoice.upcoming" }
