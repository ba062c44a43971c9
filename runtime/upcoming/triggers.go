package upcoming

import (
	"encoding/json"
	"fmt"
)

// Kind says whose upcoming invoice a subject is.
type Kind int

// Subject kinds.
const (
	// Customer is a customer's upcoming invoice (upcoming_customer_invoices).
	Customer Kind = iota + 1
	// Subscription is a subscription's upcoming invoice (upcoming_subscription_invoices).
	Subscription
)

// Tables holding the previews, by kind.
const (
	// CustomerTable holds customers' upcoming invoices, keyed by customer_id.
	CustomerTable = "upcoming_customer_invoices"
	// SubscriptionTable holds subscriptions' upcoming invoices, keyed by subscription_id.
	SubscriptionTable = "upcoming_subscription_invoices"
)

// String returns "customer" or "subscription", the preview parameter name.
func (k Kind) String() string {
	switch k {
	case Customer:
		return "customer"
	case Subscription:
		return "subscription"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// table returns the kind's table name.
func (k Kind) table() string {
	if k == Subscription {
		return SubscriptionTable
	}
	return CustomerTable
}

// Subject is a customer or subscription whose upcoming invoice to refresh.
type Subject struct {
	// Kind says which.
	Kind Kind
	// ID is the customer's or subscription's id.
	ID string
}

// String returns e.g. "subscription sub_123".
func (s Subject) String() string { return s.Kind.String() + " " + s.ID }

// UpcomingEvent is the event type whose object is a preview.
const UpcomingEvent = "invoice.upcoming"

// SkipUpsert reports whether an event's object must not be upserted into
// its table: invoice.upcoming carries a preview, never an invoice.
func SkipUpsert(eventType string) bool { return eventType == UpcomingEvent }

// refs are the fields of an event object that name subjects.
type refs struct {
	Object       string          `json:"object"`
	ID           string          `json:"id"`
	Customer     json.RawMessage `json:"customer"`
	Subscription json.RawMessage `json:"subscription"`
	Parent       *struct {
		SubscriptionDetails *struct {
			Subscription json.RawMessage `json:"subscription"`
		} `json:"subscription_details"`
	} `json:"parent"`
}

// subscription returns the subscription named directly (acacia) or under
// parent.subscription_details (basil on).
func (r *refs) subscription() string {
	if id := refID(r.Subscription); id != "" {
		return id
	}
	if r.Parent != nil && r.Parent.SubscriptionDetails != nil {
		return refID(r.Parent.SubscriptionDetails.Subscription)
	}
	return ""
}

// Subjects returns the subjects whose upcoming invoice an event's object
// can change (see the package documentation), or none. eventType is not
// needed for routing, which follows object.object, and is accepted for
// logging and future rules.
func Subjects(eventType string, object json.RawMessage) ([]Subject, error) {
	var r refs
	if err := json.Unmarshal(object, &r); err != nil {
		return nil, fmt.Errorf("upcoming: %s: decode data.object: %w", eventType, err)
	}
	var out []Subject
	add := func(k Kind, id string) {
		if id != "" {
			out = append(out, Subject{Kind: k, ID: id})
		}
	}
	switch r.Object {
	case "customer":
		add(Customer, r.ID)
	case "subscription":
		add(Subscription, r.ID)
		add(Customer, refID(r.Customer))
	case "subscription_schedule", "invoice", "invoiceitem", "discount":
		add(Subscription, r.subscription())
		add(Customer, refID(r.Customer))
	case "tax_id", "credit_note":
		add(Customer, refID(r.Customer))
	}
	return out, nil
}

// refID reads an expandable reference: an id string or an object with id.
func refID(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var id string
	if json.Unmarshal(raw, &id) == nil {
		return id
	}
	var obj struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(raw, &obj)
	return obj.ID
}
