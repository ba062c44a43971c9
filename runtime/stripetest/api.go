package stripetest

import (
	"encoding/json"
	"fmt"
)

// Object is a snapshot of one object as the API renders it.
type Object struct {
	// ID is the object's id.
	ID string
	// Resource is its x-resourceId ("customer", "checkout.session").
	Resource string
	// Created is its created time in unix seconds (its insertion time for
	// resources without a created field).
	Created int64
	// JSON is the object as GET /v1/<resource>/{id} returns it.
	JSON json.RawMessage
}

// Decode unmarshals the object's JSON into v.
func (o Object) Decode(v any) error {
	if err := json.Unmarshal(o.JSON, v); err != nil {
		return fmt.Errorf("stripetest: decode %s: %w", o.ID, err)
	}
	return nil
}

// snapshot renders an object under the caller's lock.
func (s *Server) snapshot(o *object) Object {
	raw, _ := s.st.renderBytes(o, nil)
	return Object{ID: o.id, Resource: o.kind.name, Created: o.created, JSON: raw}
}

// Create adds an object of resource (an x-resourceId), built from its fixture
// with fields overriding top-level values, and emits its created event.
func (s *Server) Create(resource string, fields map[string]any, opts ...Option) (Object, error) {
	k := s.m.liveKind(resource)
	if k == nil {
		return Object{}, fmt.Errorf("%w: %q", ErrUnknownResource, resource)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	o, err := s.st.create(k, fields, newMutation(opts))
	if err != nil {
		return Object{}, err
	}
	return s.snapshot(o), nil
}

// Update changes top-level fields of a live object and emits its updated
// event with the old values as data.previous_attributes.
func (s *Server) Update(id string, changes map[string]any, opts ...Option) (Object, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, err := s.liveObject(id)
	if err != nil {
		return Object{}, err
	}
	if err := s.st.update(o, changes, newMutation(opts)); err != nil {
		return Object{}, err
	}
	return s.snapshot(o), nil
}

// Delete deletes a live object and emits its deleted event, when the
// resource has one. Subscriptions are canceled instead, as on Stripe.
func (s *Server) Delete(id string, opts ...Option) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, err := s.liveObject(id)
	if err != nil {
		return err
	}
	return s.st.remove(o, newMutation(opts))
}

// Get returns a live object by id.
func (s *Server) Get(id string) (Object, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	o := s.st.objects[id]
	if o == nil || o.deleted {
		return Object{}, false
	}
	return s.snapshot(o), true
}

func (s *Server) liveObject(id string) (*object, error) {
	o := s.st.objects[id]
	if o == nil || o.deleted {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	return o, nil
}

// Emit emits an event of type eventType about the current state of a live
// object without changing it (invoice.finalized, a replayed update ...).
func (s *Server) Emit(id, eventType string, opts ...Option) (Event, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, err := s.liveObject(id)
	if err != nil {
		return Event{}, err
	}
	e, err := s.st.emit(eventType, o, nil, newMutation(opts))
	if err != nil {
		return Event{}, fmt.Errorf("stripetest: emit %s for %s: %w", eventType, id, err)
	}
	return Event{ID: e.id, Type: e.typ, Created: e.created, JSON: e.raw}, nil
}
