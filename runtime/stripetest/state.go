package stripetest

import (
	"encoding/json"
	"sort"
)

// Snapshot is the fake account's state for comparing a synced database
// against.
type Snapshot struct {
	// Objects maps resource -> id -> the object as the API renders it.
	Objects map[string]map[string]json.RawMessage
	// Deleted maps resource -> deleted ids, sorted.
	Deleted map[string][]string
}

// Count returns the number of live objects of a resource.
func (sn Snapshot) Count(resource string) int { return len(sn.Objects[resource]) }

// Total returns the number of live objects.
func (sn Snapshot) Total() int {
	n := 0
	for _, m := range sn.Objects {
		n += len(m)
	}
	return n
}

// State renders every live object and lists deleted ids. Canceled
// subscriptions are live objects with status "canceled".
func (s *Server) State() Snapshot {
	s.mu.RLock()
	defer s.mu.RUnlock()
	sn := Snapshot{Objects: map[string]map[string]json.RawMessage{}, Deleted: map[string][]string{}}
	for k, set := range s.st.live {
		if len(set.items) == 0 {
			continue
		}
		objs := make(map[string]json.RawMessage, len(set.items))
		for _, o := range set.items {
			objs[o.id], _ = s.st.renderBytes(o, nil)
		}
		sn.Objects[k.name] = objs
	}
	for _, o := range s.st.deleted {
		sn.Deleted[o.kind.name] = append(sn.Deleted[o.kind.name], o.id)
	}
	for _, ids := range sn.Deleted {
		sort.Strings(ids)
	}
	return sn
}

// Event is one emitted event.
type Event struct {
	// ID is the event id (evt_...).
	ID string
	// Type is the event type ("customer.created").
	Type string
	// Created is the event's created time in unix seconds.
	Created int64
	// JSON is the event as GET /v1/events/{id} returns it.
	JSON json.RawMessage
}

// Events returns the events still within retention, oldest first.
func (s *Server) Events() []Event {
	s.mu.RLock()
	defer s.mu.RUnlock()
	cut := s.st.now() - Retention
	var out []Event
	for _, e := range s.st.events.set.items {
		if e.created >= cut {
			out = append(out, Event{ID: e.id, Type: e.typ, Created: e.created, JSON: e.raw})
		}
	}
	return out
}
