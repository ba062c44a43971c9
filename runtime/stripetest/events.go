package stripetest

import (
	"encoding/json"
	"sort"
	"strings"
)

// Retention is how long events stay listable, as on Stripe.
const Retention = 30 * 24 * 60 * 60 // seconds

// event is one stored event, rendered once when emitted.
type event struct {
	id      string
	typ     string
	created int64
	tie     string
	raw     json.RawMessage
}

func (e *event) sortKey() key { return key{created: e.created, tie: e.tie} }

// eventLog holds every event ever emitted; retention is applied on read.
type eventLog struct {
	set  sortedSet[*event]
	byID map[string]*event
}

func newEventLog() eventLog {
	return eventLog{byID: map[string]*event{}}
}

// eventJSON is an event's wire shape.
type eventJSON struct {
	ID              string       `json:"id"`
	Object          string       `json:"object"`
	APIVersion      *string      `json:"api_version"`
	Created         int64        `json:"created"`
	Data            eventData    `json:"data"`
	Livemode        bool         `json:"livemode"`
	PendingWebhooks int          `json:"pending_webhooks"`
	Request         eventRequest `json:"request"`
	Type            string       `json:"type"`
}

type eventData struct {
	Object             json.RawMessage `json:"object"`
	PreviousAttributes json.RawMessage `json:"previous_attributes,omitempty"`
}

type eventRequest struct {
	ID             *string `json:"id"`
	IdempotencyKey *string `json:"idempotency_key"`
}

// eventCandidates lists the event types announcing an action on kind k:
// types whose only object is k first ("customer.subscription.created" for
// subscription), then shared ones ("customer.source.created" for card).
func (m *model) eventCandidates(k *kind, action string) []string {
	var single, shared []string
	for _, t := range k.res.EventTypes {
		if !strings.HasSuffix(t, "."+action) {
			continue
		}
		if len(m.api.EventObjects(t)) == 1 {
			single = append(single, t)
		} else {
			shared = append(shared, t)
		}
	}
	sort.Strings(single)
	sort.Strings(shared)
	out := append(single, shared...)
	if len(out) == 0 && action == "created" && createdFallback[k.name] != "" {
		out = []string{createdFallback[k.name]}
	}
	return out
}

// createdFallback names the event announcing a new object for resources
// that have no "<prefix>.created" event.
var createdFallback = map[string]string{
	"charge":         "charge.succeeded",
	"payment_method": "payment_method.attached",
}

// eventTypeFor picks the event type for an action on o: among the kind's
// candidates, the first whose leading segment names a field o has set
// (customer.source.* for a customer's card, account.external_account.* for
// an account's), else the first candidate. It returns "" when the resource
// has no such event, as for deletes of webhook endpoints.
func eventTypeFor(o *object, action string) string {
	cands := o.kind.events[action]
	if len(cands) == 0 {
		return ""
	}
	if len(cands) > 1 {
		for _, t := range cands {
			lead, _, _ := strings.Cut(t, ".")
			if o.ref(lead) != "" {
				return t
			}
		}
	}
	return cands[0]
}

// emit records an event about o and returns it.
func (s *store) emit(typ string, o *object, prev map[string]json.RawMessage, mu *mutation) (*event, error) {
	e := &event{id: s.ids.next(idStyle{prefix: "evt_"}), typ: typ, created: s.now()}
	if mu.eventAt != nil {
		e.created = mu.eventAt.Unix()
	}
	s.seq++
	e.tie = e.id
	if s.tieBySeq {
		e.tie = seqTie(s.seq)
	}
	body, err := s.renderBytes(o, nil)
	if err != nil {
		return nil, err
	}
	ev := eventJSON{ID: e.id, Object: "event", Created: e.created, Type: typ, Data: eventData{Object: body}}
	ev.APIVersion = ptr(s.version)
	if mu.apiVersion != "" {
		ev.APIVersion = ptr(mu.apiVersion)
	}
	if prev != nil {
		if ev.Data.PreviousAttributes, err = json.Marshal(prev); err != nil {
			return nil, err
		}
	}
	if !mu.automatic {
		ev.Request = eventRequest{ID: ptr(s.ids.next(idStyle{prefix: "req_"})), IdempotencyKey: ptr(s.ids.next(idStyle{prefix: "stripetest-"}))}
	}
	if e.raw, err = json.Marshal(ev); err != nil {
		return nil, err
	}
	s.events.set.insert(e)
	s.events.byID[e.id] = e
	return e, nil
}

// eventMatches filters events by type or types[] ("*" wildcards allowed).
func eventMatches(types []string) func(*event) bool {
	if len(types) == 0 {
		return nil
	}
	return func(e *event) bool {
		for _, t := range types {
			if t == e.typ || (strings.HasSuffix(t, "*") && strings.HasPrefix(e.typ, strings.TrimSuffix(t, "*"))) {
				return true
			}
		}
		return false
	}
}

func ptr[T any](v T) *T { return &v }
