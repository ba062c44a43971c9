package synctest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/stripesync/stripesync/runtime/stripetest"
)

// StreamOptions tune RunStream.
type StreamOptions struct {
	// Rate is the mutations per second (default 50); a burst counts once.
	Rate int
	// Seed makes the choices repeatable (default 1).
	Seed uint64
}

// StreamStats counts what RunStream did.
type StreamStats struct {
	Creates, Updates, Deletes, Bursts, Late, Silent int
	// Errors counts failed mutations; LastError is the last one.
	Errors    int
	LastError error
}

// Kinds the stream mutates: each has events for the action.
var (
	streamCreate = []string{"customer", "product", "price", "coupon", "invoiceitem", "payment_intent", "charge", "tax_rate"}
	streamUpdate = []string{"customer", "product", "price", "coupon", "invoice", "charge", "subscription", "tax_rate",
		"promotion_code", "payout", "transfer", "credit_note"}
	streamDelete = []string{"customer", "coupon", "product", "invoiceitem", "tax_id"}
	// streamSilent have no events: only re-listing finds their changes.
	streamSilent = []string{"subscription_item", "balance_transaction"}
	// updatedEvent names each update kind's event, for late deliveries.
	updatedEvent = map[string]string{"customer": "customer.updated", "product": "product.updated", "price": "price.updated",
		"coupon": "coupon.updated", "invoice": "invoice.updated", "charge": "charge.updated",
		"subscription": "customer.subscription.updated", "tax_rate": "tax_rate.updated",
		"promotion_code": "promotion_code.updated", "payout": "payout.updated", "transfer": "transfer.updated",
		"credit_note": "credit_note.updated"}
)

// stream is one RunStream's state.
type stream struct {
	fake  *stripetest.Server
	rng   *rand.Rand
	ids   map[string][]string
	index map[string]int // id -> position in its kind's slice
	busy  map[string]bool
	late  []lateEvent
	n     int
	st    StreamStats
}

// lateEvent is an event to emit after its change, with the change's time.
type lateEvent struct {
	id, typ string
	at, due time.Time
}

// RunStream mutates the fake until ctx ends and returns what it did:
// creates, updates and deletes that emit their events; bursts of 3-5
// updates of one object within a second; late deliveries (a change made
// without an event, whose event is emitted 1-3 s later stamped with the
// change's time, so it sorts behind newer events); and silent changes of
// resources without events. Pending late events are emitted before it
// returns, so the fake's final state matches its event stream. Use a fake
// on a real clock (stripetest.WithClock(stripetest.RealClock{})).
func RunStream(ctx context.Context, fake *stripetest.Server, opts StreamOptions) StreamStats {
	if opts.Rate <= 0 {
		opts.Rate = 50
	}
	if opts.Seed == 0 {
		opts.Seed = 1
	}
	s := &stream{fake: fake, rng: rand.New(rand.NewPCG(opts.Seed, 7)), ids: map[string][]string{},
		index: map[string]int{}, busy: map[string]bool{}}
	for kind, objs := range fake.State().Objects {
		for id := range objs {
			s.add(kind, id)
		}
	}
	tick := time.NewTicker(time.Second / time.Duration(opts.Rate))
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			s.flushLate(time.Time{})
			return s.st
		case <-tick.C:
			s.flushLate(time.Now())
			s.step()
		}
	}
}

// step makes one mutation.
func (s *stream) step() {
	s.n++
	switch r := s.rng.IntN(100); {
	case r < 25:
		s.create()
	case r < 65:
		s.update(s.pick(streamUpdate), false)
	case r < 75:
		s.delete()
	case r < 85:
		s.burst()
	case r < 95:
		s.lateUpdate()
	default:
		s.silent()
	}
}

func (s *stream) create() {
	kind := streamCreate[s.rng.IntN(len(streamCreate))]
	o, err := s.fake.Create(kind, map[string]any{"metadata": map[string]any{"stream": strconv.Itoa(s.n)}})
	if s.check(err) {
		s.add(kind, o.ID)
		s.st.Creates++
	}
}

func (s *stream) update(id string, silent bool) {
	if id == "" {
		return
	}
	var opts []stripetest.Option
	if silent {
		opts = append(opts, stripetest.NoEvent())
	}
	_, err := s.fake.Update(id, map[string]any{"metadata": map[string]any{"stream": strconv.Itoa(s.n)}}, opts...)
	if s.check(err) {
		s.st.Updates++
	}
	s.n++
}

func (s *stream) delete() {
	kind := streamDelete[s.rng.IntN(len(streamDelete))]
	id := s.pickKind(kind)
	if id == "" {
		return
	}
	if s.check(s.fake.Delete(id)) {
		s.remove(id)
		s.st.Deletes++
	}
}

// burst updates one object 3-5 times at once: the events share a second.
func (s *stream) burst() {
	id := s.pick(streamUpdate)
	for range 3 + s.rng.IntN(3) {
		s.update(id, false)
	}
	s.st.Bursts++
}

// lateUpdate changes an object without an event and schedules the event.
func (s *stream) lateUpdate() {
	kind := streamUpdate[s.rng.IntN(len(streamUpdate))]
	id := s.pickKind(kind)
	if id == "" {
		return
	}
	at := s.fake.Clock().Now()
	s.update(id, true)
	s.busy[id] = true
	delay := time.Second + time.Duration(s.rng.IntN(2000))*time.Millisecond
	s.late = append(s.late, lateEvent{id: id, typ: updatedEvent[kind], at: at, due: time.Now().Add(delay)})
	s.st.Late++
}

// silent changes an object of a resource without events.
func (s *stream) silent() {
	id := s.pick(streamSilent)
	if id != "" {
		s.update(id, true)
		s.st.Silent++
	}
}

// flushLate emits the late events due by now (all when now is zero).
func (s *stream) flushLate(now time.Time) {
	kept := s.late[:0]
	for _, e := range s.late {
		if !now.IsZero() && now.Before(e.due) {
			kept = append(kept, e)
			continue
		}
		_, err := s.fake.Emit(e.id, e.typ, stripetest.EventAt(e.at))
		s.check(err)
		delete(s.busy, e.id)
	}
	s.late = kept
}

// pick returns a live, idle object of one of the kinds, or "".
func (s *stream) pick(kinds []string) string {
	return s.pickKind(kinds[s.rng.IntN(len(kinds))])
}

func (s *stream) pickKind(kind string) string {
	ids := s.ids[kind]
	for range 5 {
		if len(ids) == 0 {
			return ""
		}
		if id := ids[s.rng.IntN(len(ids))]; !s.busy[id] {
			return id
		}
	}
	return ""
}

func (s *stream) add(kind, id string) {
	s.index[id] = len(s.ids[kind])
	s.ids[kind] = append(s.ids[kind], id)
}

func (s *stream) remove(id string) {
	for kind, ids := range s.ids {
		i, ok := s.index[id]
		if !ok || i >= len(ids) || ids[i] != id {
			continue
		}
		last := ids[len(ids)-1]
		ids[i], s.index[last] = last, i
		s.ids[kind] = ids[:len(ids)-1]
		delete(s.index, id)
		return
	}
}

func (s *stream) check(err error) bool {
	if err != nil {
		s.st.Errors++
		s.st.LastError = fmt.Errorf("synctest: stream: %w", err)
	}
	return err == nil
}
