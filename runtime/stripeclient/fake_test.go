package stripeclient

import (
	"encoding/json"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/stripesync/stripesync/runtime/stripetest"
)

// ids returns the ids of raw items.
func ids(t testing.TB, items []json.RawMessage) []string {
	t.Helper()
	p := &Page{Data: items}
	out := make([]string, len(items))
	for i := range items {
		id, err := p.ItemID(i)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = id
	}
	return out
}

func TestStripeVersionOnEveryRequest(t *testing.T) {
	s := newFake(t)
	seedCustomers(t, s, 120)
	c, clock := newClient(t, s.URL())
	s.SetFaults(stripetest.Fault{Path: "/v1/customers", ErrorRate: 1})
	clock.onSleep = func(n int, _ time.Duration) {
		if n == 2 {
			s.SetFaults()
		}
	}
	ctx := t.Context()
	for _, err := range c.Pages(ctx, "/v1/customers", nil) {
		if err != nil {
			t.Fatal(err)
		}
	}
	created, err := c.Post(ctx, "/v1/customers", url.Values{"email": {"a@example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	id := ids(t, []json.RawMessage{created})[0]
	if _, err := c.Get(ctx, "/v1/customers/"+id, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Delete(ctx, "/v1/customers/"+id, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := c.LatestEventID(ctx); err != nil {
		t.Fatal(err)
	}
	if got := s.StripeVersions(); !slices.Equal(got, []string{testVersion}) {
		t.Errorf("Stripe-Version headers seen: %q, want only %q", got, testVersion)
	}
	if n := len(s.Requests()); n < 8 {
		t.Errorf("only %d requests recorded", n)
	}
}

func TestPagesWalksAll(t *testing.T) {
	s := newFake(t)
	seedCustomers(t, s, 250)
	c, _ := newClient(t, s.URL())
	var got []string
	pages := 0
	for p, err := range c.Pages(t.Context(), "/v1/customers", nil) {
		if err != nil {
			t.Fatal(err)
		}
		pages++
		got = append(got, ids(t, p.Data)...)
	}
	want := s.State().Objects["customer"]
	if len(got) != 250 || len(want) != 250 || pages != 3 {
		t.Fatalf("walked %d items in %d pages; fake has %d", len(got), pages, len(want))
	}
	seen := map[string]bool{}
	for _, id := range got {
		if seen[id] || want[id] == nil {
			t.Fatalf("item %s repeated or unknown", id)
		}
		seen[id] = true
	}
	assertNewestFirst(t, s, got)
}

// assertNewestFirst checks that ids come in the fake's list order.
func assertNewestFirst(t *testing.T, s *stripetest.Server, got []string) {
	t.Helper()
	for i := 1; i < len(got); i++ {
		a, _ := s.Get(got[i-1])
		b, _ := s.Get(got[i])
		if a.Created < b.Created {
			t.Fatalf("item %d (%s) is older than item %d (%s)", i-1, a.ID, i, b.ID)
		}
	}
}

func TestPagesResumesAndStops(t *testing.T) {
	s := newFake(t)
	seedCustomers(t, s, 30)
	c, _ := newClient(t, s.URL())
	first, err := c.List(t.Context(), "/v1/customers", url.Values{"limit": {"10"}})
	if err != nil {
		t.Fatal(err)
	}
	last, _ := first.ItemID(9)
	q := url.Values{"limit": {"10"}, "starting_after": {last}}
	var rest []string
	for p, err := range c.Pages(t.Context(), "/v1/customers", q) {
		if err != nil {
			t.Fatal(err)
		}
		rest = append(rest, ids(t, p.Data)...)
	}
	if len(rest) != 20 || q.Get("starting_after") != last {
		t.Errorf("resumed walk saw %d items (q changed: %v)", len(rest), q)
	}
	s.ResetRequests()
	for range c.Pages(t.Context(), "/v1/customers", url.Values{"limit": {"10"}}) {
		break // stopping early sends no further request
	}
	if n := s.RequestCount("/v1/customers"); n != 1 {
		t.Errorf("an early break sent %d requests", n)
	}
}

// createCustomers makes n customers with their events, each a second apart.
func createCustomers(t *testing.T, s *stripetest.Server, n int) {
	t.Helper()
	for range n {
		if _, err := s.Create("customer", nil); err != nil {
			t.Fatal(err)
		}
		s.FakeClock().Advance(1e9)
	}
}

// eventIDsAfter lists the fake's events after cursor, oldest first.
func eventIDsAfter(s *stripetest.Server, cursor string) []string {
	var out []string
	found := cursor == ""
	for _, e := range s.Events() {
		if found {
			out = append(out, e.ID)
		}
		found = found || e.ID == cursor
	}
	return out
}

// walkEvents applies each page of a forward walk oldest first.
func walkEvents(t *testing.T, c *Client, cursor string) ([]string, int) {
	t.Helper()
	var applied []string
	pages := 0
	for p, err := range c.EventsAfter(t.Context(), cursor, nil) {
		if err != nil {
			t.Fatal(err)
		}
		pages++
		applied = append(applied, ids(t, p.OldestFirst())...)
	}
	return applied, pages
}

func TestEventsAfterWalksForward(t *testing.T) {
	s := newFake(t)
	createCustomers(t, s, 5)
	c, _ := newClient(t, s.URL())
	cursor, err := c.LatestEventID(t.Context())
	if err != nil || cursor == "" {
		t.Fatalf("latest event: %q %v", cursor, err)
	}
	createCustomers(t, s, 230)
	for range 7 { // a same-second burst
		if _, err := s.Create("customer", nil); err != nil {
			t.Fatal(err)
		}
	}
	got, pages := walkEvents(t, c, cursor)
	if want := eventIDsAfter(s, cursor); !slices.Equal(got, want) {
		t.Fatalf("applied %d events, want %d in creation order", len(got), len(want))
	}
	if pages != 3 {
		t.Errorf("%d pages", pages)
	}
	if again, _ := walkEvents(t, c, got[len(got)-1]); len(again) != 0 {
		t.Errorf("caught-up walk yielded %d events", len(again))
	}
}

func TestEventsAfterEmptyCursorStartsAtOldest(t *testing.T) {
	s := newFake(t)
	c, _ := newClient(t, s.URL())
	if id, err := c.LatestEventID(t.Context()); id != "" || err != nil {
		t.Fatalf("no events yet: %q %v", id, err)
	}
	createCustomers(t, s, 250)
	got, _ := walkEvents(t, c, "")
	if want := eventIDsAfter(s, ""); !slices.Equal(got, want) {
		t.Fatalf("applied %d events, want %d in creation order", len(got), len(want))
	}
}
