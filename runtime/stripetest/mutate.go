package stripetest

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

var (
	// ErrNotFound is returned when an id names no live object.
	ErrNotFound = errors.New("stripetest: no such object")
	// ErrUnknownResource is returned for a resource the fake cannot generate.
	ErrUnknownResource = errors.New("stripetest: unknown resource")
)

// Option adjusts one Create, Update or Delete.
type Option func(*mutation)

type mutation struct {
	eventAt    *time.Time
	createdAt  *time.Time
	apiVersion string
	eventType  string
	parent     string
	id         string
	automatic  bool
	noEvent    bool
}

// EventAt gives the emitted event this created time instead of the clock's,
// e.g. earlier than the newest event, to model late, out-of-order delivery.
func EventAt(t time.Time) Option { return func(m *mutation) { m.eventAt = &t } }

// CreatedAt gives a created object this created time instead of the clock's.
func CreatedAt(t time.Time) Option { return func(m *mutation) { m.createdAt = &t } }

// EventAPIVersion stamps the emitted event with another api_version.
func EventAPIVersion(v string) Option { return func(m *mutation) { m.apiVersion = v } }

// EventType overrides the emitted event's type (e.g. "invoice.paid" for an
// update that pays an invoice).
func EventType(t string) Option { return func(m *mutation) { m.eventType = t } }

// Parent creates the object under the given parent (a line item under an
// invoice, a person under an account).
func Parent(id string) Option { return func(m *mutation) { m.parent = id } }

// WithID creates the object with a chosen id.
func WithID(id string) Option { return func(m *mutation) { m.id = id } }

// Automatic marks the event as caused by Stripe rather than an API request:
// its request has a null id and idempotency key.
func Automatic() Option { return func(m *mutation) { m.automatic = true } }

// NoEvent changes state without emitting an event, as Stripe does for
// deletes of webhook endpoints or changes to subscription items.
func NoEvent() Option { return func(m *mutation) { m.noEvent = true } }

// with returns a copy of mu changed by f.
func (mu *mutation) with(f Option) *mutation {
	c := *mu
	f(&c)
	return &c
}

func newMutation(opts []Option) *mutation {
	mu := &mutation{}
	for _, o := range opts {
		o(mu)
	}
	return mu
}

// create makes, links, indexes and announces one object.
func (s *store) create(k *kind, fields map[string]any, mu *mutation) (*object, error) {
	created := s.nextCreated()
	if mu.createdAt != nil {
		created = mu.createdAt.Unix()
	}
	o, err := s.newObject(k, mu.id, created)
	if err != nil {
		return nil, err
	}
	if err := s.applyFields(o, fields); err != nil {
		return nil, err
	}
	if err := s.link(o, fields, mu); err != nil {
		return nil, err
	}
	s.index(o)
	if mu.eventAt == nil {
		at := time.Unix(o.created, 0)
		mu = mu.with(func(m *mutation) { m.eventAt = &at })
	}
	if err := s.announce(o, "created", nil, mu); err != nil {
		return nil, err
	}
	return o, nil
}

// applyFields sets caller-given fields; "created" also moves the object.
func (s *store) applyFields(o *object, fields map[string]any) error {
	for name, v := range fields {
		if name == "id" {
			return fmt.Errorf("stripetest: set ids with WithID, not a field")
		}
		if err := o.set(name, v); err != nil {
			return fmt.Errorf("stripetest: field %s: %w", name, err)
		}
		if name == "created" {
			if err := json.Unmarshal(o.fields[name], &o.created); err != nil {
				return fmt.Errorf("stripetest: created must be unix seconds: %w", err)
			}
		}
	}
	return nil
}

// update changes fields of a live object and announces the change with the
// old values as previous_attributes. A change that changes nothing is silent.
func (s *store) update(o *object, changes map[string]any, mu *mutation) error {
	prev := map[string]json.RawMessage{}
	next := map[string]json.RawMessage{}
	for name, v := range changes {
		if name == "id" || name == "created" || name == "object" {
			return fmt.Errorf("stripetest: field %s cannot change", name)
		}
		raw, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("stripetest: field %s: %w", name, err)
		}
		old := o.raw(name)
		if old == nil {
			old = json.RawMessage("null")
		}
		if string(old) != string(raw) {
			prev[name], next[name] = old, raw
		}
	}
	if len(next) == 0 {
		return nil
	}
	s.unindex(o)
	for name, raw := range next {
		o.fields[name] = raw
	}
	s.index(o)
	return s.announce(o, "updated", prev, mu)
}

// remove deletes a live object: deletable resources leave a deleted stub,
// subscriptions are canceled (Stripe's DELETE cancels them), others vanish.
// The deleted event carries the object as it was before the delete.
func (s *store) remove(o *object, mu *mutation) error {
	if o.kind.name == "subscription" {
		return s.cancel(o, mu)
	}
	typ := mu.eventType
	if typ == "" {
		typ = eventTypeFor(o, "deleted")
	}
	if typ != "" && !mu.noEvent {
		if _, err := s.emit(typ, o, nil, mu); err != nil {
			return err
		}
	}
	s.unindex(o)
	o.deleted, o.stub, o.deletedAt = true, o.kind.res.Deletable, s.now()
	s.deleted = append(s.deleted, o)
	return nil
}

// cancel ends a subscription: status canceled, canceled_at and ended_at now,
// announced as customer.subscription.deleted without previous_attributes.
func (s *store) cancel(o *object, mu *mutation) error {
	now := s.now()
	s.unindex(o)
	o.setString("status", "canceled")
	o.setInt("canceled_at", now)
	o.setInt("ended_at", now)
	s.index(o)
	return s.announce(o, "deleted", nil, mu)
}

// announce emits the event for an action unless told not to or the
// resource has none.
func (s *store) announce(o *object, action string, prev map[string]json.RawMessage, mu *mutation) error {
	if mu.noEvent {
		return nil
	}
	typ := mu.eventType
	if typ == "" {
		typ = eventTypeFor(o, action)
	}
	if typ == "" {
		return nil
	}
	_, err := s.emit(typ, o, prev, mu)
	return err
}
