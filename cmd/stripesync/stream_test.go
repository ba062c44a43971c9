package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"sort"
	"sync"
	"time"

	"github.com/stripesync/stripesync/runtime/stripetest"
)

// stream changes the fake at random, as a live account would: creates,
// updates (some in same-second bursts) and deletes of resources that
// announce them with events, until stopped. It is deterministic for a
// seed up to timing.
type stream struct {
	fake *stripetest.Server
	rng  *rand.Rand
	ids  map[string][]string // resource -> ids the stream may touch

	mu     sync.Mutex
	counts map[string]int
	err    error

	stop chan struct{}
	done chan struct{}
}

// streamed lists the resources the stream touches: each announces its
// creates, updates and deletes (a cancel, for subscriptions) with events.
var streamed = []string{"customer", "product", "price", "coupon", "invoice", "subscription"}

// startStream starts changing the fake in the background.
func startStream(fake *stripetest.Server, seed uint64) *stream {
	s := &stream{fake: fake, rng: rand.New(rand.NewPCG(seed, seed^0x5eed)), ids: map[string][]string{},
		counts: map[string]int{}, stop: make(chan struct{}), done: make(chan struct{})}
	sn := fake.State()
	for _, res := range streamed {
		for id, raw := range sn.Objects[res] {
			if res != "subscription" || !canceled(raw) {
				s.ids[res] = append(s.ids[res], id)
			}
		}
		sort.Strings(s.ids[res]) // map order must not leak into the seeded choices
	}
	go s.run()
	return s
}

// canceled reports whether a subscription's JSON says it is canceled.
func canceled(raw []byte) bool {
	var sub struct {
		Status string `json:"status"`
	}
	return json.Unmarshal(raw, &sub) == nil && sub.Status == "canceled"
}

func (s *stream) run() {
	defer close(s.done)
	for {
		select {
		case <-s.stop:
			return
		case <-time.After(time.Duration(5+s.rng.IntN(35)) * time.Millisecond):
		}
		if err := s.step(); err != nil {
			s.mu.Lock()
			s.err = err
			s.mu.Unlock()
			return
		}
	}
}

// Stop ends the stream and returns its first error and what it did.
func (s *stream) Stop() (map[string]int, error) {
	close(s.stop)
	<-s.done
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counts, s.err
}

// step makes one random change.
func (s *stream) step() error {
	res := streamed[s.rng.IntN(len(streamed))]
	switch r := s.rng.IntN(100); {
	case r < 35 || len(s.ids[res]) == 0:
		return s.create(res)
	case r < 75:
		return s.update(res, 1)
	case r < 85:
		return s.update(res, 2+s.rng.IntN(3)) // a same-second burst
	default:
		return s.remove(res)
	}
}

// create makes an object of res, linked to existing parents.
func (s *stream) create(res string) error {
	fields := map[string]any{"metadata": map[string]string{"stream": "created"}}
	switch res {
	case "customer":
		fields["email"] = fmt.Sprintf("c%d@example.com", s.rng.IntN(1e6))
	case "product":
		fields["name"] = fmt.Sprintf("product %d", s.rng.IntN(1e6))
	case "price":
		if p := s.pick("product"); p != "" {
			fields["product"] = p
		}
	case "invoice", "subscription":
		if c := s.pick("customer"); c != "" {
			fields["customer"] = c
		}
	}
	o, err := s.fake.Create(res, fields)
	if err != nil {
		return fmt.Errorf("stream: create %s: %w", res, err)
	}
	s.ids[res] = append(s.ids[res], o.ID)
	s.count("create " + res)
	return nil
}

// update changes one object n times in a row (n > 1: several events in one
// second).
func (s *stream) update(res string, n int) error {
	id := s.pick(res)
	for i := range n {
		changes := map[string]any{"metadata": map[string]string{"stream": fmt.Sprintf("u%d", s.rng.IntN(1e9)), "i": fmt.Sprint(i)}}
		switch res {
		case "customer":
			changes["name"] = fmt.Sprintf("name %d", s.rng.IntN(1e6))
		case "product":
			changes["description"] = fmt.Sprintf("description %d", s.rng.IntN(1e6))
		case "price":
			changes["nickname"] = fmt.Sprintf("nick %d", s.rng.IntN(1e6))
		case "invoice":
			changes["description"] = fmt.Sprintf("memo %d", s.rng.IntN(1e6))
		}
		if _, err := s.fake.Update(id, changes); err != nil {
			return fmt.Errorf("stream: update %s %s: %w", res, id, err)
		}
	}
	s.count(fmt.Sprintf("update %s x%d", res, n))
	return nil
}

// remove deletes (or, for a subscription, cancels) one object.
func (s *stream) remove(res string) error {
	if res == "price" || res == "invoice" {
		return s.update(res, 1) // prices cannot be deleted; invoices only as drafts
	}
	i := s.rng.IntN(len(s.ids[res]))
	id := s.ids[res][i]
	if err := s.fake.Delete(id); err != nil {
		return fmt.Errorf("stream: delete %s %s: %w", res, id, err)
	}
	s.ids[res] = append(s.ids[res][:i], s.ids[res][i+1:]...)
	s.count("delete " + res)
	return nil
}

// pick returns a random id of res, or "".
func (s *stream) pick(res string) string {
	if len(s.ids[res]) == 0 {
		return ""
	}
	return s.ids[res][s.rng.IntN(len(s.ids[res]))]
}

func (s *stream) count(what string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.counts[what]++
}
